#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace broadsheet::ingest {

/// The result of sanitising one HTML fragment.
struct SanitizedHtml {
    std::string html;    ///< Allow-listed, re-serialised body fragment (no html/head/body).
    std::string text;    ///< Visible text: blocks separated by "\n", other whitespace collapsed.
    int word_count = 0;  ///< Whitespace-separated words in `text`.
};

/// Inputs longer than this are cut (at a UTF-8 boundary) and only the first part is kept.
inline constexpr std::size_t kMaxSanitizedInputBytes = std::size_t{4} << 20;

/// Parses `html` with gumbo and re-serialises only an allow-list of elements and attributes.
///
/// Kept: p, br, h2-h6 (h1 becomes h2), strong, b, em, i, u, s, sub, sup, blockquote, q, cite,
/// ul, ol, li, dl, dt, dd, a (href, title; rel="noopener" added for http(s) links), img (src,
/// alt, width, height; loading="lazy" added; dropped without a usable src), figure, figcaption,
/// table, caption, thead, tbody, tfoot, tr, th, td (colspan, rowspan), hr, pre, code, abbr
/// (title) and span. URLs must be http(s), relative, or (href only) mailto. Scripting and
/// embedding elements (script, style, iframe, object, embed, form controls, svg, math, ...)
/// are dropped with their content; every other element is unwrapped (its content kept).
/// Comments and all other attributes are dropped. A full document is accepted: only its
/// body is kept. The output re-sanitises to itself.
///
/// Only the first kMaxSanitizedInputBytes are processed. Pathological markup is defused
/// before parsing (nesting deeper than 256 and tags with more than 128 attributes lose
/// those tags, keeping their text); a document that would still make the parser use more
/// than a bounded amount of memory yields an empty result. Pure; thread-safe.
SanitizedHtml SanitizeHtml(std::string_view html);

/// Converts plain text to HTML paragraphs: a blank line starts a new <p>, a single newline
/// becomes <br>. The text is escaped. Empty or all-blank text gives "".
std::string TextToHtml(std::string_view text);

/// Escapes & < > " and ' so `text` can sit in HTML text or a quoted attribute value.
std::string EscapeHtml(std::string_view text);

}  // namespace broadsheet::ingest
