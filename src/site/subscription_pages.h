#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/plan.h"
#include "core/subscription.h"
#include "core/time.h"
#include "http/request.h"
#include "http/response.h"
#include "site/reader.h"

namespace broadsheet::billing {
class SubscriptionService;
}  // namespace broadsheet::billing

namespace broadsheet::site {

class Site;

/// Whether a POST form carries this reader's CSRF token (field `csrf`): non-empty and
/// equal to ReaderContext::csrf_token, compared in constant time.
bool SubscriptionCsrfOk(const http::Request& request, const ReaderContext& reader);

/// The pages that sell and manage subscriptions (issue 6):
///   GET  /subscribe                   the plans, as the reference page shows them (shared: the
///                                     same for every reader, so it may be cached)
///   GET  /subscribe/<plan>            confirm a plan (personal: the form's CSRF token)
///   POST /subscribe/<plan>            start the checkout: a pending subscription, then the gateway
///   GET  /subscribe/test-checkout?s=  the test gateway's checkout ("no money moves")
///   POST /subscribe/test-checkout     its Pay (test) / Decline (test) buttons
///   GET  /subscription                the reader's subscriptions and billing history
///   POST /subscription/{cancel,resume,change}
/// Server-rendered forms, no JavaScript. Signed-out readers are sent to the sign-in page.
/// Registers its routes with the site on construction. Thread-safe.
class SubscriptionPages final {
public:
    /// `site` and `billing` are not owned and must outlive the pages.
    SubscriptionPages(Site& site, billing::SubscriptionService& billing);

    /// A form field of a POST ("" when absent).
    static std::string Field(const http::Request& request, std::string_view name);
    /// A subscription id from a form or query ("12"); nullopt unless a positive number.
    static std::optional<int64_t> ParseId(std::string_view text);

private:
    http::Response Plans(const http::Request& request, const ReaderContext& reader) const;
    http::Response Confirm(const http::Request& request, const ReaderContext& reader,
                           const Plan& plan) const;
    http::Response TestCheckout(const http::Request& request, const ReaderContext& reader) const;
    http::Response Manage(const http::Request& request, const ReaderContext& reader) const;
    http::Response ManageAction(const http::Request& request, const ReaderContext& reader,
                                std::string_view action) const;
    /// The /subscription page, with `notice` (done) or `error` (refused) at the top
    /// (subscription_manage_pages.cc, with Manage and ManageAction).
    http::Response ManagePage(int status, const ReaderContext& reader, std::string notice,
                              std::string error) const;
    /// One subscription on that page: status, dates and the forms it offers.
    nlohmann::json SubscriptionItem(const Subscription& sub, Timestamp now) const;

    /// Renders templates/site/<name>.mustache in the site's frame.
    http::Response Page(int status, std::string_view name, std::string title,
                        const std::string& path, nlohmann::json content,
                        const ReaderContext& reader) const;
    http::Response Message(int status, std::string title, std::string message,
                           const ReaderContext& reader, std::string link_url = {},
                           std::string link_text = {}) const;
    http::Response SignInFirst(std::string_view next) const;
    http::Response Forbidden(const ReaderContext& reader) const;
    /// "Nov 16 2024" in the site's time zone.
    std::string Day(Timestamp t) const;

    Site& site_;                             // Not owned; outlives *this.
    billing::SubscriptionService& billing_;  // Not owned.
};

}  // namespace broadsheet::site
