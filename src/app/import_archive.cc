#include "app/import_archive.h"

#include <sys/stat.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "app/line_reader.h"
#include "core/text.h"

namespace broadsheet::app {
namespace {

namespace fs = std::filesystem;

constexpr size_t kQueueDepth = 3;               // Batches parsed ahead of the writer.
constexpr size_t kMaxBatchBytes = 64 << 20;      // A batch of very long lines ends early.

// Lines parsed into versions, ready for one transaction.
struct Batch {
    std::vector<store::NewArticleVersion> versions;
    std::vector<int64_t> lines;                           // The line of each version.
    std::vector<std::pair<int64_t, std::string>> rejects;  // (line, reason), in order.
    int64_t resectioned = 0;
    int64_t end_offset = 0;  // Just after the batch's last line.
    int64_t end_line = 0;
    std::optional<Error> error;  // Reading failed: the import stops here.
};

// A bounded hand-over from the parsing thread to the writing one.
class BatchQueue final {
public:
    // False when the reader should stop (the writer gave up).
    bool Push(Batch batch) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return batches_.size() < kQueueDepth || abandoned_; });
        if (abandoned_) return false;
        batches_.push_back(std::move(batch));
        changed_.notify_all();
        return true;
    }
    void Close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }
    void Abandon() {
        std::lock_guard lock(mutex_);
        abandoned_ = true;
        changed_.notify_all();
    }
    // The next batch; nullopt when closed and drained.
    std::optional<Batch> Pop() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !batches_.empty() || closed_; });
        if (batches_.empty()) return std::nullopt;
        Batch batch = std::move(batches_.front());
        batches_.pop_front();
        changed_.notify_all();
        return batch;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> batches_;
    bool closed_ = false;
    bool abandoned_ = false;
};

struct FileIdentity {
    std::string path;  // Canonical.
    int64_t size = 0;
    int64_t mtime_ns = 0;
};

