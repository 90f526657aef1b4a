#include "ingest/formats/archive_lines.h"

#include <gtest/gtest.h>

#include <string>

namespace broadsheet::ingest {
namespace {

constexpr const char* kGood =
    R"({"id":42,"date":"1997-01-02","section":"world","topics":["north-korea","bevuwood-loveseats"],)"
    R"("headline":"Go the Maroville","summary":"Analogies actinide.","body":"Puboville sloughed. Weldable here."})";

TEST(ArchiveLinesTest, ParsesAnArchiveGenLine) {
    auto record = ParseArchiveLine(kGood);
    ASSERT_TRUE(record.has_value()) << record.error().message;
    EXPECT_EQ(record->uri, "archive:42");
    EXPECT_EQ(record->published, Timestamp{std::chrono::sys_days{std::chrono::year{1997} / 1 / 2}});
    EXPECT_EQ(record->section, "world");
    ASSERT_EQ(record->topics.size(), 2u);
    EXPECT_EQ(record->topics[0], "north-korea");
    EXPECT_EQ(record->headline, "Go the Maroville");
    EXPECT_EQ(record->summary, "Analogies actinide.");
    EXPECT_EQ(record->body, "Puboville sloughed. Weldable here.");
    EXPECT_EQ(record->version.size(), 17u);
    EXPECT_EQ(record->version[0], 'h');
}

TEST(ArchiveLinesTest, IdentityAndVersionAreStable) {
    auto a = ParseArchiveLine(kGood).value();
    auto b = ParseArchiveLine(std::string(kGood)).value();
    EXPECT_EQ(a.uri, b.uri);
    EXPECT_EQ(a.version, b.version);  // Same content: same version, so a re-import is unchanged.
    std::string changed = kGood;
    changed.replace(changed.find("Weldable"), 8, "Weldible");
    auto c = ParseArchiveLine(changed).value();
    EXPECT_EQ(c.uri, a.uri);
    EXPECT_NE(c.version, a.version);  // An archive-gen replacement: a new version.
}

TEST(ArchiveLinesTest, OptionalFields) {
    auto record = ParseArchiveLine(
        R"({"uri":"urn:x:1","version":"3","published":"2024-11-16T10:27:00+05:30","headline":" H ",)"
        R"("body":"B","byline":"By Jane Smith","agency":"AP","url":"https://example.com/1","topics":["North Korea"]})");
    ASSERT_TRUE(record.has_value()) << record.error().message;
    EXPECT_EQ(record->uri, "urn:x:1");
    EXPECT_EQ(record->version, "3");
    EXPECT_EQ(FormatIsoUtc(record->published), "2024-11-16T04:57:00Z");
    EXPECT_EQ(record->headline, "H");
    EXPECT_EQ(record->byline, "By Jane Smith");
    EXPECT_EQ(record->provider, "AP");
    EXPECT_EQ(record->url, "https://example.com/1");
    auto string_id = ParseArchiveLine(R"({"id":"ab-7","date":"2001-09-11","headline":"H","summary":"S"})");
    ASSERT_TRUE(string_id.has_value());
    EXPECT_EQ(string_id->uri, "archive:ab-7");
    auto no_id = ParseArchiveLine(R"({"date":"2001-09-11","headline":"H","summary":"S"})");
    ASSERT_TRUE(no_id.has_value());
    EXPECT_TRUE(no_id->uri.starts_with("archive:h"));
    EXPECT_EQ(no_id->uri, ParseArchiveLine(R"({"headline":"H","summary":"S","date":"2001-09-11"})")->uri);
}

TEST(ArchiveLinesTest, RejectsBadRecordsWithAReason) {
    struct Case {
        std::string line;
        std::string reason;  // A part of the message.
    };
    const Case cases[] = {
        {"", "empty line"},
        {"   ", "empty line"},
        {"{\"id\":1,", "bad JSON at byte"},
        {"not json", "bad JSON"},
        {"[1,2]", "not a JSON object"},
        {R"({"id":1,"date":"1997-01-01","body":"B"})", "no headline"},
        {R"({"id":1,"date":"1997-01-01","headline":"  ","body":"B"})", "no headline"},
        {R"({"id":1,"headline":"H","body":"B"})", "no date"},
        {R"({"id":1,"date":"yesterday","headline":"H","body":"B"})", "\"date\" is not a date"},
        {R"({"id":1,"date":"1997-13-45","headline":"H","body":"B"})", "is not a date"},
        {R"({"id":1,"date":"1997-01-01","headline":"H"})", "no body and no summary"},
        {R"({"id":1,"date":"1997-01-01","headline":7,"body":"B"})", "\"headline\" is not a string"},
        {R"({"id":1.5,"date":"1997-01-01","headline":"H","body":"B"})", "\"id\" is not a number or a string"},
        {R"({"id":1,"date":"1997-01-01","headline":"H","body":"B","topics":"x"})", "\"topics\" is not a list"},
        {R"({"id":1,"date":"1997-01-01","headline":"H","body":"B","topics":[1]})", "not a string"},
        {"{\"id\":1,\"date\":\"1997-01-01\",\"headline\":\"H\xff\xfe\",\"body\":\"B\"}", "bad UTF-8"},
        {"{\"id\":1,\"date\":\"1997-01-01\",\"headline\":\"H\xc3\",\"body\":\"B\"}", "bad UTF-8"},
        {std::string(kMaxArchiveLineBytes + 1, ' '), "line over 16 MiB"},
    };
    for (const Case& c : cases) {
        auto record = ParseArchiveLine(c.line);
        ASSERT_FALSE(record.has_value()) << c.line.substr(0, 80);
        EXPECT_EQ(record.error().code, ErrorCode::kInvalidInput);
        EXPECT_NE(record.error().message.find(c.reason), std::string::npos)
            << c.line.substr(0, 80) << " -> " << record.error().message;
    }
}

TEST(ArchiveLinesTest, PlainTextBecomesEscapedParagraphs) {
    EXPECT_EQ(PlainTextToParagraphs("One.\n\nTwo <b> & \"three\".\r\n"),
              "<p>One.</p><p>Two &lt;b&gt; &amp; &quot;three&quot;.</p>");
    EXPECT_EQ(PlainTextToParagraphs(""), "");
    std::string sentence = "Words words words words words words words words words words. ";  // 61 bytes
    std::string long_text;
    for (int i = 0; i < 40; ++i) long_text += sentence;
    std::string html = PlainTextToParagraphs(long_text);
    size_t paragraphs = 0;
    for (size_t at = html.find("<p>"); at != std::string::npos; at = html.find("<p>", at + 1)) ++paragraphs;
    EXPECT_GE(paragraphs, 3u);
    EXPECT_LE(paragraphs, 5u);
    EXPECT_EQ(html.find("<p> "), std::string::npos);
    EXPECT_NE(html.find(".</p><p>Words"), std::string::npos);
}

TEST(ArchiveLinesTest, TopicsGetReadableNamesAndSlugs) {
    EXPECT_EQ(ArchiveTopic("north-korea"), (Topic{"north-korea", "North Korea"}));
    EXPECT_EQ(ArchiveTopic("North Korea"), (Topic{"north-korea", "North Korea"}));
    EXPECT_EQ(ArchiveTopic("covid19"), (Topic{"covid19", "Covid19"}));
}

}  // namespace
}  // namespace broadsheet::ingest
