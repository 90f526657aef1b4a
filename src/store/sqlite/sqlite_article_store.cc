#include "store/sqlite/sqlite_article_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <sqlite3.h>

#include "core/versioning.h"
#include "store/sqlite/json_columns.h"

namespace broadsheet::store::sqlite {
namespace {

using nlohmann::json;

const char* StatusName(ArticleStatus status) {
    switch (status) {
        case ArticleStatus::kPublished: return "published";
        case ArticleStatus::kWithheld: return "withheld";
        case ArticleStatus::kKilled: return "killed";
    }
    return "published";
}

ArticleStatus StatusFromName(std::string_view name) {
    if (name == "withheld") return ArticleStatus::kWithheld;
    if (name == "killed") return ArticleStatus::kKilled;
    return ArticleStatus::kPublished;
}


constexpr const char* kVersionColumns =
    "number, wire_version, published_at, stored_at, status, headline, standfirst, body_html, byline, "
    "located, provider, language, ed_note, word_count, picture, topics";

ArticleVersion ReadVersion(const Statement& s, int first) {
    ArticleVersion v;
    v.number = static_cast<int>(s.Int(first + 0));
    v.wire_version = s.Text(first + 1);
    v.published_at = FromSeconds(s.Int(first + 2));
    v.stored_at = FromSeconds(s.Int(first + 3));
    v.status = StatusFromName(s.Text(first + 4));
    v.content.headline = s.Text(first + 5);
    v.content.standfirst = s.Text(first + 6);
    v.content.body_html = s.Text(first + 7);
    v.content.byline = s.Text(first + 8);
    v.content.located = s.Text(first + 9);
    v.content.provider = s.Text(first + 10);
    v.content.language = s.Text(first + 11);
    v.content.ed_note = s.Text(first + 12);
    v.content.word_count = static_cast<int>(s.Int(first + 13));
    v.content.picture = PictureFromJson(s.Text(first + 14));
    v.content.topics = TopicsFromJson(s.Text(first + 15));
    return v;
}

constexpr const char* kSummaryColumns =
    "a.id, a.slug, a.section, COALESCE(a.headline_override, v.headline), v.standfirst,"
    " COALESCE(a.picture_override, v.picture), a.first_published, a.last_updated";

ArticleSummary ReadSummary(const Statement& s) {
    ArticleSummary summary;
    summary.id = ArticleId{s.Int(0)};
    summary.slug = s.Text(1);
    summary.section = s.Text(2);
    summary.headline = s.Text(3);
    summary.standfirst = s.Text(4);
    summary.picture = PictureFromJson(s.Text(5));
    summary.first_published = FromSeconds(s.Int(6));
    summary.last_updated = FromSeconds(s.Int(7));
    return summary;
}

// Every row of a statement selecting kSummaryColumns.
Result<std::vector<ArticleSummary>> ReadSummaries(Statement& stmt) {
    std::vector<ArticleSummary> list;
    while (true) {
        auto row = stmt.Step();
        if (!row) return row.error();
        if (!*row) break;
        list.push_back(ReadSummary(stmt));
    }
    return list;
}

Result<void> InsertVersion(Connection& db, ArticleId id, int number, const NewArticleVersion& version,
                           Timestamp published_at, Timestamp now) {
    auto stmt = Statement::Prepare(db, std::string("INSERT INTO article_versions (article_id, ") + kVersionColumns +
                                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    const ArticleContent& c = version.content;
    stmt->Bind(1, id.value)
        .Bind(2, number)
        .Bind(3, version.wire_version)
        .Bind(4, ToSeconds(published_at))
        .Bind(5, ToSeconds(now))
        .Bind(6, StatusName(version.status))
        .Bind(7, c.headline)
        .Bind(8, c.standfirst)
        .Bind(9, c.body_html)
        .Bind(10, c.byline)
        .Bind(11, c.located)
        .Bind(12, c.provider)
        .Bind(13, c.language)
        .Bind(14, c.ed_note)
        .Bind(15, c.word_count);
    if (c.picture) {
        stmt->Bind(16, PictureToJson(c.picture));
    } else {
        stmt->BindNull(16);
    }
    stmt->Bind(17, TopicsToJson(c.topics));
    return stmt->Run();
}

Result<void> ReplaceTopics(Connection& db, ArticleId id, const std::vector<Topic>& topics) {
    auto clear = Statement::Prepare(db, "DELETE FROM article_topics WHERE article_id = ?");
    if (!clear) return clear.error();
    if (auto ran = clear->Bind(1, id.value).Run(); !ran) return ran;
    int position = 0;
    for (const Topic& topic : topics) {
        auto upsert_topic = Statement::Prepare(
            db, "INSERT INTO topics (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO UPDATE SET name = excluded.name");
        if (!upsert_topic) return upsert_topic.error();
        if (auto ran = upsert_topic->Bind(1, topic.slug).Bind(2, topic.name).Run(); !ran) return ran;
        auto link = Statement::Prepare(
            db, "INSERT OR IGNORE INTO article_topics (article_id, topic_slug, position) VALUES (?, ?, ?)");
        if (!link) return link.error();
        if (auto ran = link->Bind(1, id.value).Bind(2, topic.slug).Bind(3, position++).Run(); !ran) return ran;
    }
    return {};
}

}  // namespace

Result<UpsertResult> SqliteArticleStore::Upsert(const NewArticleVersion& version, Timestamp now) {
    if (version.uri.empty()) return Fail(ErrorCode::kInvalidInput, "the item has no uri");
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    auto result = UpsertIn(*db, version, now);
    if (!result) return result;
    if (auto committed = transaction->Commit(); !committed) return committed.error();
    Changed();
    return result;
}

std::vector<Result<UpsertResult>> SqliteArticleStore::UpsertMany(const std::vector<NewArticleVersion>& versions,
                                                                 Timestamp now) {
    std::vector<Result<UpsertResult>> results;
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return std::vector<Result<UpsertResult>>(versions.size(), transaction.error());
    for (const NewArticleVersion& version : versions) {
        if (version.uri.empty()) {
            results.push_back(Fail(ErrorCode::kInvalidInput, "the item has no uri"));
            continue;
        }
        // Each item in its own savepoint: a failed one leaves no trace, the others stay.
        if (auto saved = db->Execute("SAVEPOINT item"); !saved) {
            results.push_back(saved.error());
            continue;
        }
        auto result = UpsertIn(*db, version, now);
        (void)db->Execute(result ? "RELEASE item" : "ROLLBACK TO item; RELEASE item");
        results.push_back(std::move(result));
    }
    if (auto committed = transaction->Commit(); !committed) {
        return std::vector<Result<UpsertResult>>(versions.size(), committed.error());
    }
    Changed();
    return results;
}

Result<UpsertResult> SqliteArticleStore::UpsertIn(Connection& connection, const NewArticleVersion& version,
                                                  Timestamp now) {
    Connection* db = &connection;
    auto find = Statement::Prepare(
        *db, "SELECT id, current_version, wire_version, version_created FROM articles WHERE uri = ?");
    if (!find) return find.error();
    find->Bind(1, version.uri);
    auto found = find->Step();
    if (!found) return found.error();

    Timestamp published_at = version.version_created.value_or(now);
    UpsertResult result;
    if (!*found) {
        Timestamp first_published = version.first_created.value_or(published_at);
        if (first_published > published_at) first_published = published_at;
        auto insert = Statement::Prepare(
            *db,
            "INSERT INTO articles (uri, slug, section, syndicated, status, first_published, last_updated,"
            " current_version, wire_version, version_created, premium, held, embargo_until)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)");
        if (!insert) return insert.error();
        insert->Bind(1, version.uri)
            .Bind(2, version.slug)
            .Bind(3, version.section)
            .Bind(4, version.syndicated ? 1 : 0)
            .Bind(5, StatusName(version.status))
            .Bind(6, ToSeconds(first_published))
            .Bind(7, ToSeconds(published_at))
            .Bind(8, version.wire_version);
        if (version.version_created) {
            insert->Bind(9, ToSeconds(*version.version_created));
        } else {
            insert->BindNull(9);
        }
        insert->Bind(10, version.premium ? 1 : 0).Bind(11, version.held ? 1 : 0);
        if (version.embargo_until) {
            insert->Bind(12, ToSeconds(*version.embargo_until));
        } else {
            insert->BindNull(12);
        }
        if (auto ran = insert->Run(); !ran) return ran.error();
        result = UpsertResult{ArticleId{db->LastInsertRowId()}, UpsertOutcome::kCreated};
        if (auto ran = InsertVersion(*db, result.id, 1, version, published_at, now); !ran) return ran.error();
    } else {
        ArticleId id{find->Int(0)};
        int current = static_cast<int>(find->Int(1));
        std::string stored_version = find->Text(2);
        std::optional<Timestamp> stored_time;
        if (!find->IsNull(3)) stored_time = FromSeconds(find->Int(3));
        if (CompareWireVersions(stored_version, stored_time, version.wire_version, version.version_created) !=
            VersionOrder::kNewer) {
            return UpsertResult{id, UpsertOutcome::kUnchanged};
        }
        int number = current + 1;
        if (auto ran = InsertVersion(*db, id, number, version, published_at, now); !ran) return ran.error();
        auto update = Statement::Prepare(
            *db,
            "UPDATE articles SET status = ?, last_updated = MAX(last_updated, ?), current_version = ?,"
            " wire_version = ?, version_created = ?, embargo_until = ? WHERE id = ?");
        if (!update) return update.error();
        update->Bind(1, StatusName(version.status))
            .Bind(2, ToSeconds(published_at))
            .Bind(3, number)
            .Bind(4, version.wire_version);
        if (version.version_created) {
            update->Bind(5, ToSeconds(*version.version_created));
        } else {
            update->BindNull(5);
        }
        if (version.embargo_until) {
            update->Bind(6, ToSeconds(*version.embargo_until));
        } else {
            update->BindNull(6);
        }
        update->Bind(7, id.value);
        if (auto ran = update->Run(); !ran) return ran.error();
        result = UpsertResult{id, UpsertOutcome::kUpdated};
    }
    // An editor's topics, when set, stay over every later wire version's.
    auto override_stmt = Statement::Prepare(*db, "SELECT topics_override FROM articles WHERE id = ?");
    if (!override_stmt) return override_stmt.error();
    override_stmt->Bind(1, result.id.value);
    auto override_row = override_stmt->Step();
    if (!override_row) return override_row.error();
    const bool topics_overridden = *override_row && !override_stmt->IsNull(0);
    std::vector<Topic> topics =
        topics_overridden ? TopicsFromJson(override_stmt->Text(0)) : version.content.topics;
    if (auto ran = ReplaceTopics(*db, result.id, topics); !ran) return ran.error();
    if (auto bumped = BumpChange(*db, result.id); !bumped) return bumped.error();
    return result;
}

Result<void> SqliteArticleStore::BumpChange(Connection& db, ArticleId id) {
    // MAX over articles_by_change is one seek. The caller's BEGIN IMMEDIATE makes this the
    // only writer in any process, so numbers are unique and commit in increasing order.
    auto stmt = Statement::Prepare(
        db, "UPDATE articles SET change_seq = (SELECT COALESCE(MAX(change_seq), 0) + 1 FROM articles) WHERE id = ?");
    if (!stmt) return stmt.error();
    return stmt->Bind(1, id.value).Run();
}

Result<std::vector<ArticleChange>> SqliteArticleStore::ChangedSince(int64_t seq, int limit) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "SELECT id, change_seq FROM articles WHERE change_seq > ? ORDER BY change_seq LIMIT ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, seq).Bind(2, std::max(limit, 0));
    std::vector<ArticleChange> changes;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        changes.push_back(ArticleChange{ArticleId{stmt->Int(0)}, stmt->Int(1)});
    }
    return changes;
}

