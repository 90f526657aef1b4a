#include "core/plan.h"

#include <gtest/gtest.h>

namespace broadsheet {
namespace {

TEST(PricePerMonthTest, RoundsDownToWholeRupees) {
    struct Case {
        int64_t price;
        int months;
        int64_t per_month;
    };
    constexpr Case kCases[] = {
        {90000, 3, 30000},   // ₹900 / 3 months = ₹300
        {270000, 12, 22500}, // ₹2,700 / 1 year = ₹225
        {390000, 24, 16200}, // ₹3,900 / 2 years = ₹162.50 -> ₹162
        {99900, 12, 8300},   // ₹999 / 12 = ₹83.25 -> ₹83
        {100, 3, 0},
    };
    for (const Case& c : kCases) {
        Plan plan{.id = "p", .name = "P", .price = Money{c.price, "INR"}, .months = c.months};
        EXPECT_EQ(PricePerMonth(plan).minor, c.per_month) << c.price << "/" << c.months;
    }
}

TEST(SavingPercentTest, FromTheListPrice) {
    Plan quarterly{.id = "q", .name = "Q", .price = Money{90000, "INR"}, .months = 3,
                   .list_price = Money{120000, "INR"}};
    EXPECT_EQ(SavingPercent(quarterly), 25);
    Plan essential{.id = "e", .name = "E", .price = Money{270000, "INR"}, .months = 12,
                   .list_price = Money{500000, "INR"}};
    EXPECT_EQ(SavingPercent(essential), 46);
    Plan none{.id = "n", .name = "N", .price = Money{390000, "INR"}, .months = 24};
    EXPECT_EQ(SavingPercent(none), std::nullopt);
    Plan dearer{.id = "d", .name = "D", .price = Money{390000, "INR"}, .months = 24,
                .list_price = Money{100, "INR"}};
    EXPECT_EQ(SavingPercent(dearer), std::nullopt);
}

TEST(PeriodLabelTest, NamesMonthsAndYears) {
    EXPECT_EQ(PeriodLabel(1), "1 Month");
    EXPECT_EQ(PeriodLabel(3), "3 Months");
    EXPECT_EQ(PeriodLabel(12), "1 Year");
    EXPECT_EQ(PeriodLabel(24), "2 Years");
    EXPECT_EQ(PeriodLabel(18), "18 Months");
}

}  // namespace
}  // namespace broadsheet
