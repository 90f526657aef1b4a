#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

#include "search/search_index.h"

namespace broadsheet::search {

class XapianIndexState;  // The Xapian objects, defined in xapian_index.cc.

/// Tuning for XapianIndex; the defaults suit the site.
struct XapianIndexOptions {
    size_t snippet_bytes = 240;           ///< Length a snippet aims at.
    size_t stored_body_bytes = 4 * 1024;  ///< Body text kept per story for snippets; snippet
                                          ///< time grows with it.
    /// Facets and totals are counted exactly up to this many matches; a larger result's are
    /// counted over a uniform sample of about this many and scaled (reading two values for
    /// each match was most of the cost of a common word's search).
    int facet_sample = 2'000;
    unsigned spelling_edit_distance = 2;  ///< How far a "did you mean" word may be.
    /// Commits skip fsync: for a bulk build's temporary shards, which a crash throws away.
    bool no_sync = false;
};

/// The metadata key recording how a database's terms are made, and the format this build
/// makes and searches. A database in another format is rebuilt, not searched or updated.
inline constexpr const char* kIndexFormatKey = "broadsheet.index_format";
/// 1 (no key): exact words besides stems; 2: no month terms; 3: no sample bucket terms.
inline constexpr const char* kIndexFormat = "4";

/// The Xapian implementation of SearchIndex (docs/search.md has the index layout).
///
/// Terms: stemmed English words (Z prefix) with positions, for words and phrases alike,
/// from the headline (weighted x3), standfirst (x2), body text and byline/dateline; boolean
/// filter terms Q<id>, XS<section>, XT<topic>, XA<agency or author>, XY<year>, XM<yyyymm>, XB<sample bucket>. Values:
/// slot 0 the first publication time (newest first, date ranges), slot 1 the year and
/// slot 2 the section (facets). Spelling data from headlines and standfirsts.
///
/// Thread-safe. Writes go through one WritableDatabase, opened on the first write (so a
/// read-only user never takes Xapian's writer lock); searches use a pool of reader handles,
/// each reopened to the latest commit before use.
class XapianIndex final : public SearchIndex {
public:
    /// Opens the index under the root directory `root`, creating the directory, a first
    /// empty database and root/CURRENT when missing. Follows root/CURRENT: after a bulk
    /// build swaps in a new database (even from another process), the next search and the
    /// next write use it. Changes written but not committed before a swap are lost.
    static Result<std::unique_ptr<XapianIndex>> Open(const std::filesystem::path& root,
                                                     XapianIndexOptions options = {});

    /// Opens (creating) a bare database directory that never swaps: a bulk build's shard.
    /// Takes Xapian's writer lock at once.
    static Result<std::unique_ptr<XapianIndex>> OpenDirectory(const std::filesystem::path& dir,
                                                              XapianIndexOptions options = {});

    /// Use Open or OpenDirectory; the state is opaque outside xapian_index.cc.
    explicit XapianIndex(std::unique_ptr<XapianIndexState> state);
    ~XapianIndex() override;
    XapianIndex(const XapianIndex&) = delete;
    XapianIndex& operator=(const XapianIndex&) = delete;

    Result<void> Add(const IndexDocument& document) override;
    Result<void> Replace(const IndexDocument& document) override;
    Result<void> Remove(ArticleId id) override;
    Result<void> Commit() override;
    Result<SearchResults> Search(const SearchRequest& request) const override;
    Result<int64_t> Count() const override;

    /// The database directory in use now (it changes when a bulk build swaps one in).
    Result<std::filesystem::path> CurrentDirectory() const;

    /// Whether the database in use is in kIndexFormat (an empty one always is); one that is
    /// not needs a rebuild: its phrases and "did you mean" would find nothing.
    Result<bool> InCurrentFormat() const;

    /// The user metadata stored under `key` in the database in use ("" when none).
    Result<std::string> GetMetadata(const std::string& key) const;
    /// Stores user metadata with the next Commit (the store's change sequence number the
    /// index is up to date with, for one: "broadsheet.change_seq").
    Result<void> SetMetadata(const std::string& key, const std::string& value);

private:
    std::unique_ptr<XapianIndexState> state_;
};

}  // namespace broadsheet::search
