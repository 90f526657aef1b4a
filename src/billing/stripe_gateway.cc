#include "billing/stripe_gateway.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "billing/json_fields.h"
#include "billing/signatures.h"

namespace broadsheet::billing {
namespace {

using nlohmann::json;

constexpr const char* kMetadataKey = "broadsheet_subscription_id";

std::optional<Timestamp> TimeAt(const json& root, std::initializer_list<const char*> path) {
    auto seconds = JsonInt(root, path);
    if (!seconds) return std::nullopt;
    return Timestamp{std::chrono::seconds{*seconds}};
}

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string Upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// An expandable field: "sub_…", or the expanded object with its id.
std::string IdAt(const json& root, std::initializer_list<const char*> path) {
    const json* node = JsonAt(root, path);
    if (!node) return {};
    if (node->is_string()) return node->get<std::string>();
    return JsonString(*node, {"id"}).value_or("");
}

// The invoice's subscription and our id in its metadata, where API versions put them:
// `subscription` and `subscription_details` before 2025-03-31, `parent.subscription_details` since.
void ReadInvoice(const json& invoice, GatewayEvent& event, bool paid) {
    event.gateway_subscription_id = IdAt(invoice, {"subscription"});
    if (event.gateway_subscription_id.empty()) {
        event.gateway_subscription_id =
            IdAt(invoice, {"parent", "subscription_details", "subscription"});
    }
    event.subscription_id = JsonInt(invoice, {"subscription_details", "metadata", kMetadataKey});
    if (!event.subscription_id) {
        event.subscription_id =
            JsonInt(invoice, {"parent", "subscription_details", "metadata", kMetadataKey});
    }
    // The period paid for is the subscription line's (the invoice's own period_* fields are
    // about usage, not the service period).
    if (const json* lines = JsonAt(invoice, {"lines", "data"});
        lines && lines->is_array() && !lines->empty()) {
        event.period_start = TimeAt((*lines)[0], {"period", "start"});
        event.period_end = TimeAt((*lines)[0], {"period", "end"});
    }
    auto amount = JsonInt(invoice, {paid ? "amount_paid" : "amount_due"});
    auto currency = JsonString(invoice, {"currency"});
    if (amount && currency) event.amount = Money{*amount, Upper(*currency)};
}

// Checks `Stripe-Signature: t=…,v1=…[,v1=…]` against the raw body as Stripe documents it.
Result<void> Verify(std::string_view header, std::string_view raw_body, std::string_view secret,
                    Timestamp now, std::chrono::seconds tolerance) {
    if (header.empty()) return Fail(ErrorCode::kForbidden, "no Stripe-Signature header");
    if (secret.empty()) return Fail(ErrorCode::kForbidden, "no Stripe webhook secret configured");
    std::string_view timestamp;
    std::vector<std::string_view> signatures;
    while (!header.empty()) {
        const size_t comma = header.find(',');
        const std::string_view item = Trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        const size_t equals = item.find('=');
        if (equals == std::string_view::npos) continue;
        const std::string_view key = item.substr(0, equals);
        if (key == "t") timestamp = item.substr(equals + 1);
        if (key == "v1") signatures.push_back(item.substr(equals + 1));
    }
    int64_t seconds = 0;
    auto [end, ec] =
        std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), seconds);
    if (timestamp.empty() || ec != std::errc() || end != timestamp.data() + timestamp.size()) {
        return Fail(ErrorCode::kForbidden, "the Stripe-Signature has no timestamp");
    }
    if (signatures.empty())
        return Fail(ErrorCode::kForbidden, "the Stripe-Signature has no v1 signature");
    const auto age = now.time_since_epoch() - std::chrono::seconds(seconds);
    if (age > tolerance || -age > tolerance) {
        return Fail(ErrorCode::kForbidden,
                    "the Stripe-Signature timestamp is outside the tolerance (a replay?)");
    }
    std::string signed_payload(timestamp);
    signed_payload += '.';
    signed_payload += raw_body;
    const std::string expected = HmacSha256Hex(secret, signed_payload);
    bool matched = false;
    for (std::string_view given : signatures)
        matched = ConstantTimeEquals(expected, given) || matched;
    if (!matched) return Fail(ErrorCode::kForbidden, "no Stripe-Signature v1 matches the body");
    return {};
}

}  // namespace