Result<int64_t> SqliteArticleStore::LatestChange() const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT COALESCE(MAX(change_seq), 0) FROM articles");
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    return stmt->Int(0);
}

Result<int64_t> SqliteArticleStore::MaxId() const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT COALESCE(MAX(id), 0) FROM articles");
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    return stmt->Int(0);
}

namespace {

// An article with its current version: the columns ReadArticle reads, and the join.
constexpr const char* kArticleSelect =
    "SELECT a.id, a.uri, a.slug, a.section, a.syndicated, a.status, a.first_published,"
    " a.last_updated, a.current_version, a.wire_version, a.premium, a.held,"
    " a.headline_override, a.picture_override, a.topics_override, "
    "v.number, v.wire_version, v.published_at, v.stored_at, v.status, v.headline, v.standfirst,"
    " v.body_html, v.byline, v.located, v.provider, v.language, v.ed_note, v.word_count, v.picture,"
    " v.topics"
    " FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version";

Article ReadArticle(const Statement& stmt) {
    Article a;
    a.id = ArticleId{stmt.Int(0)};
    a.uri = stmt.Text(1);
    a.slug = stmt.Text(2);
    a.section = stmt.Text(3);
    a.syndicated = stmt.Int(4) != 0;
    a.status = StatusFromName(stmt.Text(5));
    a.first_published = FromSeconds(stmt.Int(6));
    a.last_updated = FromSeconds(stmt.Int(7));
    a.version_count = static_cast<int>(stmt.Int(8));
    a.wire_version = stmt.Text(9);
    a.premium = stmt.Int(10) != 0;
    a.held = stmt.Int(11) != 0;
    a.content = ReadVersion(stmt, 15).content;
    if (!stmt.IsNull(14)) a.content.topics = TopicsFromJson(stmt.Text(14));
    // What readers see: the editor's headline and picture over the wire's.
    if (!stmt.IsNull(12)) {
        a.content.headline = stmt.Text(12);
        a.headline_overridden = true;
    }
    if (!stmt.IsNull(13)) {
        a.content.picture = PictureFromJson(stmt.Text(13));
        a.picture_overridden = true;
    }
    return a;
}

}  // namespace

