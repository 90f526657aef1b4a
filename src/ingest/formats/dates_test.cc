#include "ingest/formats/dates.h"

#include <gtest/gtest.h>

namespace broadsheet::ingest {
namespace {

TEST(ParseFeedDateTest, ReadsTheDatesFeedsSend) {
    struct Case {
        const char* text;
        const char* utc;
    };
    constexpr Case kCases[] = {
        // RFC 822 / 1123, as the RSS spec asks.
        {"Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"},
        {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},
        {"Fri, 01 Jan 99 19:48:21 GMT", "1999-01-01T19:48:21Z"},
        {"Sat, 28 Feb 2004 18:14:55 -0800", "2004-02-29T02:14:55Z"},
        {"Sat, 28 Feb 2004 18:14:55 +0530", "2004-02-28T12:44:55Z"},
        {"Sat, 28 Feb 2004 18:14:55 +05:30", "2004-02-28T12:44:55Z"},
        // Named zones.
        {"Wed, 03 Sep 2008 17:07:40 UT", "2008-09-03T17:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 UTC", "2008-09-03T17:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 EST", "2008-09-03T22:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 EDT", "2008-09-03T21:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 CST", "2008-09-03T23:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 CDT", "2008-09-03T22:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 MST", "2008-09-04T00:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 MDT", "2008-09-03T23:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 PST", "2008-09-04T01:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 PDT", "2008-09-04T00:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 CEST", "2008-09-03T15:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 GMT+1", "2008-09-03T16:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 GMT+0100", "2008-09-03T16:07:40Z"},
        // Military letters, as RFC 822 wrote them (A = -1, N = +1).
        {"Wed, 03 Sep 2008 17:07:40 Z", "2008-09-03T17:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 A", "2008-09-03T18:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 N", "2008-09-03T16:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 M", "2008-09-04T05:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40 Y", "2008-09-03T05:07:40Z"},
        // The broken variants feeds send.
        {"Sun, 28 Feb 2004 18:14:55 -0800 (PST)", "2004-02-29T02:14:55Z"},
        {"28 Feb 2004 18:14 -0800", "2004-02-29T02:14:00Z"},
        {"03 Sep 2008 17:07:40 +0000", "2008-09-03T17:07:40Z"},
        {"Mon, 03 Sep 2008 17:07:40 GMT", "2008-09-03T17:07:40Z"},
        {"  Wed,   03  Sep \t 2008   17:07:40   GMT  ", "2008-09-03T17:07:40Z"},
        {"wed, 03 sep 2008 17:07:40 gmt", "2008-09-03T17:07:40Z"},
        {"Wednesday, 03 September 2008 17:07:40 GMT", "2008-09-03T17:07:40Z"},
        {"Wed, 3 Sep 2008 17:07:40 GMT", "2008-09-03T17:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40", "2008-09-03T17:07:40Z"},
        {"Wed, 03 Sep 2008 17:07:40Z", "2008-09-03T17:07:40Z"},
        {"03 Sep 2008", "2008-09-03T00:00:00Z"},
        {"Sep 3, 2008 5:07 PM EST", "2008-09-03T22:07:00Z"},
        {"Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z"},
        {"Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"},
        {"Wed, 31 Dec 2008 23:59:60 GMT", "2008-12-31T23:59:59Z"},
        {"mer., 03 sept. 2008 17:07:40 +0200", "2008-09-03T15:07:40Z"},
        {"Fr, 03 Okt 2008 17:07:40 +0200", "2008-10-03T15:07:40Z"},
        {"03 dic. 2008 17:07:40 GMT", "2008-12-03T17:07:40Z"},
        // W3C-DTF / RFC 3339, also where RSS expects RFC 822.
        {"2004-02-28T18:14:55-08:00", "2004-02-29T02:14:55Z"},
        {"2009-12-08T16:59:02.544-08:00", "2009-12-09T00:59:02Z"},
        {"2001-01-01T00:00+00:00", "2001-01-01T00:00:00Z"},
        {"2004-02-28t18:14:55z", "2004-02-28T18:14:55Z"},
        {"2006-01-17T12:35:9+01:00", "2006-01-17T11:35:09Z"},
        {"2004-02-28 18:14:55 +0100", "2004-02-28T17:14:55Z"},
        {"2004-02-28T18:14:55 GMT", "2004-02-28T18:14:55Z"},
        {"2003-12-31", "2003-12-31T00:00:00Z"},
        {"2003-12", "2003-12-01T00:00:00Z"},
        {"2003", "2003-01-01T00:00:00Z"},
        {"20040228T181455Z", "2004-02-28T18:14:55Z"},
        {"\n 2003-12-31T10:14:55Z \n", "2003-12-31T10:14:55Z"},
    };
    for (const Case& c : kCases) {
        std::optional<Timestamp> parsed = ParseFeedDate(c.text);
        ASSERT_TRUE(parsed.has_value()) << c.text;
        EXPECT_EQ(FormatIsoUtc(*parsed), c.utc) << c.text;
    }
}

TEST(ParseFeedDateTest, GivesUpOnHopelessText) {
    constexpr const char* kCases[] = {
        "",
        "   ",
        "yesterday",
        "not a date at all",
        "12:00",
        "Thu, 32 Jan 2004 10:00:00 GMT",
        "Thu, 01 Foo 2004 10:00:00 GMT",
        "2004-13-01",
        "Feb 30 2004",
        "Thu, 01 Jan 2004 25:00:00 GMT",
        "2004-02-28T18:14:55+99:00",
        "Thu, 01 Jan 2004 10:00:00 GMT extra words",
    };
    for (const char* text : kCases) EXPECT_FALSE(ParseFeedDate(text).has_value()) << text;
}

}  // namespace
}  // namespace broadsheet::ingest
