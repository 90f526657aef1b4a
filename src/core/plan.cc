#include "core/plan.h"

namespace broadsheet {

Money PricePerMonth(const Plan& plan) {
    int64_t months = plan.months > 0 ? plan.months : 1;
    int64_t unit = plan.price.currency == "JPY" ? 1 : 100;
    int64_t per_month = plan.price.minor / months;
    return Money{per_month - per_month % unit, plan.price.currency};
}

std::optional<int> SavingPercent(const Plan& plan) {
    if (!plan.list_price || plan.list_price->minor <= plan.price.minor || plan.list_price->minor <= 0) {
        return std::nullopt;
    }
    int64_t saved = plan.list_price->minor - plan.price.minor;
    return static_cast<int>(saved * 100 / plan.list_price->minor);
}

std::string PeriodLabel(int months) {
    if (months > 0 && months % 12 == 0) {
        int years = months / 12;
        return std::to_string(years) + (years == 1 ? " Year" : " Years");
    }
    return std::to_string(months) + (months == 1 ? " Month" : " Months");
}

}  // namespace broadsheet
