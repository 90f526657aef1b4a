#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/reader.h"

namespace broadsheet::http {
struct Request;
}  // namespace broadsheet::http

namespace broadsheet::site {

/// Who is reading, as far as the pages differ for them. The paywall fills it; until a
/// resolver is installed every reader is an anonymous visitor.
struct ReaderContext {
    /// Readers of one class see the same pages, so pages are cached under it. Empty for a
    /// reader whose pages are personal: those are never cached, here or by shared caches.
    std::string cache_class = "anonymous";
    /// Subscribers with the ad-free perk: no ad slots at all.
    bool ad_free = false;
    /// May read premium stories in full by entitlement (a subscription with the premium
    /// perk). The meter is separate: the article-access hook asks it per story. Fails closed.
    bool may_read_premium = false;

    /// Signed in: the reader's account. Unset for visitors.
    std::optional<ReaderId> reader_id;
    std::string email;
    /// The session's id as stored (not the cookie's secret token), for "this device".
    std::string session_id;
    /// The CSRF token every form on this reader's pages must carry (field `csrf`); empty
    /// for visitors (their sign-in and sign-up forms use a pre-session token instead).
    std::string csrf_token;
    /// False when the request carried a session: its pages must not be kept by shared
    /// caches (the site sends them "private").
    bool shared_cacheable = true;
};

/// Works out the ReaderContext of a request (its session cookie, say). Thread-safe.
using ReaderResolver = std::function<ReaderContext(const http::Request&)>;

/// What the paywall lets one reader see of one article now (paywall::Decide), and what its
/// meter needs to remember.
struct ArticleAccess {
    bool full = false;  ///< The whole story; otherwise the teaser and the offer.
    /// The page differs from reader to reader (a meter decided it): no cache may keep it.
    bool personal = false;
    std::vector<std::string> set_cookies;  ///< Set-Cookie header values (the visitor's meter).
    std::string meter_note;                ///< For the page: free stories left, or spent.
};

/// Where an ad slot sits on the page.
enum class AdPosition {
    kTop,      ///< Under the masthead, every page.
    kArticle,  ///< Inside an article's body, part-way down.
    kListing,  ///< Between the stories of a list page.
    kBottom,   ///< Above the footer, every page.
};

/// "top", "article", "listing", "bottom"; nullopt for anything else.
std::optional<AdPosition> ParseAdPosition(std::string_view name);
std::string_view AdPositionName(AdPosition position);

/// A placeholder for an advertisement, sized so the layout is real before an ad server
/// fills it (no layout shift when it does).
struct AdSlot {
    AdPosition position = AdPosition::kTop;
    int width = 728;
    int height = 90;
};

}  // namespace broadsheet::site
