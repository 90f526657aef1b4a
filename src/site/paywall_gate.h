#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/plan.h"
#include "core/reader.h"
#include "core/subscription.h"
#include "core/time.h"
#include "site/reader.h"

namespace broadsheet::http {
struct Request;
}  // namespace broadsheet::http

namespace broadsheet::store {
class MeterStore;
}  // namespace broadsheet::store

namespace broadsheet::site {

/// A signed-in session as the accounts module resolves it.
struct SessionInfo {
    ReaderId reader;
    std::string email;
    std::string session_id;
};

/// Where the gate gets what it needs; the composition root fills it from the accounts and
/// billing modules.
struct PaywallGateOptions {
    /// The `bs_session` cookie's token -> the session, or nullopt (unknown, revoked, expired).
    std::function<std::optional<SessionInfo>(std::string_view token)> resolve_session;
    /// A reader's subscriptions, any status.
    std::function<std::vector<Subscription>(ReaderId)> subscriptions;
    /// The CSRF token for a session's forms.
    std::function<std::string(std::string_view session_id)> csrf_token;
    store::MeterStore* meter_store = nullptr;  ///< Signed-in readers' meters; not owned.
    std::string secret;                        ///< Signs visitors' meter cookies.
    std::vector<Plan> plans;
    std::vector<Perk> perks;
    std::chrono::days grace{7};
    int free_per_month = 3;
    int registration_bonus = 2;
    const Clock* clock = nullptr;  ///< Not owned.
    std::optional<SiteTimeZone> zone;  ///< Meter months are the site's calendar months (UTC without).
    bool secure_cookies = false;   ///< https site: cookies get Secure.
};

/// The paywall on the reader path: turns a request into a ReaderContext (session,
/// entitlements, cache class) and decides, per premium article, full or teaser with the
/// meter (paywall::Decide). Install with Site::SetReaderResolver / SetArticleAccess.
/// Thread-safe.
class PaywallGate final {
public:
    explicit PaywallGate(PaywallGateOptions options) : options_(std::move(options)) {}

    ReaderContext Resolve(const http::Request& request) const;
    ArticleAccess Access(const http::Request& request, const ReaderContext& reader, const Article& article) const;

    /// Cookie names.
    static constexpr const char* kSessionCookie = "bs_session";
    static constexpr const char* kMeterCookie = "bs_meter";

private:
    const PaywallGateOptions options_;
};

}  // namespace broadsheet::site
