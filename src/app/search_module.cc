#include "app/search_module.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "search/index_dir.h"
#include "search/index_document.h"
#include "store/article_store.h"

namespace broadsheet::app {
namespace {

constexpr int kScanPage = 200;
constexpr auto kPollEvery = std::chrono::milliseconds(250);
constexpr auto kMaxPass = std::chrono::seconds(1);  // Then current.lock is let go a moment.

Error Stopped() { return Fail(ErrorCode::kConflict, "search index build: stopped"); }

// Every published, not held story with an id in (0, max_id], shard `shard` of `shard_count`
// taking the shard-th of as many id ranges: a keyset scan in pages, never OFFSET.
search::ShardSource StoreShardSource(const store::ArticleStore& articles, int64_t max_id, std::stop_token stop) {
    return [&articles, max_id, stop](int shard, int shard_count, const search::AddDocument& add) -> Result<void> {
        const ArticleId last{max_id * (shard + 1) / shard_count};
        ArticleId after{max_id * shard / shard_count};
        while (after < last) {
            if (stop.stop_requested()) return Stopped();
            auto page = articles.ArticlesInRange(after, last, kScanPage);
            if (!page) return page.error();
            if (page->empty()) break;
            for (const Article& article : *page) {
                if (!search::Searchable(article)) continue;
                if (auto added = add(search::IndexDocumentFrom(article)); !added) return added;
            }
            after = page->back().id;
        }
        return {};
    };
}

}  // namespace

std::filesystem::path SearchRoot(const std::filesystem::path& data_dir) { return data_dir / "search"; }

Result<int64_t> IndexChangeSeq(const search::XapianIndex& index) {
    auto text = index.GetMetadata(kIndexChangeSeqKey);
    if (!text) return text.error();
    int64_t seq = 0;
    auto [end, problem] = std::from_chars(text->data(), text->data() + text->size(), seq);
    if (text->empty() || problem != std::errc() || end != text->data() + text->size() || seq < 0) return int64_t{-1};
    return seq;
}

Result<int> ApplyStoreChanges(const store::ArticleStore& articles, search::XapianIndex& index, int64_t& seq,
                              int limit) {
    auto changes = articles.ChangedSince(seq, limit);
    if (!changes) return changes.error();
    for (const store::ArticleChange& change : *changes) {
        auto article = articles.FindById(change.id);
        if (!article && article.error().code != ErrorCode::kNotFound) return article.error();
        Result<void> done = article && search::Searchable(*article) ? index.Replace(search::IndexDocumentFrom(*article))
                                                                     : index.Remove(change.id);
        if (!done) return done.error();
    }
    if (changes->empty()) return 0;
    seq = changes->back().seq;
    if (auto recorded = index.SetMetadata(kIndexChangeSeqKey, std::to_string(seq)); !recorded) return recorded.error();
    return static_cast<int>(changes->size());
}

Result<search::BulkBuildReport> RebuildSearchIndex(const store::ArticleStore& articles,
                                                   const std::filesystem::path& root, RebuildOptions options) {
    // Noted before the first read: whatever is written from here on is re-applied below.
    auto start_seq = articles.LatestChange();
    if (!start_seq) return start_seq.error();
    auto max_id = articles.MaxId();
    if (!max_id) return max_id.error();
    search::BulkBuildOptions build;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    build.threads = options.threads > 0 ? options.threads : cores;
    const int64_t per_shard = std::max<int64_t>(1, options.ids_per_shard);
    build.shards = static_cast<int>(std::clamp<int64_t>((*max_id + per_shard - 1) / per_shard, 1, 10'000));
    build.shards = std::max(build.shards, std::min(build.threads, static_cast<int>(std::max<int64_t>(1, *max_id))));
    build.on_progress = std::move(options.on_progress);
    int64_t seq = *start_seq;
    build.before_swap = [&articles, &seq, stop = options.stop](search::XapianIndex& merged) -> Result<void> {
        // The stories written during the build; Replace makes one already indexed a no-op.
        if (auto recorded = merged.SetMetadata(kIndexChangeSeqKey, std::to_string(seq)); !recorded) return recorded;
        while (true) {
            if (stop.stop_requested()) return Stopped();
            auto applied = ApplyStoreChanges(articles, merged, seq, SearchModule::kBatch);
            if (!applied) return applied.error();
            if (*applied < SearchModule::kBatch) return {};
            if (auto committed = merged.Commit(); !committed) return committed;
        }
    };
    return search::BulkBuilder(root, build).Build(StoreShardSource(articles, *max_id, options.stop));
}

Result<std::unique_ptr<SearchModule>> SearchModule::Open(const store::ArticleStore& articles,
                                                         const std::filesystem::path& data_dir) {
    std::filesystem::path root = SearchRoot(data_dir);
    auto index = search::XapianIndex::Open(root);
    if (!index) return index.error();
    return std::unique_ptr<SearchModule>(new SearchModule(articles, std::move(root), std::move(*index)));
}

SearchModule::SearchModule(const store::ArticleStore& articles, std::filesystem::path root,
                           std::unique_ptr<search::XapianIndex> index)
    : articles_(articles), root_(std::move(root)), index_(std::move(index)) {}

SearchModule::~SearchModule() { Stop(); }

Result<int64_t> SearchModule::BuildIfEmpty() {
    auto count = index_->Count();
    if (!count) return count.error();
    if (*count > 0) return int64_t{0};
    auto any = articles_.List(store::ListQuery{.limit = 1});
    if (!any) return any.error();
    if (any->empty()) return int64_t{0};
    auto report = RebuildSearchIndex(articles_, root_);
    if (!report) return report.error();
    return report->documents;
}

void SearchModule::Start() {
    if (updater_.joinable()) return;
    updater_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void SearchModule::Stop() {
    if (!updater_.joinable()) return;
    updater_.request_stop();
    updater_.join();
}

bool SearchModule::Pass(std::stop_token stop, std::filesystem::path& directory, int64_t& seq, bool& rebuild) {
    // Held for the whole pass, so a bulk build cannot swap indexes between the changes
    // written here and the seq recorded with them (its swap waits for this pass).
    auto lock = search::FileLock::Acquire(root_ / "current.lock", true);
    if (!lock) {
        spdlog::error("search: {}", lock.error().message);
        return false;
    }
    auto current = index_->CurrentDirectory();
    if (!current) {
        spdlog::error("search: {}", current.error().message);
        return false;
    }
    if (*current != directory) {
        // A first pass, or another index swapped in: go on from what it is up to date with.
        auto recorded = IndexChangeSeq(*index_);
        if (!recorded) {
            spdlog::error("search: {}", recorded.error().message);
            return false;
        }
        auto count = index_->Count();
        if (!count) {
            spdlog::error("search: {}", count.error().message);
            return false;
        }
        auto in_format = index_->InCurrentFormat();
        if (!in_format) {
            spdlog::error("search: {}", in_format.error().message);
            return false;
        }
        directory = *current;
        seq = *recorded >= 0 ? *recorded : 0;
        // An index made before the store had a change log, or in an older format: rebuilt
        // (in the background; searches keep the old one until the swap) rather than
        // trickled in one by one.
        rebuild = (*recorded < 0 && *count > 0) || !*in_format;
        if (rebuild) return true;
    }
    const auto started = std::chrono::steady_clock::now();
    int applied_total = 0;
    while (!stop.stop_requested() && std::chrono::steady_clock::now() - started < kMaxPass) {
        int64_t next = seq;
        auto applied = ApplyStoreChanges(articles_, *index_, next, kBatch);
        if (applied && *applied == 0) break;
        Result<void> committed = applied ? index_->Commit() : Result<void>(applied.error());
        if (!committed) {
            spdlog::error("search: applying store changes after {}: {}", seq, committed.error().message);
            return false;
        }
        seq = next;
        applied_total += *applied;
        if (*applied < kBatch) break;
    }
    if (applied_total > 0) spdlog::info("search: applied {} story changes (up to {})", applied_total, seq);
    return true;
}

void SearchModule::Run(std::stop_token stop) {
    std::filesystem::path directory;
    int64_t seq = 0;
    bool rebuild = false;
    std::mutex mutex;
    std::condition_variable_any wake;
    auto wait = [&](auto how_long) {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, how_long, [] { return false; });
    };
    while (!stop.stop_requested()) {
        if (rebuild) {
            spdlog::info("search: the index is in an older format or does not say how up to date it is: "
                         "rebuilding it from the store (searches use the old one until then)");
            auto report = RebuildSearchIndex(articles_, root_, RebuildOptions{.stop = stop});
            if (!report) {
                if (!stop.stop_requested()) spdlog::error("search: rebuilding: {}", report.error().message);
                wait(std::chrono::seconds(30));
                continue;
            }
            rebuild = false;
            directory.clear();  // Read the new index's seq.
            continue;
        }
        if (!Pass(stop, directory, seq, rebuild)) {
            directory.clear();  // Start over from what the index records.
            wait(std::chrono::seconds(2));
            continue;
        }
        if (!rebuild) wait(kPollEvery);
    }
}

}  // namespace broadsheet::app
