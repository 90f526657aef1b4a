#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/money.h"

namespace broadsheet {

/// Something a subscription gives: premium stories, e-paper, a partner's service...
struct Perk {
    std::string id;
    std::string title;        ///< "Exclusive premium stories online"
    std::string description;  ///< "Over 30 premium stories daily, handpicked by our editors"
    /// Granted only after this many months of continuous subscription (0 = at once).
    int eligible_after_months = 0;
};

/// A subscription plan offered to readers.
struct Plan {
    std::string id;
    std::string name;  ///< "Smart Essential"
    Money price;       ///< Charged every `months` months.
    int months = 1;
    /// The undiscounted price for the same period, if the offer shows a saving.
    std::optional<Money> list_price;
    std::vector<std::string> perks;  ///< Perk ids.
    int max_devices = 5;  ///< Signed-in devices (sessions and API tokens) at once.
    int trial_days = 0;   ///< Free days before the first charge; 0 = none.
    bool active = true;   ///< Offered to new subscribers; existing ones keep it.
};

/// The plan's price per month, rounded down to a whole currency unit (₹3,900 / 24 -> ₹162).
Money PricePerMonth(const Plan& plan);

/// The saving against the list price in whole percent, rounded down; nullopt without one.
std::optional<int> SavingPercent(const Plan& plan);

/// "1 Month", "3 Months", "1 Year", "2 Years", "18 Months".
std::string PeriodLabel(int months);

}  // namespace broadsheet
