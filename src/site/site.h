#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/plan.h"
#include "core/time.h"
#include "http/request.h"
#include "site/live_value.h"
#include "site/page_cache.h"
#include "site/reader.h"
#include "site/views.h"
#include "http/response.h"
#include "store/article_store.h"
#include "store/feed_store.h"

namespace broadsheet::http {
class StaticFiles;
}  // namespace broadsheet::http

namespace broadsheet::media {
class Renditions;
}  // namespace broadsheet::media

namespace broadsheet::site {

class Syndication;
class Templates;

/// What the reader site shows of the publication.
struct SiteOptions {
    std::string name;
    std::string tagline;
    std::string base_url;  ///< No trailing slash.
    std::string language;
    SiteTimeZone timezone;
    std::vector<Section> sections;
    /// Display names admins gave topics (slug → name), over the names the wires used.
    std::map<std::string, std::string> topic_names;
    std::vector<Plan> plans;
    std::vector<Perk> perks;
    std::string offer_headline;  ///< "{site}" is replaced by the name.
    std::string renewal_note;
    std::string perks_heading;
    std::filesystem::path media_root;  ///< Served below /media/.
    /// Makes /media/r/… renditions on first request. Not owned; outlives the Site. Null: such
    /// URLs are answered only from renditions already on disk.
    const media::Renditions* renditions = nullptr;
    /// The configured feeds' ids, whose state /healthz reports.
    std::vector<std::string> feed_ids;
    /// Ad slot placeholders; at most one per position.
    std::vector<AdSlot> ads;
    /// The cache of rendered pages.
    PageCache::Options page_cache;
};

/// The parts of SiteOptions admins change while serving (the newsroom's settings).
struct LiveSettings {
    std::string name;
    std::string tagline;
    SiteTimeZone timezone;
    std::vector<Section> sections;  ///< In the navigation's order.
    std::map<std::string, std::string> topic_names;  ///< Topic slug → display name.
};

/// The reader site: home, section, topic and article pages, media, health. Knows the
/// URLs of ARCHITECTURE.md. Thread-safe.
class Site final {
public:
    /// `feeds` may be null (no feed states to report). `syndication` follows UpdateSettings.
    Site(SiteOptions options, const store::ArticleStore& articles, const Templates& templates,
         const http::StaticFiles& static_files, Syndication& syndication, const store::FeedStore* feeds);

    /// Who may keep a page of an added route.
    enum class RouteCaching {
        kShared,    ///< Same for every reader of a class: page cache and shared caches may keep GETs.
        kPersonal,  ///< Made for one reader (forms, account pages): never cached, "private, no-store".
    };
    using PageHandler = std::function<http::Response(const http::Request&, const ReaderContext&)>;

    /// Serves every method on `prefix` ("/account") and below it ("/account/devices") with
    /// `handler`, for page families other modules own. Call before serving.
    void AddRoute(std::string prefix, PageHandler handler, RouteCaching caching = RouteCaching::kPersonal);

    /// The site's frame (masthead, sections, ad slots for `reader`) for a page of an added route.
    PageView PageFrame(std::string title, std::string description, std::string canonical_path,
                       const ReaderContext& reader) const {
        return Frame(std::move(title), std::move(description), std::move(canonical_path), "", &reader);
    }
    const Templates& templates() const { return templates_; }
    /// The options now. The reference stays valid for the Site's life, though UpdateSettings
    /// may make another current meanwhile.
    const SiteOptions& options() const { return options_.Get(); }
    /// Swaps in what admins changed (name, tagline, time zone, sections and their order, topic
    /// names) over the options, for the site and its syndication, and drops every cached page:
    /// the next request routes /<section> and draws the navigation from `settings`. Thread-safe.
    void UpdateSettings(const LiveSettings& settings);
    /// The paths of every route the site answers, with a sample for each pattern (the
    /// paywall's leak audit walks them). Added routes are listed by prefix.
    std::vector<std::string> RoutePrefixes() const;
    /// Whether `path` falls under one of RoutePrefixes(); Route answers 404 for any other.
    bool IsRouted(std::string_view path) const;
    /// A sample path for every route, about `article` where a route is about a story (its
    /// page, JSON, topics, section, archive day, feeds, sitemaps): what a leak audit fetches.
    std::vector<std::string> AuditPaths(const Article& article) const;

    /// Installs how readers are told apart (the paywall's). Call before serving.
    void SetReaderResolver(ReaderResolver resolver) { reader_resolver_ = std::move(resolver); }