Result<FileIdentity> Identify(const fs::path& path) {
    std::error_code ec;
    fs::path canonical = fs::canonical(path, ec);
    if (ec) return Fail(ErrorCode::kIo, path.string() + ": " + ec.message());
    struct stat info {};
    if (::stat(canonical.c_str(), &info) != 0) return Fail(ErrorCode::kIo, path.string() + ": cannot stat");
    return FileIdentity{canonical.string(), static_cast<int64_t>(info.st_size),
                        static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

// Reads, parses and converts lines from `offset` into batches until the end of the file.
void ReadBatches(const fs::path& path, int64_t offset, int64_t line_number, const ArchiveSections& sections,
                 const ArchiveFileOptions& options, BatchQueue& queue) {
    auto reader = LineReader::Open(path, offset, ingest::kMaxArchiveLineBytes);
    Batch batch;
    size_t batch_bytes = 0;
    auto flush = [&](int64_t end_offset) {
        batch.end_offset = end_offset;
        batch.end_line = line_number;
        bool go_on = queue.Push(std::move(batch));
        batch = Batch{};
        batch_bytes = 0;
        return go_on;
    };
    if (!reader) {
        batch.error = reader.error();
        flush(offset);
        queue.Close();
        return;
    }
    LineReader::Line line;
    int64_t end = offset;
    while (true) {
        auto more = reader->Next(line);
        if (!more) {
            batch.error = more.error();
            break;
        }
        if (!*more) break;
        ++line_number;
        end = line.end;
        if (line.too_long) {
            batch.rejects.emplace_back(line_number, "line over 16 MiB");
        } else if (!TrimWhitespace(line.text).empty()) {
            auto record = ingest::ParseArchiveLine(line.text);
            if (!record) {
                batch.rejects.emplace_back(line_number, record.error().message);
            } else {
                bool moved = false;
                batch.versions.push_back(ArchiveVersion(std::move(*record), sections, options.premium, moved));
                batch.lines.push_back(line_number);
                batch.resectioned += moved ? 1 : 0;
                batch_bytes += line.text.size();
            }
        }
        if (static_cast<int>(batch.versions.size()) >= options.batch_records || batch_bytes >= kMaxBatchBytes) {
            if (!flush(end)) return;
        }
    }
    flush(end);
    queue.Close();
}

}  // namespace

void ArchiveImportCounts::Add(const ArchiveImportCounts& other) {
    imported += other.imported;
    updated += other.updated;
    unchanged += other.unchanged;
    rejected += other.rejected;
    resectioned += other.resectioned;
    skipped_bytes += other.skipped_bytes;
}

ArchiveSections::ArchiveSections(const std::vector<Section>& sections, std::string fallback)
    : fallback_(std::move(fallback)) {
    for (const Section& section : sections) {
        slugs_.emplace(AsciiLower(section.slug), section.slug);
        slugs_.emplace(AsciiLower(section.name), section.slug);
    }
}

const std::string& ArchiveSections::For(const std::string& named, bool& moved) const {
    auto found = slugs_.find(AsciiLower(named));
    moved = found == slugs_.end();
    return moved ? fallback_ : found->second;
}

store::NewArticleVersion ArchiveVersion(ingest::ArchiveRecord record, const ArchiveSections& sections, bool premium,
                                        bool& resectioned) {
    store::NewArticleVersion version;
    version.uri = std::move(record.uri);
    version.wire_version = std::move(record.version);
    version.first_created = record.published;
    version.version_created = record.published;
    version.section = sections.For(record.section, resectioned);
    version.slug = Slugify(record.headline);
    version.syndicated = !record.provider.empty();
    version.premium = premium;
    version.status = ArticleStatus::kPublished;
    ArticleContent& content = version.content;
    content.word_count = CountWords(record.body);
    content.body_html = ingest::PlainTextToParagraphs(record.body);
    content.headline = std::move(record.headline);
    content.standfirst = std::string(TrimWhitespace(record.summary));
    content.byline = std::string(TrimWhitespace(record.byline));
    content.provider = std::string(TrimWhitespace(record.provider));
    std::set<std::string> seen;
    for (const std::string& named : record.topics) {
        Topic topic = ingest::ArchiveTopic(named);
        if (!topic.slug.empty() && seen.insert(topic.slug).second) content.topics.push_back(std::move(topic));
    }
    return version;
}

bool IsArchiveLinesFile(const fs::path& path) {
    std::string extension = AsciiLower(path.extension().string());
    return extension == ".jsonl" || extension == ".ndjson";
}

Result<ArchiveImportCounts> ImportArchiveFile(const fs::path& path, store::ArticleStore& articles,
                                              store::ImportCheckpointStore& checkpoints,
                                              const ArchiveSections& sections, const Clock& clock,
                                              const ArchiveFileOptions& options) {
    auto file = Identify(path);
    if (!file) return file.error();
    ArchiveImportCounts counts;
    int64_t offset = 0, line_number = 0;
    if (!options.restart) {
        auto saved = checkpoints.Get(file->path);
        if (!saved) return saved.error();
        // Only the same file, unchanged, is resumed; a changed one is read again from the
        // start (every version already stored is unchanged, so that is safe too).
        if (*saved && (*saved)->size == file->size && (*saved)->mtime_ns == file->mtime_ns &&
            (*saved)->offset <= file->size) {
            offset = (*saved)->offset;
            line_number = (*saved)->line;
        }
    }
    counts.skipped_bytes = offset;
    if (offset == file->size && file->size > 0) return counts;  // Finished before.

    BatchQueue queue;
    std::jthread reader([&] { ReadBatches(path, offset, line_number, sections, options, queue); });
    const std::string name = path.string();
    auto reject = [&](int64_t line, const std::string& reason) {
        ++counts.rejected;
        if (options.on_reject) options.on_reject(name + ":" + std::to_string(line) + ": " + reason);
    };
    std::optional<Error> failure;
    while (auto batch = queue.Pop()) {
        if (failure) continue;  // Drain, so the reader ends.
        for (const auto& [line, reason] : batch->rejects) reject(line, reason);
        if (!batch->versions.empty()) {
            auto results = articles.UpsertMany(batch->versions, clock.Now());
            for (size_t i = 0; i < results.size(); ++i) {
                if (results[i]) {
                    switch (results[i]->outcome) {
                        case store::UpsertOutcome::kCreated: ++counts.imported; break;
                        case store::UpsertOutcome::kUpdated: ++counts.updated; break;
                        case store::UpsertOutcome::kUnchanged: ++counts.unchanged; break;
                    }
                } else if (results[i].error().code == ErrorCode::kIo) {
                    failure = results[i].error();  // The store failed, not the record.
                    break;
                } else {
                    reject(batch->lines[i], results[i].error().message);
                }
            }
        }
        if (!failure && batch->error) failure = Fail(ErrorCode::kIo, name + ": " + batch->error->message);
        if (failure) {
            queue.Abandon();
            continue;
        }
        counts.resectioned += batch->resectioned;
        // Committed: move the checkpoint past the batch. A kill before this line costs
        // only the batch being applied again, every version of it unchanged.
        store::ImportCheckpoint checkpoint{file->path, file->size, file->mtime_ns, batch->end_offset, batch->end_line};
        if (auto saved = checkpoints.Put(checkpoint, clock.Now()); !saved) {
            failure = saved.error();
            queue.Abandon();
            continue;
        }
        if (options.on_batch) options.on_batch(batch->end_offset, counts);
    }
    reader.join();
    if (failure) return *failure;
    return counts;
}

}  // namespace broadsheet::app
