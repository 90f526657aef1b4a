#include "store/sqlite/sqlite_import_checkpoint_store.h"

#include <mutex>

namespace broadsheet::store::sqlite {

Result<std::optional<ImportCheckpoint>> SqliteImportCheckpointStore::Get(std::string_view path) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT path, size, mtime_ns, offset, line FROM import_checkpoints WHERE path = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, path);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<ImportCheckpoint>{};
    return std::optional<ImportCheckpoint>{
        ImportCheckpoint{stmt->Text(0), stmt->Int(1), stmt->Int(2), stmt->Int(3), stmt->Int(4)}};
}

Result<void> SqliteImportCheckpointStore::Put(const ImportCheckpoint& checkpoint, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "INSERT INTO import_checkpoints (path, size, mtime_ns, offset, line, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,"
        " offset = excluded.offset, line = excluded.line, updated_at = excluded.updated_at");
    if (!stmt) return stmt.error();
    stmt->Bind(1, checkpoint.path)
        .Bind(2, checkpoint.size)
        .Bind(3, checkpoint.mtime_ns)
        .Bind(4, checkpoint.offset)
        .Bind(5, checkpoint.line)
        .Bind(6, static_cast<int64_t>(now.time_since_epoch().count()));
    return stmt->Run();
}

Result<void> SqliteImportCheckpointStore::Remove(std::string_view path) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "DELETE FROM import_checkpoints WHERE path = ?");
    if (!stmt) return stmt.error();
    return stmt->Bind(1, path).Run();
}

}  // namespace broadsheet::store::sqlite
