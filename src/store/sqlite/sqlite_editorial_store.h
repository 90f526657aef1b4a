#pragma once

#include "store/editorial_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// EditorialStore on SQLite (drafts and corrections: migration 14; pictures and
/// site_settings: migration 15).
class SqliteEditorialStore final : public EditorialStore {
public:
    explicit SqliteEditorialStore(ConnectionPool& pool) : pool_(pool) {}

    Result<int64_t> CreateDraft(const DraftRecord& draft, Timestamp now) override;
    Result<void> UpdateDraft(const DraftRecord& draft, Timestamp now) override;
    Result<DraftRecord> FindDraft(int64_t id) const override;
    Result<DraftRecord> FindDraftByArticle(ArticleId article) const override;
    Result<std::vector<DraftRecord>> ListDrafts(std::optional<int64_t> author, int limit, int offset) const override;

    Result<int64_t> AddCorrection(ArticleId article, Timestamp at, std::string_view text, int64_t by) override;
    Result<std::vector<CorrectionRecord>> Corrections(ArticleId article) const override;

    Result<int64_t> AddPicture(const PictureRecord& picture) override;
    Result<PictureRecord> FindPicture(int64_t id) const override;
    Result<std::vector<PictureRecord>> ListPictures(int limit, int offset) const override;


private:
    /// Drafts matching `where` (SQL with at most one "?", bound to `value`), newest change first.
    Result<std::vector<DraftRecord>> QueryDrafts(std::string_view where, std::optional<int64_t> value, int limit,
                                                 int offset) const;

    ConnectionPool& pool_;  // Not owned.
};

}  // namespace broadsheet::store::sqlite
