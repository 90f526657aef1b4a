// End to end: plans, checkout and gateway webhooks through the real `broadsheet serve`.
// Razorpay and Stripe are played by tests/billing/gateway-standin.py (the documented
// request and response shapes, on 127.0.0.1); webhooks are signed here, independently of
// the server's code, with libsodium's HMAC-SHA256.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "http_client.h"
#include "process.h"
#include "browser.h"
#include "serve_process.h"

namespace broadsheet::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kBinary = BROADSHEET_BINARY;
const std::string kStandIn =
    std::string(BROADSHEET_SOURCE_DIR) + "/tests/billing/gateway-standin.py";
constexpr const char* kPassword = "correct horse battery";
constexpr const char* kRazorpaySecret = "rzp_webhook_fn_secret";
constexpr const char* kStripeSecret = "whsec_fn_secret";

std::string Hmac(const std::string& key, const std::string& message) {
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

// One row of the subscriptions table, read straight from the server's database.
struct Row {
    int64_t id = 0;
    std::string status;
    std::string gateway_ref;
    int64_t period_end = 0;
    bool cancel_at_period_end = false;
};

std::vector<Row> Subscriptions(const fs::path& database) {
    std::vector<Row> rows;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return rows;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT id, status, gateway_ref, COALESCE(period_end, 0), "
                       "cancel_at_period_end FROM subscriptions"
                       " ORDER BY id",
                       -1, &stmt, nullptr);
    while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
        Row row;
        row.id = sqlite3_column_int64(stmt, 0);
        row.status = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
        row.gateway_ref = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
        row.period_end = sqlite3_column_int64(stmt, 3);
        row.cancel_at_period_end = sqlite3_column_int64(stmt, 4) != 0;
        rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
}

int CountHistory(const fs::path& database) {
    sqlite3* db = nullptr;
    int count = -1;
    if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM billing_history", -1, &stmt, nullptr);
        if (stmt && sqlite3_step(stmt) == SQLITE_ROW)
            count = static_cast<int>(sqlite3_column_int64(stmt, 0));
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return count;
}

class BillingTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("bs-billing-" + std::to_string(::getpid()) + "-" + test->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        standin_ = std::make_unique<Child>(std::vector<std::string>{"/usr/bin/python3", kStandIn});
        const std::string line = standin_->ReadLine(10000);
        ASSERT_TRUE(line.starts_with("PORT ")) << "the stand-in did not start: " << line;
        standin_url_ = "http://127.0.0.1:" + line.substr(5);
    }
    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0);
        }
        server_.reset();
        if (standin_) standin_->Stop(SIGTERM, 5000);
        fs::remove_all(dir_);
    }

    // The config for `gateway`, with both gateways' keys pointing at the stand-in.
    fs::path WriteConfig(const std::string& gateway) {
        const fs::path config = dir_ / "broadsheet.toml";
        std::ofstream(config)
            << "[site]\nname = \"Business Standard\"\nbase_url = \"https://news.example\"\n\n"
            << "[server]\naccess_log = false\n\n"
            << "[billing]\ngateway = \"" << gateway << "\"\n"
            << "razorpay_key_id = \"rzp_test_standin\"\nrazorpay_key_secret = \"standin_secret\"\n"
            << "razorpay_webhook_secret = \"" << kRazorpaySecret << "\"\n"
            << "razorpay_base_url = \"" << standin_url_ << "\"\n"
            << "stripe_secret_key = \"sk_test_standin\"\n"
            << "stripe_webhook_secret = \"" << kStripeSecret << "\"\n"
            << "stripe_base_url = \"" << standin_url_ << "\"\nhttp_timeout_seconds = 10\n";
        return config;
    }

    // Adds a reader from the command line (password on standard input), then serves.
    void Serve(const std::string& gateway, const std::string& extra_reader_args = "") {
        config_ = WriteConfig(gateway);
        const std::string add = "printf '%s\\n' '" + std::string(kPassword) + "' | '" + kBinary +
                                "' reader add --config '" + config_.string() + "' --data '" +
                                (dir_ / "data").string() + "' --email ana@example.com " +
                                extra_reader_args;
        Completed added = RunCommand({"/bin/sh", "-c", add});
        ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
        reader_add_output_ = added.out;
        server_ = std::make_unique<ServeProcess>(
            kBinary, std::vector<std::string>{"--config", config_.string(), "--data",
                                              (dir_ / "data").string(), "--no-demo"});
        ASSERT_GT(server_->port(), 0) << "the server did not start";
    }

    void SignIn(Browser& browser) {
        Reply form = browser.Get("/account/signin");
        Reply in = browser.Post("/account/signin", {{"csrf", CsrfIn(form.body)},
                                                    {"email", "ana@example.com"},
                                                    {"password", kPassword},
                                                    {"next", "/subscribe"}});
        ASSERT_EQ(in.status, 303) << in.body;
    }

    // Subscribes the signed-in reader to `plan`: the gateway's checkout URL.
    std::string Checkout(Browser& browser, const std::string& plan) {
        Reply confirm = browser.Get("/subscribe/" + plan);
        EXPECT_EQ(confirm.status, 200) << confirm.body;
        Reply started = browser.Post("/subscribe/" + plan, {{"csrf", CsrfIn(confirm.body)}});
        EXPECT_EQ(started.status, 303) << started.body;
        return started.Header("location");
    }

    json StandInRequests() { return json::parse(HttpGet(standin_url_ + "/_requests").body); }
    fs::path Database() const { return dir_ / "data" / "broadsheet.db"; }

    Reply PostWebhook(const std::string& gateway, const std::string& body,
                      const std::vector<std::string>& headers) {
        HttpResponse response =
            HttpPost(server_->Url("/billing/webhooks/" + gateway), body, headers);
        Reply reply;
        reply.status = response.status;
        reply.body = response.body;
        return reply;
    }

    fs::path dir_;
    fs::path config_;
    std::string standin_url_;
    std::string reader_add_output_;
    std::unique_ptr<Child> standin_;
    std::unique_ptr<ServeProcess> server_;
};

