#pragma once

#include "store/settings_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// SettingsStore on SQLite: site_settings (migration 15); section use from articles and
/// drafts (migration 14).
class SqliteSettingsStore final : public SettingsStore {
public:
    explicit SqliteSettingsStore(ConnectionPool& pool) : pool_(pool) {}

    Result<std::optional<std::string>> Load(std::string_view key) const override;
    Result<void> Save(std::string_view key, std::string_view value, int64_t by,
                      Timestamp now) override;
    Result<int64_t> SectionUseCount(std::string_view slug) const override;
    Result<std::vector<Topic>> ListTopics(std::string_view from, int limit) const override;
    Result<Topic> FindTopic(std::string_view slug) const override;

private:
    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
