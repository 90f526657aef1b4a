#include "store/sqlite/sqlite_wire_log_store.h"

#include <mutex>

namespace broadsheet::store {

const char* QueueStatusName(QueueStatus status) {
    switch (status) {
        case QueueStatus::kPublished: return "published";
        case QueueStatus::kHeld: return "held";
        case QueueStatus::kWithheld: return "withheld";
        case QueueStatus::kKilled: return "killed";
        case QueueStatus::kRejected: return "rejected";
    }
    return "rejected";
}

std::optional<QueueStatus> ParseQueueStatus(std::string_view name) {
    for (QueueStatus status : {QueueStatus::kPublished, QueueStatus::kHeld, QueueStatus::kWithheld,
                               QueueStatus::kKilled, QueueStatus::kRejected}) {
        if (name == QueueStatusName(status)) return status;
    }
    return std::nullopt;
}

namespace sqlite {
namespace {

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

const char* OutcomeName(WireOutcome outcome) {
    switch (outcome) {
        case WireOutcome::kCreated: return "created";
        case WireOutcome::kUpdated: return "updated";
        case WireOutcome::kRejected: return "rejected";
    }
    return "rejected";
}

WireOutcome OutcomeFromName(std::string_view name) {
    if (name == "created") return WireOutcome::kCreated;
    if (name == "updated") return WireOutcome::kUpdated;
    return WireOutcome::kRejected;
}

// Where an entry's story stands now: the one definition the queue's filter and rows share.
constexpr const char* kStatusExpression =
    "CASE WHEN w.outcome = 'rejected' OR a.id IS NULL THEN 'rejected' WHEN a.status = 'killed' "
    "THEN 'killed'"
    " WHEN a.held = 1 THEN 'held' WHEN a.status = 'withheld' THEN 'withheld' ELSE 'published' END";

}  // namespace

Result<void> SqliteWireLogStore::Append(const std::vector<WireLogEntry>& entries) {
    if (entries.empty()) return {};
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    for (const WireLogEntry& entry : entries) {
        auto stmt = Statement::Prepare(*db,
                                       "INSERT INTO wire_log (at, feed, uri, article_id, outcome, "
                                       "reason) VALUES (?, ?, ?, ?, ?, ?)");
        if (!stmt) return stmt.error();
        stmt->Bind(1, Seconds(entry.at)).Bind(2, entry.feed).Bind(3, entry.uri);
        if (entry.article) {
            stmt->Bind(4, entry.article->value);
        } else {
            stmt->BindNull(4);
        }
        stmt->Bind(5, OutcomeName(entry.outcome)).Bind(6, entry.reason);
        if (auto ran = stmt->Run(); !ran) return ran;
    }
    return transaction->Commit();
}

Result<std::vector<WireQueueItem>> SqliteWireLogStore::Queue(const WireQueueQuery& query) const {
    auto db = pool_.Acquire();
    std::string sql =
        std::string("SELECT w.id, w.at, w.feed, w.uri, w.article_id, w.outcome, w.reason, ") +
        kStatusExpression +
        ", COALESCE(a.headline_override, v.headline, ''), COALESCE(a.section, ''),"
        " COALESCE(a.premium, 0), a.embargo_until IS NOT NULL,"
        " (a.headline_override IS NOT NULL OR a.picture_override IS NOT NULL)"
        " FROM wire_log w LEFT JOIN articles a ON a.id = w.article_id"
        " LEFT JOIN article_versions v ON v.article_id = a.id AND v.number = a.current_version"
        " WHERE 1 = 1";
    if (query.feed) sql += " AND w.feed = ?1";
    if (query.status) sql += std::string(" AND (") + kStatusExpression + ") = ?2";
    sql += " ORDER BY w.at DESC, w.id DESC LIMIT ?3 OFFSET ?4";
    auto stmt = Statement::Prepare(*db, sql);
    if (!stmt) return stmt.error();
    if (query.feed) stmt->Bind(1, *query.feed);
    if (query.status) stmt->Bind(2, QueueStatusName(*query.status));
    stmt->Bind(3, std::max(query.limit, 0)).Bind(4, std::max(query.offset, 0));
    std::vector<WireQueueItem> items;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        WireQueueItem item;
        item.entry.id = stmt->Int(0);
        item.entry.at = At(stmt->Int(1));
        item.entry.feed = stmt->Text(2);
        item.entry.uri = stmt->Text(3);
        if (!stmt->IsNull(4)) item.entry.article = ArticleId{stmt->Int(4)};
        item.entry.outcome = OutcomeFromName(stmt->Text(5));
        item.entry.reason = stmt->Text(6);
        item.status = ParseQueueStatus(stmt->Text(7)).value_or(QueueStatus::kRejected);
        item.headline = stmt->Text(8);
        item.section = stmt->Text(9);
        item.premium = stmt->Int(10) != 0;
        item.embargoed = stmt->Int(11) != 0;
        item.overridden = stmt->Int(12) != 0;
        items.push_back(std::move(item));
    }
    return items;
}

Result<std::vector<std::string>> SqliteWireLogStore::Feeds() const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT DISTINCT feed FROM wire_log ORDER BY feed");
    if (!stmt) return stmt.error();
    std::vector<std::string> feeds;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        feeds.push_back(stmt->Text(0));
    }
    return feeds;
}

}  // namespace sqlite
}  // namespace broadsheet::store
