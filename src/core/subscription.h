#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/reader.h"
#include "core/time.h"

namespace broadsheet {

/// Where a subscription is in its life (issue 6):
/// pending -> active -> (renewed each period) -> past_due on a failed renewal -> expired;
/// a cancelled subscription stays active to the end of its paid period, then expires.
enum class SubscriptionStatus {
    kPending,  ///< Checkout started, nothing paid yet: no access.
    kActive,   ///< Paid up to period_end.
    kPastDue,  ///< A renewal failed; access is kept for the grace period from past_due_since.
    kExpired,  ///< Over: no access.
};

std::string_view SubscriptionStatusName(SubscriptionStatus status);  // "pending", "active", ...
std::optional<SubscriptionStatus> ParseSubscriptionStatus(std::string_view name);

/// One reader's subscription to one plan.
struct Subscription {
    int64_t id = 0;
    ReaderId reader;
    std::string plan_id;
    SubscriptionStatus status = SubscriptionStatus::kPending;
    /// When continuous paid access began: tenure perks ("after 12 months") count from here.
    std::optional<Timestamp> started;
    /// The paid-up period [period_start, period_end).
    std::optional<Timestamp> period_start;
    std::optional<Timestamp> period_end;
    bool cancel_at_period_end = false;   ///< Cancelled: no renewal, access to period_end.
    std::optional<Timestamp> past_due_since;
    std::string next_plan_id;            ///< A plan change, taking effect at renewal; "" = none.
    bool complimentary = false;          ///< Granted by an admin; no gateway, no renewal.
    std::string gateway;                 ///< "test", "razorpay", "stripe"; "" for complimentary.
    std::string gateway_ref;             ///< The gateway's subscription id.
};

}  // namespace broadsheet
