#include "billing/subscriptions.h"

#include <date/date.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/months.h"

namespace broadsheet::billing {
namespace {

int DayOfMonth(Timestamp t) {
    return static_cast<int>(
        static_cast<unsigned>(date::year_month_day{std::chrono::floor<date::days>(t)}.day()));
}

std::string Describe(const Plan& plan) { return plan.name + ", " + PeriodLabel(plan.months); }

}  // namespace

std::string_view ApplyOutcomeName(ApplyOutcome outcome) {
    switch (outcome) {
        case ApplyOutcome::kApplied: return "applied";
        case ApplyOutcome::kUnchanged: return "unchanged";
        case ApplyOutcome::kDuplicate: return "duplicate";
        case ApplyOutcome::kUnknownSubscription: return "unknown subscription";
    }
    return "unchanged";
}

SubscriptionService::SubscriptionService(SubscriptionOptions options, store::BillingStore& store,
                                         const Clock& clock, Notifier notifier)
    : options_(std::move(options)), store_(store), clock_(clock), notifier_(std::move(notifier)) {}

void SubscriptionService::AddGateway(Gateway& gateway) {
    gateways_[std::string(gateway.name())] = &gateway;
}

Gateway* SubscriptionService::FindGateway(std::string_view name) const {
    auto it = gateways_.find(name);
    return it == gateways_.end() ? nullptr : it->second;
}

const Plan* SubscriptionService::FindPlan(std::string_view id) const {
    for (const Plan& plan : options_.plans) {
        if (plan.id == id) return &plan;
    }
    return nullptr;
}

Result<std::vector<Subscription>> SubscriptionService::ForReader(ReaderId reader) const {
    return store_.ForReader(reader);
}

Result<std::vector<store::BillingRecord>> SubscriptionService::History(ReaderId reader) const {
    return store_.History(reader);
}

Result<Subscription> SubscriptionService::Find(int64_t id) const { return store_.Find(id); }

bool SubscriptionService::GivesAccess(const Subscription& sub, Timestamp now) const {
    if (sub.status == SubscriptionStatus::kActive) return sub.period_end && now < *sub.period_end;
    if (sub.status == SubscriptionStatus::kPastDue)
        return sub.past_due_since && now < *sub.past_due_since + options_.grace;
    return false;
}

void SubscriptionService::Record(Change& change, std::string kind, std::optional<Money> amount,
                                 std::string note, Timestamp at) const {
    store::BillingRecord record;
    record.subscription_id = change.sub.id;
    record.reader = change.sub.reader;
    record.at = at;
    record.kind = std::move(kind);
    record.amount = std::move(amount);
    record.note = std::move(note);
    change.history.push_back(std::move(record));
}

void SubscriptionService::Send(const std::vector<Notice>& notices) const {
    if (!notifier_) return;
    for (const Notice& notice : notices) notifier_(notice.reader, notice.subject, notice.body);
}

Result<Subscription> SubscriptionService::Mutate(int64_t id, const Mutation& mutate) {
    Change change;
    {
        std::lock_guard lock(mutex_);
        auto sub = store_.Find(id);
        if (!sub) return sub.error();
        change.sub = std::move(*sub);
        if (auto done = mutate(change); !done) return done.error();
        if (change.changed || !change.history.empty()) {
            if (auto saved = store_.Save(change.sub, change.history, std::nullopt); !saved)
                return saved.error();
        }
    }
    Send(change.notices);
    return change.sub;
}

Result<SubscriptionService::Checkout> SubscriptionService::StartCheckout(ReaderId reader,
                                                                         std::string_view email,
                                                                         std::string_view plan_id,
                                                                         const ReturnUrls& urls) {
    const Plan* plan = FindPlan(plan_id);
    if (!plan || !plan->active)
        return Fail(ErrorCode::kNotFound, "no plan \"" + std::string(plan_id) + "\" is offered");
    Gateway* gateway = FindGateway(options_.checkout_gateway);
    if (!gateway)
        return Fail(ErrorCode::kUnsupported,
                    "no gateway \"" + options_.checkout_gateway + "\" is set up");
    const Timestamp now = clock_.Now();
    Subscription pending;
    pending.reader = reader;
    pending.plan_id = plan->id;
    pending.gateway = std::string(gateway->name());
    store::BillingRecord created{
        0, 0, reader, now, "created", std::nullopt, "Checkout started: " + Describe(*plan)};
    auto stored = store_.Create(pending, {created});
    if (!stored) return stored.error();
    // The gateway is called unlocked: it may take seconds, and the subscription is ours alone.
    auto started = gateway->CreateCheckout(*stored, *plan, email, urls);
    if (!started) {
        const std::string reason = started.error().message;
        (void)Mutate(stored->id, [&](Change& change) {
            ExpireChange(change, "Checkout failed: " + reason, clock_.Now());
            change.notices.clear();
            return Result<void>();
        });
        return started.error();
    }
    auto linked = Mutate(stored->id, [&](Change& change) -> Result<void> {
        if (started->gateway_ref.empty() || !change.sub.gateway_ref.empty()) return {};
        change.sub.gateway_ref = started->gateway_ref;
        change.changed = true;
        return {};
    });
    if (!linked) return linked.error();
    return Checkout{*linked, started->redirect_url};
}

Result<void> SubscriptionService::ActivateChange(Change& change,
                                                 std::optional<Timestamp> period_start,
                                                 std::optional<Timestamp> paid_until,
                                                 std::optional<Money> amount, Timestamp now) {
    Subscription& sub = change.sub;
    const Plan* plan = FindPlan(sub.plan_id);
    if (!plan)
        return Fail(ErrorCode::kNotFound, "plan \"" + sub.plan_id + "\" is no longer configured");
    const Timestamp start = period_start.value_or(now);
    const bool first = !sub.started.has_value();
    std::string note = Describe(*plan);
    if (!paid_until && first && plan->trial_days > 0) {
        paid_until = start + std::chrono::days(plan->trial_days);
        amount = Money{0, plan->price.currency};
        note += " — free trial of " + std::to_string(plan->trial_days) + " days";
    }
    if (!paid_until) {
        paid_until = AddMonths(start, plan->months);
        if (!amount) amount = plan->price;
    }
    if (sub.status == SubscriptionStatus::kExpired) note += " — subscribed again";
    // Continuous access begins now unless it never broke.
    if (first || sub.status == SubscriptionStatus::kExpired) sub.started = start;
    sub.status = SubscriptionStatus::kActive;
    sub.period_start = start;
    sub.period_end = paid_until;
    sub.past_due_since.reset();
    Record(change, "activated", amount, note, now);
    change.notices.push_back(ReceiptNotice(sub, *plan, amount, /*renewal=*/false));
    return {};
}

Result<Subscription> SubscriptionService::Activate(int64_t id,
                                                   std::optional<Timestamp> paid_until) {
    return Mutate(id, [&](Change& change) -> Result<void> {
        if (change.sub.status == SubscriptionStatus::kActive)
            return {};  // A second "Pay" click: already done.
        if (change.sub.status != SubscriptionStatus::kPending) {
            return Fail(ErrorCode::kConflict, "only a pending subscription can be activated");
        }
        const Timestamp now = clock_.Now();
        return ActivateChange(change, now, paid_until, std::nullopt, now);
    });
}

Result<void> SubscriptionService::RenewChange(Change& change, std::optional<Timestamp> paid_until,
                                              std::optional<Money> amount, Timestamp now) {
    Subscription& sub = change.sub;
    if (!sub.period_end)
        return Fail(ErrorCode::kConflict, "a subscription never paid cannot renew");
    const Plan* current = FindPlan(sub.plan_id);
    if (!current)
        return Fail(ErrorCode::kNotFound, "plan \"" + sub.plan_id + "\" is no longer configured");
    // Periods keep the day of the month they began on (Jan 31, Feb 29, Mar 31…): a period
    // that ends on a month's last day may have been cut short, so the longest of its days,
    // its start's and the subscription's start's stands for the intended one.
    const Timestamp end_before = *sub.period_end;
    int anchor = DayOfMonth(end_before);
    if (DayOfMonth(end_before + std::chrono::days(1)) == 1) {
        anchor = std::max({anchor, sub.period_start ? DayOfMonth(*sub.period_start) : 0,
                           sub.started ? DayOfMonth(*sub.started) : 0});
    }
    const Plan* plan = current;
    if (!sub.next_plan_id.empty()) {
        if (const Plan* next = FindPlan(sub.next_plan_id)) {
            plan = next;
            Record(change, "plan_changed", std::nullopt,
                   "Now " + Describe(*next) + " (was " + current->name + ")", now);
            sub.plan_id = next->id;
        }
        sub.next_plan_id.clear();
    }
    const Timestamp start = *sub.period_end;
    const Timestamp end = paid_until.value_or(AddMonths(start, plan->months, anchor));
    if (end <= start) return {};  // Never backwards.
    const bool recovered = sub.status == SubscriptionStatus::kPastDue;
    sub.status = SubscriptionStatus::kActive;
    sub.period_start = start;
    sub.period_end = end;
    sub.past_due_since.reset();
    if (!amount) amount = plan->price;
    Record(change, "renewed", amount,
           Describe(*plan) + (recovered ? " — payment received, no longer past due" : ""), now);
    change.notices.push_back(ReceiptNotice(sub, *plan, amount, /*renewal=*/true));
    return {};
}

Result<Subscription> SubscriptionService::Renew(int64_t id, std::optional<Timestamp> paid_until) {
    return Mutate(id, [&](Change& change) -> Result<void> {
        const Subscription& sub = change.sub;
        if (sub.status != SubscriptionStatus::kActive &&
            sub.status != SubscriptionStatus::kPastDue) {
            return Fail(ErrorCode::kConflict, "only an active or past-due subscription renews");
        }
        if (sub.cancel_at_period_end)
            return Fail(ErrorCode::kConflict, "a cancelled subscription does not renew");
        if (sub.complimentary)
            return Fail(ErrorCode::kConflict, "a complimentary subscription does not renew");
        return RenewChange(change, paid_until, std::nullopt, clock_.Now());
    });
}

void SubscriptionService::PastDueChange(Change& change, std::string_view reason, Timestamp now) {
    change.sub.status = SubscriptionStatus::kPastDue;
    change.sub.past_due_since = now;
    Record(change, "past_due", std::nullopt,
           std::string(reason) + "; access kept until " + Date(now + options_.grace), now);
    change.notices.push_back(PastDueNotice(change.sub));
}

void SubscriptionService::ExpireChange(Change& change, std::string_view reason, Timestamp now) {
    const bool had_access = change.sub.status != SubscriptionStatus::kPending;
    change.sub.status = SubscriptionStatus::kExpired;
    Record(change, "expired", std::nullopt, std::string(reason), now);
    if (had_access) change.notices.push_back(ExpiredNotice(change.sub));
}

Result<Subscription> SubscriptionService::FailRenewal(int64_t id, std::string_view reason) {
    return Mutate(id, [&](Change& change) -> Result<void> {
        if (change.sub.status == SubscriptionStatus::kPastDue) return {};
        if (change.sub.status != SubscriptionStatus::kActive) {
            return Fail(ErrorCode::kConflict, "only an active subscription can fail to renew");
        }
        PastDueChange(change, reason.empty() ? "Renewal payment failed" : reason, clock_.Now());
        return {};
    });
}

Result<Subscription> SubscriptionService::DeclineCheckout(int64_t id) {
    return Mutate(id, [&](Change& change) -> Result<void> {
        if (change.sub.status != SubscriptionStatus::kPending) {
            return Fail(ErrorCode::kConflict, "only a pending checkout can be declined");
        }
        Record(change, "payment_failed", std::nullopt, "Payment declined (test gateway)",
               clock_.Now());
        return {};
    });
}

Result<Subscription> SubscriptionService::Cancel(int64_t id) {
    auto current = store_.Find(id);
    if (!current) return current.error();
    if (current->status == SubscriptionStatus::kExpired)
        return Fail(ErrorCode::kConflict, "it has already ended");
    if (current->cancel_at_period_end) return *current;
    if (!current->complimentary && current->status != SubscriptionStatus::kPending) {
        // The gateway first: if it cannot stop the renewal, nothing here pretends it did.
        Gateway* gateway = FindGateway(current->gateway);
        if (!gateway)
            return Fail(ErrorCode::kUnsupported,
                        "gateway \"" + current->gateway + "\" is not set up");
        if (auto stopped = gateway->Cancel(*current); !stopped) return stopped.error();
    }
    return Mutate(id, [&](Change& change) -> Result<void> {
        Subscription& sub = change.sub;
        const Timestamp now = clock_.Now();
        if (sub.status == SubscriptionStatus::kExpired || sub.cancel_at_period_end) return {};
        sub.cancel_at_period_end = true;
        if (sub.status == SubscriptionStatus::kPending) {
            ExpireChange(change, "Checkout abandoned", now);
            return {};
        }
        if (sub.status == SubscriptionStatus::kPastDue) {
            Record(change, "cancelled", std::nullopt, "Cancelled while past due", now);
            ExpireChange(change, "Cancelled while past due", now);
            return {};
        }
        Record(change, "cancelled", std::nullopt, "Access continues until " + Date(*sub.period_end),
               now);
        change.notices.push_back(CancelledNotice(sub));
        return {};
    });
}

Result<Subscription> SubscriptionService::Resume(int64_t id) {
    auto current = store_.Find(id);
    if (!current) return current.error();
    const Timestamp now = clock_.Now();
    auto resumable = [&](const Subscription& sub) -> Result<void> {
        if (sub.status != SubscriptionStatus::kActive || !sub.cancel_at_period_end ||
            !sub.period_end || now >= *sub.period_end) {
            return Fail(ErrorCode::kConflict,
                        "only a cancelled subscription still in its paid period can resume");
        }
        return {};
    };
    if (auto ok = resumable(*current); !ok) return ok.error();
    if (!current->complimentary) {
        Gateway* gateway = FindGateway(current->gateway);
        if (!gateway)
            return Fail(ErrorCode::kUnsupported,
                        "gateway \"" + current->gateway + "\" is not set up");
        if (auto resumed = gateway->Resume(*current); !resumed) return resumed.error();
    }
    return Mutate(id, [&](Change& change) -> Result<void> {
        if (auto ok = resumable(change.sub); !ok) return ok.error();
        change.sub.cancel_at_period_end = false;
        Record(change, "resumed", std::nullopt, "Renews on " + Date(*change.sub.period_end), now);
        change.notices.push_back(ResumedNotice(change.sub));
        return {};
    });
}

Result<Subscription> SubscriptionService::ChangePlan(int64_t id, std::string_view plan_id) {
    const Plan* next = FindPlan(plan_id);
    if (!next || !next->active)
        return Fail(ErrorCode::kNotFound, "no plan \"" + std::string(plan_id) + "\" is offered");
    auto current = store_.Find(id);
    if (!current) return current.error();
    auto changeable = [&](const Subscription& sub) -> Result<void> {
        if (sub.status != SubscriptionStatus::kActive || sub.cancel_at_period_end ||
            sub.complimentary) {
            return Fail(ErrorCode::kConflict,
                        "only an active, renewing, paid subscription can change plan");
        }
        return {};
    };
    if (auto ok = changeable(*current); !ok) return ok.error();
    const std::string wanted = next->id == current->plan_id ? "" : next->id;
    if (wanted == current->next_plan_id) return *current;
    const Plan* now_plan = FindPlan(current->plan_id);
    if (!now_plan)
        return Fail(ErrorCode::kNotFound,
                    "plan \"" + current->plan_id + "\" is no longer configured");
    Gateway* gateway = FindGateway(current->gateway);
    if (!gateway)
        return Fail(ErrorCode::kUnsupported, "gateway \"" + current->gateway + "\" is not set up");
    if (auto told = gateway->ChangePlan(*current, *now_plan, *next); !told) return told.error();
    return Mutate(id, [&](Change& change) -> Result<void> {
        if (auto ok = changeable(change.sub); !ok) return ok.error();
        change.sub.next_plan_id = wanted;
        const Timestamp now = clock_.Now();
        if (wanted.empty()) {
            Record(change, "plan_changed", std::nullopt,
                   "Plan change withdrawn: stays " + now_plan->name, now);
        } else {
            Record(change, "plan_changed", std::nullopt,
                   Describe(*next) + " from " + Date(*change.sub.period_end) + " (at renewal)",
                   now);
        }
        change.notices.push_back(PlanChangeNotice(change.sub, wanted.empty() ? *now_plan : *next));
        return {};
    });
}

Result<Subscription> SubscriptionService::GrantComplimentary(ReaderId reader,
                                                             std::string_view plan_id, int months,
                                                             std::string_view note) {
    const Plan* plan = FindPlan(plan_id);
    if (!plan) return Fail(ErrorCode::kNotFound, "no plan \"" + std::string(plan_id) + "\"");
    if (months < 1 || months > 1200)
        return Fail(ErrorCode::kInvalidInput, "months must be between 1 and 1200");
    const Timestamp now = clock_.Now();
    Subscription sub;
    sub.reader = reader;
    sub.plan_id = plan->id;
    sub.status = SubscriptionStatus::kActive;
    sub.started = now;
    sub.period_start = now;
    sub.period_end = AddMonths(now, months);
    sub.complimentary = true;
    std::string text = plan->name + ", " + PeriodLabel(months) + " (complimentary)";
    if (!note.empty()) text += " — " + std::string(note);
    store::BillingRecord record{0, 0, reader, now, "complimentary", std::nullopt, text};
    auto stored = store_.Create(sub, {record});
    if (!stored) return stored.error();
    Send({ComplimentaryNotice(*stored, *plan, months)});
    return stored;
}

}  // namespace broadsheet::billing
