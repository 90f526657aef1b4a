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

/// Where a picture is shown; it decides the picture's `sizes`.
enum class PictureSlot {
    kArticle,      ///< The article's lead picture: the text column.
    kLead,         ///< The home page's lead story: full width, then 3/5 of the page.
    kCard,         ///< A story card in `.cards`: a thumbnail on phones, then 2 or 3 columns.
    kCompactCard,  ///< A story card in `.cards--compact`: as kCard, but 4 columns on desktops.
};

/// The `sizes` attribute for pictures in `slot`: their CSS width at each breakpoint of
/// static/site.css (main is at most 76rem with 1rem padding; the story column 42rem).
std::string_view PictureSizes(PictureSlot slot);

/// The srcset candidates of `picture` as JPEG or WebP renditions (see PictureView::srcset
/// and webp_srcset); empty when there is nothing to choose from.
std::string PictureSrcset(const Picture& picture, bool webp);

PictureView MakePictureView(const Picture& picture, PictureSlot slot);

StoryCardView MakeStoryCard(const ArticleSummary& summary, const SiteOptions& options,
                            PictureSlot slot = PictureSlot::kCard);

/// The subscription offer from the configured plans and perks.
OfferView MakeOffer(const SiteOptions& options);
/// The name readers see for `topic`: the one admins gave it in the settings, else its own.
const std::string& TopicName(const SiteOptions& options, const Topic& topic);

/// "(Only the headline and picture of this report may have been reworked by the <site>
/// staff; the rest of the content is auto-generated from a syndicated feed.)"
std::string SyndicationNotice(std::string_view site_name);

/// `may_read_body` is the paywall's answer for this reader: when false the view carries
/// only the teaser, the body's first paragraph (and the read time), never the rest.
ArticleView MakeArticleView(const Article& article, const std::vector<ArticleSummary>& more_from_section,
                            const std::optional<ArticleSummary>& next_story, const SiteOptions& options,
                            bool may_read_body);

/// Byte offsets just past each top-level `</p>` of sanitized body HTML (paragraphs inside
/// blockquotes, lists or tables are not counted). Quoted attribute values are skipped.
std::vector<size_t> TopLevelParagraphEnds(std::string_view html);

/// Places the related-story link and the in-article ad slot between the paragraphs of a
/// readable body, as the reference page does: the ad after the 3rd paragraph of bodies of 5
/// or more, the related link about half-way (after the last paragraph of short bodies).
/// Does nothing to a locked body.
void PlaceInBody(ArticleView& view, std::optional<StoryCardView> related, std::optional<AdView> ad);

/// Links to share `url` on X, Facebook, LinkedIn, WhatsApp and by e-mail (no scripts).
std::vector<LinkView> ShareLinks(const std::string& url, const std::string& headline);

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
