#pragma once

#include <map>
#include <string>

#include "billing/gateway.h"
#include "billing/http_client.h"
#include "store/billing_store.h"

namespace broadsheet::billing {

/// How to reach Razorpay.
struct RazorpayOptions {
    std::string key_id;          ///< HTTP Basic user for the API.
    std::string key_secret;      ///< HTTP Basic password for the API.
    std::string webhook_secret;  ///< Signs webhooks (set in the Razorpay Dashboard).
    std::string base_url = "https://api.razorpay.com";
    /// Razorpay plan ids made in the Dashboard, by our plan id; a plan without one is
    /// created through the API on its first checkout and remembered in the store.
    std::map<std::string, std::string> plan_ids;
    int renew_for_years = 10;  ///< total_count covers this many years of renewals.
};

/// Razorpay Subscriptions (https://razorpay.com/docs/api/payments/subscriptions/): the
/// reader pays on Razorpay's hosted page (the subscription's short_url); webhooks carry
/// X-Razorpay-Signature, the hex HMAC-SHA256 of the raw body keyed with the webhook secret.
/// Our subscription id travels in the subscription's notes (`broadsheet_subscription_id`).
class RazorpayGateway final : public Gateway {
public:
    /// `http` and `plan_refs` are not owned and outlive the gateway.
    RazorpayGateway(RazorpayOptions options, const HttpClient& http, store::BillingStore& plan_refs,
                    const Clock& clock);

    std::string_view name() const override { return "razorpay"; }
    Result<CheckoutStart> CreateCheckout(const Subscription& subscription, const Plan& plan,
                                         std::string_view email, const ReturnUrls& urls) override;
    Result<void> Cancel(const Subscription& subscription) override;
    Result<void> Resume(const Subscription& subscription) override;
    Result<void> ChangePlan(const Subscription& subscription, const Plan& current,
                            const Plan& next) override;
    Result<GatewayEvent> ParseWebhook(const Headers& headers, std::string_view raw_body,
                                      Timestamp now) const override;

private:
    Result<std::string> PlanId(const Plan& plan);
    Result<std::string> Call(const std::string& method, const std::string& path,
                             const std::string& json_body) const;

    const RazorpayOptions options_;
    const HttpClient& http_;
    store::BillingStore& plan_refs_;
    const Clock& clock_;
};

}  // namespace broadsheet::billing
