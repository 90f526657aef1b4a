#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace broadsheet::search {

/// What the search index holds of one article: the text it searches and the little it
/// returns with a hit. Built from an Article with IndexDocumentFrom, or by bulk importers.
struct IndexDocument {
    ArticleId id;
    std::string section;              ///< Section slug: the `section:` filter, a facet.
    std::string slug;                 ///< For the hit's link.
    std::vector<std::string> topics;  ///< Topic slugs: the `topic:` filter.
    std::vector<std::string> by;      ///< Agency and author slugs: the `by:` filter.
    bool premium = false;             ///< Snippets show the standfirst only, unless allowed.
    Timestamp first_published;        ///< Newest-first order, date ranges, the year facet.
    std::string headline;             ///< Weighted above the rest.
    std::string standfirst;           ///< Plain text.
    std::string body_text;            ///< Plain text (tags stripped), searched and snipped.
    std::string extra_text;           ///< Byline and dateline: searched, never shown.
    friend bool operator==(const IndexDocument&, const IndexDocument&) = default;
};

/// Whether readers may find `article` in search: published and not held for an editor.
bool Searchable(const Article& article);

/// The index document for `article`'s latest content: body HTML reduced to text, topic
/// slugs (and slugs of their names when those differ), and `by:` slugs for the agency and
/// each author named in the byline ("By Jane Smith and Ali Khan" -> jane-smith, ali-khan).
IndexDocument IndexDocumentFrom(const Article& article);

/// Plain text from sanitized HTML: tags dropped (block ends become spaces), the contents
/// of script/style dropped, character references decoded.
std::string HtmlToText(std::string_view html);

/// The slugs a byline names: "By Jane Smith and Ali Khan, AP" -> jane-smith, ali-khan, ap.
std::vector<std::string> BylineSlugs(std::string_view byline);

}  // namespace broadsheet::search
