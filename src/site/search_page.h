#pragma once

#include <string>

#include "http/request.h"
#include "http/response.h"
#include "site/reader.h"

namespace broadsheet::search {
class SearchIndex;
}  // namespace broadsheet::search

namespace broadsheet::site {

class Site;

/// The reader's search page (issue 7, docs/search.md):
///   GET /search?q=…&page=N&order=newest|relevance&from=YYYY[-MM[-DD]]&to=…
/// The form alone without a query; otherwise the result count, a page of hits (headline
/// linking to the story, section, date in the site's zone, the index's snippet HTML),
/// pagination (rel prev/next), facets (sections and years, as links narrowing the query)
/// and "Did you mean". A malformed query shows the parser's message with the form, with a
/// 200. Personal (never cached): premium snippets follow the reader's entitlement through
/// paywall::Decide with no meter. Registers its route on construction. Thread-safe.
class SearchPage final {
public:
    /// `site` and `index` are not owned and must outlive the page.
    SearchPage(Site& site, const search::SearchIndex& index);

    /// Results per page.
    static constexpr int kPageSize = 20;

private:
    http::Response Handle(const http::Request& request, const ReaderContext& reader) const;

    Site& site_;
    const search::SearchIndex& index_;
};

}  // namespace broadsheet::site
