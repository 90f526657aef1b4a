#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace broadsheet {

/// An article's number, the stable part of its URL.
struct ArticleId {
    int64_t value = 0;
    friend auto operator<=>(const ArticleId&, const ArticleId&) = default;
};

/// A section of the site ("world", "World").
struct Section {
    std::string slug;
    std::string name;
};

/// A topic readers can follow ("north-korea", "North Korea").
struct Topic {
    std::string slug;
    std::string name;
    friend bool operator==(const Topic&, const Topic&) = default;
};

/// A picture as stored in the media store, with what readers see around it.
struct Picture {
    std::string path;      ///< Relative to the media store, e.g. "ab/abcdef….jpg".
    std::string mime;      ///< "image/jpeg"
    int width = 0;         ///< Pixels; 0 when unknown.
    int height = 0;
    std::string alt_text;  ///< For screen readers: "Japan flag, Japan"
    std::string caption;
    std::string credit;    ///< "Bloomberg" (the page prints "Photo: Bloomberg")
    friend bool operator==(const Picture&, const Picture&) = default;
};

/// Where an article stands for readers.
enum class ArticleStatus {
    kPublished,  ///< Visible.
    kWithheld,   ///< Temporarily not visible (wire pubstatus withheld, or embargoed).
    kKilled,     ///< Withdrawn for good (wire pubstatus canceled): 410 for readers.
};

/// What one version of an article says. Syndicated copy keeps the wire's text here.
struct ArticleContent {
    std::string headline;
    std::string standfirst;  ///< Plain text.
    std::string body_html;   ///< Sanitized HTML.
    std::string byline;
    std::string located;     ///< Dateline place, "Kyiv".
    std::string provider;    ///< Agency, "AP"; empty for staff copy.
    std::string language;
    std::string ed_note;
    int word_count = 0;
    std::optional<Picture> picture;
    std::vector<Topic> topics;
    friend bool operator==(const ArticleContent&, const ArticleContent&) = default;
};

/// One stored version of an article.
struct ArticleVersion {
    int number = 0;            ///< 1, 2, 3... in the order stored.
    std::string wire_version;  ///< As the wire sent it; empty for staff copy.
    Timestamp published_at;    ///< When this version was published (wire versioncreated).
    Timestamp stored_at;       ///< When Broadsheet stored it.
    ArticleStatus status = ArticleStatus::kPublished;
    ArticleContent content;
};

/// An article with its latest version's content and the dates its history gives.
struct Article {
    ArticleId id;
    std::string uri;       ///< Wire identity (ninjs uri, NewsML-G2 guid...).
    std::string slug;      ///< Fixed at first publication.
    std::string section;   ///< Section slug.
    bool syndicated = true;
    bool premium = false;  ///< Only entitled readers may read the body.
    bool held = false;     ///< Waiting for an editor: not visible to readers.
    bool headline_overridden = false;  ///< content.headline is the editor's, not the wire's.
    bool picture_overridden = false;   ///< content.picture is the editor's, not the wire's.
    ArticleStatus status = ArticleStatus::kPublished;
    Timestamp first_published;  ///< From the first version.
    Timestamp last_updated;     ///< From the latest version.
    int version_count = 0;
    std::string wire_version;   ///< The latest version's wire version.
    ArticleContent content;     ///< The latest version's content.
};

/// What a listing needs of an article.
struct ArticleSummary {
    ArticleId id;
    std::string slug;
    std::string section;
    std::string headline;
    std::string standfirst;
    std::optional<Picture> picture;
    Timestamp first_published;
    Timestamp last_updated;
};

}  // namespace broadsheet