Result<Article> SqliteArticleStore::FindById(ArticleId id) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, std::string(kArticleSelect) + " WHERE a.id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, id.value);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Fail(ErrorCode::kNotFound, "no article " + std::to_string(id.value));
    return ReadArticle(*stmt);
}

Result<std::vector<Article>> SqliteArticleStore::ArticlesInRange(ArticleId after, ArticleId last, int limit) const {
    auto db = pool_.Acquire();
    // A range of the rowid: a seek, then the rows in order (the join is by primary key).
    auto stmt = Statement::Prepare(*db, std::string(kArticleSelect) +
                                            " WHERE a.id > ?1 AND a.id <= ?2 ORDER BY a.id LIMIT ?3");
    if (!stmt) return stmt.error();
    stmt->Bind(1, after.value).Bind(2, last.value).Bind(3, std::max(limit, 0));
    std::vector<Article> articles;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        articles.push_back(ReadArticle(*stmt));
    }
    return articles;
}

Result<void> SqliteArticleStore::SetOverrides(ArticleId id, const std::optional<std::string>& headline,
                                              const std::optional<Picture>& picture) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    auto stmt = Statement::Prepare(*db, "UPDATE articles SET headline_override = ?, picture_override = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    if (headline) {
        stmt->Bind(1, *headline);
    } else {
        stmt->BindNull(1);
    }
    if (picture) {
        stmt->Bind(2, PictureToJson(picture));
    } else {
        stmt->BindNull(2);
    }
    stmt->Bind(3, id.value);
    if (auto ran = stmt->Run(); !ran) return ran;
    if (sqlite3_changes(db->handle()) == 0) return Fail(ErrorCode::kNotFound, "no article " + std::to_string(id.value));
    if (auto bumped = BumpChange(*db, id); !bumped) return bumped;
    if (auto committed = transaction->Commit(); !committed) return committed;
    Changed();
    return {};
}

