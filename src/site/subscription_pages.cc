#include "site/subscription_pages.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "billing/signatures.h"
#include "billing/subscriptions.h"
#include "billing/test_gateway.h"
#include "site/site.h"
#include "site/templates.h"
#include "site/view_builder.h"

namespace broadsheet::site {
namespace {

using nlohmann::json;

constexpr std::string_view kTestCheckout = "/subscribe/test-checkout";

// "every month", "every 3 months", "every year", "every 2 years".
std::string Every(int months) {
    if (months > 0 && months % 12 == 0)
        return months == 12 ? "every year" : "every " + std::to_string(months / 12) + " years";
    return months == 1 ? "every month" : "every " + std::to_string(months) + " months";
}

// The plan as the offer shows it: name, price, period, per month, saving, tenure notes.
json PlanJson(const PlanView& view, const Plan& plan) {
    return json{
        {"id", plan.id},
        {"name", view.name},
        {"price", view.price},
        {"period", view.period},
        {"per_month", view.per_month},
        {"saving", view.saving},
        {"notes", view.notes},
        {"url", "/subscribe/" + plan.id},
        {"every", Every(plan.months)},
        {"trial",
         plan.trial_days > 0 ? "First " + std::to_string(plan.trial_days) + " days free" : ""}};
}

}  // namespace

std::string SubscriptionPages::Field(const http::Request& request, std::string_view name) {
    return request.FormParam(name).value_or("");
}

std::optional<int64_t> SubscriptionPages::ParseId(std::string_view text) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id <= 0)
        return std::nullopt;
    return id;
}

bool SubscriptionCsrfOk(const http::Request& request, const ReaderContext& reader) {
    const std::string sent = SubscriptionPages::Field(request, "csrf");
    return !reader.csrf_token.empty() && billing::ConstantTimeEquals(sent, reader.csrf_token);
}

SubscriptionPages::SubscriptionPages(Site& site, billing::SubscriptionService& billing)
    : site_(site), billing_(billing) {
    // Personal pages first: the first matching prefix wins, and /subscribe itself is shared.
    site_.AddRoute(std::string(kTestCheckout),
                   [this](const http::Request& request, const ReaderContext& reader) {
                       return TestCheckout(request, reader);
                   });
    for (const Plan& plan : billing_.options().plans) {
        if (!plan.active) continue;
        site_.AddRoute("/subscribe/" + plan.id, [this, &plan](const http::Request& request,
                                                              const ReaderContext& reader) {
            if (request.path != "/subscribe/" + plan.id)
                return Message(404, "Page not found", "There is no such page.", reader);
            return Confirm(request, reader, plan);
        });
    }
    site_.AddRoute(
        "/subscribe",
        [this](const http::Request& request, const ReaderContext& reader) {
            return Plans(request, reader);
        },
        Site::RouteCaching::kShared);
    site_.AddRoute("/subscription",
                   [this](const http::Request& request, const ReaderContext& reader) {
                       return Manage(request, reader);
                   });
}

std::string SubscriptionPages::Day(Timestamp t) const {
    std::string text = site_.options().timezone.FormatDateTime(t);
    return text.substr(0, text.find(" |"));
}

http::Response SubscriptionPages::Page(int status, std::string_view name, std::string title,
                                       const std::string& path, json content,
                                       const ReaderContext& reader) const {
    content["heading"] = title;
    http::Response response = http::Response::Html(
        status, site_.templates().RenderJson(
                    site_.PageFrame(title + " — " + site_.options().name, "", path, reader), name,
                    content));
    return response;
}

http::Response SubscriptionPages::Message(int status, std::string title, std::string message,
                                          const ReaderContext& reader, std::string link_url,
                                          std::string link_text) const {
    json content = {{"message", std::move(message)},
                    {"link_url", std::move(link_url)},
                    {"link_text", std::move(link_text)},
                    {"problem", status >= 400}};
    http::Response response =
        Page(status, "subscription_message", std::move(title), "", std::move(content), reader);
    response.SetHeader("Cache-Control", "private, no-store");
    return response;
}

http::Response SubscriptionPages::SignInFirst(std::string_view next) const {
    return http::Response::Redirect(303, "/account/signin?next=" + std::string(next));
}

http::Response SubscriptionPages::Forbidden(const ReaderContext& reader) const {
    return Message(
        403, "This form has expired",
        "The form was sent without its security token, or from another session. Please try again.",
        reader, "/subscribe", "Back to the plans");
}

http::Response SubscriptionPages::Plans(const http::Request& request,
                                        const ReaderContext& reader) const {
    if (request.path != "/subscribe")
        return Message(404, "Page not found", "There is no such page.", reader);
    if (request.method != "GET" && request.method != "HEAD") {
        http::Response response =
            Message(405, "Not allowed", "This page can only be read.", reader);
        response.SetHeader("Allow", "GET, HEAD");
        return response;
    }
    SiteOptions offered = site_.options();
    offered.plans.clear();
    for (const Plan& plan : billing_.options().plans) {
        if (plan.active) offered.plans.push_back(plan);
    }
    const OfferView offer = MakeOffer(offered);
    json plans = json::array();
    for (size_t i = 0; i < offer.plans.size(); ++i)
        plans.push_back(PlanJson(offer.plans[i], offered.plans[i]));
    json perks = json::array();
    for (const PerkView& perk : offer.perks)
        perks.push_back({{"title", perk.title}, {"description", perk.description}});
    json content = {{"headline", offer.headline},
                    {"plans", plans},
                    {"renewal_note", offer.renewal_note},
                    {"perks_heading", offer.perks_heading},
                    {"perks", perks},
                    {"test_gateway", billing_.options().checkout_gateway == "test"}};
    http::Response response =
        Page(200, "subscribe", "Subscribe", "/subscribe", std::move(content), reader);
    // The same for a whole class of readers; shared caches only for readers without a session.
    response.SetHeader("Cache-Control", reader.shared_cacheable ? "public, max-age=60" : "private, no-cache");
    return response;
}