std::string RazorpayEvent(const std::string& event, const std::string& sub_ref, int64_t our_id,
                          int64_t start, int64_t end, int64_t created) {
    json body = {
        {"entity", "event"},
        {"account_id", "acc_standin"},
        {"event", event},
        {"contains", {"subscription", "payment"}},
        {"payload",
         {{"subscription",
           {{"entity",
             {{"id", sub_ref},
              {"entity", "subscription"},
              {"status", "active"},
              {"current_start", start},
              {"current_end", end},
              {"notes", {{"broadsheet_subscription_id", std::to_string(our_id)}}}}}}},
          {"payment", {{"entity", {{"id", "pay_1"}, {"amount", 270000}, {"currency", "INR"}}}}}}},
        {"created_at", created}};
    return body.dump();
}

TEST_F(BillingTest, SubscribeShowsTheReferencePlansAndTheTestGatewayTakesAPayment) {
    Serve("test", "--plan smart-quarterly --months 3");
    EXPECT_NE(reader_add_output_.find("complimentary smart-quarterly for ana@example.com until"),
              std::string::npos)
        << reader_add_output_;
    Reply plans = Browser(*server_).Get("/subscribe");
    ASSERT_EQ(plans.status, 200);
    for (const char* text : {"₹900", "3 Months", "₹300/Month", "SAVE 25%", "₹2,700", "1 Year",
                             "₹225/Month", "SAVE 46%", "₹3,900", "2 Years", "₹162/Month",
                             "Renews automatically, cancel anytime", "no money moves"}) {
        EXPECT_TRUE(plans.Has(text)) << text;
    }

    // The complimentary subscription from `reader add` blocks a second one until it ends.
    ASSERT_EQ(Subscriptions(Database()).size(), 1u);
    EXPECT_EQ(Subscriptions(Database())[0].status, "active");
    Browser browser(*server_);
    SignIn(browser);
    Reply mine = browser.Get("/subscription");
    EXPECT_TRUE(mine.Has("Complimentary")) << mine.body;
    Reply confirm = browser.Get("/subscribe/smart-essential");
    EXPECT_EQ(confirm.status, 409);
}

TEST_F(BillingTest, TheTestGatewayCheckoutPaysAndTheSubscriptionPageShowsIt) {
    Serve("test");
    Browser browser(*server_);
    SignIn(browser);
    const std::string checkout = Checkout(browser, "smart-essential");
    ASSERT_TRUE(checkout.starts_with("/subscribe/test-checkout?s=")) << checkout;
    Reply page = browser.Get(checkout);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(page.Has("Test gateway: no money moves."));
    Reply paid =
        browser.Post("/subscribe/test-checkout", {{"csrf", CsrfIn(page.body)},
                                                  {"s", checkout.substr(checkout.find("s=") + 2)},
                                                  {"outcome", "pay"}});
    ASSERT_EQ(paid.status, 303);
    Reply mine = browser.Get(paid.Header("location"));
    EXPECT_TRUE(mine.Has("Thank you for subscribing.")) << mine.body;
    EXPECT_TRUE(mine.Has("Renews automatically on"));
    EXPECT_TRUE(mine.Has("₹2,700"));
    EXPECT_EQ(StandInRequests().size(), 0u) << "the test gateway calls nobody";
}

