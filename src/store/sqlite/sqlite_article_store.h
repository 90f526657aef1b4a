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
    Result<std::vector<ArticleChange>> ChangedSince(int64_t seq, int limit) const override;
    Result<int64_t> LatestChange() const override;
    Result<std::vector<Article>> ArticlesInRange(ArticleId after, ArticleId last, int limit) const override;
    Result<int64_t> MaxId() const override;
    uint64_t Generation() const override { return generation_.load(std::memory_order_acquire); }
    Result<int> ReleaseEmbargoes(Timestamp now) override;
    Result<void> SetPremium(ArticleId id, bool premium) override;
    Result<void> SetOverrides(ArticleId id, const std::optional<std::string>& headline,
                              const std::optional<Picture>& picture) override;
    Result<void> SetHeld(ArticleId id, bool held) override;
    Result<void> SetStatus(ArticleId id, ArticleStatus status) override;
    Result<void> SetSection(ArticleId id, const std::string& section) override;
    Result<void> SetTopics(ArticleId id, const std::optional<std::vector<Topic>>& topics) override;
    Result<std::vector<NewsroomArticle>> ListForNewsroom(const NewsroomQuery& query) const override;
    Result<std::vector<Picture>> RecentPictures(int limit) const override;
    Result<std::vector<std::pair<std::string, Timestamp>>> PublishedMonths() const override;
    Result<std::vector<ArticleSummary>> ListPublishedBetween(Timestamp from, Timestamp to, int limit,
                                                             int offset) const override;
    Result<std::optional<Timestamp>> FirstPublishedFrom(Timestamp from) const override;
    Result<std::optional<Timestamp>> LastPublishedBefore(Timestamp before) const override;
    Result<std::vector<int>> CountPublishedBetween(std::span<const Timestamp> boundaries) const override;

private:
    // Upsert's work inside a transaction the caller holds.
    static Result<UpsertResult> UpsertIn(Connection& db, const NewArticleVersion& version, Timestamp now);

    // Gives article `id` the next change sequence number (articles.change_seq, migration 11),
    // which is what ChangedSince follows: live search updates see the write through it.
    // EVERY write to an article must call it, inside the write's transaction (BEGIN
    // IMMEDIATE, so numbers are handed out and committed in one order across processes; a
    // bare UPDATE must be wrapped in a Transaction for this). Calling it twice for one
    // article in one transaction is harmless: the article keeps the later number.
    static Result<void> BumpChange(Connection& db, ArticleId id);

    // One UPDATE of articles with `id` bound last; kNotFound when no row changed. Bumps the
    // generation when it did.
    Result<void> UpdateArticle(std::string_view sql, ArticleId id, std::optional<std::string_view> text,
                               std::optional<int64_t> number);

    // Bumped after every committed write; see Generation().
    void Changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

    ConnectionPool& pool_;  // Not owned; outlives *this.
    std::atomic<uint64_t> generation_{0};
};

}  // namespace broadsheet::store::sqlite
