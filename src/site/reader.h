#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

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
    /// May read premium stories in full. Fails closed.
    bool may_read_premium = false;
};

/// Works out the ReaderContext of a request (its session cookie, say). Thread-safe.
using ReaderResolver = std::function<ReaderContext(const http::Request&)>;

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
