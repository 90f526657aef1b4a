// `broadsheet import-archive`: archive lines in bulk with checkpoints, wire files through
// the ingest path, then the search index brought up to date.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "app/config.h"
#include "app/import_archive.h"
#include "app/progress.h"
#include "app/runtime.h"
#include "app/search_module.h"
#include "ingest/ingest_files.h"
#include "store/article_store.h"
#include "store/sqlite/sqlite_import_checkpoint_store.h"

namespace broadsheet::app {
namespace {

namespace fs = std::filesystem;

// More pending changes than this and the index is rebuilt in bulk rather than updated one
// story at a time (a bulk build runs several times faster per story).
constexpr int kIncrementalLimit = 20'000;

int Die(const std::string& message) {
    std::cerr << "broadsheet: " << message << "\n";
    return 2;
}

// The archive-line files among `paths` (folders searched recursively, hidden entries
// skipped), and the other paths for the ingest path (folders given whole: it picks their
// *.json and *.xml files).
void SplitPaths(const std::vector<fs::path>& paths, std::vector<fs::path>& archives, std::vector<fs::path>& wire) {
    for (const fs::path& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            (IsArchiveLinesFile(path) ? archives : wire).push_back(path);
            continue;
        }
        std::vector<fs::path> found;
        bool has_wire = false;
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (it->path().filename().string().starts_with(".")) {
                if (it->is_directory()) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file()) continue;
            if (IsArchiveLinesFile(it->path())) {
                found.push_back(it->path());
            } else {
                has_wire = true;
            }
        }
        std::sort(found.begin(), found.end());
        archives.insert(archives.end(), found.begin(), found.end());
        if (has_wire || ec) wire.push_back(path);
    }
}

// Brings the index up to date with the store: nothing, a few changes applied, or a bulk
// rebuild; one line saying which.
Result<std::string> UpdateSearchIndex(const store::ArticleStore& articles, const fs::path& root) {
    auto index = search::XapianIndex::Open(root);
    if (!index) return index.error();
    auto recorded = IndexChangeSeq(**index);
    if (!recorded) return recorded.error();
    auto in_format = (*index)->InCurrentFormat();
    if (!in_format) return in_format.error();
    int64_t seq = *recorded;
    if (seq >= 0 && *in_format) {
        auto pending = articles.ChangedSince(seq, kIncrementalLimit + 1);
        if (!pending) return pending.error();
        if (pending->empty()) return std::string("search index: up to date");
        if (static_cast<int>(pending->size()) <= kIncrementalLimit) {
            int64_t applied = 0;
            while (true) {
                auto done = ApplyStoreChanges(articles, **index, seq, SearchModule::kBatch);
                if (done && *done > 0) {
                    if (auto committed = (*index)->Commit(); !committed) done = committed.error();
                }
                if (!done && done.error().code == ErrorCode::kConflict) {
                    // A running server holds the index: it follows the store and indexes them.
                    return std::string("search index: a running server is indexing the new stories");
                }
                if (!done) return done.error();
                applied += *done;
                if (*done < SearchModule::kBatch) break;
            }
            return "search index: updated " + Progress::Thousands(applied) + " stories";
        }
    }
    index->reset();
    auto total = articles.Count();
    Progress progress("indexed", "stories", total ? *total : 0);
    auto started = std::chrono::steady_clock::now();
    auto report = RebuildSearchIndex(articles, root,
                                     RebuildOptions{.on_progress = [&](int64_t n) { progress.Update(n, n); }});
    progress.Finish();
    if (!report) return report.error();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char line[160];
    std::snprintf(line, sizeof line, "search index: rebuilt, %s stories in %.1f s (%.0f/s; merging the shards %.1f s)",
                  Progress::Thousands(report->documents).c_str(), seconds,
                  seconds > 0 ? static_cast<double>(report->documents) / seconds : 0.0, report->merge_seconds);
    return std::string(line);
}

}  // namespace

