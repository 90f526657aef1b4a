#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "site/views.h"

namespace broadsheet::site {

struct SiteOptions;

/// Builds view models from domain objects: every reader-facing format decision (dates,
/// prices, read time, notices) is made here, once. Pure functions.

/// Replaces every "{site}" in `text` with the site's name.
std::string WithSiteName(std::string_view text, std::string_view site_name);

std::string MediaUrl(std::string_view path);

PictureView MakePictureView(const Picture& picture);

StoryCardView MakeStoryCard(const ArticleSummary& summary, const SiteOptions& options);

/// The subscription offer from the configured plans and perks.
OfferView MakeOffer(const SiteOptions& options);

/// "(Only the headline and picture of this report may have been reworked by the <site>
/// staff; the rest of the content is auto-generated from a syndicated feed.)"
std::string SyndicationNotice(std::string_view site_name);

/// `may_read_body` is the paywall's answer for this reader: when false the view carries no
/// body text at all (nor anything derived from it but the read time).
ArticleView MakeArticleView(const Article& article, const std::vector<ArticleSummary>& more_from_section,
                            const std::optional<ArticleSummary>& next_story, const SiteOptions& options,
                            bool may_read_body);

/// Schema.org JSON-LD for an article page: a NewsArticle (with paywall markup for premium
/// stories: isAccessibleForFree false, hasPart naming the gated `.story__body`) and its
/// BreadcrumbList. Text only from the headline, standfirst and metadata — never the body.
/// Safe to place inside <script>. `site_url` has no trailing slash; `logo_url` is absolute.
std::string ArticleJsonLd(const Article& article, const SiteOptions& options, const std::string& canonical_url,
                          const std::string& logo_url);

/// The <head> markup of an article page (Open Graph, article:*, JSON-LD).
MetaView ArticleMeta(const Article& article, const SiteOptions& options, const std::string& canonical_url,
                     const std::string& logo_url);

}  // namespace broadsheet::site