Result<std::vector<ArticleVersion>> SqliteArticleStore::Versions(ArticleId id) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, std::string("SELECT ") + kVersionColumns +
                                            " FROM article_versions WHERE article_id = ? ORDER BY number");
    if (!stmt) return stmt.error();
    stmt->Bind(1, id.value);
    std::vector<ArticleVersion> versions;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        versions.push_back(ReadVersion(*stmt, 0));
    }
    return versions;
}

Result<std::vector<ArticleSummary>> SqliteArticleStore::List(const ListQuery& query) const {
    auto db = pool_.Acquire();
    std::string sql = std::string("SELECT ") + kSummaryColumns +
                      " FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version";
    if (query.topic) sql += " JOIN article_topics t ON t.article_id = a.id AND t.topic_slug = ?1";
    sql += " WHERE a.status = 'published' AND a.held = 0";
    if (query.section) sql += " AND a.section = ?2";
    if (query.exclude) sql += " AND a.id <> ?3";
    sql += " ORDER BY a.first_published DESC, a.id DESC LIMIT ?4 OFFSET ?5";
    auto stmt = Statement::Prepare(*db, sql);
    if (!stmt) return stmt.error();
    if (query.topic) stmt->Bind(1, *query.topic);
    if (query.section) stmt->Bind(2, *query.section);
    if (query.exclude) stmt->Bind(3, query.exclude->value);
    stmt->Bind(4, std::max(query.limit, 0)).Bind(5, std::max(query.offset, 0));
    return ReadSummaries(*stmt);
}

