// Webhook verification exactly as each gateway documents it, against signatures computed
// independently (Python's hmac, written down here; and libsodium called directly).
#include <gtest/gtest.h>
#include <sodium.h>

#include "billing/http_client.h"
#include "billing/razorpay_gateway.h"
#include "billing/signatures.h"
#include "billing/stripe_gateway.h"
#include "store/sqlite/sqlite_billing_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::billing {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

// Signed with hmac.new(key, msg, hashlib.sha256).hexdigest() in Python.
constexpr const char* kRazorpayBody =
    R"({"entity":"event","account_id":"acc_BFQ7uQEaa7j2z7","event":"subscription.charged","contains":["subscription","payment"],"payload":{"subscription":{"entity":{"id":"sub_00000000000001","entity":"subscription","plan_id":"plan_00000000000001","status":"active","current_start":1731752820,"current_end":1763288820,"notes":{"broadsheet_subscription_id":"42"}}},"payment":{"entity":{"id":"pay_00000000000001","entity":"payment","amount":270000,"currency":"INR","status":"captured"}}},"created_at":1731752830})";
constexpr const char* kRazorpaySignature =
    "dbf81f159c8f9ec29a01df37616f7475eda72df9212a636d8b271396645451ee";
constexpr const char* kStripeBody =
    R"({"id":"evt_1QEXAMPLE","object":"event","type":"invoice.paid","created":1731752830,"data":{"object":{"id":"in_1QEXAMPLE","object":"invoice","amount_paid":270000,"currency":"inr","subscription":"sub_1QEXAMPLE","subscription_details":{"metadata":{"broadsheet_subscription_id":"42"}},"lines":{"object":"list","data":[{"period":{"start":1731752820,"end":1763288820}}]}}}})";
constexpr const char* kStripeSignature =
    "b78b36ba81b53aeda08446a3dd3f341f1877d841eee647cff42ea532080ff5f1";
constexpr int64_t kStripeTime = 1731752830;

