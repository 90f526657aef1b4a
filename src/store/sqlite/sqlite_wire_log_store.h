#pragma once

#include "store/sqlite/database.h"
#include "store/wire_log_store.h"

namespace broadsheet::store::sqlite {

/// WireLogStore on the embedded SQLite database (table `wire_log`, migration 13, joined
/// with `articles` for the queue).
class SqliteWireLogStore final : public WireLogStore {
public:
    /// Uses `pool`, which must be migrated and outlive the store.
    explicit SqliteWireLogStore(ConnectionPool& pool) : pool_(pool) {}

    Result<void> Append(const std::vector<WireLogEntry>& entries) override;
    Result<std::vector<WireQueueItem>> Queue(const WireQueueQuery& query) const override;
    Result<std::vector<std::string>> Feeds() const override;

private:
    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
