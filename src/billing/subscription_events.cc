// The lifecycle's reactions to the outside world: gateway events (in any order, any number
// of times) and the periodic sweep.
#include <spdlog/spdlog.h>

#include "billing/subscriptions.h"

namespace broadsheet::billing {
namespace {

std::string GatewayTitle(std::string_view gateway) {
    if (gateway == "razorpay") return "Razorpay";
    if (gateway == "stripe") return "Stripe";
    if (gateway == "test") return "the test gateway";
    return std::string(gateway);
}

}  // namespace

Result<ApplyOutcome> SubscriptionService::Apply(const GatewayEvent& event) {
    std::vector<Notice> notices;
    Result<ApplyOutcome> outcome = ApplyOutcome::kUnchanged;
    {
        std::lock_guard lock(mutex_);
        outcome = ApplyLocked(event, notices);
    }
    if (outcome) Send(notices);
    return outcome;
}

Result<ApplyOutcome> SubscriptionService::ApplyLocked(const GatewayEvent& event,
                                                      std::vector<Notice>& notices) {
    auto seen = store_.HasEvent(event.gateway, event.event_id);
    if (!seen) return seen.error();
    if (*seen) return ApplyOutcome::kDuplicate;
    const Timestamp now = clock_.Now();
    store::GatewayEventRecord record{event.gateway, event.event_id, event.type,
                                     now,           std::nullopt,   event.occurred};

    std::optional<Subscription> found;
    if (event.subscription_id) {
        auto sub = store_.Find(*event.subscription_id);
        if (sub) {
            found = std::move(*sub);
        } else if (sub.error().code != ErrorCode::kNotFound) {
            return sub.error();
        }
    }
    if (!found && !event.gateway_subscription_id.empty()) {
        auto by_ref = store_.FindByGatewayRef(event.gateway, event.gateway_subscription_id);
        if (!by_ref) return by_ref.error();
        found = std::move(*by_ref);
    }
    // An event is about one of our subscriptions only if the gateway and its id agree.
    if (found && (found->gateway != event.gateway ||
                  (!found->gateway_ref.empty() && !event.gateway_subscription_id.empty() &&
                   found->gateway_ref != event.gateway_subscription_id))) {
        found.reset();
    }
    if (!found || event.kind == EventKind::kIgnored) {
        if (found) record.subscription_id = found->id;
        auto recorded = store_.RecordEvent(record);
        if (!recorded) return recorded.error();
        if (!*recorded) return ApplyOutcome::kDuplicate;
        if (!found && event.kind != EventKind::kIgnored) {
            spdlog::warn("{} event {} ({}) names no subscription of ours", event.gateway,
                         event.event_id, event.type);
            return ApplyOutcome::kUnknownSubscription;
        }
        return ApplyOutcome::kUnchanged;
    }

    record.subscription_id = found->id;
    Change change;
    change.sub = std::move(*found);
    Subscription& sub = change.sub;
    if (sub.gateway_ref.empty() && !event.gateway_subscription_id.empty()) {
        sub.gateway_ref = event.gateway_subscription_id;
        change.changed = true;
    }
    const std::string gateway = GatewayTitle(event.gateway);
    switch (event.kind) {
        case EventKind::kLinked:
        case EventKind::kIgnored: break;
        case EventKind::kPaid: {
            // A period paid before, or one already known, tells us nothing: never go backwards.
            if (sub.period_end && event.period_end && *event.period_end <= *sub.period_end) break;
            if (sub.status == SubscriptionStatus::kPending ||
                sub.status == SubscriptionStatus::kExpired || !sub.period_end) {
                auto activated = ActivateChange(change, event.period_start.value_or(event.occurred),
                                                event.period_end, event.amount, now);
                if (!activated) return activated.error();
            } else if (event.period_end) {
                auto renewed = RenewChange(change, event.period_end, event.amount, now);
                if (!renewed) return renewed.error();
                if (event.period_start && *event.period_start < *event.period_end)
                    sub.period_start = event.period_start;
            }
            break;
        }
        case EventKind::kPaymentFailed: {
            if (sub.status == SubscriptionStatus::kPending) {
                Record(change, "payment_failed", event.amount, "Payment failed at " + gateway, now);
                break;
            }
            if (sub.status != SubscriptionStatus::kActive || !sub.period_end ||
                sub.cancel_at_period_end)
                break;
            // Only the renewal at the end of what is paid can fail now; an older failure was
            // followed by a payment we already have.
            const bool current = event.period_end
                                     ? *event.period_end > *sub.period_end
                                     : event.occurred + options_.renewal_slack >= *sub.period_end;
            if (current) PastDueChange(change, "Renewal payment failed at " + gateway, now);
            break;
        }
        case EventKind::kCancelChanged: {
            if (!event.cancel_at_period_end ||
                *event.cancel_at_period_end == sub.cancel_at_period_end)
                break;
            if (sub.status != SubscriptionStatus::kActive &&
                sub.status != SubscriptionStatus::kPastDue)
                break;
            auto last = store_.LastRecordAt(sub.id, {"cancelled", "resumed"});
            if (!last) return last.error();
            if (*last && event.occurred <= **last) break;  // Older than the last change we know of.
            sub.cancel_at_period_end = *event.cancel_at_period_end;
            if (sub.cancel_at_period_end) {
                Record(
                    change, "cancelled", std::nullopt,
                    "Cancelled at " + gateway + "; access continues until " + Date(*sub.period_end),
                    now);
                change.notices.push_back(CancelledNotice(sub));
            } else {
                Record(change, "resumed", std::nullopt, "Resumed at " + gateway, now);
                change.notices.push_back(ResumedNotice(sub));
            }
            break;
        }
        case EventKind::kEnded: {
            if (sub.status == SubscriptionStatus::kExpired) break;
            const bool newly = !sub.cancel_at_period_end;
            sub.cancel_at_period_end = true;
            const bool paid_up = sub.status == SubscriptionStatus::kActive && sub.period_end &&
                                 now < *sub.period_end;
            if (paid_up) {
                if (newly) {
                    Record(
                        change, "cancelled", std::nullopt,
                        "Ended at " + gateway + "; access continues until " + Date(*sub.period_end),
                        now);
                    change.notices.push_back(CancelledNotice(sub));
                }
            } else {
                if (newly && sub.status != SubscriptionStatus::kPending) {
                    Record(change, "cancelled", std::nullopt, "Ended at " + gateway, now);
                }
                ExpireChange(change, "Ended at " + gateway, now);
            }
            break;
        }
    }
    auto saved = store_.Save(sub, change.history, record);
    if (!saved) {
        if (saved.error().code == ErrorCode::kConflict) return ApplyOutcome::kDuplicate;
        return saved.error();
    }
    notices = std::move(change.notices);
    return change.changed || !change.history.empty() ? ApplyOutcome::kApplied
                                                     : ApplyOutcome::kUnchanged;
}

Result<void> SubscriptionService::TickOne(Change& change, Timestamp now, TickReport& report) {
    Subscription& sub = change.sub;
    if (sub.status == SubscriptionStatus::kActive && sub.period_end && now >= *sub.period_end) {
        if (sub.cancel_at_period_end) {
            ExpireChange(change, "Cancelled; the paid period is over", now);
            ++report.expired;
        } else if (sub.complimentary) {
            ExpireChange(change, "The complimentary period is over", now);
            ++report.expired;
        } else if (sub.gateway == "test") {
            // The test gateway "charges" at once; a server that was down catches up period by
            // period.
            for (int guard = 0; guard < 1200 && now >= *sub.period_end; ++guard) {
                const Timestamp before = *sub.period_end;
                if (auto renewed = RenewChange(change, std::nullopt, std::nullopt, now); !renewed)
                    return renewed;
                if (*sub.period_end <= before) break;
                ++report.renewed;
            }
        } else if (now >= *sub.period_end + options_.renewal_slack) {
            PastDueChange(change, "No renewal payment from " + GatewayTitle(sub.gateway), now);
            ++report.past_due;
        }
        return {};
    }
    if (sub.status == SubscriptionStatus::kPastDue && sub.past_due_since &&
        now >= *sub.past_due_since + options_.grace) {
        ExpireChange(change, "The grace period after a failed renewal is over", now);
        ++report.expired;
    }
    return {};
}

TickReport SubscriptionService::Tick(Timestamp now) {
    TickReport report;
    auto due = store_.Due(now);
    if (!due) {
        report.errors.push_back(due.error().message);
        return report;
    }
    for (const Subscription& candidate : *due) {
        auto done =
            Mutate(candidate.id, [&](Change& change) { return TickOne(change, now, report); });
        if (!done)
            report.errors.push_back("subscription " + std::to_string(candidate.id) + ": " +
                                    done.error().message);
    }
    return report;
}

}  // namespace broadsheet::billing
