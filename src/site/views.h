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
    /// Candidates for <img srcset>: JPEG renditions narrower than the original, then the
    /// original ("/media/r/320/ab/x.jpg 320w, …, /media/ab/x.jpg 1200w"). Empty when the
    /// width is unknown, the original is a GIF, or it is too narrow for any rendition.
    std::string srcset;
    /// The same in WebP, for <source type="image/webp">, but ending with a WebP of the
    /// original's width (a rendition clamped to it) unless the original is wider than 1600.
    std::string webp_srcset;
    std::string sizes;        ///< How wide the layout shows it, matching site.css.
};

/// An ad slot's placeholder: reserved space of the configured size, labelled.
struct AdView {
    std::string position;  ///< "top", "article", "listing", "bottom": a CSS modifier.
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
    bool eager = false;  ///< Likely above the fold: its picture is not lazy-loaded.
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
    /// The body, sanitized at ingest, in parts: after a part may come the related-story
    /// link or the in-article ad slot. Empty when the reader may not read the body.
    struct BodyPart {
        std::string html;
        std::optional<StoryCardView> related;
        std::optional<AdView> ad;
    };
    std::vector<BodyPart> body;
    std::vector<LinkView> share;  ///< Share links (X, Facebook, LinkedIn, WhatsApp, e-mail).
    bool premium = false;   ///< A premium story.
    bool locked = false;    ///< Premium and this reader may not read it: the teaser and the offer.
    std::string teaser_html;  ///< Locked only: the body's first paragraph (sanitized HTML).
    std::string meter_note;   ///< "You have 2 free premium stories left this month." or the spent note.
    std::string syndication_notice;  ///< Empty for staff copy.
    /// Corrections to a staff story, oldest first, each dated.
    struct Correction {
        std::string at;      ///< "Nov 16 2024 | 3:57 PM IST"
        std::string at_iso;  ///< "2024-11-16T10:27:00Z"
        std::string text;
    };
    std::vector<Correction> corrections;
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
    std::optional<AdView> ad;  ///< After the stories.
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
    std::optional<AdView> ad_top;
    std::optional<AdView> ad_bottom;
    std::string previous_url;  ///< Paginated lists: <link rel="prev">.
    std::string next_url;      ///< <link rel="next">.
    MetaView meta;
};

/// One cell of a month calendar: a day of the month, or a blank before the 1st or after
/// the last day (day 0).
struct CalendarDayView {
    int day = 0;
    int count = 0;           ///< Stories first published that day.
    std::string url;         ///< The day page; empty when the day has no stories.
    std::string count_text;  ///< "14 stories"; empty when none.
    bool current = false;    ///< The day the page is about (aria-current="date").
};

/// Seven cells, Monday first.
struct CalendarWeekView {
    std::vector<CalendarDayView> days;
};

/// A month as a table for the archive.
struct CalendarMonthView {
    std::string caption;  ///< "November 2024"
    std::string url;      ///< The month page; empty when the caption is not a link.
    int total = 0;        ///< Stories in the month.
    std::vector<CalendarWeekView> weeks;
};

/// An archive page: /archive (when empty), a year, a month or a day.
struct ArchiveView {
    std::string heading;                 ///< "Saturday 16 November 2024", "November 2024", "2024"
    std::string summary;                 ///< "3 stories", or why there are none.
    std::vector<LinkView> breadcrumbs;   ///< Archive › 2024 › November; the last is current.
    std::optional<LinkView> previous;    ///< The previous day, month or year with stories.
    std::optional<LinkView> next;        ///< The next one.
    std::string unit;                    ///< "day", "month" or "year": what previous and next step by.
    bool day = false;                    ///< A day page: stories, with the calendar beside them.
    std::vector<StoryCardView> stories;  ///< Day pages: that day's stories, newest first.
    std::string previous_url;            ///< Day pages: the newer page of stories.
    std::string next_url;                ///< Day pages: the older page of stories.
    std::vector<CalendarMonthView> calendars;
    std::vector<LinkView> years;         ///< Every year with stories, newest first; the page's is current.
};

}  // namespace broadsheet::site
