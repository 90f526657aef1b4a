// The Razorpay and Stripe adapters against tests/billing/gateway-standin.py, a local HTTP
// stand-in that answers with the documented response shapes and records what it was sent.
// These tests pin the exact requests: method, path, credentials and fields.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "billing/http_client.h"
#include "billing/razorpay_gateway.h"
#include "billing/stripe_gateway.h"
#include "store/sqlite/sqlite_billing_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::billing {
namespace {

using nlohmann::json;

// The stand-in, started on a free port for one test and stopped after it.
class StandIn final {
public:
    StandIn() {
        int fds[2];
        if (pipe(fds) != 0) return;
        pid_ = fork();
        if (pid_ == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            execlp("python3", "python3", BROADSHEET_STANDIN, static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        FILE* out = fdopen(fds[0], "r");
        char line[64] = {};
        if (out && fgets(line, sizeof line, out)) std::sscanf(line, "PORT %d", &port_);
        if (out) fclose(out);
    }
    ~StandIn() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
    }
    std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

    json Requests(const HttpClient& http) const {
        auto reply = http.Send(HttpCall{"GET", Url() + "/_requests", {}, "", ""});
        return reply ? json::parse(reply->body, nullptr, false) : json::array();
    }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

Plan Essential() {
    Plan plan{"smart-essential", "Smart Essential", Money{270000, "INR"}, 12};
    return plan;
}

Plan Quarterly() { return Plan{"smart-quarterly", "Smart Quarterly", Money{90000, "INR"}, 3}; }

Subscription Pending(int64_t id) {
    Subscription sub;
    sub.id = id;
    sub.reader = ReaderId{1};
    sub.plan_id = "smart-essential";
    return sub;
}

class AdapterTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_GT(standin_.port(), 0) << "the stand-in did not start"; }

    RazorpayGateway Razorpay(std::string secret = "standin_secret") {
        RazorpayOptions options;
        options.key_id = "rzp_test_standin";
        options.key_secret = std::move(secret);
        options.base_url = standin_.Url() + "/";
        return RazorpayGateway(options, http_, store_, clock_);
    }
    StripeGateway Stripe(std::string key = "sk_test_standin") {
        StripeOptions options;
        options.secret_key = std::move(key);
        options.base_url = standin_.Url();
        return StripeGateway(options, http_, store_);
    }

    StandIn standin_;
    store::sqlite::TestDatabase database_{1};
    store::sqlite::SqliteBillingStore store_{database_.pool()};
    CurlHttpClient http_{std::chrono::seconds(10), std::chrono::seconds(5)};
    FixedClock clock_{ParseIsoDateTime("2024-11-16T10:27:00Z").value()};
};

TEST_F(AdapterTest, RazorpayCheckoutMakesThePlanOnceThenASubscription) {
    auto gateway = Razorpay();
    auto first = gateway.CreateCheckout(Pending(42), Essential(), "reader@example.com", {});
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_TRUE(first->redirect_url.starts_with("https://rzp.io/i/")) << first->redirect_url;
    EXPECT_TRUE(first->gateway_ref.starts_with("sub_")) << first->gateway_ref;
    auto second = gateway.CreateCheckout(Pending(43), Essential(), "", {});
    ASSERT_TRUE(second.has_value());

    json requests = standin_.Requests(http_);
    ASSERT_EQ(requests.size(), 3u) << requests.dump(2);
    const json& plan = requests[0];
    EXPECT_EQ(plan["method"], "POST");
    EXPECT_EQ(plan["path"], "/v1/plans");
    EXPECT_EQ(plan["headers"]["authorization"],
              "Basic cnpwX3Rlc3Rfc3RhbmRpbjpzdGFuZGluX3NlY3JldA==");
    EXPECT_EQ(plan["headers"]["content-type"], "application/json");
    EXPECT_EQ(plan["json"]["period"], "yearly");
    EXPECT_EQ(plan["json"]["interval"], 1);
    EXPECT_EQ(plan["json"]["item"]["amount"], 270000);
    EXPECT_EQ(plan["json"]["item"]["currency"], "INR");
    EXPECT_EQ(plan["json"]["item"]["name"], "Smart Essential");

    const json& sub = requests[1];
    EXPECT_EQ(sub["method"], "POST");
    EXPECT_EQ(sub["path"], "/v1/subscriptions");
    EXPECT_TRUE(sub["json"]["plan_id"].get<std::string>().starts_with("plan_"));
    EXPECT_EQ(sub["json"]["total_count"], 10);
    EXPECT_EQ(sub["json"]["customer_notify"], 1);
    EXPECT_EQ(sub["json"]["notes"]["broadsheet_subscription_id"], "42");
    EXPECT_EQ(sub["json"]["notify_info"]["notify_email"], "reader@example.com");
    EXPECT_FALSE(sub["json"].contains("start_at"));
    EXPECT_EQ(requests[2]["path"], "/v1/subscriptions") << "the plan is made once and remembered";
    EXPECT_EQ(requests[2]["json"]["plan_id"], sub["json"]["plan_id"]);
}

TEST_F(AdapterTest, RazorpayQuarterlyPlansBillMonthlyIntervals) {
    Plan quarterly = Quarterly();
    quarterly.trial_days = 7;
    ASSERT_TRUE(Razorpay().CreateCheckout(Pending(1), quarterly, "", {}).has_value());
    json requests = standin_.Requests(http_);
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0]["json"]["period"], "monthly");
    EXPECT_EQ(requests[0]["json"]["interval"], 3);
    EXPECT_EQ(requests[1]["json"]["total_count"], 40);
    EXPECT_EQ(requests[1]["json"]["start_at"], 1731752820 + 7 * 86400)
        << "the first charge after the trial";
}