TEST_F(BillingTest, RazorpayCheckoutAndSignedWebhooksAppliedOnce) {
    Serve("razorpay");
    Browser browser(*server_);
    SignIn(browser);
    const std::string checkout = Checkout(browser, "smart-essential");
    EXPECT_TRUE(checkout.starts_with("https://rzp.io/i/")) << checkout;
    json requests = StandInRequests();
    ASSERT_EQ(requests.size(), 2u) << requests.dump(2);
    EXPECT_EQ(requests[0]["path"], "/v1/plans");
    EXPECT_EQ(requests[1]["path"], "/v1/subscriptions");
    std::vector<Row> rows = Subscriptions(Database());
    ASSERT_EQ(rows.size(), 1u);
    const Row pending = rows[0];
    EXPECT_EQ(pending.status, "pending");
    EXPECT_EQ(requests[1]["json"]["notes"]["broadsheet_subscription_id"],
              std::to_string(pending.id));

    const int64_t now = std::time(nullptr);
    const int64_t year = 365 * 86400;
    const std::string charged = RazorpayEvent("subscription.charged", pending.gateway_ref,
                                              pending.id, now, now + year, now);
    auto post = [&](const std::string& body, const std::string& event_id,
                    const std::string& signature) {
        return PostWebhook("razorpay", body,
                           {"Content-Type: application/json", "X-Razorpay-Signature: " + signature,
                            "x-razorpay-event-id: " + event_id});
    };
    EXPECT_EQ(post(charged, "evt_charged_1", Hmac("wrong secret", charged)).status, 400);
    EXPECT_EQ(Subscriptions(Database())[0].status, "pending") << "a forged event changes nothing";

    Reply applied = post(charged, "evt_charged_1", Hmac(kRazorpaySecret, charged));
    EXPECT_EQ(applied.status, 200) << applied.body;
    EXPECT_NE(applied.body.find("\"applied\""), std::string::npos) << applied.body;
    EXPECT_EQ(Subscriptions(Database())[0].status, "active");
    EXPECT_EQ(Subscriptions(Database())[0].period_end, now + year);
    const int history = CountHistory(Database());

    Reply replay = post(charged, "evt_charged_1", Hmac(kRazorpaySecret, charged));
    EXPECT_EQ(replay.status, 200);
    EXPECT_NE(replay.body.find("\"duplicate\""), std::string::npos) << replay.body;
    EXPECT_EQ(CountHistory(Database()), history) << "a replay is recorded once";

    // The reader cancels: Razorpay is told to stop at the cycle end.
    Reply page = browser.Get("/subscription");
    ASSERT_TRUE(page.Has("Renews automatically on")) << page.body;
    Reply cancelled = browser.Post(
        "/subscription/cancel", {{"csrf", CsrfIn(page.body)}, {"s", std::to_string(pending.id)}});
    EXPECT_EQ(cancelled.status, 303) << cancelled.body;
    requests = StandInRequests();
    EXPECT_EQ(requests.back()["path"], "/v1/subscriptions/" + pending.gateway_ref + "/cancel");
    EXPECT_EQ(requests.back()["json"]["cancel_at_cycle_end"], 1);
    EXPECT_TRUE(Subscriptions(Database())[0].cancel_at_period_end);

    // Razorpay's own cancellation, then an older charge under a new event id: nothing goes back.
    const std::string ended = RazorpayEvent("subscription.cancelled", pending.gateway_ref,
                                            pending.id, now, now + year, now + 60);
    EXPECT_EQ(post(ended, "evt_cancelled", Hmac(kRazorpaySecret, ended)).status, 200);
    const std::string older = RazorpayEvent("subscription.charged", pending.gateway_ref, pending.id,
                                            now - year, now, now - year);
    Reply stale = post(older, "evt_old_charge", Hmac(kRazorpaySecret, older));
    EXPECT_EQ(stale.status, 200);
    EXPECT_NE(stale.body.find("\"unchanged\""), std::string::npos) << stale.body;
    Row after = Subscriptions(Database())[0];
    EXPECT_EQ(after.status, "active") << "paid up to the period end";
    EXPECT_EQ(after.period_end, now + year);
    EXPECT_TRUE(after.cancel_at_period_end);
    EXPECT_TRUE(browser.Get("/subscription").Has("it will not renew"));
}

