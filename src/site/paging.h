#pragma once

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

#include "http/request.h"

namespace broadsheet::site {

/// Stories on one page of a list (home sections aside): section, topic, archive day.
inline constexpr int kStoriesPerPage = 20;
/// Deeper pages are refused: offsets stay bounded.
inline constexpr int kMaxPage = 1000;

/// ?page=N, 1-based; anything else is page 1; at most kMaxPage.
inline int PageNumber(const http::Request& request) {
    auto text = request.QueryParam("page");
    if (!text) return 1;
    int page = 1;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), page);
    if (ec != std::errc() || end != text->data() + text->size() || page < 1) return 1;
    return std::min(page, kMaxPage);
}

/// "/world" for page 1, "/world?page=3" for page 3.
inline std::string PageUrl(std::string_view path, int page) {
    if (page <= 1) return std::string(path);
    return std::string(path) + "?page=" + std::to_string(page);
}

}  // namespace broadsheet::site
