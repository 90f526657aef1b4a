#include "core/subscription.h"

namespace broadsheet {

std::string_view SubscriptionStatusName(SubscriptionStatus status) {
    switch (status) {
        case SubscriptionStatus::kPending: return "pending";
        case SubscriptionStatus::kActive: return "active";
        case SubscriptionStatus::kPastDue: return "past_due";
        case SubscriptionStatus::kExpired: return "expired";
    }
    return "expired";
}

std::optional<SubscriptionStatus> ParseSubscriptionStatus(std::string_view name) {
    for (SubscriptionStatus status : {SubscriptionStatus::kPending, SubscriptionStatus::kActive,
                                      SubscriptionStatus::kPastDue, SubscriptionStatus::kExpired}) {
        if (SubscriptionStatusName(status) == name) return status;
    }
    return std::nullopt;
}

}  // namespace broadsheet
