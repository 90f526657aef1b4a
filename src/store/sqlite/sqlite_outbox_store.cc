#include "store/sqlite/sqlite_outbox_store.h"

#include <sqlite3.h>

#include <mutex>

namespace broadsheet::store {

std::string_view OutboxStateName(OutboxState state) {
    switch (state) {
        case OutboxState::kQueued: return "queued";
        case OutboxState::kSending: return "sending";
        case OutboxState::kSent: return "sent";
        case OutboxState::kFailed: return "failed";
    }
    return "queued";
}

namespace sqlite {
namespace {

constexpr const char* kColumns =
    "id, message_id, to_address, subject, body_text, body_html, category, state, attempts, "
    "next_attempt,"
    " lease_until, last_error, created, sent_at";

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

std::optional<Timestamp> OptionalTime(const Statement& s, int column) {
    if (s.IsNull(column)) return std::nullopt;
    return At(s.Int(column));
}

OutboxState ParseState(const std::string& name) {
    if (name == "sending") return OutboxState::kSending;
    if (name == "sent") return OutboxState::kSent;
    if (name == "failed") return OutboxState::kFailed;
    return OutboxState::kQueued;
}

OutboxMessage ReadMessage(const Statement& s) {
    OutboxMessage m;
    m.id = s.Int(0);
    m.content.message_id = s.Text(1);
    m.content.to = s.Text(2);
    m.content.subject = s.Text(3);
    m.content.text = s.Text(4);
    m.content.html = s.Text(5);
    m.content.category = s.Text(6);
    m.state = ParseState(s.Text(7));
    m.attempts = static_cast<int>(s.Int(8));
    m.next_attempt = At(s.Int(9));
    m.lease_until = OptionalTime(s, 10);
    m.last_error = s.Text(11);
    m.created = At(s.Int(12));
    m.sent_at = OptionalTime(s, 13);
    return m;
}

}  // namespace

Result<int64_t> SqliteOutboxStore::Add(const NewOutboxMessage& message, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "INSERT INTO outbox (message_id, to_address, subject, body_text, body_html, category, "
        "state, attempts,"
        " next_attempt, last_error, created) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, '', ?)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, message.message_id)
        .Bind(2, message.to)
        .Bind(3, message.subject)
        .Bind(4, message.text)
        .Bind(5, message.html)
        .Bind(6, message.category)
        .Bind(7, Seconds(now))
        .Bind(8, Seconds(now));
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return db->LastInsertRowId();
}

Result<std::optional<OutboxMessage>> SqliteOutboxStore::ClaimNext(Timestamp now,
                                                                  Timestamp lease_until) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    // One statement: SQLite's write lock makes the pick and the claim atomic, also against
    // another process on the same database.
    auto stmt = Statement::Prepare(
        *db, std::string(
                 "UPDATE outbox SET state = 'sending', attempts = attempts + 1, lease_until = ?"
                 " WHERE id = (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt <= ?"
                 " ORDER BY next_attempt, id LIMIT 1) RETURNING ") +
                 kColumns);
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(lease_until)).Bind(2, Seconds(now));
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<OutboxMessage>{};
    OutboxMessage message = ReadMessage(*stmt);
    if (auto rest = stmt->Step(); !rest) return rest.error();
    return std::optional<OutboxMessage>(std::move(message));
}

Result<void> SqliteOutboxStore::MarkSent(int64_t id, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db,
                                   "UPDATE outbox SET state = 'sent', sent_at = ?, lease_until = "
                                   "NULL, last_error = '' WHERE id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(now)).Bind(2, id);
    return stmt->Run();
}

Result<void> SqliteOutboxStore::MarkFailed(int64_t id, std::string_view error,
                                           std::optional<Timestamp> retry_at) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    if (retry_at) {
        auto stmt = Statement::Prepare(*db,
                                       "UPDATE outbox SET state = 'queued', next_attempt = ?, "
                                       "lease_until = NULL, last_error = ? WHERE id = ?");
        if (!stmt) return stmt.error();
        stmt->Bind(1, Seconds(*retry_at)).Bind(2, error).Bind(3, id);
        return stmt->Run();
    }
    auto stmt = Statement::Prepare(
        *db, "UPDATE outbox SET state = 'failed', lease_until = NULL, last_error = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, error).Bind(2, id);
    return stmt->Run();
}

Result<int> SqliteOutboxStore::ReleaseExpiredLeases(Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "UPDATE outbox SET state = 'queued', next_attempt = ?, lease_until = NULL,"
        " last_error = 'the sending worker stopped before it finished' WHERE state = 'sending' AND "
        "lease_until < ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(now)).Bind(2, Seconds(now));
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return sqlite3_changes(db->handle());
}

Result<std::optional<Timestamp>> SqliteOutboxStore::NextDue() const {
    auto db = pool_.Acquire();
    auto stmt =
        Statement::Prepare(*db, "SELECT MIN(next_attempt) FROM outbox WHERE state = 'queued'");
    if (!stmt) return stmt.error();
    auto row = stmt->Step();
    if (!row) return row.error();
    return OptionalTime(*stmt, 0);
}

Result<std::vector<OutboxMessage>> SqliteOutboxStore::List(std::optional<OutboxState> state,
                                                           int limit) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kColumns +
                 " FROM outbox WHERE (? = '' OR state = ?) ORDER BY id DESC LIMIT ?");
    if (!stmt) return stmt.error();
    std::string_view name = state ? OutboxStateName(*state) : "";
    stmt->Bind(1, name).Bind(2, name).Bind(3, limit);
    std::vector<OutboxMessage> messages;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        messages.push_back(ReadMessage(*stmt));
    }
    return messages;
}

Result<int> SqliteOutboxStore::ForgetRecipient(std::string_view address) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "DELETE FROM outbox WHERE to_address = ? AND state IN ('sent', 'failed')");
    if (!stmt) return stmt.error();
    stmt->Bind(1, address);
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return sqlite3_changes(db->handle());
}

Result<int> SqliteOutboxStore::PurgeSent(Timestamp before) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(before));
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return sqlite3_changes(db->handle());
}

}  // namespace sqlite
}  // namespace broadsheet::store
