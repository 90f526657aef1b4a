#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <thread>

#include "core/result.h"
#include "search/bulk_builder.h"
#include "search/xapian_index.h"

namespace broadsheet::store {
class ArticleStore;
}  // namespace broadsheet::store

namespace broadsheet::app {

/// Where the search index of a data dir lives: <data dir>/search/.
std::filesystem::path SearchRoot(const std::filesystem::path& data_dir);

/// The index metadata key holding the store change sequence number (ArticleStore::
/// ChangedSince) the index is up to date with: every change up to it is in the index.
inline constexpr const char* kIndexChangeSeqKey = "broadsheet.change_seq";

/// The change sequence number recorded in `index` (kIndexChangeSeqKey); -1 when it records
/// none (an index made before there was a change log, or a bare new one).
Result<int64_t> IndexChangeSeq(const search::XapianIndex& index);

/// How a rebuild runs.
struct RebuildOptions {
    /// Called from builder threads every 1,000 stories with the number indexed so far.
    std::function<void(int64_t indexed)> on_progress;
    std::stop_token stop;  ///< A stop request abandons the build (kConflict); CURRENT is untouched.
    /// Threads indexing shards side by side; 0: one per core.
    int threads = 0;
    /// Story ids per shard. Xapian's indexing slows as a database grows (each commit
    /// merges into larger tables), so a big store is indexed as many small shards, two at
    /// a time, which the compactor then merges in one sequential pass.
    int64_t ids_per_shard = 10'000;
};

/// Rebuilds the index under `root` from every published, not held story of the store with
/// the bulk builder, and swaps it in atomically (a server on the same root keeps searching
/// the old index until the swap). The store is read in id ranges, one per shard, a page of
/// stories at a time (memory stays bounded at any size). The store's change sequence number
/// is noted before reading; after the merge and before the swap, every story changed since
/// is re-applied to the new index and the number it is then up to date with is recorded in
/// it (kIndexChangeSeqKey), so a server following the store picks up from there and nothing
/// written during the build is lost.
Result<search::BulkBuildReport> RebuildSearchIndex(const store::ArticleStore& articles,
                                                   const std::filesystem::path& root, RebuildOptions options = {});

/// Applies to `index` the stories changed after `seq`, up to `limit` of them: a published,
/// not held story is (re)indexed, any other removed. Records the new seq in the index's
/// metadata; does not commit. Moves `seq` past what it applied; how many it applied.
Result<int> ApplyStoreChanges(const store::ArticleStore& articles, search::XapianIndex& index, int64_t& seq,
                              int limit);

/// The search index as `serve` runs it: opened under <data dir>/search/, built from the
/// store when empty, then kept up to date by a background thread that follows the store's
/// change log (ArticleStore::ChangedSince) every 250 ms from the sequence number the index
/// records: every story written, by this process or another (an `import-archive`, an
/// `ingest` beside the server), is re-indexed or removed within about a second. When a bulk
/// build swaps in another index, the thread carries on from the number that index records.
class SearchModule final {
public:
    /// Changes applied per index commit.
    static constexpr int kBatch = 500;

    static Result<std::unique_ptr<SearchModule>> Open(const store::ArticleStore& articles,
                                                      const std::filesystem::path& data_dir);
    ~SearchModule();

    /// Builds the index from the store when it holds no document and the store has stories;
    /// how many documents it indexed (0 when it had nothing to do).
    Result<int64_t> BuildIfEmpty();
    /// Starts the background updater (a jthread, stopped by Stop or the destructor).
    void Start();
    void Stop();

    const search::SearchIndex& index() const { return *index_; }

private:
    SearchModule(const store::ArticleStore& articles, std::filesystem::path root,
                 std::unique_ptr<search::XapianIndex> index);
    void Run(std::stop_token stop);
    // One pass under current.lock: catches up with the store (in batches of kBatch, at most
    // about a second's work). False when it failed (logged); the caller waits and retries.
    bool Pass(std::stop_token stop, std::filesystem::path& directory, int64_t& seq, bool& rebuild);

    const store::ArticleStore& articles_;
    const std::filesystem::path root_;
    std::unique_ptr<search::XapianIndex> index_;
    std::jthread updater_;
};

}  // namespace broadsheet::app
