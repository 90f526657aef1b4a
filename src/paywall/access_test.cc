#include "paywall/access.h"

#include <gtest/gtest.h>

namespace broadsheet::paywall {
namespace {

const std::string kSecret(32, 'k');

TEST(DecideTest, TheWholeTable) {
    MeterState fresh{3, {}};
    MeterState two_read{3, {10, 11}};
    MeterState spent{3, {10, 11, 12}};
    MeterState none{0, {}};
    struct Case {
        const char* name;
        bool premium;
        bool entitled;
        const MeterState* meter;
        int64_t article;
        Access access;
        bool count;
        int remaining;
    };
    const Case cases[] = {
        {"free story, visitor", false, false, &spent, 99, Access::kFull, false, 0},
        {"free story, no meter", false, false, nullptr, 99, Access::kFull, false, 0},
        {"premium, entitled", true, true, &spent, 99, Access::kFull, false, 0},
        {"premium, entitled, no meter", true, true, nullptr, 99, Access::kFull, false, 0},
        {"premium, meter fresh", true, false, &fresh, 99, Access::kFull, true, 2},
        {"premium, third free story", true, false, &two_read, 99, Access::kFull, true, 0},
        {"premium, already read, counts once", true, false, &spent, 11, Access::kFull, false, 0},
        {"premium, meter spent", true, false, &spent, 99, Access::kTeaser, false, 0},
        {"premium, no free stories at all", true, false, &none, 99, Access::kTeaser, false, 0},
        {"premium, no meter (feeds, snippets)", true, false, nullptr, 99, Access::kTeaser, false, 0},
    };
    for (const Case& c : cases) {
        Decision d = Decide(c.premium, c.entitled, c.meter, ArticleId{c.article});
        EXPECT_EQ(d.access, c.access) << c.name;
        EXPECT_EQ(d.count, c.count) << c.name;
        if (c.access == Access::kTeaser || c.count) {
            EXPECT_EQ(d.remaining, c.remaining) << c.name;
        }
    }
}

TEST(MeterCookieTest, RoundTripsAndRefusesTampering) {
    VisitorMeter meter{"2024-11", {12, 40, 7}};
    std::string value = EncodeMeterCookie(meter, kSecret);
    EXPECT_TRUE(value.starts_with("2024-11.12-40-7."));
    auto decoded = DecodeMeterCookie(value, kSecret);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->month, "2024-11");
    EXPECT_EQ(decoded->read, (std::vector<int64_t>{12, 40, 7}));

    // Fewer reads claimed, another month, another key, truncation, garbage: all refused.
    std::string fewer = value;
    fewer.replace(0, std::string("2024-11.12-40-7").size(), "2024-11.12");
    EXPECT_FALSE(DecodeMeterCookie(fewer, kSecret).has_value());
    std::string other_month = value;
    other_month[6] = '0';
    EXPECT_FALSE(DecodeMeterCookie(other_month, kSecret).has_value());
    EXPECT_FALSE(DecodeMeterCookie(value, std::string(32, 'x')).has_value());
    EXPECT_FALSE(DecodeMeterCookie(value.substr(0, value.size() - 1), kSecret).has_value());
    EXPECT_FALSE(DecodeMeterCookie("", kSecret).has_value());
    EXPECT_FALSE(DecodeMeterCookie("....", kSecret).has_value());
    EXPECT_FALSE(DecodeMeterCookie(std::string(5000, 'a'), kSecret).has_value());

    VisitorMeter empty{"2024-12", {}};
    auto decoded_empty = DecodeMeterCookie(EncodeMeterCookie(empty, kSecret), kSecret);
    ASSERT_TRUE(decoded_empty.has_value());
    EXPECT_TRUE(decoded_empty->read.empty());
}

TEST(MeterCookieTest, KeepsTheNewestIdsWithinTheBound) {
    VisitorMeter big{"2024-11", {}};
    for (int64_t i = 1; i <= 150; ++i) big.read.push_back(i);
    auto decoded = DecodeMeterCookie(EncodeMeterCookie(big, kSecret), kSecret);
    ASSERT_TRUE(decoded.has_value());
    ASSERT_EQ(decoded->read.size(), kMaxMeterIds);
    EXPECT_EQ(decoded->read.front(), 51);
    EXPECT_EQ(decoded->read.back(), 150);
}

TEST(MeterMonthTest, TakesTheYearAndMonth) { EXPECT_EQ(MeterMonth("2024-11-16"), "2024-11"); }

}  // namespace
}  // namespace broadsheet::paywall
