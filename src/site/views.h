#pragma once

#include <optional>
#include <string>
#include <vector>

namespace broadsheet::site {

/// Typed view models: what each template may show, already formatted for readers.
/// Built by page handlers from domain objects; rendered by Templates. Text fields are
/// escaped by the template engine; only fields named `*_html` are inserted raw, and those
/// hold sanitized HTML.

struct LinkView {
    std::string text;
    std::string url;
    bool current = false;
};

struct PictureView {
    std::string src;
    std::string alt;
    std::string caption;
    std::string credit;
    int width = 0;
    int height = 0;
};

/// A story in a list (home, section, topic, "More From This Section").
struct StoryCardView {
    std::string headline;
    std::string url;
    std::string standfirst;
    std::string section_name;
    std::string section_url;
    std::string published;      ///< "Nov 16 2024 | 3:57 PM IST"
    std::string published_iso;  ///< For <time datetime>.
    std::optional<PictureView> picture;
};

struct PlanView {
    std::string name;
    std::string price;      ///< "₹2,700"
    std::string period;     ///< "1 Year"
    std::string per_month;  ///< "₹225/Month"
    std::string saving;     ///< "SAVE 46%" or empty
    std::vector<std::string> notes;  ///< "*Complimentary … will be given after 12 months"
};

struct PerkView {
    std::string title;
    std::string description;
};

/// The subscription offer under an article.
struct OfferView {
    std::string headline;
    std::vector<PlanView> plans;
    std::string renewal_note;
    std::string perks_heading;
    std::vector<PerkView> perks;
};

struct ArticleView {
    std::string headline;
    std::string standfirst;
    std::optional<PictureView> picture;
    std::string provider;   ///< "AP"
    std::string located;    ///< "Kyiv"
    std::string byline;
    std::string read_time;  ///< "2 min read"
    std::string last_updated;
    std::string last_updated_iso;
    std::string first_published;
    std::string first_published_iso;
    std::string body_html;  ///< Sanitized at ingest; empty when the reader may not read it.
    bool premium = false;   ///< A premium story.
    bool locked = false;    ///< Premium and this reader is not entitled: no body, an offer instead.
    std::string syndication_notice;  ///< Empty for staff copy.
    LinkView section;
    std::vector<LinkView> topics;
    std::vector<StoryCardView> more_from_section;
    std::optional<StoryCardView> next_story;
    std::optional<OfferView> offer;
};

/// A list page: home, a section, a topic.
struct ListingView {
    std::string heading;
    std::string description;
    std::optional<StoryCardView> lead;
    std::vector<StoryCardView> stories;
    std::string previous_url;
    std::string next_url;
    /// Home only: the latest stories of each section.
    struct SectionBlock {
        LinkView section;
        std::vector<StoryCardView> stories;
    };
    std::vector<SectionBlock> sections;
};

/// An error page (404, 410, 500...).
struct ErrorView {
    int status = 404;
    std::string title;
    std::string message;
    std::string request_id;
    std::vector<StoryCardView> latest;
};

/// Markup for search engines and social previews in a page's <head>.
struct MetaView {
    std::string og_type = "website";
    std::string image_url;      ///< Absolute; empty for none.
    std::string image_alt;
    std::string published_iso;  ///< Articles only.
    std::string modified_iso;
    std::string section;
    std::vector<std::string> tags;
    std::string json_ld;        ///< Schema.org JSON, already safe inside <script>; empty for none.
};

/// What every page's frame needs.
struct PageView {
    std::string title;        ///< For <title>.
    std::string description;  ///< For <meta name=description>.
    std::string canonical_url;
    std::string site_name;
    std::string site_tagline;
    std::string language;
    std::string stylesheet_url;
    std::string icon_url;
    std::vector<LinkView> sections;
    std::vector<LinkView> feeds;  ///< RSS feeds announced with <link rel="alternate">; each has an Atom twin.
    MetaView meta;
};

}  // namespace broadsheet::site
