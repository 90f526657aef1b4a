#include "core/text.h"

#include <gtest/gtest.h>

namespace broadsheet {
namespace {

TEST(ReadTimeTest, RoundsUpPerTwoHundredWords) {
    struct Case {
        int words;
        int minutes;
    };
    constexpr Case kCases[] = {{0, 1}, {1, 1}, {200, 1}, {201, 2}, {277, 2}, {400, 2}, {401, 3}, {1000, 5}};
    for (const Case& c : kCases) EXPECT_EQ(ReadTimeMinutes(c.words), c.minutes) << c.words;
}

TEST(CountWordsTest, SplitsOnAnyWhitespace) {
    EXPECT_EQ(CountWords(""), 0);
    EXPECT_EQ(CountWords("   "), 0);
    EXPECT_EQ(CountWords("one"), 1);
    EXPECT_EQ(CountWords(" two\twords\n"), 2);
    EXPECT_EQ(CountWords("55 were shot down, while another 30"), 7);
}

TEST(SlugifyTest, MakesReadableAsciiSlugs) {
    struct Case {
        const char* text;
        const char* slug;
    };
    const Case kCases[] = {
        {"Japan's minister visits Kyiv to stress mutual concern over N Korean troops",
         "japans-minister-visits-kyiv-to-stress-mutual-concern-over-n-korean-troops"},
        {"Japan’s minister", "japans-minister"},
        {"  Sensex, Nifty   slip 1%!  ", "sensex-nifty-slip-1"},
        {"Café crème in São Paulo", "cafe-creme-in-sao-paulo"},
        {"Łódź", "lodz"},
        {"日本", "story"},
        {"", "story"},
        {"---", "story"},
        {"RBI holds repo rate at 6.5%", "rbi-holds-repo-rate-at-6-5"},
    };
    for (const Case& c : kCases) EXPECT_EQ(Slugify(c.text), c.slug) << c.text;
}

TEST(SlugifyTest, CutsLongSlugsAtAWordBoundary) {
    EXPECT_EQ(Slugify("alpha beta gamma delta", 12), "alpha-beta");
    EXPECT_EQ(Slugify("abcdefghijklmnop", 5), "abcde");
}

TEST(TrimWhitespaceTest, TrimsBothEnds) {
    EXPECT_EQ(TrimWhitespace("  a b \n"), "a b");
    EXPECT_EQ(TrimWhitespace(""), "");
}

}  // namespace
}  // namespace broadsheet

namespace broadsheet {
namespace {

TEST(AppendUtf8Test, EncodesAndReplacesWhatHtmlReplaces) {
    std::string out;
    for (char32_t cp : {U'A', U'\u00e9', U'\u20b9', U'\U0001F4F0'}) AppendUtf8(out, cp);
    EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xB9\xF0\x9F\x93\xB0");
    std::string replaced;
    for (char32_t cp : {char32_t{0}, char32_t{0xD800}, char32_t{0x110000}}) AppendUtf8(replaced, cp);
    EXPECT_EQ(replaced, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace broadsheet

namespace broadsheet {
namespace {

TEST(GroupThousandsTest, GroupsDigitsInThrees) {
    EXPECT_EQ(GroupThousands(0), "0");
    EXPECT_EQ(GroupThousands(999), "999");
    EXPECT_EQ(GroupThousands(1000), "1,000");
    EXPECT_EQ(GroupThousands(99499), "99,499");
    EXPECT_EQ(GroupThousands(1234567), "1,234,567");
    EXPECT_EQ(GroupThousands(-1200), "-1,200");
    EXPECT_EQ(GroupThousands(INT64_MIN), "-9,223,372,036,854,775,808");
}

}  // namespace
}  // namespace broadsheet
