#include "app/search_module.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "search/index_document.h"
#include "store/article_store.h"

namespace broadsheet::app {
namespace {

constexpr int kListPage = 500;

// Every published, not held story, in shard `shard` of `shard_count` (by id). Each shard
// pages through the published list (summaries only) and loads the stories it owns.
search::ShardSource StoreShardSource(const store::ArticleStore& articles) {
    return [&articles](int shard, int shard_count, const search::AddDocument& add) -> Result<void> {
        for (int offset = 0;; offset += kListPage) {
            auto page = articles.List(store::ListQuery{.limit = kListPage, .offset = offset});
            if (!page) return page.error();
            for (const ArticleSummary& summary : *page) {
                if (summary.id.value % shard_count != shard) continue;
                auto article = articles.FindById(summary.id);
                if (!article) {
                    if (article.error().code == ErrorCode::kNotFound) continue;
                    return article.error();
                }
                if (!search::Searchable(*article)) continue;
                if (auto added = add(search::IndexDocumentFrom(*article)); !added) return added;
            }
            if (static_cast<int>(page->size()) < kListPage) return {};
        }
    };
}

}  // namespace

std::filesystem::path SearchRoot(const std::filesystem::path& data_dir) { return data_dir / "search"; }

Result<search::BulkBuildReport> RebuildSearchIndex(const store::ArticleStore& articles,
                                                   const std::filesystem::path& root,
                                                   std::function<void(int64_t)> on_progress) {
    search::BulkBuildOptions options;
    options.on_progress = std::move(on_progress);
    return search::BulkBuilder(root, options).Build(StoreShardSource(articles));
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

void SearchModule::Run(std::stop_token stop) {
    using Clock = std::chrono::steady_clock;
    // The watched stories as last indexed: id -> last_updated. Empty at first, so the first
    // pass re-indexes the newest kWatched (catching what changed during a build, or while
    // the server was down).
    std::unordered_map<int64_t, Timestamp> watched;
    uint64_t generation = 0;
    bool generation_known = false;  // False: make a pass now.
    std::filesystem::path directory;
    Clock::time_point last_pass{};
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
        // A bulk build (`broadsheet reindex`) swapped in another database: re-apply the
        // newest stories, which it may have missed.
        if (auto current = index_->CurrentDirectory(); current && *current != directory) {
            if (!directory.empty()) watched.clear();
            directory = *current;
            generation_known = false;
        }
        const uint64_t now_generation = articles_.Generation();
        if (!generation_known || generation != now_generation || Clock::now() - last_pass > std::chrono::seconds(30)) {
            last_pass = Clock::now();
            auto listed = articles_.List(store::ListQuery{.limit = kWatched});
            if (!listed) {
                spdlog::error("search: listing stories to index: {}", listed.error().message);
            } else {
                std::unordered_map<int64_t, Timestamp> next;
                int replaced = 0, removed = 0;
                bool failed = false;
                for (const ArticleSummary& summary : *listed) {
                    next[summary.id.value] = summary.last_updated;
                    auto seen = watched.find(summary.id.value);
                    if (seen != watched.end() && seen->second == summary.last_updated) continue;
                    auto article = articles_.FindById(summary.id);
                    Result<void> done = article ? (search::Searchable(*article)
                                                       ? index_->Replace(search::IndexDocumentFrom(*article))
                                                       : index_->Remove(summary.id))
                                                : Result<void>(article.error());
                    if (!done) {
                        spdlog::error("search: indexing story {}: {}", summary.id.value, done.error().message);
                        next.erase(summary.id.value);  // Try again next pass.
                        failed = true;
                        continue;
                    }
                    ++replaced;
                }
                // Stories that left the list: killed, withheld or held (removed), or only
                // pushed out by newer ones (kept).
                for (const auto& [id, updated] : watched) {
                    if (next.contains(id)) continue;
                    auto article = articles_.FindById(ArticleId{id});
                    if (article && search::Searchable(*article)) continue;
                    if (!article && article.error().code != ErrorCode::kNotFound) continue;
                    if (auto done = index_->Remove(ArticleId{id}); done) ++removed;
                }
                if (replaced + removed > 0) {
                    if (auto committed = index_->Commit(); !committed) {
                        spdlog::error("search: committing: {}", committed.error().message);
                        failed = true;
                        next.clear();
                    } else if (!watched.empty()) {
                        spdlog::info("search: indexed {} stories, removed {}", replaced, removed);
                    }
                }
                watched = std::move(next);
                if (!failed) {
                    generation = now_generation;
                    generation_known = true;
                }
            }
        }
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, std::chrono::milliseconds(500), [] { return false; });
    }
}

}  // namespace broadsheet::app