TEST_F(BillingTest, StripeCheckoutAndSignedWebhooksInAnyOrder) {
    Serve("stripe");
    Browser browser(*server_);
    SignIn(browser);
    const std::string checkout = Checkout(browser, "smart-quarterly");
    EXPECT_TRUE(checkout.starts_with("https://checkout.stripe.com/c/pay/cs_test_")) << checkout;
    json requests = StandInRequests();
    ASSERT_EQ(requests.size(), 2u) << requests.dump(2);
    EXPECT_EQ(requests[0]["path"], "/v1/prices");
    EXPECT_EQ(requests[0]["headers"]["authorization"], "Bearer sk_test_standin");
    EXPECT_EQ(requests[1]["path"], "/v1/checkout/sessions");
    EXPECT_EQ(requests[1]["form"]["mode"], "subscription");
    EXPECT_EQ(requests[1]["form"]["customer_email"], "ana@example.com");
    const Row pending = Subscriptions(Database()).at(0);
    EXPECT_EQ(requests[1]["form"]["client_reference_id"], std::to_string(pending.id));

    const int64_t now = std::time(nullptr);
    const int64_t quarter = 90 * 86400;
    auto event = [&](const std::string& id, const std::string& type, const json& object) {
        return json{{"id", id},
                    {"object", "event"},
                    {"type", type},
                    {"created", now},
                    {"data", {{"object", object}}}}
            .dump();
    };
    auto post = [&](const std::string& body, int64_t t, const std::string& secret = kStripeSecret) {
        const std::string stamp = std::to_string(t);
        return PostWebhook(
            "stripe", body,
            {"Content-Type: application/json",
             "Stripe-Signature: t=" + stamp + ",v1=" + Hmac(secret, stamp + "." + body)});
    };
    const json invoice = {
        {"id", "in_1"},
        {"object", "invoice"},
        {"amount_paid", 90000},
        {"currency", "inr"},
        {"parent",
         {{"subscription_details",
           {{"subscription", "sub_STRIPE1"},
            {"metadata", {{"broadsheet_subscription_id", std::to_string(pending.id)}}}}}}},
        {"lines", {{"data", {{{"period", {{"start", now}, {"end", now + quarter}}}}}}}}};
    const std::string paid = event("evt_paid", "invoice.paid", invoice);
    // The invoice arrives before the checkout's completion: it finds the subscription by our id.
    EXPECT_EQ(post(paid, now - 301).status, 400) << "a stale signature";
    EXPECT_EQ(post(paid, now, "whsec_wrong").status, 400);
    Reply applied = post(paid, now);
    EXPECT_EQ(applied.status, 200) << applied.body;
    EXPECT_NE(applied.body.find("\"applied\""), std::string::npos);
    Row active = Subscriptions(Database()).at(0);
    EXPECT_EQ(active.status, "active");
    EXPECT_EQ(active.gateway_ref, "sub_STRIPE1");
    EXPECT_EQ(active.period_end, now + quarter);
    const int history = CountHistory(Database());
    EXPECT_NE(post(paid, now).body.find("\"duplicate\""), std::string::npos);
    const std::string completed = event("evt_completed", "checkout.session.completed",
                                        {{"id", "cs_1"},
                                         {"client_reference_id", std::to_string(pending.id)},
                                         {"subscription", "sub_STRIPE1"}});
    Reply linked = post(completed, now);
    EXPECT_EQ(linked.status, 200);
    EXPECT_NE(linked.body.find("\"unchanged\""), std::string::npos) << linked.body;
    EXPECT_EQ(CountHistory(Database()), history);

    // Cancelled in Stripe's dashboard: the flag follows; a replay of it changes nothing.
    const std::string updated = event("evt_updated", "customer.subscription.updated",
                                      {{"id", "sub_STRIPE1"}, {"cancel_at_period_end", true}});
    EXPECT_EQ(post(updated, now).status, 200);
    EXPECT_TRUE(Subscriptions(Database()).at(0).cancel_at_period_end);
    EXPECT_NE(post(updated, now).body.find("\"duplicate\""), std::string::npos);
    Reply page = browser.Get("/subscription");
    EXPECT_TRUE(page.Has("Cancelled")) << page.body;
    EXPECT_TRUE(page.Has("Resume subscription"));

    // The reader resumes: Stripe is told.
    Reply resumed = browser.Post("/subscription/resume",
                                 {{"csrf", CsrfIn(page.body)}, {"s", std::to_string(pending.id)}});
    EXPECT_EQ(resumed.status, 303) << resumed.body;
    requests = StandInRequests();
    EXPECT_EQ(requests.back()["path"], "/v1/subscriptions/sub_STRIPE1");
    EXPECT_EQ(requests.back()["form"]["cancel_at_period_end"], "false");
    EXPECT_FALSE(Subscriptions(Database()).at(0).cancel_at_period_end);
}

}  // namespace
}  // namespace broadsheet::testing
