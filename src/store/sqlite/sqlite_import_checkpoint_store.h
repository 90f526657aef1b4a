#pragma once

#include "store/import_checkpoint_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// ImportCheckpointStore on the embedded SQLite database (table `import_checkpoints`).
class SqliteImportCheckpointStore final : public ImportCheckpointStore {
public:
    /// Uses `pool`, which must be migrated and outlive the store.
    explicit SqliteImportCheckpointStore(ConnectionPool& pool) : pool_(pool) {}

    Result<std::optional<ImportCheckpoint>> Get(std::string_view path) const override;
    Result<void> Put(const ImportCheckpoint& checkpoint, Timestamp now) override;
    Result<void> Remove(std::string_view path) override;

private:
    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