Result<std::optional<ArticleSummary>> SqliteArticleStore::NextInSection(const Article& article) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kSummaryColumns +
                 " FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version"
                 " WHERE a.status = 'published' AND a.held = 0 AND a.section = ?1 AND a.id <> ?2"
                 " AND (a.first_published < ?3 OR (a.first_published = ?3 AND a.id < ?2))"
                 " ORDER BY a.first_published DESC, a.id DESC LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->Bind(1, article.section).Bind(2, article.id.value).Bind(3, ToSeconds(article.first_published));
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<ArticleSummary>{};
    return std::optional<ArticleSummary>{ReadSummary(*stmt)};
}

Result<Topic> SqliteArticleStore::FindTopic(std::string_view slug) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT slug, name FROM topics WHERE slug = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, slug);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Fail(ErrorCode::kNotFound, "no topic " + std::string(slug));
    return Topic{stmt->Text(0), stmt->Text(1)};
}

Result<void> SqliteArticleStore::SetPremium(ArticleId id, bool premium) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    auto stmt = Statement::Prepare(*db, "UPDATE articles SET premium = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, premium ? 1 : 0).Bind(2, id.value);
    if (auto ran = stmt->Run(); !ran) return ran;
    if (sqlite3_changes(db->handle()) == 0) return Fail(ErrorCode::kNotFound, "no article " + std::to_string(id.value));
    if (auto bumped = BumpChange(*db, id); !bumped) return bumped;
    if (auto committed = transaction->Commit(); !committed) return committed;
    Changed();
    return {};
}

Result<int> SqliteArticleStore::ReleaseEmbargoes(Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    // The stories due, then each released with its own change number.
    std::vector<ArticleId> due;
    {
        auto find = Statement::Prepare(*db,
                                       "SELECT id FROM articles WHERE status = 'withheld' AND embargo_until IS NOT NULL"
                                       " AND embargo_until <= ?");
        if (!find) return find.error();
        find->Bind(1, ToSeconds(now));
        while (true) {
            auto row = find->Step();
            if (!row) return row.error();
            if (!*row) break;
            due.push_back(ArticleId{find->Int(0)});
        }
    }
    if (due.empty()) return 0;
    for (ArticleId id : due) {
        auto stmt = Statement::Prepare(*db, "UPDATE articles SET status = 'published', embargo_until = NULL WHERE id = ?");
        if (!stmt) return stmt.error();
        if (auto ran = stmt->Bind(1, id.value).Run(); !ran) return ran.error();
        if (auto bumped = BumpChange(*db, id); !bumped) return bumped.error();
    }
    if (auto committed = transaction->Commit(); !committed) return committed.error();
    Changed();
    return static_cast<int>(due.size());
}

Result<int64_t> SqliteArticleStore::Count() const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT COUNT(*) FROM articles");
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    return stmt->Int(0);
}

Result<std::vector<std::pair<std::string, Timestamp>>> SqliteArticleStore::PublishedMonths() const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "SELECT strftime('%Y-%m', first_published, 'unixepoch') AS month, MAX(last_updated) FROM articles"
        " WHERE status = 'published' AND held = 0 GROUP BY month ORDER BY month DESC");
    if (!stmt) return stmt.error();
    std::vector<std::pair<std::string, Timestamp>> months;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        months.emplace_back(stmt->Text(0), FromSeconds(stmt->Int(1)));
    }
    return months;
}

Result<std::vector<ArticleSummary>> SqliteArticleStore::ListPublishedBetween(Timestamp from, Timestamp to, int limit,
                                                                             int offset) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kSummaryColumns +
                 " FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version"
                 " WHERE a.status = 'published' AND a.held = 0 AND a.first_published >= ?1 AND a.first_published < ?2"
                 " ORDER BY a.first_published DESC, a.id DESC LIMIT ?3 OFFSET ?4");
    if (!stmt) return stmt.error();
    stmt->Bind(1, ToSeconds(from)).Bind(2, ToSeconds(to)).Bind(3, std::max(limit, 0)).Bind(4, std::max(offset, 0));
    return ReadSummaries(*stmt);
}