StripeGateway::StripeGateway(StripeOptions options, const HttpClient& http,
                             store::BillingStore& plan_refs)
    : options_(std::move(options)), http_(http), plan_refs_(plan_refs) {}

Result<std::string> StripeGateway::Call(const std::string& method, const std::string& path,
                                        const Fields& fields) const {
    HttpCall call;
    call.method = method;
    call.url = JoinUrl(options_.base_url, path);
    call.headers = {"Authorization: Bearer " + options_.secret_key,
                    "Content-Type: application/x-www-form-urlencoded"};
    call.body = FormEncode(fields);
    auto reply = http_.Send(call);
    if (!reply) return Fail(reply.error().code, "Stripe: " + reply.error().message);
    if (reply->status < 200 || reply->status > 299) {
        json parsed = json::parse(reply->body, nullptr, false);
        std::string detail =
            JsonString(parsed, {"error", "message"}).value_or(reply->body.substr(0, 200));
        return Fail(ErrorCode::kIo, "Stripe " + method + " " + path + ": HTTP " +
                                        std::to_string(reply->status) + ": " + detail);
    }
    return std::move(reply->body);
}

Result<std::string> StripeGateway::PriceId(const Plan& plan) {
    if (auto configured = options_.price_ids.find(plan.id);
        configured != options_.price_ids.end()) {
        return configured->second;
    }
    auto known = plan_refs_.GatewayPlanRef(name(), plan);
    if (!known) return known.error();
    if (*known) return **known;
    auto reply = Call("POST", "/v1/prices",
                      {{"currency", Lower(plan.price.currency)},
                       {"unit_amount", std::to_string(plan.price.minor)},
                       {"recurring[interval]", "month"},
                       {"recurring[interval_count]", std::to_string(std::max(plan.months, 1))},
                       {"product_data[name]", plan.name},
                       {"metadata[broadsheet_plan_id]", plan.id}});
    if (!reply) return reply.error();
    auto id = JsonString(json::parse(*reply, nullptr, false), {"id"});
    if (!id) return Fail(ErrorCode::kIo, "Stripe: a created price without an id");
    if (auto kept = plan_refs_.PutGatewayPlanRef(name(), plan, *id); !kept) return kept.error();
    return *id;
}

Result<CheckoutStart> StripeGateway::CreateCheckout(const Subscription& subscription,
                                                    const Plan& plan, std::string_view email,
                                                    const ReturnUrls& urls) {
    auto price = PriceId(plan);
    if (!price) return price.error();
    const std::string id = std::to_string(subscription.id);
    Fields fields = {{"mode", "subscription"},
                     {"line_items[0][price]", *price},
                     {"line_items[0][quantity]", "1"},
                     {"success_url", urls.success},
                     {"cancel_url", urls.cancel},
                     {"client_reference_id", id},
                     {"subscription_data[metadata][broadsheet_subscription_id]", id}};
    if (!email.empty()) fields.emplace_back("customer_email", std::string(email));
    if (plan.trial_days > 0)
        fields.emplace_back("subscription_data[trial_period_days]",
                            std::to_string(plan.trial_days));
    auto reply = Call("POST", "/v1/checkout/sessions", fields);
    if (!reply) return reply.error();
    auto url = JsonString(json::parse(*reply, nullptr, false), {"url"});
    if (!url) return Fail(ErrorCode::kIo, "Stripe: a Checkout Session without a url");
    // The subscription is made when the reader pays; checkout.session.completed names it.
    return CheckoutStart{*url, ""};
}

Result<void> StripeGateway::SetCancelAtPeriodEnd(const Subscription& subscription, bool cancel) {
    if (subscription.gateway_ref.empty()) {
        if (!cancel) return Fail(ErrorCode::kConflict, "the subscription is not at Stripe yet");
        return {};  // Never reached Stripe: nothing renews there.
    }
    auto reply = Call("POST", "/v1/subscriptions/" + subscription.gateway_ref,
                      {{"cancel_at_period_end", cancel ? "true" : "false"}});
    if (!reply) return reply.error();
    return {};
}

Result<void> StripeGateway::Cancel(const Subscription& subscription) {
    return SetCancelAtPeriodEnd(subscription, true);
}

Result<void> StripeGateway::Resume(const Subscription& subscription) {
    return SetCancelAtPeriodEnd(subscription, false);
}

