// The subscription pages and the gateways' webhooks through Site::Handle, with the real
// templates, a real store, the test gateway and a Stripe gateway (webhooks only).
#include "site/subscription_pages.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "billing/http_client.h"
#include "billing/signatures.h"
#include "billing/stripe_gateway.h"
#include "billing/subscriptions.h"
#include "billing/test_gateway.h"
#include "http/static_files.h"
#include "site/billing_webhooks.h"
#include "site/site.h"
#include "site/syndication.h"
#include "site/templates.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"
#include "store/sqlite/sqlite_billing_store.h"

namespace broadsheet::site {
namespace {

Timestamp Utc(const char* text) { return ParseIsoDateTime(text).value(); }

std::vector<Perk> Perks() {
    return {{"premium-stories", "Exclusive premium stories online",
             "Over 30 premium stories daily, handpicked by our editors", 0},
            {"epaper", "{site} Epaper", "Digital replica of our daily newspaper", 0},
            {"nyt-second-year", "Complimentary New York Times access for the 2nd year", "", 12}};
}

std::vector<Plan> Plans() {
    Plan retired{"retired", "Old Monthly", Money{30000, "INR"}, 1};
    retired.active = false;
    return {Plan{"smart-quarterly",
                 "Smart Quarterly",
                 Money{90000, "INR"},
                 3,
                 Money{120000, "INR"},
                 {"premium-stories", "epaper"}},
            Plan{"smart-essential",
                 "Smart Essential",
                 Money{270000, "INR"},
                 12,
                 Money{500000, "INR"},
                 {"premium-stories", "epaper", "nyt-second-year"}},
            Plan{"super-saver",
                 "Super Saver",
                 Money{390000, "INR"},
                 24,
                 Money{500000 * 2, "INR"},
                 {"premium-stories", "epaper", "nyt-second-year"}},
            retired};
}

class SubscriptionPagesTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("bs-subpages-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_ / "media");
        pool_ = std::move(store::sqlite::ConnectionPool::Open(dir_ / "broadsheet.db", 2).value());
        {
            auto db = pool_->Acquire();
            ASSERT_TRUE(store::sqlite::Migrate(*db).has_value());
        }
        articles_ = std::make_unique<store::sqlite::SqliteArticleStore>(*pool_);
        billing_store_ = std::make_unique<store::sqlite::SqliteBillingStore>(*pool_);
        templates_ = std::move(
            Templates::Load(std::filesystem::path(BROADSHEET_SOURCE_DIR) / "templates" / "site")
                .value());
        static_files_ = std::make_unique<http::StaticFiles>(
            http::StaticFiles::Load(std::filesystem::path(BROADSHEET_SOURCE_DIR) / "static",
                                    "/static/")
                .value());
        syndication_ =
            std::make_unique<Syndication>(SyndicationOptions{.site_name = "Business Standard",
                                                             .base_url = "https://news.example",
                                                             .language = "en"},
                                          *articles_, clock_);
        SiteOptions options{.timezone = SiteTimeZone::Find("Asia/Kolkata").value()};
        options.name = "Business Standard";
        options.base_url = "https://news.example";
        options.language = "en";
        options.plans = Plans();
        options.perks = Perks();
        options.offer_headline =
            "Subscribe to {site} digital and get complimentary access to The New York Times";
        options.renewal_note = "Renews automatically, cancel anytime";
        options.perks_heading = "Here’s what’s included in our digital subscription plans";
        options.page_cache.max_bytes = 1 << 20;
        options.page_cache.max_age = std::chrono::seconds(30);
        site_ = std::make_unique<Site>(options, *articles_, *templates_, *static_files_,
                                       *syndication_, nullptr);
        billing::SubscriptionOptions billing_options;
        billing_options.plans = Plans();
        billing_options.timezone = options.timezone;
        service_ = std::make_unique<billing::SubscriptionService>(billing_options, *billing_store_,
                                                                  clock_);
        service_->AddGateway(test_gateway_);
        billing::StripeOptions stripe_options;
        stripe_options.webhook_secret = "whsec_test";
        stripe_options.base_url = "http://127.0.0.1:1";
        stripe_ = std::make_unique<billing::StripeGateway>(stripe_options, http_, *billing_store_);
        service_->AddGateway(*stripe_);
        pages_ = std::make_unique<SubscriptionPages>(*site_, *service_);
        webhooks_ = std::make_unique<BillingWebhooks>(*site_, *service_);
        // A reader is "signed in" by a test header; the accounts module's resolver does it for
        // real.
        site_->SetReaderResolver([](const http::Request& request) {
            ReaderContext reader;
            const std::string_view id = request.Header("X-Test-Reader");
            if (id.empty()) return reader;
            reader.cache_class = "reader";
            reader.shared_cacheable = false;
            reader.reader_id = ReaderId{std::stoll(std::string(id))};
            reader.email = "reader" + std::string(id) + "@example.com";
            reader.csrf_token = "csrf-" + std::string(id);
            return reader;
        });
    }
    void TearDown() override {
        webhooks_.reset();
        pages_.reset();
        site_.reset();
        service_.reset();
        stripe_.reset();
        billing_store_.reset();
        syndication_.reset();
        articles_.reset();
        pool_.reset();
        std::filesystem::remove_all(dir_);
    }