namespace {

// One first_published from a statement bound at ?1 that selects at most one row.
Result<std::optional<Timestamp>> ReadOptionalTime(Statement& stmt) {
    auto row = stmt.Step();
    if (!row) return row.error();
    if (!*row) return std::optional<Timestamp>{};
    return std::optional<Timestamp>{FromSeconds(stmt.Int(0))};
}

}  // namespace

// Both walk articles_by_time (status, held, first_published): one seek, one row.
Result<std::optional<Timestamp>> SqliteArticleStore::FirstPublishedFrom(Timestamp from) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db,
                                   "SELECT first_published FROM articles"
                                   " WHERE status = 'published' AND held = 0 AND first_published >= ?1"
                                   " ORDER BY first_published ASC LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->Bind(1, ToSeconds(from));
    return ReadOptionalTime(*stmt);
}

Result<std::optional<Timestamp>> SqliteArticleStore::LastPublishedBefore(Timestamp before) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db,
                                   "SELECT first_published FROM articles"
                                   " WHERE status = 'published' AND held = 0 AND first_published < ?1"
                                   " ORDER BY first_published DESC LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->Bind(1, ToSeconds(before));
    return ReadOptionalTime(*stmt);
}

Result<std::vector<int>> SqliteArticleStore::CountPublishedBetween(std::span<const Timestamp> boundaries) const {
    std::vector<int> counts;
    if (boundaries.size() < 2) return counts;
    counts.reserve(boundaries.size() - 1);
    auto db = pool_.Acquire();
    // One count per interval, each a range scan of the covering index articles_by_time; the
    // statement is prepared once and cached by the connection.
    for (size_t i = 0; i + 1 < boundaries.size(); ++i) {
        auto stmt = Statement::Prepare(*db,
                                       "SELECT COUNT(*) FROM articles"
                                       " WHERE status = 'published' AND held = 0"
                                       " AND first_published >= ?1 AND first_published < ?2");
        if (!stmt) return stmt.error();
        stmt->Bind(1, ToSeconds(boundaries[i])).Bind(2, ToSeconds(boundaries[i + 1]));
        auto row = stmt->Step();
        if (!row) return row.error();
        counts.push_back(*row ? static_cast<int>(stmt->Int(0)) : 0);
    }
    return counts;
}

// The newsroom's writes: placement and status decided by editors.

Result<void> SqliteArticleStore::UpdateArticle(std::string_view sql, ArticleId id, std::optional<std::string_view> text,
                                               std::optional<int64_t> number) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);  // The update and its change number together.
    if (!transaction) return transaction.error();
    auto stmt = Statement::Prepare(*db, sql);
    if (!stmt) return stmt.error();
    int index = 1;
    if (text) stmt->Bind(index++, *text);
    if (number) stmt->Bind(index++, *number);
    stmt->Bind(index, id.value);
    if (auto ran = stmt->Run(); !ran) return ran;
    if (sqlite3_changes(db->handle()) == 0) return Fail(ErrorCode::kNotFound, "no article " + std::to_string(id.value));
    if (auto bumped = BumpChange(*db, id); !bumped) return bumped;
    if (auto committed = transaction->Commit(); !committed) return committed;
    Changed();
    return {};
}

Result<void> SqliteArticleStore::SetHeld(ArticleId id, bool held) {
    return UpdateArticle("UPDATE articles SET held = ? WHERE id = ?", id, std::nullopt, held ? 1 : 0);
}

Result<void> SqliteArticleStore::SetStatus(ArticleId id, ArticleStatus status) {
    // An editor's decision ends any embargo wait: a withheld story stays withheld until an
    // editor publishes it, and a published one goes out now.
    return UpdateArticle("UPDATE articles SET status = ?, embargo_until = NULL WHERE id = ?", id,
                         std::string_view(StatusName(status)), std::nullopt);
}

Result<void> SqliteArticleStore::SetSection(ArticleId id, const std::string& section) {
    if (section.empty()) return Fail(ErrorCode::kInvalidInput, "a story needs a section");
    return UpdateArticle("UPDATE articles SET section = ? WHERE id = ?", id, section, std::nullopt);
}

