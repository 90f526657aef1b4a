#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace broadsheet::newsroom {

/// Markdown longer than this is refused by the story rules; RenderMarkdown cuts it.
inline constexpr std::size_t kMaxMarkdownBytes = std::size_t{1} << 20;

/// Renders a staff story's Markdown (CommonMark with GitHub's tables, strikethrough and
/// autolinks) to HTML with cmark-gfm in safe mode: raw HTML and javascript:/data: links are
/// replaced, never passed through. Invalid UTF-8 is replaced. The result still goes through
/// the ingest sanitizer before it is stored (defence in depth). Thread-safe.
std::string RenderMarkdown(std::string_view markdown);

/// The text of `markdown` as a reader would read it, for word counts and diffs: the
/// rendered document's text with blocks on their own lines.
std::string MarkdownText(std::string_view markdown);

}  // namespace broadsheet::newsroom
