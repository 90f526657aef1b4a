#include "store/sqlite/sqlite_settings_store.h"

#include <mutex>

namespace broadsheet::store::sqlite {

Result<std::optional<std::string>> SqliteSettingsStore::Load(std::string_view key) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT value FROM site_settings WHERE key = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, key);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(stmt->Text(0));
}

Result<void> SqliteSettingsStore::Save(std::string_view key, std::string_view value, int64_t by,
                                       Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "INSERT INTO site_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
        " updated_by = excluded.updated_by, updated_at = excluded.updated_at");
    if (!stmt) return stmt.error();
    const int64_t seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    stmt->Bind(1, key).Bind(2, value).Bind(3, by).Bind(4, seconds);
    return stmt->Run();
}

Result<int64_t> SqliteSettingsStore::SectionUseCount(std::string_view slug) const {
    auto db = pool_.Acquire();
    // Both counts use an index led by the section (articles_by_section) or scan the small
    // drafts table.
    auto stmt = Statement::Prepare(*db,
                                   "SELECT (SELECT COUNT(*) FROM articles WHERE section = ?1)"
                                   " + (SELECT COUNT(*) FROM drafts WHERE section = ?1)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, slug);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return int64_t{0};
    return stmt->Int(0);
}

Result<std::vector<Topic>> SqliteSettingsStore::ListTopics(std::string_view from, int limit) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "SELECT slug, name FROM topics WHERE slug >= ? ORDER BY slug LIMIT ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, from).Bind(2, limit);
    std::vector<Topic> topics;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        topics.push_back(Topic{stmt->Text(0), stmt->Text(1)});
    }
    return topics;
}

Result<Topic> SqliteSettingsStore::FindTopic(std::string_view slug) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT slug, name FROM topics WHERE slug = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, slug);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Fail(ErrorCode::kNotFound, "There is no topic \"" + std::string(slug) + "\"");
    return Topic{stmt->Text(0), stmt->Text(1)};
}

}  // namespace broadsheet::store::sqlite
