#include "search/bulk_builder.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <thread>
#include <vector>

#include "search/index_dir.h"

namespace broadsheet::search {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kProgressEvery = 1'000;

// Everything the builder threads share.
struct Shared {
    const ShardSource& source;
    const BulkBuildOptions& options;
    fs::path build_dir;
    std::atomic<int> next_shard{0};
    std::atomic<int64_t> indexed{0};
    std::atomic<bool> failed{false};
};

fs::path ShardDir(const fs::path& build_dir, int shard) {
    return build_dir / ("shard-" + std::to_string(shard));
}

Result<void> BuildShard(Shared& shared, int shard) {
    XapianIndexOptions options = shared.options.index;
    options.no_sync = true;  // A shard is temporary: the merge writes (and syncs) the index.
    auto index = XapianIndex::OpenDirectory(ShardDir(shared.build_dir, shard), options);
    if (!index) return index.error();
    int64_t since_commit = 0;
    AddDocument add = [&](const IndexDocument& document) -> Result<void> {
        if (shared.failed.load(std::memory_order_relaxed)) {
            return Fail(ErrorCode::kConflict,
                        "search index build: stopped because another shard failed");
        }
        if (auto added = (*index)->Add(document); !added) return added;
        if (++since_commit >= shared.options.commit_every) {
            since_commit = 0;
            if (auto committed = (*index)->Commit(); !committed) return committed;
        }
        int64_t total = shared.indexed.fetch_add(1, std::memory_order_relaxed) + 1;
        if (shared.options.on_progress && total % kProgressEvery == 0)
            shared.options.on_progress(total);
        return {};
    };
    if (auto fed = shared.source(shard, shared.options.shards, add); !fed) return fed;
    return (*index)->Commit();
}

// Reports the compactor's progress nowhere but keeps its hooks in one place.
class QuietCompactor final : public Xapian::Compactor {
public:
    void set_status(const std::string&, const std::string&) override {}
};

Result<void> Merge(const fs::path& build_dir, int shards, const fs::path& destination) {
    try {
        Xapian::Database all;
        for (int shard = 0; shard < shards; ++shard)
            all.add_database(Xapian::Database(ShardDir(build_dir, shard).string()));
        QuietCompactor compactor;
        // One pass over every shard at once (multipass would rewrite the data about
        // log2(shards) times; a bulk build has dozens of shards).
        const unsigned flags = Xapian::Compactor::STANDARD;
        all.compact(destination.string(), flags, 0, compactor);
        return {};
    } catch (const Xapian::Error& e) {
        return Fail(ErrorCode::kIo, "search index build: merging shards: " + e.get_description());
    }
}

void RemoveQuietly(const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);  // Leftovers are cleared by the next build.
}

}  // namespace

BulkBuilder::BulkBuilder(fs::path root, BulkBuildOptions options)
    : root_(std::move(root)), options_(std::move(options)) {}

Result<BulkBuildReport> BulkBuilder::Build(const ShardSource& source) const {
    if (options_.shards < 1 || options_.threads < 1 || options_.commit_every < 1) {
        return Fail(ErrorCode::kInvalidInput,
                    "search index build: shards, threads and commit_every must be positive");
    }
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (ec)
        return Fail(ErrorCode::kIo,
                    "search index build: creating " + root_.string() + ": " + ec.message());
    auto build_lock = FileLock::Acquire(root_ / "build.lock", false);
    if (!build_lock) return build_lock.error();

    BulkBuildReport report;
    report.index_dir = IndexDirName(NextIndexNumber(root_));
    const fs::path destination = root_ / report.index_dir;
    Shared shared{
        .source = source, .options = options_, .build_dir = root_ / (report.index_dir + ".build")};
    RemoveQuietly(shared.build_dir);
    fs::create_directories(shared.build_dir, ec);
    if (ec)
        return Fail(ErrorCode::kIo, "search index build: creating " + shared.build_dir.string() +
                                        ": " + ec.message());

    const auto started = std::chrono::steady_clock::now();
    std::vector<Result<void>> outcomes(static_cast<size_t>(options_.shards), Result<void>());
    const int thread_count = std::min(options_.threads, options_.shards);
    std::vector<std::exception_ptr> thrown(static_cast<size_t>(thread_count));
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < thread_count; ++t) {
            threads.emplace_back([&, t] {
                // An exception cannot cross a thread: carry it to Build's caller instead.
                try {
                    for (int shard = shared.next_shard++; shard < options_.shards;
                         shard = shared.next_shard++) {
                        outcomes[static_cast<size_t>(shard)] = BuildShard(shared, shard);
                        if (!outcomes[static_cast<size_t>(shard)]) shared.failed = true;
                    }
                } catch (...) {
                    shared.failed = true;
                    thrown[static_cast<size_t>(t)] = std::current_exception();
                }
            });
        }
    }
    for (const std::exception_ptr& e : thrown) {
        if (e) {
            RemoveQuietly(shared.build_dir);
            std::rethrow_exception(e);
        }
    }
    // The first real failure, not the "stopped because another failed" that followed it.
    for (const Result<void>& outcome : outcomes) {
        if (!outcome && outcome.error().code != ErrorCode::kConflict) {
            RemoveQuietly(shared.build_dir);
            return outcome.error();
        }
    }
    for (const Result<void>& outcome : outcomes) {
        if (!outcome) {
            RemoveQuietly(shared.build_dir);
            return outcome.error();
        }
    }
    report.documents = shared.indexed.load();
    const auto indexed = std::chrono::steady_clock::now();
    report.index_seconds = std::chrono::duration<double>(indexed - started).count();

    if (auto merged = Merge(shared.build_dir, options_.shards, destination); !merged) {
        RemoveQuietly(shared.build_dir);
        RemoveQuietly(destination);
        return merged.error();
    }
    report.merge_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - indexed).count();
    RemoveQuietly(shared.build_dir);
    if (options_.before_swap) {
        // Closed (and so unlocked) before the swap, when other writers may open it.
        auto failed = [&](const Error& error) {
            RemoveQuietly(destination);
            return error;
        };
        auto merged = XapianIndex::OpenDirectory(destination, options_.index);
        if (!merged) return failed(merged.error());
        if (auto done = options_.before_swap(**merged); !done) return failed(done.error());
        if (auto committed = (*merged)->Commit(); !committed) return failed(committed.error());
    }
    {
        auto current_lock = FileLock::Acquire(root_ / "current.lock", true);
        if (!current_lock) return current_lock.error();
        auto previous = ReadCurrent(root_);
        if (previous && *previous) report.previous_dir = **previous;
        if (auto swapped = WriteCurrent(root_, report.index_dir); !swapped) return swapped.error();
    }
    std::vector<std::string> keep{report.index_dir};
    if (options_.keep_previous && !report.previous_dir.empty()) keep.push_back(report.previous_dir);
    auto removed = RemoveIndexesExcept(root_, keep);
    if (!removed) return removed.error();
    report.removed = *removed;
    return report;
}

}  // namespace broadsheet::search
