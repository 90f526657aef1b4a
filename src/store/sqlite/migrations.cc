#include "store/sqlite/migrations.h"

#include <algorithm>
#include <set>
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
    {10, "durable checkpoints of import-archive: the byte offset after each file's last committed batch", R"sql(
CREATE TABLE import_checkpoints (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    line INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
)sql"},
    {11, "a change sequence on articles, moved by every write, for live search updates", R"sql(
ALTER TABLE articles ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET change_seq = id;
CREATE INDEX articles_by_change ON articles (change_seq);
)sql"},
    {12, "newsroom staff, their sessions and one-time sign-in links; the audit log", R"sql(
CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('writer', 'editor', 'admin')),
    password_hash TEXT NOT NULL DEFAULT '',
    disabled INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL
);
CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id, revoked);
CREATE TABLE staff_links (
    token_hash TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    used_at INTEGER
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    staff_id INTEGER,
    email TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    client_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_by_staff ON audit_log (staff_id, at DESC);
CREATE INDEX audit_log_by_action ON audit_log (action, at DESC);
)sql"},
    {13, "the wire log (every item ingest saw) and editors' topics kept across wire versions", R"sql(
CREATE TABLE wire_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    feed TEXT NOT NULL DEFAULT '',
    uri TEXT NOT NULL DEFAULT '',
    article_id INTEGER,
    outcome TEXT NOT NULL CHECK (outcome IN ('created', 'updated', 'rejected')),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wire_log_by_time ON wire_log (at DESC, id DESC);
CREATE INDEX wire_log_by_feed ON wire_log (feed, at DESC, id DESC);
CREATE INDEX wire_log_by_article ON wire_log (article_id);
ALTER TABLE articles ADD COLUMN topics_override TEXT;
CREATE INDEX articles_by_update ON articles (last_updated DESC, id DESC);
)sql"},
    {14, "staff stories' drafts (Markdown and fields) and corrections shown on stories", R"sql(
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER UNIQUE,
    author_id INTEGER NOT NULL,
    markdown TEXT NOT NULL,
    headline TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    byline TEXT NOT NULL,
    section TEXT NOT NULL,
    topics TEXT NOT NULL,
    picture TEXT,
    premium INTEGER NOT NULL DEFAULT 0,
    scheduled_at INTEGER,
    revision INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX drafts_by_time ON drafts (updated_at DESC, id DESC);
CREATE INDEX drafts_by_author ON drafts (author_id, updated_at DESC, id DESC);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL,
    by_staff INTEGER NOT NULL
);
CREATE INDEX corrections_by_article ON corrections (article_id, at, id);
)sql"},
    {15, "the newsroom's picture library and site settings editable without a restart", R"sql(
CREATE TABLE pictures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    media_path TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    alt TEXT NOT NULL,
    caption TEXT NOT NULL,
    credit TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL,
    uploaded_at INTEGER NOT NULL
);
CREATE INDEX pictures_by_time ON pictures (uploaded_at DESC, id DESC);
CREATE TABLE site_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_by INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
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
    std::set<int> done;
    {
        // Scoped: a statement left mid-result would lock the schema against DROP below.
        auto applied_stmt = Statement::Prepare(connection, "SELECT version FROM schema_migrations");
        if (!applied_stmt) return applied_stmt.error();
        while (true) {
            auto row = applied_stmt->Step();
            if (!row) return row.error();
            if (!*row) break;
            done.insert(static_cast<int>(applied_stmt->Int(0)));
        }
        current = done.empty() ? 0 : *done.rbegin();
    }

    int latest = migrations.empty() ? 0 : migrations.back().version;
    if (current > latest) {
        return Fail(ErrorCode::kConflict, "the database is at schema version " + std::to_string(current) +
                                              " but this broadsheet knows only up to " + std::to_string(latest) +
                                              "; use a newer broadsheet");
    }
    for (const Migration& migration : migrations) {
        // Every migration not applied yet, even one numbered below the newest applied: numbers
        // are handed out to work in progress, which may land in another order.
        if (done.contains(migration.version)) continue;
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
        current = std::max(current, migration.version);
    }
    return current;
}

}  // namespace broadsheet::store::sqlite
