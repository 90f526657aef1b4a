#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/time.h"
#include "http/request.h"
#include "http/response.h"
#include "site/live_value.h"
#include "store/article_store.h"

namespace broadsheet::site {

/// What syndication says about the publication.
struct SyndicationOptions {
    std::string site_name;          ///< Feed titles, Atom author and news:name.
    std::string base_url;           ///< No trailing slash; every link is absolute on it.
    std::string language;           ///< BCP 47, "en" or "en-IN".
    std::vector<Section> sections;  ///< Sections that have feeds; the name is the item category.
    std::map<std::string, std::string> topic_names;  ///< Display names admins gave topics, by slug.
};

/// Outbound syndication: RSS 2.0 and Atom 1.0 feeds, sitemaps (index, monthly, Google
/// News) and robots.txt. Feeds carry headline and standfirst only, never a body, so
/// premium text cannot leak through them. Thread-safe.
class Syndication final {
public:
    static constexpr int kFeedItems = 50;  ///< Stories per feed.
    static constexpr int kSitemapUrls =
        50'000;  ///< URLs per monthly sitemap file (sitemaps.org limit).
    static constexpr int kNewsSitemapUrls = 1'000;  ///< Google News limit.

    Syndication(SyndicationOptions options, const store::ArticleStore& articles,
                const Clock& clock);

    /// Answers /feeds/..., /sitemap.xml, /sitemap-YYYY-MM.xml (and -YYYY-MM-N.xml for the
    /// Nth 50,000 of a month), /sitemap-news.xml and /robots.txt; nullopt for other paths.
    /// Unknown feeds and sitemaps are a plain-text 404; methods other than GET and HEAD a 405.
    std::optional<http::Response> Handle(const http::Request& request) const;

    /// Swaps in the site's name and sections as admins changed them. Thread-safe.
    void UpdateSettings(std::string site_name, std::vector<Section> sections,
                        std::map<std::string, std::string> topic_names);

private:
    /// What a feed is about.
    struct Channel {
        std::string title;
        std::string description;
        std::string page_path;  ///< The HTML page the feed mirrors, "/world".
        std::string self_path;  ///< "/feeds/world.rss"
    };

    http::Response Feed(std::string_view name) const;
    http::Response Rss(const Channel& channel, const std::vector<ArticleSummary>& stories) const;
    http::Response Atom(const Channel& channel, const std::vector<ArticleSummary>& stories) const;
    http::Response Sitemap(std::string_view name) const;
    http::Response SitemapIndex() const;
    /// The `part`th (1-based) 50,000 stories first published in `month`.
    http::Response MonthlySitemap(std::chrono::year_month month, int part) const;
    http::Response NewsSitemap() const;
    http::Response Robots() const;

    std::string Url(std::string_view path) const { return options().base_url + std::string(path); }
    std::string CanonicalUrl(const ArticleSummary& story) const;
    std::string SectionName(std::string_view slug) const;
    const Section* FindSection(std::string_view slug) const;

    /// The options now (LiveValue: the reference stays valid through UpdateSettings).
    const SyndicationOptions& options() const { return options_.Get(); }

    LiveValue<SyndicationOptions> options_;
    const store::ArticleStore& articles_;  // Not owned; outlives *this.
    const Clock& clock_;                   // Not owned; outlives *this.
};

}  // namespace broadsheet::site