    using ArticleAccessHook = std::function<ArticleAccess(const http::Request&, const ReaderContext&, const Article&)>;
    /// Installs the paywall's per-article decision (with its meter). Without one, premium
    /// stories are full only for readers with may_read_premium (paywall::Decide, no meter).
    void SetArticleAccess(ArticleAccessHook hook) { article_access_ = std::move(hook); }

    /// A correction to a story (the newsroom keeps them).
    struct Correction {
        Timestamp at;
        std::string text;
    };
    using CorrectionsSource = std::function<std::vector<Correction>(ArticleId)>;
    /// Installs where a staff story's corrections come from, shown dated on its page. Call
    /// before serving. Without one, pages show none.
    void SetCorrections(CorrectionsSource source) { corrections_ = std::move(source); }

    /// Answers one request. Pages that are the same for a whole class of readers come from
    /// the page cache while the store is unchanged, compressed once per rendering.
    http::Response Handle(const http::Request& request) const;

    PageCache::Stats CacheStats() const { return cache_->stats(); }

    /// The server's own error pages (400, 413, 500...), in the site's frame.
    http::Response ErrorPage(int status, std::string_view request_id) const;

    /// "/world/japans-minister-visits-kyiv-12"
    static std::string ArticlePath(std::string_view section, std::string_view slug, ArticleId id);

private:
    http::Response Route(const http::Request& request, const ReaderContext& reader) const;
    http::Response Home(const http::Request& request, const ReaderContext& reader) const;
    http::Response SectionPage(const http::Request& request, const ReaderContext& reader,
                               const Section& section) const;
    http::Response TopicPage(const http::Request& request, const ReaderContext& reader, std::string_view slug) const;
    /// The archive by date (archive_pages.cc): `tail` is what follows "/archive/" — empty
    /// (redirects to the newest day with stories), "yyyy", "yyyy/mm" or "yyyy/mm/dd".
    http::Response Archive(const http::Request& request, const ReaderContext& reader, std::string_view tail) const;
    /// A paginated list (?page=N) of the stories `query` selects, newest first.
    http::Response PagedListing(const http::Request& request, const ReaderContext& reader, store::ListQuery query,
                                std::string heading,
                                std::string description, const std::string& path,
                                std::string_view current_section, std::optional<LinkView> feed = {}) const;
    http::Response ArticlePage(const http::Request& request, const ReaderContext& reader, const Section& section,
                               std::string_view tail) const;
    /// The story linked inside an article's body: the newest other story sharing one of its
    /// topics (most salient first), else the first of `more_from_section`.
    Result<std::optional<ArticleSummary>> RelatedStory(const Article& article,
                                                       const std::vector<ArticleSummary>& more_from_section) const;
    /// GET /api/v1/articles/<id>: the story as JSON for apps, through the same paywall
    /// decision as the page (body_html only when the reader may read it all).
    http::Response ArticleJson(const http::Request& request, const ReaderContext& reader, std::string_view id_text) const;
    /// The paywall's answer for `article` (the hook's, else paywall::Decide without a meter).
    ArticleAccess DecideAccess(const http::Request& request, const ReaderContext& reader, const Article& article) const;
    http::Response Health() const;
    http::Response NotFound(const http::Request& request) const;
    http::Response Gone(const http::Request& request) const;
    http::Response StoreFailure(const http::Request& request, const Error& error) const;

    /// The frame every page shares; with the top and bottom ad slots unless `reader` is
    /// ad-free (or null: no ads).
    PageView Frame(std::string title, std::string description, std::string canonical_path,
                   std::string_view current_section, const ReaderContext* reader = nullptr) const;
    const Section* FindSection(std::string_view slug) const;
    /// The placeholder for the ad slot at `position`, unless the reader is ad-free.
    std::optional<AdView> Ad(const ReaderContext& reader, AdPosition position) const;

    LiveValue<SiteOptions> options_;          // Changed only by UpdateSettings.
    std::atomic<uint64_t> settings_generation_{0};  // Part of the page cache's generation.
    const store::ArticleStore& articles_;     // Not owned; outlives *this.
    const Templates& templates_;               // Not owned.
    const http::StaticFiles& static_files_;    // Not owned.
    Syndication& syndication_;                 // Not owned.
    const store::FeedStore* feeds_;            // Not owned; may be null.
    ReaderResolver reader_resolver_;           // Empty: every reader is anonymous.
    ArticleAccessHook article_access_;         // Empty: no meter.
    CorrectionsSource corrections_;            // Empty: no corrections shown.
    struct AddedRoute {
        std::string prefix;
        PageHandler handler;
        RouteCaching caching;
    };
    std::vector<AddedRoute> added_routes_;
    const AddedRoute* FindAddedRoute(std::string_view path) const;
    std::unique_ptr<PageCache> cache_;
};

}  // namespace broadsheet::site
