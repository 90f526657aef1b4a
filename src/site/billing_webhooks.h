#pragma once

#include "http/request.h"
#include "http/response.h"

namespace broadsheet::billing {
class SubscriptionService;
}  // namespace broadsheet::billing

namespace broadsheet::site {

class Site;

/// The payment gateways' webhooks: POST /billing/webhooks/razorpay and
/// /billing/webhooks/stripe. Each request's raw body is verified by its gateway
/// (Gateway::ParseWebhook) and the event applied once by its id:
///   200 {"status":"applied"|"unchanged"|"duplicate"|"unknown subscription"}
///   400 {"error":…} for a bad signature, a stale timestamp or an unreadable body
///   404 for a gateway that is not set up; 405 for other methods
///   500 when the store fails (the gateway retries later).
/// Never cached. Registers its route with the site on construction. Thread-safe.
class BillingWebhooks final {
public:
    /// `site` and `billing` are not owned and must outlive this.
    BillingWebhooks(Site& site, billing::SubscriptionService& billing);

    http::Response Handle(const http::Request& request) const;

private:
    billing::SubscriptionService& billing_;  // Not owned.
};

}  // namespace broadsheet::site