http::Response SubscriptionPages::Confirm(const http::Request& request, const ReaderContext& reader,
                                          const Plan& plan) const {
    const bool post = request.method == "POST";
    if (!reader.reader_id) return SignInFirst(post ? "/subscribe" : "/subscribe/" + plan.id);
    if (post && !SubscriptionCsrfOk(request, reader)) return Forbidden(reader);
    auto mine = billing_.ForReader(*reader.reader_id);
    if (!mine) {
        spdlog::error("{} subscriptions of reader {}: {}", request.request_id,
                      reader.reader_id->value, mine.error().message);
        return Message(500, "Something went wrong",
                       "Your subscriptions could not be read. Please try again.", reader);
    }
    const Timestamp now = billing_.Now();
    for (const Subscription& sub : *mine) {
        if (!billing_.GivesAccess(sub, now)) continue;
        // One subscription at a time: a different plan is a plan change, at renewal.
        const Plan* current = billing_.FindPlan(sub.plan_id);
        return Message(409, "You already subscribe",
                       "Your " + (current ? current->name : sub.plan_id) +
                           " subscription is active. To switch plans, change it on your "
                           "subscription page: the new "
                           "plan starts when the current period ends.",
                       reader, "/subscription", "Your subscription");
    }
    if (post) {
        const std::string& base = site_.options().base_url;
        auto checkout = billing_.StartCheckout(
            *reader.reader_id, reader.email, plan.id,
            billing::ReturnUrls{base + "/subscription?checkout=done", base + "/subscribe"});
        if (!checkout) {
            spdlog::warn("{} checkout of {} for reader {}: {}", request.request_id, plan.id,
                         reader.reader_id->value, checkout.error().message);
            return Message(502, "The payment page could not be opened",
                           "We could not start the checkout with our payment provider. Nothing was "
                           "charged. Please "
                           "try again in a few minutes.",
                           reader, "/subscribe/" + plan.id, "Try again");
        }
        return http::Response::Redirect(303, checkout->redirect_url);
    }
    if (request.method != "GET" && request.method != "HEAD") {
        http::Response response = Message(405, "Not allowed", "Use the form to subscribe.", reader);
        response.SetHeader("Allow", "GET, HEAD, POST");
        return response;
    }
    SiteOptions one = site_.options();
    one.plans = {plan};
    const OfferView offer = MakeOffer(one);
    json content = {{"plan", PlanJson(offer.plans.front(), plan)},
                    {"csrf", reader.csrf_token},
                    {"email", reader.email},
                    {"renewal_note", offer.renewal_note},
                    {"test_gateway", billing_.options().checkout_gateway == "test"}};
    return Page(200, "subscription_confirm", "Confirm your plan", "/subscribe/" + plan.id,
                std::move(content), reader);
}

http::Response SubscriptionPages::TestCheckout(const http::Request& request,
                                               const ReaderContext& reader) const {
    const bool post = request.method == "POST";
    // Only while the test gateway takes the checkouts: otherwise this page would be free access.
    if (request.path != kTestCheckout || billing_.options().checkout_gateway != "test" ||
        !billing_.FindGateway("test")) {
        return Message(404, "Page not found", "There is no such page.", reader);
    }
    if (!reader.reader_id) return SignInFirst("/subscribe");
    if (post && !SubscriptionCsrfOk(request, reader)) return Forbidden(reader);
    auto id = ParseId(post ? Field(request, "s") : request.QueryParam("s").value_or(""));
    auto sub = id ? billing_.Find(*id) : Result<Subscription>(Fail(ErrorCode::kNotFound, "no id"));
    // Another reader's subscription is answered exactly like a missing one.
    if (!sub || sub->reader != *reader.reader_id || sub->gateway != "test") {
        return Message(404, "No such checkout", "This checkout does not exist or is not yours.",
                       reader, "/subscribe", "See the plans");
    }
    const Plan* plan = billing_.FindPlan(sub->plan_id);
    if (!plan) return Message(404, "No such plan", "This plan is no longer offered.", reader);
    if (post) {
        const std::string outcome = Field(request, "outcome");
        if (outcome == "pay") {
            auto paid = billing_.Activate(sub->id);
            if (!paid)
                return Message(409, "Not paid", paid.error().message, reader, "/subscription",
                               "Your subscription");
            return http::Response::Redirect(303, "/subscription?checkout=done");
        }
        if (outcome == "decline") {
            auto declined = billing_.DeclineCheckout(sub->id);
            if (!declined) {
                return Message(409, "Nothing to decline", declined.error().message, reader,
                               "/subscription", "Your subscription");
            }
            return http::Response::Redirect(
                303, billing::TestGateway::CheckoutPath(sub->id) + "&declined=1");
        }
        return Message(400, "Choose an outcome", "Press Pay (test) or Decline (test).", reader);
    }
    SiteOptions one = site_.options();
    one.plans = {*plan};
    const OfferView offer = MakeOffer(one);
    json content = {{"plan", PlanJson(offer.plans.front(), *plan)},
                    {"subscription_id", std::to_string(sub->id)},
                    {"csrf", reader.csrf_token},
                    {"email", reader.email},
                    {"pending", sub->status == SubscriptionStatus::kPending},
                    {"declined", request.QueryParam("declined").has_value() &&
                                     sub->status == SubscriptionStatus::kPending}};
    return Page(200, "subscription_test_checkout", "Test checkout", "", std::move(content), reader);
}

}  // namespace broadsheet::site
