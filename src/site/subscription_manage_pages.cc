// The reader's /subscription page and its Cancel, Resume and Change plan forms.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "billing/subscriptions.h"
#include "billing/test_gateway.h"
#include "site/site.h"
#include "site/subscription_pages.h"

namespace broadsheet::site {
namespace {

using nlohmann::json;

constexpr const char* kThanks = "Thank you for subscribing.";

std::string KindLabel(std::string_view kind) {
    if (kind == "created") return "Checkout started";
    if (kind == "activated") return "Subscribed";
    if (kind == "renewed") return "Renewed";
    if (kind == "payment_failed") return "Payment failed";
    if (kind == "past_due") return "Payment overdue";
    if (kind == "cancelled") return "Cancelled";
    if (kind == "resumed") return "Resumed";
    if (kind == "plan_changed") return "Plan change";
    if (kind == "expired") return "Ended";
    if (kind == "complimentary") return "Complimentary";
    return std::string(kind);
}

}  // namespace

http::Response SubscriptionPages::Manage(const http::Request& request,
                                         const ReaderContext& reader) const {
    const bool post = request.method == "POST";
    if (!reader.reader_id) return SignInFirst("/subscription");
    if (request.path == "/subscription") {
        if (post)
            return Message(405, "Not allowed", "Use one of the page's buttons.", reader,
                           "/subscription", "Back");
        std::string notice;
        if (request.QueryParam("checkout") == "done") notice = kThanks;
        const std::string done = request.QueryParam("done").value_or("");
        if (done == "cancel")
            notice = "Your subscription is cancelled. You keep access until the end of the period.";
        if (done == "resume") notice = "Your subscription will renew again.";
        if (done == "change") notice = "Your plan change is saved: it takes effect at renewal.";
        return ManagePage(200, reader, std::move(notice), "");
    }
    for (std::string_view action : {"cancel", "resume", "change"}) {
        if (request.path == "/subscription/" + std::string(action)) {
            if (!post) return http::Response::Redirect(303, "/subscription");
            if (!SubscriptionCsrfOk(request, reader)) return Forbidden(reader);
            return ManageAction(request, reader, action);
        }
    }
    return Message(404, "Page not found", "There is no such page.", reader, "/subscription",
                   "Your subscription");
}

http::Response SubscriptionPages::ManageAction(const http::Request& request,
                                               const ReaderContext& reader,
                                               std::string_view action) const {
    auto id = ParseId(Field(request, "s"));
    auto sub = id ? billing_.Find(*id) : Result<Subscription>(Fail(ErrorCode::kNotFound, "no id"));
    if (!sub || sub->reader != *reader.reader_id) {
        return ManagePage(404, reader, "", "That subscription is not yours, or no longer exists.");
    }
    Result<Subscription> done = Fail(ErrorCode::kInvalidInput, "unknown action");
    if (action == "cancel") done = billing_.Cancel(sub->id);
    if (action == "resume") done = billing_.Resume(sub->id);
    if (action == "change") done = billing_.ChangePlan(sub->id, Field(request, "plan"));
    if (!done) {
        const Error& error = done.error();
        spdlog::info("{} {} subscription {}: {}", request.request_id, action, sub->id,
                     error.message);
        if (error.code == ErrorCode::kIo) {
            return ManagePage(
                502, reader, "",
                "Our payment provider did not answer, so nothing was changed. Please try again.");
        }
        return ManagePage(409, reader, "", "Nothing was changed: " + error.message + ".");
    }
    return http::Response::Redirect(303, "/subscription?done=" + std::string(action));
}

json SubscriptionPages::SubscriptionItem(const Subscription& sub, Timestamp now) const {
    const Plan* plan = billing_.FindPlan(sub.plan_id);
    const std::string name = plan ? plan->name : sub.plan_id;
    json item = {
        {"id", std::to_string(sub.id)},
        {"name", name},
        {"terms", plan ? FormatMoney(plan->price) + " for " + PeriodLabel(plan->months) : ""},
        {"complimentary", sub.complimentary}};
    const std::string end = sub.period_end ? Day(*sub.period_end) : "";
    std::string label, state, detail;
    switch (sub.status) {
        case SubscriptionStatus::kPending:
            label = "Awaiting payment", state = "warn";
            detail = "We have not had the payment for this subscription yet.";
            if (sub.gateway == "test")
                item["checkout_url"] = billing::TestGateway::CheckoutPath(sub.id);
            break;
        case SubscriptionStatus::kActive:
            if (sub.cancel_at_period_end) {
                label = "Cancelled", state = "warn",
                detail = "Access until " + end + "; it will not renew.";
            } else if (sub.complimentary) {
                label = "Complimentary", state = "ok",
                detail = "Access until " + end + "; nothing is charged.";
            } else {
                label = "Active", state = "ok", detail = "Renews automatically on " + end + ".";
            }
            break;
        case SubscriptionStatus::kPastDue:
            label = "Payment failed", state = "warn";
            detail =
                "The renewal payment failed and is being retried. Your access continues until " +
                Day(*sub.past_due_since + billing_.options().grace) + ".";
            break;
        case SubscriptionStatus::kExpired:
            label = "Ended", state = "ended", detail = end.empty() ? "" : "Ended on " + end + ".";
            break;
    }
    item["status"] = label;
    item["state"] = state;
    item["detail"] = detail;
    const bool active = sub.status == SubscriptionStatus::kActive;
    if (!sub.next_plan_id.empty() && !sub.cancel_at_period_end) {
        if (const Plan* next = billing_.FindPlan(sub.next_plan_id)) {
            item["next_plan"] = "From " + end + " your plan is " + next->name + " (" +
                                FormatMoney(next->price) + " for " + PeriodLabel(next->months) +
                                ").";
        }
    }
    item["can_cancel"] =
        (active && !sub.cancel_at_period_end) || sub.status == SubscriptionStatus::kPending;
    item["cancel_label"] =
        sub.status == SubscriptionStatus::kPending ? "Cancel checkout" : "Cancel subscription";
    // Razorpay cannot undo a cancellation (docs/billing.md).
    item["can_resume"] = active && sub.cancel_at_period_end && sub.period_end &&
                         now < *sub.period_end && !sub.complimentary && sub.gateway != "razorpay";
    const bool can_change = active && !sub.cancel_at_period_end && !sub.complimentary;
    item["can_change"] = can_change;
    if (can_change) {
        json options = json::array();
        const std::string& chosen = sub.next_plan_id.empty() ? sub.plan_id : sub.next_plan_id;
        for (const Plan& offered : billing_.options().plans) {
            if (!offered.active && offered.id != sub.plan_id) continue;
            options.push_back({{"id", offered.id},
                               {"label", offered.name + " · " + FormatMoney(offered.price) + " / " +
                                             PeriodLabel(offered.months) +
                                             (offered.id == sub.plan_id ? " (current)" : "")},
                               {"selected", offered.id == chosen}});
        }
        item["plan_options"] = options;
    }
    return item;
}

http::Response SubscriptionPages::ManagePage(int status, const ReaderContext& reader,
                                             std::string notice, std::string error) const {
    auto subs = billing_.ForReader(*reader.reader_id);
    auto history = billing_.History(*reader.reader_id);
    if (!subs || !history) {
        spdlog::error("subscriptions of reader {}: {}", reader.reader_id->value,
                      (!subs ? subs.error() : history.error()).message);
        return Message(500, "Something went wrong",
                       "Your subscriptions could not be read. Please try again.", reader);
    }
    const Timestamp now = billing_.Now();
    json list = json::array();
    bool waiting = false;
    for (const Subscription& sub : *subs) {
        // Checkouts abandoned before any payment are history only.
        if (sub.status == SubscriptionStatus::kExpired && !sub.period_end) continue;
        if (sub.status == SubscriptionStatus::kPending) waiting = true;
        list.push_back(SubscriptionItem(sub, now));
    }
    if (notice == kThanks && waiting) {
        notice =
            "Thank you. We are waiting for the payment provider to confirm your payment; this page "
            "will show it "
            "when it arrives.";
    }
    json rows = json::array();
    for (const store::BillingRecord& record : *history) {
        rows.push_back({{"date", Day(record.at)},
                        {"date_iso", FormatIsoUtc(record.at)},
                        {"event", KindLabel(record.kind)},
                        {"amount", record.amount ? FormatMoney(*record.amount) : "—"},
                        {"note", record.note}});
    }
    json content = {{"notice", notice},         {"error", error},
                    {"subscriptions", list},    {"has_subscriptions", !list.empty()},
                    {"history", rows},          {"has_history", !rows.empty()},
                    {"csrf", reader.csrf_token}};
    return Page(status, "subscription", "Your subscription", "/subscription", std::move(content),
                reader);
}

}  // namespace broadsheet::site
