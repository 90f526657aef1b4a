#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"

namespace broadsheet::ingest {

/// Parses a date as feeds send it, to UTC.
///
/// RFC 822/1123 (RSS `pubDate`): an optional weekday (any word ending in a comma is
/// skipped, so a wrong or localized weekday does no harm), day and month in either order,
/// month names in any case and abbreviated to three or more letters (plus common French,
/// German, Spanish, Italian and Dutch abbreviations), 2-digit years (00-49 are 20xx),
/// missing seconds, "am"/"pm", extra whitespace, a parenthesized comment such as "(PST)",
/// and a zone that is a numeric offset (`-0800`, `+05:30`, `GMT+1`), a name (UT, UTC, GMT,
/// Z, the US zones EST/EDT/CST/CDT/MST/MDT/PST/PDT and a few European and Pacific ones) or
/// an RFC 822 military letter (taken as RFC 822 wrote them, A = -1 ... Y = +12, as
/// feedparser does). A missing or unknown zone is UTC.
///
/// W3C-DTF / RFC 3339 (Atom, `dc:date`) via ParseIsoDateTime, then leniently: one-digit
/// fields, a year or year-month alone, a space before the zone, compact `20040228T181455Z`.
///
/// nullopt when no date can be read. Pure; thread-safe.
std::optional<Timestamp> ParseFeedDate(std::string_view text);

}  // namespace broadsheet::ingest
