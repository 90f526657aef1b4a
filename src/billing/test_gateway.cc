#include "billing/test_gateway.h"

namespace broadsheet::billing {

std::string TestGateway::CheckoutPath(int64_t id) {
    return "/subscribe/test-checkout?s=" + std::to_string(id);
}

Result<CheckoutStart> TestGateway::CreateCheckout(const Subscription& subscription, const Plan&,
                                                  std::string_view, const ReturnUrls&) {
    return CheckoutStart{CheckoutPath(subscription.id), "test_" + std::to_string(subscription.id)};
}

Result<GatewayEvent> TestGateway::ParseWebhook(const Headers&, std::string_view, Timestamp) const {
    return Fail(ErrorCode::kUnsupported, "the test gateway has no webhooks");
}

}  // namespace broadsheet::billing
