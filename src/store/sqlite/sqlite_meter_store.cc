#include "store/sqlite/sqlite_meter_store.h"

namespace broadsheet::store::sqlite {

Result<std::vector<int64_t>> SqliteMeterStore::ReadIn(ReaderId reader, const std::string& month) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "SELECT article_id FROM meter_reads WHERE reader_id = ? AND month = ? ORDER BY read_at, article_id");
    if (!stmt) return stmt.error();
    stmt->Bind(1, reader.value).Bind(2, month);
    std::vector<int64_t> ids;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        ids.push_back(stmt->Int(0));
    }
    return ids;
}

Result<void> SqliteMeterStore::Record(ReaderId reader, const std::string& month, ArticleId article, Timestamp at) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "INSERT OR IGNORE INTO meter_reads (reader_id, month, article_id, read_at) VALUES (?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, reader.value).Bind(2, month).Bind(3, article.value).Bind(4, at.time_since_epoch().count());
    return stmt->Run();
}

}  // namespace broadsheet::store::sqlite
