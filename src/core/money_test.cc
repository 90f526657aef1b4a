#include "core/money.h"

#include <gtest/gtest.h>

namespace broadsheet {
namespace {

TEST(FormatMoneyTest, IndianRupeesUseIndianGrouping) {
    struct Case {
        int64_t paise;
        const char* text;
    };
    constexpr Case kCases[] = {
        {0, "₹0"},           {90000, "₹900"},         {270000, "₹2,700"},       {390000, "₹3,900"},
        {22500, "₹225"},     {10000000, "₹1,00,000"}, {123456789, "₹12,34,567.89"}, {150, "₹1.50"},
        {105, "₹1.05"},      {99999900, "₹9,99,999"}, {-270000, "-₹2,700"},
    };
    for (const Case& c : kCases) EXPECT_EQ(FormatMoney(Money{c.paise, "INR"}), c.text) << c.paise;
}

TEST(FormatMoneyTest, OtherCurrenciesGroupInThrees) {
    EXPECT_EQ(FormatMoney(Money{10000000, "USD"}), "$100,000");
    EXPECT_EQ(FormatMoney(Money{129950, "USD"}), "$1,299.50");
    EXPECT_EQ(FormatMoney(Money{500, "CHF"}), "CHF 5");
}

}  // namespace
}  // namespace broadsheet
