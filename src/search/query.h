#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace broadsheet::search {

/// A filter a query may name: `section:world`, `topic:japan`, `by:AP`.
enum class Field { kSection, kTopic, kBy };

/// What an atom of a query is.
enum class AtomKind {
    kWord,    ///< One word as typed: `ministers` (stemmed when searched).
    kPhrase,  ///< Words in this order, unstemmed: `"prime minister"`.
    kField,   ///< A filter on a field: `topic:"North Korea"`.
};

/// The smallest searchable part of a query.
struct Atom {
    AtomKind kind = AtomKind::kWord;
    Field field = Field::kSection;  ///< Only for kField.
    /// kWord: the word as typed. kPhrase: its words joined by single spaces. kField: the
    /// value as a slug ("north-korea", "ap").
    std::string text;
    friend bool operator==(const Atom&, const Atom&) = default;
};

/// Atoms joined by OR (one atom for a plain term). The clauses of a query are ANDed; an
/// excluded clause (`-word`, `-"a phrase"`, `-section:sport`) must not match.
struct Clause {
    std::vector<Atom> any_of;
    bool excluded = false;
    friend bool operator==(const Clause&, const Clause&) = default;
};

/// How results are ordered.
enum class Order {
    kRelevance,  ///< Best match first (a query with no words falls back to newest).
    kNewest,     ///< Newest first publication first.
};

/// A parsed search query: the AST the index translates. Build one with ParseQuery.
struct Query {
    std::vector<Clause> clauses;
    std::optional<Timestamp> from;   ///< First publication at or after this (UTC midnight).
    std::optional<Timestamp> until;  ///< First publication before this (exclusive).
    Order order = Order::kRelevance;
    friend bool operator==(const Query&, const Query&) = default;
};

/// What a reader typed into the search form.
struct QueryInput {
    std::string_view text;   ///< The query box.
    std::string_view from;   ///< "", "1997", "1997-05" or "1997-05-01": the first day included.
    std::string_view to;     ///< Same forms: the last year, month or day included.
    std::string_view order;  ///< "", "relevance" or "newest".
};

/// Longest query text accepted, in bytes.
inline constexpr size_t kMaxQueryBytes = 500;
/// Most terms a query may have: each word (inside phrases too) and each field filter.
inline constexpr int kMaxQueryTerms = 32;

/// Parses the reader's query. The grammar (docs/search.md): words; "exact phrases";
/// `-` before a word, phrase or filter excludes it; `OR` (upper case) between terms;
/// `section:`, `topic:` and `by:` filters with a bare or "quoted" value; one or more date
/// ranges `1997..2001`, `2024-11-01..2024-11-16`, `2001..` or `..2001` (years, months or
/// days, both ends included), intersected with the from/to inputs. Never throws: a
/// malformed query is kInvalidInput with a message to show the reader (unbalanced quote,
/// unknown field, empty, over kMaxQueryBytes, more than kMaxQueryTerms terms, bad date).
Result<Query> ParseQuery(const QueryInput& input);

/// The query text that parses back to `query`'s clauses and dates (order is not part of
/// the text): for "did you mean" links and round-trip checks. Dates print as a range.
std::string FormatQuery(const Query& query);

}  // namespace broadsheet::search