Result<void> SqliteArticleStore::SetTopics(ArticleId id, const std::optional<std::vector<Topic>>& topics) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    auto update = Statement::Prepare(*db, "UPDATE articles SET topics_override = ? WHERE id = ?");
    if (!update) return update.error();
    if (topics) {
        update->Bind(1, TopicsToJson(*topics));
    } else {
        update->BindNull(1);
    }
    update->Bind(2, id.value);
    if (auto ran = update->Run(); !ran) return ran;
    if (sqlite3_changes(db->handle()) == 0) return Fail(ErrorCode::kNotFound, "no article " + std::to_string(id.value));
    std::vector<Topic> listed;
    if (topics) {
        listed = *topics;
    } else {
        // The wire's again: the current version's.
        auto current = Statement::Prepare(
            *db, "SELECT v.topics FROM articles a JOIN article_versions v ON v.article_id = a.id"
                 " AND v.number = a.current_version WHERE a.id = ?");
        if (!current) return current.error();
        current->Bind(1, id.value);
        auto row = current->Step();
        if (!row) return row.error();
        if (*row) listed = TopicsFromJson(current->Text(0));
    }
    if (auto ran = ReplaceTopics(*db, id, listed); !ran) return ran;
    if (auto bumped = BumpChange(*db, id); !bumped) return bumped;
    if (auto committed = transaction->Commit(); !committed) return committed;
    Changed();
    return {};
}

Result<std::vector<NewsroomArticle>> SqliteArticleStore::ListForNewsroom(const NewsroomQuery& query) const {
    auto db = pool_.Acquire();
    std::string sql = std::string("SELECT ") + kSummaryColumns +
                      ", a.status, a.held, a.premium, a.syndicated,"
                      " (a.headline_override IS NOT NULL OR a.picture_override IS NOT NULL), v.provider"
                      " FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version"
                      " WHERE 1 = 1";
    if (query.section) sql += " AND a.section = ?1";
    if (query.status) sql += " AND a.status = ?2";
    if (query.held) sql += " AND a.held = ?3";
    if (query.syndicated) sql += " AND a.syndicated = ?4";
    if (!query.text.empty()) {
        sql += " AND instr(lower(COALESCE(a.headline_override, v.headline)), lower(?5)) > 0";
    }
    sql += " ORDER BY a.last_updated DESC, a.id DESC LIMIT ?6 OFFSET ?7";
    auto stmt = Statement::Prepare(*db, sql);
    if (!stmt) return stmt.error();
    if (query.section) stmt->Bind(1, *query.section);
    if (query.status) stmt->Bind(2, StatusName(*query.status));
    if (query.held) stmt->Bind(3, *query.held ? 1 : 0);
    if (query.syndicated) stmt->Bind(4, *query.syndicated ? 1 : 0);
    if (!query.text.empty()) stmt->Bind(5, query.text);
    stmt->Bind(6, std::max(query.limit, 0)).Bind(7, std::max(query.offset, 0));
    std::vector<NewsroomArticle> list;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        NewsroomArticle item;
        item.summary = ReadSummary(*stmt);
        item.status = StatusFromName(stmt->Text(8));
        item.held = stmt->Int(9) != 0;
        item.premium = stmt->Int(10) != 0;
        item.syndicated = stmt->Int(11) != 0;
        item.overridden = stmt->Int(12) != 0;
        item.provider = stmt->Text(13);
        list.push_back(std::move(item));
    }
    return list;
}

Result<std::vector<Picture>> SqliteArticleStore::RecentPictures(int limit) const {
    auto db = pool_.Acquire();
    // The editors' pictures and every version's, newest first; one per file.
    auto stmt = Statement::Prepare(
        *db,
        "SELECT picture FROM (SELECT a.picture_override AS picture, a.last_updated AS at FROM articles a"
        " WHERE a.picture_override IS NOT NULL UNION ALL SELECT v.picture, v.stored_at FROM article_versions v"
        " WHERE v.picture IS NOT NULL) ORDER BY at DESC LIMIT 2000");
    if (!stmt) return stmt.error();
    std::vector<Picture> pictures;
    std::vector<std::string> seen;
    while (static_cast<int>(pictures.size()) < limit) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        std::optional<Picture> picture = PictureFromJson(stmt->Text(0));
        if (!picture || picture->path.empty()) continue;
        if (std::find(seen.begin(), seen.end(), picture->path) != seen.end()) continue;
        seen.push_back(picture->path);
        pictures.push_back(std::move(*picture));
    }
    return pictures;
}

}  // namespace broadsheet::store::sqlite
