#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/money.h"
#include "core/plan.h"
#include "core/result.h"
#include "core/subscription.h"
#include "core/time.h"

namespace broadsheet::billing {

/// What a verified gateway event means for a subscription, whatever the gateway calls it.
enum class EventKind {
    kLinked,  ///< Checkout finished: now we know the gateway's subscription id. No payment yet.
    kPaid,    ///< A period was paid for (first payment or renewal): up to `period_end`.
    kPaymentFailed,  ///< A renewal charge failed (the gateway retries; we start the grace period).
    kCancelChanged,  ///< The subscription will (or, resumed, will no longer) end at its period end.
    kEnded,          ///< The gateway ended the subscription: no more renewals.
    kIgnored,        ///< Some other event: recorded (so a replay is recognised), changes nothing.
};

/// One verified webhook event, in the gateway-independent shape the lifecycle applies.
struct GatewayEvent {
    std::string gateway;   ///< "razorpay", "stripe".
    std::string event_id;  ///< Unique per gateway: the replay key.
    std::string type;      ///< As the gateway names it: "subscription.charged", "invoice.paid".
    EventKind kind = EventKind::kIgnored;
    std::string gateway_subscription_id;  ///< "sub_…"; may be empty.
    std::optional<int64_t>
        subscription_id;  ///< Ours, when the gateway echoes it back (notes, metadata).
    Timestamp occurred;   ///< When the gateway says it happened.
    std::optional<Timestamp>
        period_start;  ///< The period paid (or failed) for, when the event says.
    std::optional<Timestamp> period_end;
    std::optional<Money> amount;               ///< What was charged.
    std::optional<bool> cancel_at_period_end;  ///< kCancelChanged: the new value.
};

/// Where the gateway sends the reader back to after its checkout.
struct ReturnUrls {
    std::string success;  ///< "https://news.example/subscription?checkout=done"
    std::string cancel;   ///< "https://news.example/subscribe"
};

/// A started checkout: where to send the reader, and the gateway's subscription id if it
/// made one already (Razorpay does; Stripe tells us when the checkout completes).
struct CheckoutStart {
    std::string redirect_url;
    std::string gateway_ref;
};

/// Request headers as received, in order (names in any case).
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The first header called `name` (case-insensitive); empty when absent.
std::string_view FindHeader(const Headers& headers, std::string_view name);

/// A payment gateway: starts checkouts, tells the gateway about cancellations and plan
/// changes, and verifies its webhooks. Implementations are thread-safe; their HTTP calls
/// block (with the configured timeouts).
class Gateway {
public:
    virtual ~Gateway() = default;

    /// "test", "razorpay", "stripe": the value of Subscription::gateway.
    virtual std::string_view name() const = 0;

    /// Creates the gateway's side of pending subscription `subscription` to `plan`.
    virtual Result<CheckoutStart> CreateCheckout(const Subscription& subscription, const Plan& plan,
                                                 std::string_view email,
                                                 const ReturnUrls& urls) = 0;

    /// Stops renewal at the end of the paid period.
    virtual Result<void> Cancel(const Subscription& subscription) = 0;

    /// Undoes Cancel before the period ends. kUnsupported where the gateway cannot.
    virtual Result<void> Resume(const Subscription& subscription) = 0;

    /// Switches to `next` from the next renewal on.
    virtual Result<void> ChangePlan(const Subscription& subscription, const Plan& current,
                                    const Plan& next) = 0;

    /// Verifies a webhook (the raw body, exactly as received) and reads its event.
    /// kForbidden for a missing or wrong signature or a stale timestamp; kInvalidInput for a
    /// signed body that cannot be read. kUnsupported for a gateway without webhooks.
    virtual Result<GatewayEvent> ParseWebhook(const Headers& headers, std::string_view raw_body,
                                              Timestamp now) const = 0;
};

}  // namespace broadsheet::billing
