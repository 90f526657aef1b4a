#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"

namespace broadsheet::ingest {

/// Lines longer than this are rejected without being parsed.
inline constexpr std::size_t kMaxArchiveLineBytes = std::size_t{16} << 20;

/// One story of an archive file in JSON lines, as archive-gen writes them
/// (`{"id":N,"date":"YYYY-MM-DD","section":"..","topics":["slug",..],"headline":"..",
/// "summary":"..","body":".."}`), plus optional "uri", "version", "byline",
/// "provider"/"agency", "url", and a full RFC 3339 "date" or "published".
struct ArchiveRecord {
    /// Identity: the line's "uri", else "archive:" + its "id" (a number or a string), else
    /// "archive:" + a hash of date and headline. The same line always gives the same uri,
    /// whatever the file is called, so importing it again changes nothing.
    std::string uri;
    /// The line's "version", else "h" + a hash of the content: the same content is the same
    /// version (unchanged), different content under the same id is a newer one (an update).
    std::string version;
    Timestamp published;               ///< "date" or "published": a day (00:00 UTC) or RFC 3339.
    std::string section;               ///< As written (a slug or a name); may be empty.
    std::vector<std::string> topics;   ///< As written: slugs ("north-korea") or names.
    std::string headline;              ///< Trimmed; never empty.
    std::string summary;               ///< Plain text.
    std::string body;                  ///< Plain text; paragraphs by newlines, if any.
    std::string byline;
    std::string provider;              ///< "provider", else "agency".
    std::string url;                   ///< The story's address elsewhere; kept for the record only.
};

/// Parses one line. kInvalidInput, with a reason meant for the operator ("bad JSON at byte
/// 17", "no headline", "bad UTF-8", "line over 16 MiB", "\"date\" is not a date"...),
/// for a line that cannot be a story. Thread-safe; never throws.
[[nodiscard]] Result<ArchiveRecord> ParseArchiveLine(std::string_view line);

/// HTML paragraphs from plain text, every character escaped: a paragraph per line (blank
/// lines ignored); a long text with no newline is cut after a sentence about every 600 bytes.
std::string PlainTextToParagraphs(std::string_view text);

/// A topic from an archive's topic: a slug gets a readable name ("north-korea" -> "North
/// Korea"); a name gets its slug ("North Korea" -> "north-korea").
Topic ArchiveTopic(std::string_view slug_or_name);

}  // namespace broadsheet::ingest
