#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace broadsheet::ingest {

/// Whether an item may be shown: usable, temporarily withheld, or killed.
enum class PubStatus { kUsable, kWithheld, kCanceled };

/// One rendition (size/format) of a picture, as the wire describes it.
struct Rendition {
    std::string name;  ///< The wire's rendition name ("original", "r00", "baseImage"...).
    std::string href;  ///< Absolute http(s) URL, or a path relative to the wire file's folder.
    std::string mime;  ///< e.g. "image/jpeg"; empty when the wire does not say.
    int width = 0;     ///< Pixels; 0 when unknown.
    int height = 0;
};

/// A picture associated with an item (its lead picture).
struct WirePicture {
    std::string uri;
    std::string alt_text;  ///< From a headline/description whose role names alt text, else the headline.
    std::string caption;   ///< Description text (role caption, or the first non-alt description).
    std::string credit;    ///< `by`/`byline`, else description role creditline, else copyright holder.
    std::vector<Rendition> renditions;
};

/// A subject (IPTC Media Topic or a free name) the item is about.
struct WireSubject {
    std::string name;  ///< Human name; may be empty when the wire sends only a code.
    std::string code;  ///< URI, qcode or scheme+code; may be empty.
};

/// One version of one wire item, parsed from any format into one shape. Text fields are
/// as the wire sent them; `body_html` is NOT yet sanitized (the publisher sanitizes).
struct WireItem {
    std::string uri;      ///< Identity across versions (ninjs uri, NewsML-G2 guid, ...). Never empty.
    std::string link;     ///< The item's own web page (RSS link, Atom alternate link); empty if none.
    std::string version;  ///< As sent ("1", "978556838"); empty when the wire has none.
    std::string type;     ///< "text", "picture", ...; empty when unknown.
    std::optional<Timestamp> first_created;
    std::optional<Timestamp> version_created;
    std::optional<Timestamp> embargoed_until;
    PubStatus pub_status = PubStatus::kUsable;
    int urgency = 0;  ///< 1 (highest) to 9; 0 when absent.
    std::string language;
    std::string headline;
    std::string summary;    ///< Plain text standfirst.
    std::string body_html;  ///< HTML (plain-text bodies are converted to paragraphs).
    std::string byline;
    std::string located;   ///< Dateline place, e.g. "Kyiv".
    std::string provider;  ///< Agency, e.g. "AP".
    std::string copyright_holder;
    std::string slugline;
    std::string ed_note;
    std::vector<WireSubject> subjects;
    std::vector<std::string> genres;
    std::optional<WirePicture> picture;  ///< The lead picture, if any.
};

}  // namespace broadsheet::ingest