    http::Response Send(const std::string& method, const std::string& target, int reader = 0,
                        std::string body = "",
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
        http::Request request;
        request.method = method;
        request.target = target;
        const size_t question = target.find('?');
        request.path = target.substr(0, question);
        if (question != std::string::npos) request.query = target.substr(question + 1);
        if (reader) request.headers.emplace_back("X-Test-Reader", std::to_string(reader));
        if (method == "POST" && headers.empty()) {
            request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        }
        for (auto& header : headers) request.headers.push_back(std::move(header));
        request.body = std::move(body);
        return site_->Handle(request);
    }
    static std::string Body(const http::Response& response) {
        return response.body ? *response.body : "";
    }
    static bool Has(const http::Response& response, std::string_view text) {
        return Body(response).find(text) != std::string::npos;
    }

    // Signs in reader 7, subscribes to `plan` through the test gateway and pays.
    Subscription Subscribe(const std::string& plan = "smart-essential") {
        http::Response started = Send("POST", "/subscribe/" + plan, 7, "csrf=csrf-7");
        EXPECT_EQ(started.status, 303) << Body(started);
        const std::string location(started.GetHeader("Location"));
        const int64_t id = std::stoll(location.substr(location.find("s=") + 2));
        http::Response paid = Send("POST", "/subscribe/test-checkout", 7,
                                   "csrf=csrf-7&s=" + std::to_string(id) + "&outcome=pay");
        EXPECT_EQ(paid.status, 303);
        return service_->Find(id).value();
    }

