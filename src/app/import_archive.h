#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "ingest/formats/archive_lines.h"
#include "store/article_store.h"
#include "store/import_checkpoint_store.h"

namespace broadsheet::app {

/// Where archive stories go: a configured section named by the record (slug or name, any
/// case), else the fallback (`--section`, else the site's default section).
class ArchiveSections final {
public:
    ArchiveSections(const std::vector<Section>& sections, std::string fallback);
    /// The section slug for `named`; sets `moved` when it is not a configured section.
    const std::string& For(const std::string& named, bool& moved) const;

private:
    std::unordered_map<std::string, std::string> slugs_;  // Lower-cased slug or name -> slug.
    std::string fallback_;
};

/// The article version an archive record becomes: a published story first published at its
/// date, its body made into escaped paragraphs, its topics with readable names.
store::NewArticleVersion ArchiveVersion(ingest::ArchiveRecord record, const ArchiveSections& sections, bool premium,
                                        bool& resectioned);

/// What importing archive lines did.
struct ArchiveImportCounts {
    int64_t imported = 0;     ///< New stories.
    int64_t updated = 0;      ///< New versions of stored stories.
    int64_t unchanged = 0;    ///< Versions already stored: nothing changed.
    int64_t rejected = 0;     ///< Lines that could not be stories (reported file:line: reason).
    int64_t resectioned = 0;  ///< Stories whose section is not configured, put in the fallback.
    int64_t skipped_bytes = 0;  ///< Bytes not read again because a checkpoint said they were done.
    void Add(const ArchiveImportCounts& other);
};

/// How one archive file is imported.
struct ArchiveFileOptions {
    int batch_records = 2000;             ///< Records per transaction (and per checkpoint).
    bool restart = false;                 ///< Ignore a checkpoint: read the file from the start.
    bool premium = false;                 ///< Every story premium.
    /// Called after each committed batch with the file's bytes done and the counts so far.
    std::function<void(int64_t bytes_done, const ArchiveImportCounts&)> on_batch;
    /// Called with each rejected line ("file:line: reason").
    std::function<void(const std::string&)> on_reject;
};

/// Imports one file of archive lines into `articles`, `batch_records` per UpsertMany
/// transaction, lines read and parsed on a second thread while the first writes. After each
/// committed batch the file's checkpoint (size, mtime, the byte offset and line after the
/// batch) is stored, so an import killed at any moment resumes where its last batch ended:
/// nothing is lost, and nothing is duplicated since a batch committed but not yet
/// checkpointed is simply applied again, each of its versions already stored and so
/// unchanged. A file whose checkpoint says it was finished (same size and mtime) is skipped.
/// kIo for a file that cannot be read or a store that fails (rejected lines never stop it).
Result<ArchiveImportCounts> ImportArchiveFile(const std::filesystem::path& path, store::ArticleStore& articles,
                                              store::ImportCheckpointStore& checkpoints,
                                              const ArchiveSections& sections, const Clock& clock,
                                              const ArchiveFileOptions& options);

/// Whether `path` names a file of archive lines (*.jsonl, *.ndjson).
bool IsArchiveLinesFile(const std::filesystem::path& path);

}  // namespace broadsheet::app
