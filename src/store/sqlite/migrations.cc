#include "store/sqlite/migrations.h"

#include <string>

namespace broadsheet::store::sqlite {
namespace {

constexpr Migration kMigrations[] = {
    {1, "articles, versions and topics", R"sql(
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    uri TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL,
    section TEXT NOT NULL,
    syndicated INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('published', 'withheld', 'killed')),
    first_published INTEGER NOT NULL,
    last_updated INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    wire_version TEXT NOT NULL,
    version_created INTEGER
);
CREATE INDEX articles_by_time ON articles (status, first_published DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section, status, first_published DESC, id DESC);

CREATE TABLE article_versions (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    wire_version TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    headline TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    body_html TEXT NOT NULL,
    byline TEXT NOT NULL,
    located TEXT NOT NULL,
    provider TEXT NOT NULL,
    language TEXT NOT NULL,
    ed_note TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    picture TEXT,
    topics TEXT NOT NULL,
    PRIMARY KEY (article_id, number)
);

CREATE TABLE topics (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE article_topics (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    topic_slug TEXT NOT NULL REFERENCES topics (slug),
    position INTEGER NOT NULL,
    PRIMARY KEY (article_id, topic_slug)
);
CREATE INDEX article_topics_by_topic ON article_topics (topic_slug, article_id);
)sql"},
    {2, "feed state: validators, schedule and errors per configured feed", R"sql(
CREATE TABLE feed_state (
    feed_id TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    last_success INTEGER,
    last_attempt INTEGER,
    last_error TEXT NOT NULL,
    consecutive_failures INTEGER NOT NULL,
    next_poll INTEGER,
    items_ingested INTEGER NOT NULL
);
)sql"},
    {3, "premium stories and stories held for an editor", R"sql(
ALTER TABLE articles ADD COLUMN premium INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
DROP INDEX articles_by_time;
DROP INDEX articles_by_section;
CREATE INDEX articles_by_time ON articles (status, held, first_published DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section, status, held, first_published DESC, id DESC);
)sql"},
    {4, "editors' headline and picture for syndicated copy, kept across wire versions", R"sql(
ALTER TABLE articles ADD COLUMN headline_override TEXT;
ALTER TABLE articles ADD COLUMN picture_override TEXT;
)sql"},
    {5, "embargoes: when a withheld story may be released", R"sql(
ALTER TABLE articles ADD COLUMN embargo_until INTEGER;
CREATE INDEX articles_by_embargo ON articles (embargo_until) WHERE embargo_until IS NOT NULL;
)sql"},
};

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

Result<int> Migrate(Connection& connection, std::span<const Migration> migrations) {
    auto created = connection.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL"
        " DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
    if (!created) return created.error();

    int current = 0;
    {
        // Scoped: a statement left mid-result would lock the schema against DROP below.
        auto current_stmt = Statement::Prepare(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (!current_stmt) return current_stmt.error();
        auto row = current_stmt->Step();
        if (!row) return row.error();
        current = static_cast<int>(current_stmt->Int(0));
    }

    int latest = migrations.empty() ? 0 : migrations.back().version;
    if (current > latest) {
        return Fail(ErrorCode::kConflict, "the database is at schema version " + std::to_string(current) +
                                              " but this broadsheet knows only up to " + std::to_string(latest) +
                                              "; use a newer broadsheet");
    }
    for (const Migration& migration : migrations) {
        if (migration.version <= current) continue;
        auto transaction = Transaction::Begin(connection);
        if (!transaction) return transaction.error();
        auto applied = connection.Execute(migration.sql);
        if (!applied) {
            return Fail(ErrorCode::kIo, "migration " + std::to_string(migration.version) + " (" +
                                            std::string(migration.description) + ") failed: " +
                                            applied.error().message);
        }
        auto record = Statement::Prepare(connection, "INSERT INTO schema_migrations (version, description) VALUES (?, ?)");
        if (!record) return record.error();
        record->Bind(1, migration.version).Bind(2, migration.description);
        if (auto ran = record->Run(); !ran) return ran.error();
        if (auto committed = transaction->Commit(); !committed) return committed.error();
        current = migration.version;
    }
    return current;
}

}  // namespace broadsheet::store::sqlite