TEST_F(AdapterTest, RazorpayCancelAndPlanChange) {
    Subscription sub = Pending(5);
    sub.gateway_ref = "sub_00000000000077";
    ASSERT_TRUE(Razorpay().Cancel(sub).has_value());
    ASSERT_TRUE(Razorpay().ChangePlan(sub, Essential(), Quarterly()).has_value());
    EXPECT_EQ(Razorpay().Resume(sub).error().code, ErrorCode::kUnsupported);
    json requests = standin_.Requests(http_);
    ASSERT_EQ(requests.size(), 3u) << requests.dump(2);
    EXPECT_EQ(requests[0]["method"], "POST");
    EXPECT_EQ(requests[0]["path"], "/v1/subscriptions/sub_00000000000077/cancel");
    EXPECT_EQ(requests[0]["json"], json({{"cancel_at_cycle_end", 1}}));
    EXPECT_EQ(requests[1]["path"], "/v1/plans");
    EXPECT_EQ(requests[2]["method"], "PATCH");
    EXPECT_EQ(requests[2]["path"], "/v1/subscriptions/sub_00000000000077");
    EXPECT_EQ(requests[2]["json"]["schedule_change_at"], "cycle_end");
    EXPECT_TRUE(requests[2]["json"]["plan_id"].get<std::string>().starts_with("plan_"));
}

TEST_F(AdapterTest, RazorpayReportsItsOwnErrors) {
    auto refused = Razorpay("wrong").CreateCheckout(Pending(1), Essential(), "", {});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kIo);
    EXPECT_NE(refused.error().message.find("The api key provided is invalid"), std::string::npos)
        << refused.error().message;
}

