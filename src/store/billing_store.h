#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/plan.h"
#include "core/reader.h"
#include "core/result.h"
#include "core/subscription.h"
#include "core/time.h"

namespace broadsheet::store {

/// One line of a reader's billing history: something that happened to a subscription.
struct BillingRecord {
    int64_t id = 0;               ///< Assigned by the store.
    int64_t subscription_id = 0;  ///< Filled in by Create for the new subscription's records.
    ReaderId reader;
    Timestamp at;
    /// "created", "activated", "renewed", "payment_failed", "past_due", "cancelled",
    /// "resumed", "plan_changed", "expired", "complimentary".
    std::string kind;
    std::optional<Money> amount;  ///< What was charged, if anything was.
    std::string note;             ///< For the reader: "Smart Essential, 1 Year", "declined (test)".
};

/// A gateway webhook event, remembered by (gateway, event_id) so it is applied once.
struct GatewayEventRecord {
    std::string gateway;   ///< "razorpay", "stripe".
    std::string event_id;  ///< The gateway's own id for the event.
    std::string type;      ///< As the gateway names it: "subscription.charged".
    Timestamp received_at;
    std::optional<int64_t> subscription_id;  ///< The subscription it was about, if one was found.
    std::optional<Timestamp> occurred_at;    ///< When the gateway says it happened.
};

/// Subscriptions, their billing history and the gateway events already applied.
/// Implemented in store/sqlite. Thread-safe; a Save is atomic (all of it or nothing).
class BillingStore {
public:
    virtual ~BillingStore() = default;

    /// Stores a new subscription (its id is ignored) and its first `history` records in one
    /// transaction; returns it with its id.
    virtual Result<Subscription> Create(const Subscription& subscription,
                                        std::vector<BillingRecord> history) = 0;

    /// The subscription `id`; kNotFound when there is none.
    virtual Result<Subscription> Find(int64_t id) const = 0;

    /// The subscription a gateway knows as `gateway_ref`; nullopt when none.
    virtual Result<std::optional<Subscription>> FindByGatewayRef(
        std::string_view gateway, std::string_view gateway_ref) const = 0;

    /// The reader's subscriptions, newest first.
    virtual Result<std::vector<Subscription>> ForReader(ReaderId reader) const = 0;

    /// What a periodic sweep must look at: active subscriptions whose period ended at or
    /// before `now`, and every past-due one. Oldest period end first.
    virtual Result<std::vector<Subscription>> Due(Timestamp now) const = 0;

    /// Replaces subscription `subscription.id` (kNotFound if unknown), appends `history` and,
    /// if given, records `event`, in one transaction. If the event is already recorded,
    /// nothing changes and the result is kConflict.
    virtual Result<void> Save(const Subscription& subscription,
                              const std::vector<BillingRecord>& history,
                              const std::optional<GatewayEventRecord>& event) = 0;

    /// Records `event` alone (one that changes no subscription). False if it was already recorded.
    virtual Result<bool> RecordEvent(const GatewayEventRecord& event) = 0;

    /// Whether (gateway, event_id) is recorded.
    virtual Result<bool> HasEvent(std::string_view gateway, std::string_view event_id) const = 0;

    /// The reader's billing history, newest first.
    virtual Result<std::vector<BillingRecord>> History(ReaderId reader) const = 0;

    /// When the latest record of one of `kinds` was written for subscription `id`; nullopt if
    /// never.
    virtual Result<std::optional<Timestamp>> LastRecordAt(
        int64_t id, const std::vector<std::string>& kinds) const = 0;

    /// The gateway's id for `plan` at its current price and period ("plan_…", "price_…"),
    /// if one was made; a changed price or period needs a new one.
    virtual Result<std::optional<std::string>> GatewayPlanRef(std::string_view gateway,
                                                              const Plan& plan) const = 0;
    virtual Result<void> PutGatewayPlanRef(std::string_view gateway, const Plan& plan,
                                           std::string_view ref) = 0;
};

}  // namespace broadsheet::store
