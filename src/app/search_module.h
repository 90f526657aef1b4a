#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
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

/// Rebuilds the index under `root` from every published, not held story of the store with
/// the bulk builder, and swaps it in atomically (a server on the same root keeps searching
/// the old index until the swap). `on_progress` as BulkBuildOptions::on_progress.
Result<search::BulkBuildReport> RebuildSearchIndex(const store::ArticleStore& articles,
                                                   const std::filesystem::path& root,
                                                   std::function<void(int64_t)> on_progress = {});

/// The search index as `serve` runs it: opened under <data dir>/search/, built from the
/// store when empty, then kept up to date by a background thread that, every 500 ms, looks
/// at the store's Generation() and, when it moved, re-indexes the newest stories whose
/// last_updated changed and removes those that left the published list (killed, withheld,
/// held). Limits (docs/search.md): it watches the newest kWatched stories only, so an update
/// or a kill of an older story waits for `broadsheet reindex`; writes by other processes do
/// not move Generation(), so those are seen by the pass made every 30 s regardless.
class SearchModule final {
public:
    /// Stories watched for changes, newest first by first publication.
    static constexpr int kWatched = 200;

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

    const store::ArticleStore& articles_;
    const std::filesystem::path root_;
    std::unique_ptr<search::XapianIndex> index_;
    std::jthread updater_;
};

}  // namespace broadsheet::app