Result<void> StripeGateway::ChangePlan(const Subscription& subscription, const Plan& current,
                                       const Plan& next) {
    if (subscription.gateway_ref.empty())
        return Fail(ErrorCode::kConflict, "the subscription is not at Stripe yet");
    auto next_price = PriceId(next);
    if (!next_price) return next_price.error();
    auto created = Call("POST", "/v1/subscription_schedules",
                        {{"from_subscription", subscription.gateway_ref}});
    if (!created) return created.error();
    json schedule = json::parse(*created, nullptr, false);
    auto schedule_id = JsonString(schedule, {"id"});
    const json* phases = JsonAt(schedule, {"phases"});
    if (!schedule_id || !phases || !phases->is_array() || phases->empty()) {
        return Fail(ErrorCode::kIo, "Stripe: a subscription schedule without phases");
    }
    const json& phase = (*phases)[0];
    auto start = JsonInt(phase, {"start_date"});
    auto end = JsonInt(phase, {"end_date"});
    std::string current_price;
    if (const json* items = JsonAt(phase, {"items"});
        items && items->is_array() && !items->empty()) {
        current_price = IdAt((*items)[0], {"price"});
    }
    if (current_price.empty()) {
        auto price = PriceId(current);
        if (!price) return price.error();
        current_price = *price;
    }
    if (!start || !end)
        return Fail(ErrorCode::kIo, "Stripe: the schedule's current phase has no dates");
    auto updated = Call("POST", "/v1/subscription_schedules/" + *schedule_id,
                        {{"end_behavior", "release"},
                         {"proration_behavior", "none"},
                         {"phases[0][items][0][price]", current_price},
                         {"phases[0][items][0][quantity]", "1"},
                         {"phases[0][start_date]", std::to_string(*start)},
                         {"phases[0][end_date]", std::to_string(*end)},
                         {"phases[1][items][0][price]", *next_price},
                         {"phases[1][items][0][quantity]", "1"}});
    if (!updated) return updated.error();
    return {};
}

Result<GatewayEvent> StripeGateway::ParseWebhook(const Headers& headers, std::string_view raw_body,
                                                 Timestamp now) const {
    if (auto verified = Verify(FindHeader(headers, "Stripe-Signature"), raw_body,
                               options_.webhook_secret, now, options_.tolerance);
        !verified) {
        return verified.error();
    }
    json body = json::parse(raw_body, nullptr, false);
    if (!body.is_object())
        return Fail(ErrorCode::kInvalidInput, "the webhook body is not a JSON object");
    GatewayEvent event;
    event.gateway = "stripe";
    event.event_id = JsonString(body, {"id"}).value_or("");
    event.type = JsonString(body, {"type"}).value_or("");
    auto created = TimeAt(body, {"created"});
    const json* object = JsonAt(body, {"data", "object"});
    if (event.event_id.empty() || event.type.empty() || !created || !object ||
        !object->is_object()) {
        return Fail(ErrorCode::kInvalidInput,
                    "the webhook is not a Stripe event (id, type, created, data.object)");
    }
    event.occurred = *created;
    if (event.type == "checkout.session.completed") {
        event.kind = EventKind::kLinked;
        event.gateway_subscription_id = IdAt(*object, {"subscription"});
        event.subscription_id = JsonInt(*object, {"client_reference_id"});
    } else if (event.type == "invoice.paid" || event.type == "invoice.payment_failed") {
        const bool paid = event.type == "invoice.paid";
        event.kind = paid ? EventKind::kPaid : EventKind::kPaymentFailed;
        ReadInvoice(*object, event, paid);
    } else if (event.type == "customer.subscription.updated" ||
               event.type == "customer.subscription.deleted") {
        const bool deleted = event.type == "customer.subscription.deleted";
        event.kind = deleted ? EventKind::kEnded : EventKind::kCancelChanged;
        event.gateway_subscription_id = JsonString(*object, {"id"}).value_or("");
        event.subscription_id = JsonInt(*object, {"metadata", kMetadataKey});
        if (!deleted) {
            event.cancel_at_period_end = JsonBool(*object, {"cancel_at_period_end"});
            if (!event.cancel_at_period_end) event.kind = EventKind::kIgnored;
        }
    } else {
        event.kind = EventKind::kIgnored;
    }
    if (event.kind != EventKind::kIgnored && event.gateway_subscription_id.empty() &&
        !event.subscription_id) {
        return Fail(ErrorCode::kInvalidInput, event.type + " names no subscription");
    }
    return event;
}

}  // namespace broadsheet::billing
