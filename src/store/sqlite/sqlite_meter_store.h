#pragma once

#include "store/meter_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// MeterStore on SQLite (table meter_reads, migration 9).
class SqliteMeterStore final : public MeterStore {
public:
    explicit SqliteMeterStore(ConnectionPool& pool) : pool_(pool) {}
    Result<std::vector<int64_t>> ReadIn(ReaderId reader, const std::string& month) const override;
    Result<void> Record(ReaderId reader, const std::string& month, ArticleId article, Timestamp at) override;

private:
    ConnectionPool& pool_;  // Not owned.
};

}  // namespace broadsheet::store::sqlite
