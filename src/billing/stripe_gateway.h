#pragma once

#include <chrono>
#include <map>
#include <string>

#include "billing/gateway.h"
#include "billing/http_client.h"
#include "store/billing_store.h"

namespace broadsheet::billing {

/// How to reach Stripe.
struct StripeOptions {
    std::string secret_key;      ///< "sk_…", sent as a Bearer token.
    std::string webhook_secret;  ///< The endpoint's signing secret, "whsec_…".
    std::string base_url = "https://api.stripe.com";
    /// Stripe price ids made in the Dashboard, by our plan id; a plan without one gets a
    /// price made through the API on its first checkout, remembered in the store.
    std::map<std::string, std::string> price_ids;
    std::chrono::seconds tolerance{
        300};  ///< Largest age (either way) of a webhook's signed timestamp.
};

/// Stripe Checkout in subscription mode and Billing (https://docs.stripe.com/api): the
/// reader pays on Stripe's hosted Checkout page; webhooks carry `Stripe-Signature:
/// t=…,v1=…`, v1 being the hex HMAC-SHA256 of "t.body" keyed with the endpoint secret.
/// Our subscription id travels as client_reference_id and in the subscription's metadata
/// (`broadsheet_subscription_id`).
class StripeGateway final : public Gateway {
public:
    /// `http` and `plan_refs` are not owned and outlive the gateway.
    StripeGateway(StripeOptions options, const HttpClient& http, store::BillingStore& plan_refs);

    std::string_view name() const override { return "stripe"; }
    Result<CheckoutStart> CreateCheckout(const Subscription& subscription, const Plan& plan,
                                         std::string_view email, const ReturnUrls& urls) override;
    Result<void> Cancel(const Subscription& subscription) override;
    Result<void> Resume(const Subscription& subscription) override;
    /// A subscription schedule: the current phase to the period end, then `next`.
    Result<void> ChangePlan(const Subscription& subscription, const Plan& current,
                            const Plan& next) override;
    Result<GatewayEvent> ParseWebhook(const Headers& headers, std::string_view raw_body,
                                      Timestamp now) const override;

private:
    using Fields = std::vector<std::pair<std::string, std::string>>;
    Result<std::string> PriceId(const Plan& plan);
    Result<std::string> Call(const std::string& method, const std::string& path,
                             const Fields& fields) const;
    Result<void> SetCancelAtPeriodEnd(const Subscription& subscription, bool cancel);

    const StripeOptions options_;
    const HttpClient& http_;
    store::BillingStore& plan_refs_;
};

}  // namespace broadsheet::billing