int RunImportArchive(const ImportArchiveOptions& options) {
    auto config = options.common.config_file ? LoadConfig(*options.common.config_file) : Result<Config>(DefaultConfig());
    if (!config) return Die(config.error().message);
    if (options.section) {
        bool known = false;
        for (const Section& s : config->sections) known = known || s.slug == *options.section;
        if (!known) return Die("--section " + *options.section + ": no such section in the config");
    }
    if (options.batch < 1) return Die("--batch must be at least 1");
    auto runtime = Runtime::Open(*config, options.common.data_dir);
    if (!runtime) return Die(runtime.error().message);
    const auto started = std::chrono::steady_clock::now();

    std::vector<fs::path> archives, wire;
    SplitPaths(options.paths, archives, wire);
    int64_t total_bytes = 0;
    for (const fs::path& file : archives) {
        std::error_code ec;
        auto size = fs::file_size(file, ec);
        if (ec) return Die(file.string() + ": " + ec.message());
        total_bytes += static_cast<int64_t>(size);
    }

    ArchiveImportCounts counts;
    store::sqlite::SqliteImportCheckpointStore checkpoints((*runtime)->pool());
    ArchiveSections sections(config->sections, options.section.value_or(config->DefaultSection()));
    Progress progress("imported", "stories", total_bytes);
    int64_t bytes_before = 0;  // Of the files finished.
    int64_t skipped = 0;       // Bytes a checkpoint said were done.
    for (const fs::path& file : archives) {
        ArchiveFileOptions file_options;
        file_options.batch_records = options.batch;
        file_options.restart = options.restart;
        file_options.premium = options.premium;
        file_options.on_reject = [&progress](const std::string& message) {
            progress.Finish();
            std::cerr << "rejected " << message << "\n";
        };
        file_options.on_batch = [&](int64_t bytes_done, const ArchiveImportCounts& so_far) {
            ArchiveImportCounts all = counts;
            all.Add(so_far);
            // Bytes a checkpoint skipped are not work done by this run: they stay out of the rate.
            progress.Update(all.imported + all.updated + all.unchanged, bytes_before + bytes_done,
                            skipped + so_far.skipped_bytes);
        };
        auto done = ImportArchiveFile(file, (*runtime)->articles(), checkpoints, sections, (*runtime)->clock(),
                                      file_options);
        if (!done) {
            progress.Finish();
            return Die("import-archive: " + done.error().message);
        }
        if (done->skipped_bytes > 0) {
            progress.Finish();
            std::cerr << file.string() << ": resumed from a checkpoint at byte "
                      << Progress::Thousands(done->skipped_bytes) << "\n";
        }
        skipped += done->skipped_bytes;
        std::error_code ec;
        bytes_before += static_cast<int64_t>(fs::file_size(file, ec));
        counts.Add(*done);
    }
    progress.Finish();

    if (!wire.empty()) {
        ingest::PublishContext context;
        context.fallback_section = options.section.value_or("");
        context.premium = options.premium;
        ingest::IngestReport report = ingest::IngestPaths(wire, (*runtime)->publisher(), context,
                                                          static_cast<size_t>(config->ingest.max_item_bytes));
        for (const auto& [source, reason] : report.rejections) std::cerr << "rejected " << source << ": " << reason << "\n";
        for (const auto& [source, warning] : report.warnings) std::cerr << "warning " << source << ": " << warning << "\n";
        counts.imported += report.ingested;
        counts.updated += report.updated;
        counts.unchanged += report.unchanged;
        counts.rejected += report.rejected;
    }
    const double store_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int64_t records = counts.imported + counts.updated + counts.unchanged + counts.rejected;

    std::string index_line = "search index: not updated (--no-index)";
    if (options.index) {
        auto updated = UpdateSearchIndex((*runtime)->articles(), SearchRoot(options.common.data_dir));
        if (!updated) return Die("import-archive: the stories are stored; " + updated.error().message +
                                 " (run `broadsheet reindex`)");
        index_line = *updated;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char summary[320];
    std::snprintf(summary, sizeof summary,
                  "imported %s, updated %s, unchanged %s, rejected %s, re-sectioned %s in %.1f s"
                  " (store %.1f s, %s records/s); %s",
                  Progress::Thousands(counts.imported).c_str(), Progress::Thousands(counts.updated).c_str(),
                  Progress::Thousands(counts.unchanged).c_str(), Progress::Thousands(counts.rejected).c_str(),
                  Progress::Thousands(counts.resectioned).c_str(), seconds, store_seconds,
                  Progress::Thousands(store_seconds > 0 ? static_cast<int64_t>(records / store_seconds) : 0).c_str(),
                  index_line.c_str());
    std::cout << summary << std::endl;
    return counts.rejected > 0 ? 1 : 0;
}

}  // namespace broadsheet::app
