#pragma once

#include "billing/gateway.h"

namespace broadsheet::billing {

/// The offline gateway for demos and tests: no money moves. Its checkout is a page on our
/// own site (`/subscribe/test-checkout?s=<id>`) whose "Pay (test)" and "Decline (test)"
/// buttons apply the outcome directly; the lifecycle's Tick renews its subscriptions when
/// their periods end. It has no webhooks.
class TestGateway final : public Gateway {
public:
    /// The path of the test checkout page for subscription `id`.
    static std::string CheckoutPath(int64_t id);

    std::string_view name() const override { return "test"; }
    Result<CheckoutStart> CreateCheckout(const Subscription& subscription, const Plan& plan,
                                         std::string_view email, const ReturnUrls& urls) override;
    Result<void> Cancel(const Subscription&) override { return {}; }
    Result<void> Resume(const Subscription&) override { return {}; }
    Result<void> ChangePlan(const Subscription&, const Plan&, const Plan&) override { return {}; }
    Result<GatewayEvent> ParseWebhook(const Headers& headers, std::string_view raw_body,
                                      Timestamp now) const override;
};

}  // namespace broadsheet::billing
