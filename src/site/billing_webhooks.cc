#include "site/billing_webhooks.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "billing/subscriptions.h"
#include "site/site.h"

namespace broadsheet::site {
namespace {

constexpr std::string_view kPrefix = "/billing/webhooks/";

http::Response Json(int status, const nlohmann::json& body) {
    http::Response response = http::Response::Text(status, body.dump() + "\n", "application/json");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace

BillingWebhooks::BillingWebhooks(Site& site, billing::SubscriptionService& billing)
    : billing_(billing) {
    site.AddRoute("/billing/webhooks", [this](const http::Request& request, const ReaderContext&) {
        return Handle(request);
    });
}

http::Response BillingWebhooks::Handle(const http::Request& request) const {
    std::string_view path = request.path;
    if (!path.starts_with(kPrefix)) return Json(404, {{"error", "no such webhook"}});
    const std::string_view name = path.substr(kPrefix.size());
    billing::Gateway* gateway = name == "test" ? nullptr : billing_.FindGateway(name);
    if (!gateway)
        return Json(404, {{"error", "no gateway \"" + std::string(name) + "\" is set up"}});
    if (request.method != "POST") {
        http::Response response = Json(405, {{"error", "webhooks are POSTed"}});
        response.SetHeader("Allow", "POST");
        return response;
    }
    auto event = gateway->ParseWebhook(request.headers, request.body, billing_.Now());
    if (!event) {
        spdlog::warn("{} {} webhook refused: {}", request.request_id, name, event.error().message);
        return Json(event.error().code == ErrorCode::kUnsupported ? 404 : 400,
                    {{"error", event.error().message}});
    }
    auto outcome = billing_.Apply(*event);
    if (!outcome) {
        spdlog::error("{} {} event {} ({}): {}", request.request_id, name, event->event_id,
                      event->type, outcome.error().message);
        return Json(500, {{"error", "the event could not be stored; send it again"}});
    }
    spdlog::info("{} {} event {} ({}): {}", request.request_id, name, event->event_id, event->type,
                 billing::ApplyOutcomeName(*outcome));
    return Json(200, {{"status", std::string(billing::ApplyOutcomeName(*outcome))},
                      {"event", event->event_id}});
}

}  // namespace broadsheet::site
