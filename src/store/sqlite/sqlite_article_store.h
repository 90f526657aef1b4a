#pragma once

#include <filesystem>
#include <memory>

#include "store/article_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// ArticleStore on an embedded SQLite database (WAL: one writer, many readers).
class SqliteArticleStore final : public ArticleStore {
public:
    /// Uses `pool`, which must be migrated and outlive the store.
    explicit SqliteArticleStore(ConnectionPool& pool) : pool_(pool) {}

    Result<UpsertResult> Upsert(const NewArticleVersion& version, Timestamp now) override;
    std::vector<Result<UpsertResult>> UpsertMany(const std::vector<NewArticleVersion>& versions,
                                                 Timestamp now) override;
    Result<Article> FindById(ArticleId id) const override;
    Result<std::vector<ArticleVersion>> Versions(ArticleId id) const override;
    Result<std::vector<ArticleSummary>> List(const ListQuery& query) const override;
    Result<std::optional<ArticleSummary>> NextInSection(const Article& article) const override;
    Result<Topic> FindTopic(std::string_view slug) const override;
    Result<int64_t> Count() const override;
    Result<int> ReleaseEmbargoes(Timestamp now) override;
    Result<void> SetOverrides(ArticleId id, const std::optional<std::string>& headline,
                              const std::optional<Picture>& picture) override;
    Result<std::vector<std::pair<std::string, Timestamp>>> PublishedMonths() const override;
    Result<std::vector<ArticleSummary>> ListPublishedBetween(Timestamp from, Timestamp to, int limit,
                                                             int offset) const override;

private:
    // Upsert's work inside a transaction the caller holds.
    static Result<UpsertResult> UpsertIn(Connection& db, const NewArticleVersion& version, Timestamp now);

    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
