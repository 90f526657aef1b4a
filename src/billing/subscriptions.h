#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "billing/gateway.h"
#include "core/plan.h"
#include "core/reader.h"
#include "core/result.h"
#include "core/subscription.h"
#include "core/time.h"
#include "store/billing_store.h"

namespace broadsheet::billing {

/// Sends a reader an e-mail (receipts, notices): plain text. The accounts module's outbox
/// provides it; it must not block for long and must be thread-safe. May be empty (no mail).
using Notifier = std::function<void(ReaderId reader, std::string subject, std::string body)>;

/// What the lifecycle needs from the config.
struct SubscriptionOptions {
    std::vector<Plan> plans;     ///< Every plan, offered (active) or not.
    std::chrono::days grace{7};  ///< [paywall] grace_days: access kept after a failed renewal.
    std::string checkout_gateway = "test";  ///< [billing] gateway: where new checkouts go.
    std::string site_name = "Broadsheet";   ///< For e-mail.
    std::string base_url;                   ///< For links in e-mail; no trailing slash.
    std::optional<SiteTimeZone> timezone;   ///< Dates in e-mail; UTC without one.
    /// How long after its period end a gateway subscription may go without a renewal event
    /// before it is treated as a failed renewal (past due); also how early a renewal may be
    /// charged (and fail) before the period ends.
    std::chrono::hours renewal_slack{24};
};

/// What applying a gateway event did.
enum class ApplyOutcome {
    kApplied,              ///< The subscription changed (and the event is recorded).
    kUnchanged,            ///< Recorded; it told us nothing new (stale, or already known).
    kDuplicate,            ///< This event id was applied before: nothing done.
    kUnknownSubscription,  ///< Recorded; no subscription of ours matches it.
};
std::string_view ApplyOutcomeName(ApplyOutcome outcome);

/// What one sweep did.
struct TickReport {
    int renewed = 0;
    int past_due = 0;
    int expired = 0;
    std::vector<std::string> errors;
};

/// The subscription lifecycle (issue 6):
///
///   pending --pay--> active --renew--> active ... --renewal fails--> past_due
///      past_due --paid--> active;  past_due --grace over--> expired
///      active --cancel--> active (cancel_at_period_end) --period over--> expired
///                         active (cancel_at_period_end) --resume--> active
///
/// Every change is written with a billing-history record in one transaction, and the reader
/// is e-mailed a receipt or notice through the Notifier. Changes are serialised by a mutex,
/// so gateway events, readers' actions and the sweep never interleave. Thread-safe.
class SubscriptionService final {
public:
    /// `store` and `clock` are not owned and outlive the service.
    SubscriptionService(SubscriptionOptions options, store::BillingStore& store, const Clock& clock,
                        Notifier notifier = {});

    /// Registers a gateway by its name() (not owned; outlives the service). Call before serving.
    void AddGateway(Gateway& gateway);
    /// The gateway called `name`, or null.
    Gateway* FindGateway(std::string_view name) const;

    const SubscriptionOptions& options() const { return options_; }
    /// The service's clock's time (pages ask it rather than the system).
    Timestamp Now() const { return clock_.Now(); }
    /// The plan called `id` (offered or not), or null.
    const Plan* FindPlan(std::string_view id) const;

    /// The reader's subscriptions, newest first: the paywall computes entitlements from them.
    Result<std::vector<Subscription>> ForReader(ReaderId reader) const;
    /// The reader's billing history, newest first.
    Result<std::vector<store::BillingRecord>> History(ReaderId reader) const;
    Result<Subscription> Find(int64_t id) const;
    /// Whether `subscription` gives access at `now`: active before its period end, or past
    /// due within the grace period.
    bool GivesAccess(const Subscription& subscription, Timestamp now) const;

    /// A started checkout: the pending subscription and where to send the reader.
    struct Checkout {
        Subscription subscription;
        std::string redirect_url;
    };
    /// Creates a pending subscription of `reader` to offered plan `plan_id` at the configured
    /// gateway and asks the gateway for its checkout. kNotFound for an unknown or withdrawn
    /// plan; the gateway's error (the subscription then expires) if it refuses.
    Result<Checkout> StartCheckout(ReaderId reader, std::string_view email,
                                   std::string_view plan_id, const ReturnUrls& urls);

