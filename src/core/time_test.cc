#include "core/time.h"

#include <gtest/gtest.h>

namespace broadsheet {
namespace {

Timestamp Utc(int y, int mo, int d, int h, int mi, int s = 0) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return Timestamp{std::chrono::seconds{timegm(&tm)}};
}

TEST(ParseIsoDateTimeTest, AcceptsWhatWiresSend) {
    const Timestamp expected = Utc(2024, 11, 16, 10, 27);
    for (const char* text : {"2024-11-16T10:27:00Z", "2024-11-16T15:57:00+05:30", "2024-11-16T15:57:00+0530",
                             "2024-11-16T10:27:00", "2024-11-16 10:27:00Z", " 2024-11-16T10:27:00.123Z ",
                             "2024-11-16T05:27:00-05:00", "2024-11-16T10:27Z"}) {
        auto parsed = ParseIsoDateTime(text);
        ASSERT_TRUE(parsed.has_value()) << text;
        EXPECT_EQ(*parsed, expected) << text;
    }
    EXPECT_EQ(ParseIsoDateTime("2024-11-16"), Utc(2024, 11, 16, 0, 0));
}

TEST(ParseIsoDateTimeTest, RejectsNonsense) {
    for (const char* text : {"", "Last Tuesday", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-11-16T10:27:00Q",
                             "2024-11-16T25:00:00Z", "2024/11/16", "2024-11-16T10:27:00Zjunk"}) {
        EXPECT_FALSE(ParseIsoDateTime(text).has_value()) << text;
    }
}

TEST(SiteTimeZoneTest, FormatsLikeTheReferencePage) {
    auto ist = SiteTimeZone::Find("Asia/Kolkata");
    ASSERT_TRUE(ist.has_value());
    EXPECT_EQ(ist->FormatDateTime(Utc(2024, 11, 16, 10, 27)), "Nov 16 2024 | 3:57 PM IST");
    EXPECT_EQ(ist->FormatDateTime(Utc(2024, 11, 16, 6, 35)), "Nov 16 2024 | 12:05 PM IST");
}

TEST(SiteTimeZoneTest, CrossesTheDateLineIntoTheNextLocalDay) {
    auto ist = SiteTimeZone::Find("Asia/Kolkata");
    ASSERT_TRUE(ist.has_value());
    // 20:00 UTC on the 16th is 01:30 on the 17th in India.
    EXPECT_EQ(ist->FormatDateTime(Utc(2024, 11, 16, 20, 0)), "Nov 17 2024 | 1:30 AM IST");
    EXPECT_EQ(ist->FormatDate(Utc(2024, 11, 16, 20, 0)), "2024-11-17");
    EXPECT_EQ(ist->FormatDateTime(Utc(2024, 12, 31, 18, 30)), "Jan 01 2025 | 12:00 AM IST");
}

TEST(SiteTimeZoneTest, UsesTheZonesOwnAbbreviationAndDst) {
    auto london = SiteTimeZone::Find("Europe/London");
    ASSERT_TRUE(london.has_value());
    EXPECT_EQ(london->FormatDateTime(Utc(2024, 7, 1, 12, 0)), "Jul 01 2024 | 1:00 PM BST");
    EXPECT_EQ(london->FormatDateTime(Utc(2024, 11, 16, 12, 0)), "Nov 16 2024 | 12:00 PM GMT");
}

TEST(SiteTimeZoneTest, UnknownZoneIsAnError) {
    auto zone = SiteTimeZone::Find("Mars/Olympus_Mons");
    ASSERT_FALSE(zone.has_value());
    EXPECT_EQ(zone.error().code, ErrorCode::kInvalidInput);
}

TEST(FormatIsoUtcTest, RoundTrips) {
    EXPECT_EQ(FormatIsoUtc(Utc(2024, 11, 16, 10, 27)), "2024-11-16T10:27:00Z");
    EXPECT_EQ(FormatHttpDate(Utc(2024, 11, 16, 10, 27)), "Sat, 16 Nov 2024 10:27:00 GMT");
}

}  // namespace
}  // namespace broadsheet