TEST_F(AdapterTest, StripeCheckoutMakesThePriceOnceThenASession) {
    auto gateway = Stripe();
    ReturnUrls urls{"https://news.example/subscription?checkout=done",
                    "https://news.example/subscribe"};
    auto first = gateway.CreateCheckout(Pending(42), Essential(), "reader@example.com", urls);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_TRUE(first->redirect_url.starts_with("https://checkout.stripe.com/c/pay/cs_test_"))
        << first->redirect_url;
    EXPECT_EQ(first->gateway_ref, "")
        << "Stripe names the subscription when the checkout completes";
    ASSERT_TRUE(gateway.CreateCheckout(Pending(43), Essential(), "", urls).has_value());

    json requests = standin_.Requests(http_);
    ASSERT_EQ(requests.size(), 3u) << requests.dump(2);
    const json& price = requests[0];
    EXPECT_EQ(price["method"], "POST");
    EXPECT_EQ(price["path"], "/v1/prices");
    EXPECT_EQ(price["headers"]["authorization"], "Bearer sk_test_standin");
    EXPECT_EQ(price["headers"]["content-type"], "application/x-www-form-urlencoded");
    EXPECT_EQ(price["form"]["currency"], "inr");
    EXPECT_EQ(price["form"]["unit_amount"], "270000");
    EXPECT_EQ(price["form"]["recurring[interval]"], "month");
    EXPECT_EQ(price["form"]["recurring[interval_count]"], "12");
    EXPECT_EQ(price["form"]["product_data[name]"], "Smart Essential");

    const json& session = requests[1];
    EXPECT_EQ(session["path"], "/v1/checkout/sessions");
    EXPECT_EQ(session["form"]["mode"], "subscription");
    EXPECT_TRUE(session["form"]["line_items[0][price]"].get<std::string>().starts_with("price_"));
    EXPECT_EQ(session["form"]["line_items[0][quantity]"], "1");
    EXPECT_EQ(session["form"]["success_url"], urls.success);
    EXPECT_EQ(session["form"]["cancel_url"], urls.cancel);
    EXPECT_EQ(session["form"]["client_reference_id"], "42");
    EXPECT_EQ(session["form"]["customer_email"], "reader@example.com");
    EXPECT_EQ(session["form"]["subscription_data[metadata][broadsheet_subscription_id]"], "42");
    EXPECT_EQ(requests[2]["path"], "/v1/checkout/sessions")
        << "the price is made once and remembered";
    EXPECT_FALSE(requests[2]["form"].contains("customer_email"));
}

TEST_F(AdapterTest, StripeCancelResumeAndPlanChange) {
    Subscription sub = Pending(5);
    sub.gateway_ref = "sub_1QSTRIPE";
    ASSERT_TRUE(Stripe().Cancel(sub).has_value());
    ASSERT_TRUE(Stripe().Resume(sub).has_value());
    auto changed = Stripe().ChangePlan(sub, Essential(), Quarterly());
    ASSERT_TRUE(changed.has_value()) << changed.error().message;
    json requests = standin_.Requests(http_);
    ASSERT_EQ(requests.size(), 5u) << requests.dump(2);
    EXPECT_EQ(requests[0]["path"], "/v1/subscriptions/sub_1QSTRIPE");
    EXPECT_EQ(requests[0]["form"], json({{"cancel_at_period_end", "true"}}));
    EXPECT_EQ(requests[1]["form"], json({{"cancel_at_period_end", "false"}}));
    EXPECT_EQ(requests[2]["path"], "/v1/prices");
    EXPECT_EQ(requests[2]["form"]["recurring[interval_count]"], "3");
    EXPECT_EQ(requests[3]["path"], "/v1/subscription_schedules");
    EXPECT_EQ(requests[3]["form"], json({{"from_subscription", "sub_1QSTRIPE"}}));
    const json& update = requests[4];
    EXPECT_TRUE(
        update["path"].get<std::string>().starts_with("/v1/subscription_schedules/sub_sched_"));
    EXPECT_EQ(update["form"]["end_behavior"], "release");
    EXPECT_EQ(update["form"]["proration_behavior"], "none");
    EXPECT_EQ(update["form"]["phases[0][items][0][price]"], "price_current");
    EXPECT_TRUE(
        update["form"]["phases[1][items][0][price]"].get<std::string>().starts_with("price_"));
    EXPECT_TRUE(update["form"].contains("phases[0][start_date]"));
    EXPECT_TRUE(update["form"].contains("phases[0][end_date]"));
}

TEST_F(AdapterTest, StripeReportsItsOwnErrorsAndAnUnreachableGatewayFails) {
    auto refused = Stripe("sk_wrong").CreateCheckout(Pending(1), Essential(), "", {});
    ASSERT_FALSE(refused.has_value());
    EXPECT_NE(refused.error().message.find("Invalid API Key provided"), std::string::npos)
        << refused.error().message;

    StripeOptions options;
    options.secret_key = "sk_test_standin";
    options.base_url = "http://127.0.0.1:1";
    StripeGateway nowhere(options, http_, store_);
    auto down = nowhere.CreateCheckout(Pending(1), Essential(), "", {});
    ASSERT_FALSE(down.has_value());
    EXPECT_EQ(down.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace broadsheet::billing
