#pragma once

#include <atomic>
#include <cstdint>
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
    uint64_t Generation() const override { return generation_.load(std::memory_order_acquire); }
    Result<int> ReleaseEmbargoes(Timestamp now) override;
    Result<void> SetPremium(ArticleId id, bool premium) override;
    Result<void> SetOverrides(ArticleId id, const std::optional<std::string>& headline,
                              const std::optional<Picture>& picture) override;
    Result<std::vector<std::pair<std::string, Timestamp>>> PublishedMonths() const override;
    Result<std::vector<ArticleSummary>> ListPublishedBetween(Timestamp from, Timestamp to, int limit,
                                                             int offset) const override;
    Result<std::optional<Timestamp>> FirstPublishedFrom(Timestamp from) const override;
    Result<std::optional<Timestamp>> LastPublishedBefore(Timestamp before) const override;
    Result<std::vector<int>> CountPublishedBetween(std::span<const Timestamp> boundaries) const override;

private:
    // Upsert's work inside a transaction the caller holds.
    static Result<UpsertResult> UpsertIn(Connection& db, const NewArticleVersion& version, Timestamp now);

    // Bumped after every committed write; see Generation().
    void Changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

    ConnectionPool& pool_;  // Not owned; outlives *this.
    std::atomic<uint64_t> generation_{0};
};

}  // namespace broadsheet::store::sqlite