    /// Payment received for a pending subscription: active for [now, paid_until), by default
    /// the plan's period (or its trial, the first time). `started` is set at first activation.
    Result<Subscription> Activate(int64_t id, std::optional<Timestamp> paid_until = std::nullopt);
    /// The next period paid: [period_end, paid_until), by default the plan's period in calendar
    /// months; a plan change waiting for renewal takes effect here. Clears past due.
    Result<Subscription> Renew(int64_t id, std::optional<Timestamp> paid_until = std::nullopt);
    /// A renewal charge failed: past due from now; access continues for the grace period.
    Result<Subscription> FailRenewal(int64_t id, std::string_view reason);
    /// The test gateway's "Decline": recorded; the subscription stays pending.
    Result<Subscription> DeclineCheckout(int64_t id);
    /// Stops renewal (at the gateway too): access continues to the end of the paid period.
    /// A pending or past-due subscription ends at once.
    Result<Subscription> Cancel(int64_t id);
    /// Undoes Cancel before the period ends (where the gateway can).
    Result<Subscription> Resume(int64_t id);
    /// Switches to offered plan `plan_id` at the next renewal; the current plan undoes a change.
    Result<Subscription> ChangePlan(int64_t id, std::string_view plan_id);
    /// An admin's gift: active at once for `months` calendar months, no gateway, no renewal.
    Result<Subscription> GrantComplimentary(ReaderId reader, std::string_view plan_id, int months,
                                            std::string_view note = {});

    /// Applies a verified gateway event, once per event id, whatever order events arrive in:
    /// a paid period only ever moves period_end forward; a failure counts only for a renewal
    /// not yet paid; a cancel/resume flag only if newer than the last change of it.
    Result<ApplyOutcome> Apply(const GatewayEvent& event);

    /// The sweep (every minute in `serve`): test-gateway subscriptions renew at their period
    /// end; cancelled and complimentary ones expire at it; gateway ones with no renewal
    /// `renewal_slack` after it become past due; past-due ones expire when the grace ends.
    TickReport Tick(Timestamp now);

private:
    struct Notice {
        ReaderId reader;
        std::string subject;
        std::string body;
    };
    /// One change in the making: the subscription, its history records and mail.
    struct Change {
        Subscription sub;
        std::vector<store::BillingRecord> history;
        std::vector<Notice> notices;
        bool changed = false;  ///< Save even without history (e.g. a gateway id learnt).
    };
    using Mutation = std::function<Result<void>(Change&)>;

    /// Under the mutex: reads subscription `id`, lets `mutate` change it, saves it with its
    /// records (if any); then, unlocked, sends the notices.
    Result<Subscription> Mutate(int64_t id, const Mutation& mutate);
    void Send(const std::vector<Notice>& notices) const;
    Result<ApplyOutcome> ApplyLocked(const GatewayEvent& event, std::vector<Notice>& notices);
    void Record(Change& change, std::string kind, std::optional<Money> amount, std::string note,
                Timestamp at) const;
    Result<void> ActivateChange(Change& change, std::optional<Timestamp> period_start,
                                std::optional<Timestamp> paid_until, std::optional<Money> amount,
                                Timestamp now);
    Result<void> RenewChange(Change& change, std::optional<Timestamp> paid_until,
                             std::optional<Money> amount, Timestamp now);
    void PastDueChange(Change& change, std::string_view reason, Timestamp now);
    void ExpireChange(Change& change, std::string_view reason, Timestamp now);
    Result<void> TickOne(Change& change, Timestamp now, TickReport& report);

    // Mail texts (notices.cc).
    std::string Date(Timestamp t) const;
    Notice ReceiptNotice(const Subscription& sub, const Plan& plan,
                         const std::optional<Money>& amount, bool renewal) const;
    Notice PastDueNotice(const Subscription& sub) const;
    Notice CancelledNotice(const Subscription& sub) const;
    Notice ResumedNotice(const Subscription& sub) const;
    Notice PlanChangeNotice(const Subscription& sub, const Plan& next) const;
    Notice ExpiredNotice(const Subscription& sub) const;
    Notice ComplimentaryNotice(const Subscription& sub, const Plan& plan, int months) const;

    const SubscriptionOptions options_;
    store::BillingStore& store_;  // Not owned; outlives *this.
    const Clock& clock_;          // Not owned.
    const Notifier notifier_;
    std::map<std::string, Gateway*, std::less<>> gateways_;  // Not owned.
    std::mutex mutex_;                                       // Serialises every change.
};

}  // namespace broadsheet::billing
