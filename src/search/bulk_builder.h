#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/result.h"
#include "search/index_document.h"
#include "search/xapian_index.h"

namespace broadsheet::search {

/// Takes one document of a shard; an error stops the whole build.
using AddDocument = std::function<Result<void>(const IndexDocument& document)>;

/// Feeds shard `shard` (0-based) of `shard_count` to `add`. Across the shards every
/// document must come exactly once (ids with id % shard_count == shard, a byte range of an
/// import file, ...): the shards are merged, not deduplicated. Called once per shard on a
/// builder thread; calls for different shards run at the same time.
using ShardSource = std::function<Result<void>(int shard, int shard_count, const AddDocument& add)>;

/// How a bulk build runs.
struct BulkBuildOptions {
    int shards = 2;                 ///< Temporary databases built, then merged.
    int threads = 2;                ///< Shards indexed at once (one core each).
    /// Documents per shard between commits: bounds memory. Small is faster: Xapian buffers
    /// postings and positions in maps keyed by term, which cost more per document the larger
    /// they grow (archive-gen stories, 10k, CPU time: 1,000 -> 55 s, 2,000 -> 60 s,
    /// 20,000 -> 71 s; in format 2, 250 -> 26 s, 1,000 -> 31 s, 3,000 -> 32 s).
    int64_t commit_every = 250;
    bool keep_previous = true;      ///< Keep the index this build replaces (for a rollback).
    XapianIndexOptions index;       ///< As the index will be opened.
    /// Called every 1,000 documents with the total indexed so far, from builder threads
    /// (so it must be thread-safe); may be empty.
    std::function<void(int64_t indexed)> on_progress;
    /// Called with the merged database after the merge and before the swap, while nothing
    /// else can write to it: the caller applies what changed during the build and records
    /// how far the index is up to date (metadata). Its changes are committed before the
    /// swap; an error fails the build (CURRENT untouched). May be empty.
    std::function<Result<void>(XapianIndex& merged)> before_swap;
};

/// What a bulk build did.
struct BulkBuildReport {
    int64_t documents = 0;
    std::string index_dir;     ///< The new database's directory name, "index-000004".
    std::string previous_dir;  ///< The one it replaced ("" for none).
    int removed = 0;           ///< Older index directories deleted.
    double index_seconds = 0;  ///< Wall time indexing the shards.
    double merge_seconds = 0;  ///< Wall time merging them.
};

/// Builds a whole new search index under an index root (layout in index_dir.h) and swaps it
/// in atomically, while searches keep using the old one:
///
/// 1. takes root/build.lock (kConflict when another build holds it);
/// 2. indexes the shards in parallel threads, each into its own Xapian database under
///    root/index-N.build/shard-K, through XapianIndex (the same documents an incremental
///    index makes);
/// 3. merges the shards with Xapian's compactor into root/index-N (docids renumbered,
///    postings, positions, values and spelling data combined), then runs
///    `options.before_swap` on it;
/// 4. points root/CURRENT at index-N with an atomic rename, under root/current.lock;
/// 5. deletes the build directory and index directories older than the one replaced.
///
/// A failure or a crash before step 4 leaves CURRENT and the old index untouched (the next
/// build clears the leftovers). A XapianIndex open on the root follows the swap on its next
/// search or write; live updates made to the old index during the build are not carried
/// over: the caller re-applies what changed since the build's snapshot.
class BulkBuilder final {
public:
    BulkBuilder(std::filesystem::path root, BulkBuildOptions options);

    /// Runs a build; thread-safe (concurrent builds of one root fail with kConflict).
    /// Exceptions thrown by `source` are rethrown here after the threads stop.
    Result<BulkBuildReport> Build(const ShardSource& source) const;

private:
    const std::filesystem::path root_;
    const BulkBuildOptions options_;
};

}  // namespace broadsheet::search
