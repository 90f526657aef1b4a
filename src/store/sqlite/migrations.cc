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
    {6, "readers' accounts, their sessions (devices) and single-use e-mail links", R"sql(
CREATE TABLE readers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    password_hash TEXT NOT NULL,
    email_verified INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reader_id INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('session', 'api_token')),
    name TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_reader ON sessions (reader_id, revoked, last_seen);
CREATE TABLE one_time_links (
    token_hash TEXT PRIMARY KEY,
    reader_id INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'change_email', 'sign_in')),
    new_email TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX one_time_links_by_reader ON one_time_links (reader_id);
)sql"},
    {7, "the durable mail outbox", R"sql(
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    lease_until INTEGER,
    last_error TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt);
CREATE INDEX outbox_by_recipient ON outbox (to_address);
)sql"},
    {8, "subscriptions, billing history, gateway events applied once, gateway plan ids", R"sql(
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    reader_id INTEGER NOT NULL,
    plan_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'past_due', 'expired')),
    started INTEGER,
    period_start INTEGER,
    period_end INTEGER,
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
    past_due_since INTEGER,
    next_plan_id TEXT NOT NULL DEFAULT '',
    complimentary INTEGER NOT NULL DEFAULT 0,
    gateway TEXT NOT NULL DEFAULT '',
    gateway_ref TEXT NOT NULL DEFAULT ''
);
CREATE INDEX subscriptions_by_reader ON subscriptions (reader_id, id);
CREATE UNIQUE INDEX subscriptions_by_gateway_ref ON subscriptions (gateway, gateway_ref) WHERE gateway_ref <> '';
CREATE INDEX subscriptions_by_status ON subscriptions (status, period_end);
CREATE TABLE billing_history (
    id INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    reader_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    amount INTEGER,
    currency TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX billing_history_by_reader ON billing_history (reader_id, at, id);
CREATE INDEX billing_history_by_subscription ON billing_history (subscription_id, kind, at);
CREATE TABLE gateway_events (
    id INTEGER PRIMARY KEY,
    gateway TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    type TEXT NOT NULL,
    subscription_id INTEGER,
    occurred_at INTEGER,
    UNIQUE (gateway, event_id)
);
CREATE TABLE gateway_plans (
    gateway TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    months INTEGER NOT NULL,
    gateway_ref TEXT NOT NULL,
    PRIMARY KEY (gateway, plan_id, price, currency, months)
);
)sql"},
    {9, "the paywall meter of signed-in readers: premium stories read free per month", R"sql(
CREATE TABLE meter_reads (
    reader_id INTEGER NOT NULL REFERENCES readers (id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    read_at INTEGER NOT NULL,
    PRIMARY KEY (reader_id, month, article_id)
) WITHOUT ROWID;
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
