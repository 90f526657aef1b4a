#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/months.h"
#include "core/plan.h"
#include "core/subscription.h"
#include "core/time.h"

namespace broadsheet::paywall {

/// Perk ids with a meaning to the site itself; the other perks are services (e-paper,
/// newsletters...) that their own modules check with Entitlements::Has.
inline constexpr const char* kPremiumStoriesPerk = "premium-stories";
inline constexpr const char* kAdFreePerk = "ad-free";

/// What a reader may use now, from their subscriptions.
struct Entitlements {
    std::set<std::string> perks;       ///< Perk ids granted now.
    int max_devices = 0;               ///< The largest device limit among entitling plans; 0 = none.
    std::optional<std::string> plan_id;  ///< The plan that entitles (the best if several).
    bool subscribed = false;           ///< Some subscription gives access now.

    bool Has(const std::string& perk) const { return perks.count(perk) > 0; }
};

/// Whether `subscription` gives access at `now`: active and paid up (a cancelled one
/// until the end of its paid period), or past due within `grace` of the failed renewal.
/// Pending and expired ones never do.
bool GivesAccess(const Subscription& subscription, Timestamp now, std::chrono::days grace);

/// The reader's entitlements at `now`: the perks of every plan of a subscription that gives
/// access, a tenure perk (eligible_after_months = N) only once the subscription has run
/// continuously for N months since it started. Unknown plans give nothing.
Entitlements Entitle(const std::vector<Subscription>& subscriptions, const std::vector<Plan>& plans,
                     const std::vector<Perk>& perks, Timestamp now, std::chrono::days grace);

}  // namespace broadsheet::paywall
