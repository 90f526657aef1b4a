#include "billing/razorpay_gateway.h"

#include <algorithm>

#include "billing/json_fields.h"
#include "billing/signatures.h"

namespace broadsheet::billing {
namespace {

using nlohmann::json;

constexpr const char* kNoteKey = "broadsheet_subscription_id";

std::optional<Timestamp> TimeAt(const json& root, std::initializer_list<const char*> path) {
    auto seconds = JsonInt(root, path);
    if (!seconds) return std::nullopt;
    return Timestamp{std::chrono::seconds{*seconds}};
}

EventKind KindOf(std::string_view type) {
    if (type == "subscription.authenticated") return EventKind::kLinked;
    if (type == "subscription.activated" || type == "subscription.charged") return EventKind::kPaid;
    if (type == "subscription.pending" || type == "subscription.halted")
        return EventKind::kPaymentFailed;
    if (type == "subscription.cancelled" || type == "subscription.completed")
        return EventKind::kEnded;
    return EventKind::kIgnored;
}

}  // namespace

RazorpayGateway::RazorpayGateway(RazorpayOptions options, const HttpClient& http,
                                 store::BillingStore& plan_refs, const Clock& clock)
    : options_(std::move(options)), http_(http), plan_refs_(plan_refs), clock_(clock) {}

Result<std::string> RazorpayGateway::Call(const std::string& method, const std::string& path,
                                          const std::string& json_body) const {
    HttpCall call;
    call.method = method;
    call.url = JoinUrl(options_.base_url, path);
    call.headers = {"Content-Type: application/json", "Accept: application/json"};
    call.body = json_body;
    call.basic_auth = options_.key_id + ":" + options_.key_secret;
    auto reply = http_.Send(call);
    if (!reply) return Fail(reply.error().code, "Razorpay: " + reply.error().message);
    if (reply->status < 200 || reply->status > 299) {
        // {"error": {"code": "BAD_REQUEST_ERROR", "description": "…"}}
        json parsed = json::parse(reply->body, nullptr, false);
        std::string detail =
            JsonString(parsed, {"error", "description"}).value_or(reply->body.substr(0, 200));
        return Fail(ErrorCode::kIo, "Razorpay " + method + " " + path + ": HTTP " +
                                        std::to_string(reply->status) + ": " + detail);
    }
    return std::move(reply->body);
}

Result<std::string> RazorpayGateway::PlanId(const Plan& plan) {
    if (auto configured = options_.plan_ids.find(plan.id); configured != options_.plan_ids.end()) {
        return configured->second;
    }
    auto known = plan_refs_.GatewayPlanRef(name(), plan);
    if (!known) return known.error();
    if (*known) return **known;
    // A plan bills every `interval` periods: whole years as "yearly", the rest as "monthly".
    const bool yearly = plan.months % 12 == 0;
    json body = {
        {"period", yearly ? "yearly" : "monthly"},
        {"interval", yearly ? plan.months / 12 : plan.months},
        {"item",
         {{"name", plan.name}, {"amount", plan.price.minor}, {"currency", plan.price.currency}}},
        {"notes", {{"broadsheet_plan_id", plan.id}}}};
    auto reply = Call("POST", "/v1/plans", body.dump());
    if (!reply) return reply.error();
    auto id = JsonString(json::parse(*reply, nullptr, false), {"id"});
    if (!id) return Fail(ErrorCode::kIo, "Razorpay: a created plan without an id");
    if (auto kept = plan_refs_.PutGatewayPlanRef(name(), plan, *id); !kept) return kept.error();
    return *id;
}

Result<CheckoutStart> RazorpayGateway::CreateCheckout(const Subscription& subscription,
                                                      const Plan& plan, std::string_view email,
                                                      const ReturnUrls&) {
    auto plan_id = PlanId(plan);
    if (!plan_id) return plan_id.error();
    const int months = std::max(plan.months, 1);
    json body = {{"plan_id", *plan_id},
                 {"total_count", std::max(1, options_.renew_for_years * 12 / months)},
                 {"quantity", 1},
                 {"customer_notify", 1},
                 {"notes", {{kNoteKey, std::to_string(subscription.id)}}}};
    if (!email.empty()) body["notify_info"] = {{"notify_email", std::string(email)}};
    if (plan.trial_days > 0) {
        // The first charge waits for the trial to end.
        body["start_at"] =
            (clock_.Now() + std::chrono::days(plan.trial_days)).time_since_epoch().count();
    }
    auto reply = Call("POST", "/v1/subscriptions", body.dump());
    if (!reply) return reply.error();
    json parsed = json::parse(*reply, nullptr, false);
    auto id = JsonString(parsed, {"id"});
    auto url = JsonString(parsed, {"short_url"});
    if (!id || !url)
        return Fail(ErrorCode::kIo, "Razorpay: a created subscription without id or short_url");
    return CheckoutStart{*url, *id};
}

Result<void> RazorpayGateway::Cancel(const Subscription& subscription) {
    if (subscription.gateway_ref.empty())
        return {};  // Never reached Razorpay: nothing renews there.
    auto reply = Call("POST", "/v1/subscriptions/" + subscription.gateway_ref + "/cancel",
                      json{{"cancel_at_cycle_end", 1}}.dump());
    if (!reply) return reply.error();
    return {};
}

Result<void> RazorpayGateway::Resume(const Subscription&) {
    return Fail(ErrorCode::kUnsupported,
                "Razorpay cannot undo a cancellation: you keep access to the end of the paid "
                "period and may "
                "subscribe again then");
}

Result<void> RazorpayGateway::ChangePlan(const Subscription& subscription, const Plan&,
                                         const Plan& next) {
    if (subscription.gateway_ref.empty())
        return Fail(ErrorCode::kConflict, "the subscription is not at Razorpay yet");
    auto plan_id = PlanId(next);
    if (!plan_id) return plan_id.error();
    auto reply = Call(
        "PATCH", "/v1/subscriptions/" + subscription.gateway_ref,
        json{{"plan_id", *plan_id}, {"schedule_change_at", "cycle_end"}, {"customer_notify", 1}}
            .dump());
    if (!reply) return reply.error();
    return {};
}

Result<GatewayEvent> RazorpayGateway::ParseWebhook(const Headers& headers,
                                                   std::string_view raw_body, Timestamp) const {
    const std::string_view signature = FindHeader(headers, "X-Razorpay-Signature");
    if (signature.empty()) return Fail(ErrorCode::kForbidden, "no X-Razorpay-Signature header");
    if (options_.webhook_secret.empty())
        return Fail(ErrorCode::kForbidden, "no Razorpay webhook secret configured");
    if (!ConstantTimeEquals(HmacSha256Hex(options_.webhook_secret, raw_body), signature)) {
        return Fail(ErrorCode::kForbidden, "the X-Razorpay-Signature does not match the body");
    }
    json body = json::parse(raw_body, nullptr, false);
    if (!body.is_object())
        return Fail(ErrorCode::kInvalidInput, "the webhook body is not a JSON object");
    GatewayEvent event;
    event.gateway = "razorpay";
    // Razorpay names each event in a header; the same event delivered again keeps its id. A
    // body without one is known by its hash, so an identical replay is still recognised.
    event.event_id = std::string(FindHeader(headers, "x-razorpay-event-id"));
    if (event.event_id.empty()) event.event_id = "sha256:" + Sha256Hex(raw_body);
    event.type = JsonString(body, {"event"}).value_or("");
    if (event.type.empty()) return Fail(ErrorCode::kInvalidInput, "the webhook names no event");
    event.kind = KindOf(event.type);
    auto created = TimeAt(body, {"created_at"});
    if (!created) return Fail(ErrorCode::kInvalidInput, "the webhook has no created_at");
    event.occurred = *created;
    const json* entity = JsonAt(body, {"payload", "subscription", "entity"});
    if (entity) {
        event.gateway_subscription_id = JsonString(*entity, {"id"}).value_or("");
        event.subscription_id =
            JsonInt(*entity, {"notes", kNoteKey});  // Notes may be [] when empty.
        event.period_start = TimeAt(*entity, {"current_start"});
        event.period_end = TimeAt(*entity, {"current_end"});
    }
    if (event.kind == EventKind::kPaymentFailed) {
        // Razorpay does not say which renewal failed; the lifecycle goes by when it happened.
        event.period_start.reset();
        event.period_end.reset();
    }
    if (const json* payment = JsonAt(body, {"payload", "payment", "entity"})) {
        auto amount = JsonInt(*payment, {"amount"});
        auto currency = JsonString(*payment, {"currency"});
        if (amount && currency) event.amount = Money{*amount, *currency};
    }
    if (event.kind != EventKind::kIgnored && event.gateway_subscription_id.empty() &&
        !event.subscription_id) {
        return Fail(ErrorCode::kInvalidInput, event.type + " names no subscription");
    }
    return event;
}

}  // namespace broadsheet::billing