// HMAC-SHA256 straight from libsodium, not through billing/signatures.
std::string SodiumHmacHex(std::string_view key, std::string_view message) {
    if (sodium_init() < 0) return {};
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                                key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

TEST(SignaturesTest, MatchesTheRfc4231VectorAndComparesInConstantTime) {
    EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(HmacSha256Hex("rzp_webhook_secret", kRazorpayBody), kRazorpaySignature);
    EXPECT_EQ(HmacSha256Hex("k", "m"), SodiumHmacHex("k", "m"));
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

TEST(FormEncodeTest, EncodesBracketsAndSpacesAsStripeExpects) {
    EXPECT_EQ(FormEncode({{"line_items[0][price]", "price_1"},
                          {"product_data[name]", "Smart Essential"},
                          {"success_url", "https://x.example/a?b=1&c"}}),
              "line_items%5B0%5D%5Bprice%5D=price_1&product_data%5Bname%5D=Smart%20Essential&"
              "success_url=https%3A%2F%2Fx.example%2Fa%3Fb%3D1%26c");
}

class WebhookTest : public ::testing::Test {
protected:
    RazorpayGateway Razorpay(std::string secret = "rzp_webhook_secret") {
        RazorpayOptions options;
        options.webhook_secret = std::move(secret);
        return RazorpayGateway(options, http_, store_, clock_);
    }
    StripeGateway Stripe(std::string secret = "whsec_standin") {
        StripeOptions options;
        options.webhook_secret = std::move(secret);
        return StripeGateway(options, http_, store_);
    }
    static std::string StripeHeader(int64_t t, std::string_view body,
                                    std::string_view secret = "whsec_standin") {
        return "t=" + std::to_string(t) +
               ",v1=" + SodiumHmacHex(secret, std::to_string(t) + "." + std::string(body));
    }

    store::sqlite::TestDatabase database_{1};
    store::sqlite::SqliteBillingStore store_{database_.pool()};
    CurlHttpClient http_{std::chrono::seconds(5), std::chrono::seconds(5)};
    FixedClock clock_{At(kStripeTime)};
};

TEST_F(WebhookTest, RazorpayVerifiesTheRawBodyAndReadsTheEvent) {
    auto event = Razorpay().ParseWebhook(
        {{"X-Razorpay-Signature", kRazorpaySignature}, {"x-razorpay-event-id", "evt_R1"}},
        kRazorpayBody, At(0));
    ASSERT_TRUE(event.has_value()) << event.error().message;
    EXPECT_EQ(event->gateway, "razorpay");
    EXPECT_EQ(event->event_id, "evt_R1");
    EXPECT_EQ(event->type, "subscription.charged");
    EXPECT_EQ(event->kind, EventKind::kPaid);
    EXPECT_EQ(event->gateway_subscription_id, "sub_00000000000001");
    EXPECT_EQ(event->subscription_id, 42);
    EXPECT_EQ(event->occurred, At(1731752830));
    EXPECT_EQ(event->period_start, At(1731752820));
    EXPECT_EQ(event->period_end, At(1763288820));
    EXPECT_EQ(event->amount, (Money{270000, "INR"}));
}

TEST_F(WebhookTest, RazorpayRefusesWhatItDidNotSign) {
    struct Case {
        const char* name;
        Headers headers;
        std::string body;
        std::string secret;
    };
    std::string tampered = kRazorpayBody;
    tampered.replace(tampered.find("270000"), 6, "100");
    const Case kCases[] = {
        {"no signature", {}, kRazorpayBody, "rzp_webhook_secret"},
        {"wrong secret",
         {{"X-Razorpay-Signature", kRazorpaySignature}},
         kRazorpayBody,
         "another_secret"},
        {"tampered body",
         {{"X-Razorpay-Signature", kRazorpaySignature}},
         tampered,
         "rzp_webhook_secret"},
        {"upper-case hex",
         {{"X-Razorpay-Signature",
           "DBF81F159C8F9EC29A01DF37616F7475EDA72DF9212A636D8B271396645451EE"}},
         kRazorpayBody,
         "rzp_webhook_secret"},
        {"no secret configured", {{"X-Razorpay-Signature", kRazorpaySignature}}, kRazorpayBody, ""},
    };
    for (const Case& c : kCases) {
        auto event = Razorpay(c.secret).ParseWebhook(c.headers, c.body, At(0));
        ASSERT_FALSE(event.has_value()) << c.name;
        EXPECT_EQ(event.error().code, ErrorCode::kForbidden) << c.name;
    }
}

TEST_F(WebhookTest, RazorpayEventsWithoutAnIdAreKnownByTheirBody) {
    auto gateway = Razorpay();
    auto first =
        gateway.ParseWebhook({{"x-razorpay-signature", kRazorpaySignature}}, kRazorpayBody, At(0));
    auto again =
        gateway.ParseWebhook({{"x-razorpay-signature", kRazorpaySignature}}, kRazorpayBody, At(99));
    ASSERT_TRUE(first.has_value() && again.has_value());
    EXPECT_EQ(first->event_id, again->event_id);
    EXPECT_TRUE(first->event_id.starts_with("sha256:"));
}

TEST_F(WebhookTest, RazorpayEventKindsAndQuirks) {
    struct Case {
        const char* event;
        EventKind kind;
    };
    const Case kCases[] = {
        {"subscription.activated", EventKind::kPaid},
        {"subscription.charged", EventKind::kPaid},
        {"subscription.pending", EventKind::kPaymentFailed},
        {"subscription.halted", EventKind::kPaymentFailed},
        {"subscription.cancelled", EventKind::kEnded},
        {"subscription.completed", EventKind::kEnded},
        {"subscription.authenticated", EventKind::kLinked},
        {"payment.captured", EventKind::kIgnored},
    };
    for (const Case& c : kCases) {
        // Notes come as [] when empty (a PHP quirk of Razorpay's); the id is then the gateway's.
        std::string body =
            std::string(R"({"event":")") + c.event +
            R"(","created_at":1731752830,"payload":{"subscription":{"entity":{"id":"sub_9","notes":[],"current_start":1731752820,"current_end":1763288820}}}})";
        auto event = Razorpay().ParseWebhook(
            {{"X-Razorpay-Signature", SodiumHmacHex("rzp_webhook_secret", body)}}, body, At(0));
        ASSERT_TRUE(event.has_value()) << c.event << ": " << event.error().message;
        EXPECT_EQ(event->kind, c.kind) << c.event;
        EXPECT_EQ(event->gateway_subscription_id, "sub_9");
        EXPECT_FALSE(event->subscription_id.has_value());
        if (c.kind == EventKind::kPaymentFailed) {
            EXPECT_FALSE(event->period_end.has_value()) << "a failure is not a paid period";
        }
    }
    const std::string junk = "not json";
    auto bad = Razorpay().ParseWebhook(
        {{"X-Razorpay-Signature", SodiumHmacHex("rzp_webhook_secret", junk)}}, junk, At(0));
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

TEST_F(WebhookTest, StripeVerifiesTheSignedTimestampAndBody) {
    const std::string header = "t=" + std::to_string(kStripeTime) + ",v1=" + kStripeSignature;
    auto event =
        Stripe().ParseWebhook({{"Stripe-Signature", header}}, kStripeBody, At(kStripeTime + 10));
    ASSERT_TRUE(event.has_value()) << event.error().message;
    EXPECT_EQ(event->gateway, "stripe");
    EXPECT_EQ(event->event_id, "evt_1QEXAMPLE");
    EXPECT_EQ(event->kind, EventKind::kPaid);
    EXPECT_EQ(event->gateway_subscription_id, "sub_1QEXAMPLE");
    EXPECT_EQ(event->subscription_id, 42);
    EXPECT_EQ(event->period_start, At(1731752820));
    EXPECT_EQ(event->period_end, At(1763288820));
    EXPECT_EQ(event->amount, (Money{270000, "INR"}));
    EXPECT_EQ(event->occurred, At(kStripeTime));
}

TEST_F(WebhookTest, StripeRefusesStaleForgedAndMalformedSignatures) {
    const std::string v1 = kStripeSignature;
    const std::string t = std::to_string(kStripeTime);
    struct Case {
        const char* name;
        std::string header;
        int64_t now;
        bool accepted;
    };
    const Case kCases[] = {
        {"fresh", "t=" + t + ",v1=" + v1, kStripeTime, true},
        {"300 s old", "t=" + t + ",v1=" + v1, kStripeTime + 300, true},
        {"301 s old: a replay", "t=" + t + ",v1=" + v1, kStripeTime + 301, false},
        {"301 s in the future", "t=" + t + ",v1=" + v1, kStripeTime - 301, false},
        {"any v1 may match (secret rolling)",
         "t=" + t + ",v1=" + std::string(64, '0') + ",v1=" + v1, kStripeTime, true},
        {"spaces and a v0", " t=" + t + ", v0=abc , v1=" + v1, kStripeTime, true},
        {"only v0", "t=" + t + ",v0=" + v1, kStripeTime, false},
        {"no timestamp", "v1=" + v1, kStripeTime, false},
        {"a timestamp not a number", "t=12x,v1=" + v1, kStripeTime, false},
        {"another timestamp", "t=" + std::to_string(kStripeTime + 1) + ",v1=" + v1, kStripeTime,
         false},
        {"wrong secret", StripeHeader(kStripeTime, kStripeBody, "whsec_other"), kStripeTime, false},
        {"empty", "", kStripeTime, false},
    };
    for (const Case& c : kCases) {
        auto event =
            Stripe().ParseWebhook({{"stripe-signature", c.header}}, kStripeBody, At(c.now));
        EXPECT_EQ(event.has_value(), c.accepted)
            << c.name << ": " << (event ? "" : event.error().message);
        if (!c.accepted && !event) {
            EXPECT_EQ(event.error().code, ErrorCode::kForbidden) << c.name;
        }
    }
}

TEST_F(WebhookTest, StripeEventShapes) {
    struct Case {
        const char* name;
        std::string body;
        EventKind kind;
        std::string gateway_subscription;
        std::optional<int64_t> ours;
        std::optional<bool> cancel;
    };
    auto event = [](const std::string& type, const std::string& object) {
        return R"({"id":"evt_)" + type + R"(","object":"event","type":")" + type +
               R"(","created":1731752830,"data":{"object":)" + object + "}}";
    };
    const Case kCases[] = {
        {"checkout",
         event(
             "checkout.session.completed",
             R"({"id":"cs_1","client_reference_id":"7","subscription":"sub_A","payment_status":"paid"})"),
         EventKind::kLinked, "sub_A", 7, std::nullopt},
        {"invoice, 2025 API",
         event(
             "invoice.paid",
             R"({"id":"in_2","amount_paid":90000,"currency":"inr","parent":{"type":"subscription_details","subscription_details":{"subscription":"sub_B","metadata":{"broadsheet_subscription_id":"8"}}},"lines":{"data":[{"period":{"start":1,"end":2}}]}})"),
         EventKind::kPaid, "sub_B", 8, std::nullopt},
        {"failed invoice",
         event(
             "invoice.payment_failed",
             R"({"id":"in_3","amount_due":90000,"currency":"inr","subscription":{"id":"sub_C"},"lines":{"data":[{"period":{"start":1,"end":2}}]}})"),
         EventKind::kPaymentFailed, "sub_C", std::nullopt, std::nullopt},
        {"cancel scheduled",
         event(
             "customer.subscription.updated",
             R"({"id":"sub_D","cancel_at_period_end":true,"metadata":{"broadsheet_subscription_id":"9"}})"),
         EventKind::kCancelChanged, "sub_D", 9, true},
        {"deleted", event("customer.subscription.deleted", R"({"id":"sub_E","metadata":{}})"),
         EventKind::kEnded, "sub_E", std::nullopt, std::nullopt},
        {"other", event("charge.succeeded", R"({"id":"ch_1"})"), EventKind::kIgnored, "",
         std::nullopt, std::nullopt},
    };
    for (const Case& c : kCases) {
        auto parsed = Stripe().ParseWebhook(
            {{"Stripe-Signature", StripeHeader(kStripeTime, c.body)}}, c.body, At(kStripeTime));
        ASSERT_TRUE(parsed.has_value()) << c.name << ": " << parsed.error().message;
        EXPECT_EQ(parsed->kind, c.kind) << c.name;
        EXPECT_EQ(parsed->gateway_subscription_id, c.gateway_subscription) << c.name;
        EXPECT_EQ(parsed->subscription_id, c.ours) << c.name;
        EXPECT_EQ(parsed->cancel_at_period_end, c.cancel) << c.name;
    }
}

}  // namespace
}  // namespace broadsheet::billing