    std::filesystem::path dir_;
    FixedClock clock_{Utc("2024-11-16T10:27:00Z")};
    std::unique_ptr<store::sqlite::ConnectionPool> pool_;
    std::unique_ptr<store::sqlite::SqliteArticleStore> articles_;
    std::unique_ptr<store::sqlite::SqliteBillingStore> billing_store_;
    std::unique_ptr<Templates> templates_;
    std::unique_ptr<http::StaticFiles> static_files_;
    std::unique_ptr<Syndication> syndication_;
    std::unique_ptr<Site> site_;
    billing::TestGateway test_gateway_;
    billing::CurlHttpClient http_{std::chrono::seconds(1), std::chrono::seconds(1)};
    std::unique_ptr<billing::StripeGateway> stripe_;
    std::unique_ptr<billing::SubscriptionService> service_;
    std::unique_ptr<SubscriptionPages> pages_;
    std::unique_ptr<BillingWebhooks> webhooks_;
};

TEST_F(SubscriptionPagesTest, SubscribeShowsTheOfferedPlansAsTheReferencePageDoes) {
    http::Response page = Send("GET", "/subscribe");
    ASSERT_EQ(page.status, 200) << Body(page);
    for (const char* text :
         {"Smart Quarterly",
          "₹900",
          "3 Months",
          "₹300/Month",
          "SAVE 25%",
          "Smart Essential",
          "₹2,700",
          "1 Year",
          "₹225/Month",
          "SAVE 46%",
          "Super Saver",
          "₹3,900",
          "2 Years",
          "₹162/Month",
          "SAVE 61%",
          "*Complimentary New York Times access for the 2nd year will be given after 12 months",
          "Renews automatically, cancel anytime",
          "Exclusive premium stories online",
          "Business Standard Epaper",
          "href=\"/subscribe/smart-essential\"",
          "<title>Subscribe — Business Standard</title>"}) {
        EXPECT_TRUE(Has(page, text)) << text;
    }
    EXPECT_FALSE(Has(page, "Old Monthly")) << "a withdrawn plan is not offered";
    EXPECT_TRUE(Has(page, "no money moves"));
    EXPECT_EQ(page.GetHeader("Cache-Control"), "public, max-age=60");
    Send("GET", "/subscribe");
    EXPECT_EQ(site_->CacheStats().hits, 1u)
        << "the same page for every visitor, from the page cache";
    EXPECT_FALSE(Has(Send("GET", "/subscribe", 7), "csrf-7"))
        << "no reader's token in a shared page";
    EXPECT_EQ(Send("GET", "/subscribe/nothing").status, 404);
    EXPECT_EQ(Send("GET", "/subscribe/retired").status, 404);
}

TEST_F(SubscriptionPagesTest, SignedOutReadersAreSentToSignIn) {
    http::Response get = Send("GET", "/subscribe/smart-essential");
    EXPECT_EQ(get.status, 303);
    EXPECT_EQ(get.GetHeader("Location"), "/account/signin?next=/subscribe/smart-essential");
    http::Response post = Send("POST", "/subscribe/smart-essential", 0, "csrf=x");
    EXPECT_EQ(post.status, 303);
    EXPECT_EQ(post.GetHeader("Location"), "/account/signin?next=/subscribe");
    EXPECT_EQ(Send("GET", "/subscription").GetHeader("Location"),
              "/account/signin?next=/subscription");
}

TEST_F(SubscriptionPagesTest, TheConfirmPageCarriesTheReadersTokenAndIsNeverCached) {
    http::Response page = Send("GET", "/subscribe/smart-essential", 7);
    ASSERT_EQ(page.status, 200) << Body(page);
    EXPECT_TRUE(Has(page, "name=\"csrf\" value=\"csrf-7\""));
    EXPECT_TRUE(Has(page, "action=\"/subscribe/smart-essential\""));
    EXPECT_TRUE(Has(page, "Continue to payment"));
    EXPECT_TRUE(Has(page, "reader7@example.com"));
    EXPECT_EQ(page.GetHeader("Cache-Control"), "private, no-store");
}

TEST_F(SubscriptionPagesTest, APostWithoutTheTokenIsRefusedAndChangesNothing) {
    for (const char* body : {"", "csrf=", "csrf=csrf-8", "csrf=csrf-77"}) {
        EXPECT_EQ(Send("POST", "/subscribe/smart-essential", 7, body).status, 403) << body;
    }
    EXPECT_TRUE(service_->ForReader(ReaderId{7})->empty());
}

TEST_F(SubscriptionPagesTest, TheTestGatewayCheckoutSaysNoMoneyMovesAndPays) {
    http::Response started = Send("POST", "/subscribe/smart-essential", 7, "csrf=csrf-7");
    ASSERT_EQ(started.status, 303) << Body(started);
    const std::string location(started.GetHeader("Location"));
    ASSERT_TRUE(location.starts_with("/subscribe/test-checkout?s=")) << location;
    const std::string id = location.substr(location.find("s=") + 2);

    http::Response checkout = Send("GET", location, 7);
    ASSERT_EQ(checkout.status, 200) << Body(checkout);
    EXPECT_TRUE(Has(checkout, "Test gateway: no money moves."));
    EXPECT_TRUE(Has(checkout, "Pay (test)"));
    EXPECT_TRUE(Has(checkout, "Decline (test)"));
    EXPECT_TRUE(Has(checkout, "₹2,700 for 1 Year"));
    EXPECT_EQ(checkout.GetHeader("Cache-Control"), "private, no-store");
    EXPECT_EQ(Send("GET", location, 8).status, 404) << "another reader's checkout";
    EXPECT_EQ(
        Send("POST", "/subscribe/test-checkout", 8, "csrf=csrf-8&s=" + id + "&outcome=pay").status,
        404);

    http::Response declined =
        Send("POST", "/subscribe/test-checkout", 7, "csrf=csrf-7&s=" + id + "&outcome=decline");
    EXPECT_EQ(declined.status, 303);
    EXPECT_TRUE(
        Has(Send("GET", std::string(declined.GetHeader("Location")), 7), "declined (test)"));
    EXPECT_EQ(service_->Find(std::stoll(id))->status, SubscriptionStatus::kPending);

    http::Response paid =
        Send("POST", "/subscribe/test-checkout", 7, "csrf=csrf-7&s=" + id + "&outcome=pay");
    EXPECT_EQ(paid.status, 303);
    EXPECT_EQ(paid.GetHeader("Location"), "/subscription?checkout=done");
    Subscription sub = service_->Find(std::stoll(id)).value();
    EXPECT_EQ(sub.status, SubscriptionStatus::kActive);
    EXPECT_EQ(sub.period_end, Utc("2025-11-16T10:27:00Z"));

    http::Response mine = Send("GET", "/subscription?checkout=done", 7);
    ASSERT_EQ(mine.status, 200) << Body(mine);
    for (const char* text :
         {"Thank you for subscribing.", "Smart Essential", "Active",
          "Renews automatically on Nov 16 2025", "Billing history", "Subscribed", "₹2,700",
          "Payment failed", "Checkout started", "Cancel subscription", "Change plan"}) {
        EXPECT_TRUE(Has(mine, text)) << text;
    }
    EXPECT_EQ(mine.GetHeader("Cache-Control"), "private, no-store");
    EXPECT_EQ(Send("POST", "/subscribe/smart-quarterly", 7, "csrf=csrf-7").status, 409)
        << "one subscription at a time";
}

TEST_F(SubscriptionPagesTest, CancelResumeAndChangePlanFromTheSubscriptionPage) {
    Subscription sub = Subscribe();
    const std::string s = "&s=" + std::to_string(sub.id);
    EXPECT_EQ(Send("POST", "/subscription/cancel", 7, "csrf=wrong" + s).status, 403);
    EXPECT_EQ(Send("POST", "/subscription/cancel", 8, "csrf=csrf-8" + s).status, 404)
        << "not reader 8's";
    http::Response cancelled = Send("POST", "/subscription/cancel", 7, "csrf=csrf-7" + s);
    EXPECT_EQ(cancelled.status, 303);
    EXPECT_EQ(cancelled.GetHeader("Location"), "/subscription?done=cancel");
    http::Response page = Send("GET", "/subscription?done=cancel", 7);
    EXPECT_TRUE(Has(page, "Cancelled"));
    EXPECT_TRUE(Has(page, "Access until Nov 16 2025; it will not renew."));
    EXPECT_TRUE(Has(page, "Resume subscription"));
    EXPECT_FALSE(Has(page, "Change plan"));

    EXPECT_EQ(Send("POST", "/subscription/resume", 7, "csrf=csrf-7" + s).status, 303);
    EXPECT_FALSE(service_->Find(sub.id)->cancel_at_period_end);
    EXPECT_EQ(Send("POST", "/subscription/change", 7, "csrf=csrf-7&plan=super-saver" + s).status,
              303);
    EXPECT_EQ(service_->Find(sub.id)->next_plan_id, "super-saver");
    EXPECT_TRUE(Has(Send("GET", "/subscription", 7), "From Nov 16 2025 your plan is Super Saver"));
    http::Response refused =
        Send("POST", "/subscription/change", 7, "csrf=csrf-7&plan=retired" + s);
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(Has(refused, "Nothing was changed"));
}

TEST_F(SubscriptionPagesTest, StripeWebhooksAreVerifiedAndAppliedOnce) {
    Subscription pending;
    pending.reader = ReaderId{9};
    pending.plan_id = "smart-essential";
    pending.gateway = "stripe";
    pending = billing_store_->Create(pending, {}).value();
    const std::string body =
        R"({"id":"evt_1","object":"event","type":"invoice.paid","created":1731752820,"data":{"object":{"id":"in_1","amount_paid":270000,"currency":"inr","subscription":"sub_S1","subscription_details":{"metadata":{"broadsheet_subscription_id":")" +
        std::to_string(pending.id) +
        R"("}},"lines":{"data":[{"period":{"start":1731752820,"end":1763288820}}]}}}})";
    const std::string t = "1731752820";
    const std::string signature =
        "t=" + t + ",v1=" + billing::HmacSha256Hex("whsec_test", t + "." + body);
    auto post = [&](const std::string& sig) {
        return Send("POST", "/billing/webhooks/stripe", 0, body,
                    {{"Content-Type", "application/json"}, {"Stripe-Signature", sig}});
    };
    http::Response applied = post(signature);
    EXPECT_EQ(applied.status, 200) << Body(applied);
    EXPECT_TRUE(Has(applied, "\"status\":\"applied\""));
    EXPECT_EQ(applied.GetHeader("Cache-Control"), "no-store");
    Subscription active = service_->Find(pending.id).value();
    EXPECT_EQ(active.status, SubscriptionStatus::kActive);
    EXPECT_EQ(active.gateway_ref, "sub_S1");
    http::Response replay = post(signature);
    EXPECT_EQ(replay.status, 200);
    EXPECT_TRUE(Has(replay, "\"status\":\"duplicate\""));
    EXPECT_EQ(service_->History(ReaderId{9})->size(), 1u) << "recorded once";
    EXPECT_EQ(post("t=" + t + ",v1=" + std::string(64, 'a')).status, 400);
    EXPECT_EQ(post("").status, 400);
    EXPECT_EQ(Send("POST", "/billing/webhooks/razorpay", 0, body).status, 404) << "not set up here";
    EXPECT_EQ(Send("POST", "/billing/webhooks/test", 0, body).status, 404);
    EXPECT_EQ(Send("GET", "/billing/webhooks/stripe").status, 405);
}

}  // namespace
}  // namespace broadsheet::site
