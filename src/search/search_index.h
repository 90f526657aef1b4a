#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "search/index_document.h"
#include "search/query.h"

namespace broadsheet::search {

/// Whether the reader searching may read the body of the premium story `id`. The caller
/// answers with the paywall's decision, asked with no meter so a snippet never spends a
/// free story: `paywall::Decide(true, entitled, nullptr, id).access == Access::kFull`.
/// Empty means "no": premium snippets then show the standfirst only.
using MayReadPremium = std::function<bool(ArticleId id)>;

/// A search to run: a parsed query, which page of results, and what the reader may read.
struct SearchRequest {
    Query query;
    int page = 1;        ///< 1-based.
    int page_size = 20;  ///< 1 to kMaxPageSize.
    bool facets = true;  ///< Count sections and years (costs a little on common words).
    MayReadPremium may_read_premium;
};

inline constexpr int kMaxPageSize = 100;
/// The deepest result a search will page to (page * page_size).
inline constexpr int kMaxResultDepth = 10'000;

/// One result.
struct SearchHit {
    ArticleId id;
    double score = 0;          ///< Relevance weight (still given when ordered newest first).
    std::string snippet_html;  ///< HTML: escaped text with matches in <mark>...</mark>.
    std::string headline;      ///< Plain text (escape it when rendering).
    std::string section;
    std::string slug;
    Timestamp first_published;
    bool premium = false;
};

/// How many matching stories have a section or a year.
struct FacetCount {
    std::string value;  ///< A section slug, or a year "1997".
    int64_t count = 0;
};

/// One page of results with what the page around it needs.
struct SearchResults {
    int64_t total_estimate = 0;        ///< Matches, estimated for large result sets.
    bool total_exact = false;          ///< The estimate is the exact count.
    std::vector<SearchHit> hits;       ///< In the requested order.
    /// Most stories first. Counted over the stories the matcher examined; when that was a
    /// sample of a larger result, scaled up to the estimated total (facets_estimated).
    std::vector<FacetCount> sections;
    std::vector<FacetCount> years;     ///< Oldest year first; counted like sections.
    bool facets_estimated = false;     ///< The facet counts are scaled from a sample.
    std::string did_you_mean;          ///< Query text with misspelt words corrected, or "".
};

/// The search index: documents in, ranked pages of hits out. Implemented by XapianIndex.
/// Rebuildable from the store at any time. Thread-safe: writes are serialized, searches run
/// concurrently and see what the last Commit made durable.
class SearchIndex {
public:
    virtual ~SearchIndex() = default;

    /// Adds a document whose article is not in the index yet (bulk loads: no lookup).
    virtual Result<void> Add(const IndexDocument& document) = 0;
    /// Adds the document or replaces the one with the same article id.
    virtual Result<void> Replace(const IndexDocument& document) = 0;
    /// Removes the article; nothing happens when it is not there.
    virtual Result<void> Remove(ArticleId id) = 0;
    /// Makes every change so far durable and visible to searches.
    virtual Result<void> Commit() = 0;

    /// One page of results. kInvalidInput for a page out of range.
    virtual Result<SearchResults> Search(const SearchRequest& request) const = 0;

    /// How many documents the index holds.
    virtual Result<int64_t> Count() const = 0;
};

}  // namespace broadsheet::search
