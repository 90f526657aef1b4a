#include "paywall/entitlements.h"

namespace broadsheet::paywall {

bool GivesAccess(const Subscription& subscription, Timestamp now, std::chrono::days grace) {
    switch (subscription.status) {
        case SubscriptionStatus::kActive:
            return subscription.period_end && now < *subscription.period_end;
        case SubscriptionStatus::kPastDue:
            return subscription.past_due_since && now < *subscription.past_due_since + grace;
        case SubscriptionStatus::kPending:
        case SubscriptionStatus::kExpired:
            break;
    }
    return false;
}

Entitlements Entitle(const std::vector<Subscription>& subscriptions, const std::vector<Plan>& plans,
                     const std::vector<Perk>& perks, Timestamp now, std::chrono::days grace) {
    Entitlements result;
    for (const Subscription& subscription : subscriptions) {
        if (!GivesAccess(subscription, now, grace)) continue;
        const Plan* plan = nullptr;
        for (const Plan& p : plans) {
            if (p.id == subscription.plan_id) plan = &p;
        }
        if (!plan) continue;
        result.subscribed = true;
        if (plan->max_devices > result.max_devices) {
            result.max_devices = plan->max_devices;
            result.plan_id = plan->id;
        }
        for (const std::string& perk_id : plan->perks) {
            const Perk* perk = nullptr;
            for (const Perk& p : perks) {
                if (p.id == perk_id) perk = &p;
            }
            if (!perk) continue;
            if (perk->eligible_after_months > 0) {
                // Tenure counts from the start of continuous paid access.
                if (!subscription.started || now < AddMonths(*subscription.started, perk->eligible_after_months)) {
                    continue;
                }
            }
            result.perks.insert(perk->id);
        }
    }
    return result;
}

}  // namespace broadsheet::paywall
