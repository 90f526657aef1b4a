#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {

/// How far `broadsheet import-archive` got through one input file: the byte offset (and
/// line number) just after the last batch whose articles committed, and the file's size and
/// modification time then, so a changed file is not resumed in the wrong place.
struct ImportCheckpoint {
    std::string path;      ///< The file's absolute, canonical path: the key.
    int64_t size = 0;      ///< Bytes, when the checkpoint was written.
    int64_t mtime_ns = 0;  ///< Modification time in ns since the epoch, then.
    int64_t offset = 0;    ///< Bytes done: the start of the first line not yet committed.
    int64_t line = 0;      ///< Lines done (the next line is line + 1).
};

/// Import checkpoints, one per input file. Implemented in store/sqlite (migration 10).
/// Thread-safe; each Put is durable when it returns.
class ImportCheckpointStore {
public:
    virtual ~ImportCheckpointStore() = default;

    /// The checkpoint of `path`; nullopt when there is none.
    virtual Result<std::optional<ImportCheckpoint>> Get(std::string_view path) const = 0;

    /// Stores `checkpoint`, replacing the one with its path.
    virtual Result<void> Put(const ImportCheckpoint& checkpoint, Timestamp now) = 0;

    /// Forgets the checkpoint of `path` (an import started over).
    virtual Result<void> Remove(std::string_view path) = 0;
};

}  // namespace broadsheet::store
