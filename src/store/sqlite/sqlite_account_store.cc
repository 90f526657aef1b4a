#include "store/sqlite/sqlite_account_store.h"

#include <sqlite3.h>

#include <mutex>

namespace broadsheet::store::sqlite {
namespace {

constexpr const char* kReaderColumns =
    "id, email, email_verified, disabled, created, password_hash";
constexpr const char* kSessionColumns =
    "s.id, s.reader_id, s.kind, s.name, s.user_agent, s.ip, s.created, s.last_seen, s.revoked";

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

std::string_view KindName(SessionKind kind) {
    return kind == SessionKind::kApiToken ? "api_token" : "session";
}

std::string_view PurposeName(LinkPurpose purpose) {
    switch (purpose) {
        case LinkPurpose::kVerify: return "verify";
        case LinkPurpose::kReset: return "reset";
        case LinkPurpose::kChangeEmail: return "change_email";
        case LinkPurpose::kSignIn: return "sign_in";
    }
    return "verify";
}

// Columns in kReaderColumns order from `first`.
ReaderRecord ReadReader(const Statement& s, int first = 0) {
    ReaderRecord record;
    record.reader.id = ReaderId{s.Int(first)};
    record.reader.email = s.Text(first + 1);
    record.reader.email_verified = s.Int(first + 2) != 0;
    record.reader.disabled = s.Int(first + 3) != 0;
    record.reader.created = At(s.Int(first + 4));
    record.password_hash = s.Text(first + 5);
    return record;
}

// Columns in kSessionColumns order from 0.
Session ReadSession(const Statement& s) {
    Session session;
    session.id = SessionId{s.Int(0)};
    session.reader = ReaderId{s.Int(1)};
    session.kind = s.Text(2) == "api_token" ? SessionKind::kApiToken : SessionKind::kSession;
    session.name = s.Text(3);
    session.user_agent = s.Text(4);
    session.ip = s.Text(5);
    session.created = At(s.Int(6));
    session.last_seen = At(s.Int(7));
    session.revoked = s.Int(8) != 0;
    return session;
}

bool UniqueViolation(const Connection& db) {
    return sqlite3_extended_errcode(db.handle()) == SQLITE_CONSTRAINT_UNIQUE;
}

Error NoSuchReader(ReaderId id) {
    return Fail(ErrorCode::kNotFound, "no reader " + std::to_string(id.value));
}

Result<ReaderRecord> FindOne(ConnectionPool& pool, std::string_view where, std::string_view text,
                             int64_t number, bool by_text) {
    auto db = pool.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kReaderColumns + " FROM readers WHERE " + std::string(where));
    if (!stmt) return stmt.error();
    if (by_text) {
        stmt->Bind(1, text);
    } else {
        stmt->Bind(1, number);
    }
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Fail(ErrorCode::kNotFound, "no such reader");
    return ReadReader(*stmt);
}

}  // namespace

Result<ReaderId> SqliteAccountStore::CreateReader(std::string_view email,
                                                  std::string_view password_hash,
                                                  bool email_verified, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db,
                                   "INSERT INTO readers (email, password_hash, email_verified, "
                                   "disabled, created) VALUES (?, ?, ?, 0, ?)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, email)
        .Bind(2, password_hash)
        .Bind(3, email_verified ? 1 : 0)
        .Bind(4, Seconds(now));
    if (auto ran = stmt->Run(); !ran) {
        if (UniqueViolation(*db))
            return Fail(ErrorCode::kConflict, "a reader with this e-mail address exists");
        return ran.error();
    }
    return ReaderId{db->LastInsertRowId()};
}

Result<ReaderRecord> SqliteAccountStore::FindReader(ReaderId id) const {
    auto found = FindOne(pool_, "id = ?", {}, id.value, false);
    if (!found && found.error().code == ErrorCode::kNotFound) return NoSuchReader(id);
    return found;
}

Result<ReaderRecord> SqliteAccountStore::FindReaderByEmail(std::string_view email) const {
    return FindOne(pool_, "email = ?", email, 0, true);
}

Result<std::vector<Reader>> SqliteAccountStore::ListReaders() const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kReaderColumns + " FROM readers ORDER BY id");
    if (!stmt) return stmt.error();
    std::vector<Reader> readers;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        readers.push_back(ReadReader(*stmt).reader);
    }
    return readers;
}

Result<void> SqliteAccountStore::UpdateReader(std::string_view sql, ReaderId id,
                                              std::optional<std::string_view> text,
                                              std::optional<int64_t> number) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, sql);
    if (!stmt) return stmt.error();
    int index = 1;
    if (text) stmt->Bind(index++, *text);
    if (number) stmt->Bind(index++, *number);
    stmt->Bind(index, id.value);
    if (auto ran = stmt->Run(); !ran) {
        if (UniqueViolation(*db))
            return Fail(ErrorCode::kConflict, "another reader has this e-mail address");
        return ran.error();
    }
    if (sqlite3_changes(db->handle()) == 0) return NoSuchReader(id);
    return {};
}

Result<void> SqliteAccountStore::SetPasswordHash(ReaderId id, std::string_view password_hash) {
    return UpdateReader("UPDATE readers SET password_hash = ? WHERE id = ?", id, password_hash,
                        std::nullopt);
}

Result<void> SqliteAccountStore::SetEmailVerified(ReaderId id, bool verified) {
    return UpdateReader("UPDATE readers SET email_verified = ? WHERE id = ?", id, std::nullopt,
                        verified ? 1 : 0);
}

Result<void> SqliteAccountStore::SetDisabled(ReaderId id, bool disabled) {
    return UpdateReader("UPDATE readers SET disabled = ? WHERE id = ?", id, std::nullopt,
                        disabled ? 1 : 0);
}

Result<void> SqliteAccountStore::ChangeEmail(ReaderId id, std::string_view email) {
    return UpdateReader("UPDATE readers SET email = ?, email_verified = 1 WHERE id = ?", id, email,
                        std::nullopt);
}

Result<void> SqliteAccountStore::DeleteReader(ReaderId id) {
    // Sessions and links go with the reader (ON DELETE CASCADE).
    return UpdateReader("DELETE FROM readers WHERE id = ?", id, std::nullopt, std::nullopt);
}

Result<std::optional<Session>> SqliteAccountStore::CreateSessionWithin(const NewSession& session,
                                                                       int max_devices,
                                                                       Timestamp live_since,
                                                                       Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    {
        auto count = Statement::Prepare(
            *db,
            "SELECT COUNT(*) FROM sessions WHERE reader_id = ? AND revoked = 0 AND last_seen >= ?");
        if (!count) return count.error();
        count->Bind(1, session.reader.value).Bind(2, Seconds(live_since));
        auto row = count->Step();
        if (!row) return row.error();
        if (count->Int(0) >= max_devices) return std::optional<Session>{};
    }
    Session created;
    {
        auto insert = Statement::Prepare(*db,
                                         "INSERT INTO sessions (reader_id, token_hash, kind, name, "
                                         "user_agent, ip, created, last_seen, revoked)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)");
        if (!insert) return insert.error();
        insert->Bind(1, session.reader.value)
            .Bind(2, session.token_hash)
            .Bind(3, KindName(session.kind))
            .Bind(4, session.name)
            .Bind(5, session.user_agent)
            .Bind(6, session.ip)
            .Bind(7, Seconds(now))
            .Bind(8, Seconds(now));
        if (auto ran = insert->Run(); !ran) {
            if (UniqueViolation(*db))
                return Fail(ErrorCode::kConflict, "a session with this token exists");
            return ran.error();
        }
        created = Session{SessionId{db->LastInsertRowId()},
                          session.reader,
                          session.kind,
                          session.name,
                          session.user_agent,
                          session.ip,
                          now,
                          now,
                          false};
    }
    if (auto committed = transaction->Commit(); !committed) return committed.error();
    return std::optional<Session>(std::move(created));
}

Result<std::optional<SessionWithReader>> SqliteAccountStore::FindSession(
    std::string_view token_hash) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kSessionColumns +
                 ", r.email, r.disabled FROM sessions s JOIN readers r ON r.id = s.reader_id"
                 " WHERE s.token_hash = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, token_hash);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<SessionWithReader>{};
    SessionWithReader found{ReadSession(*stmt), stmt->Text(9), stmt->Int(10) != 0};
    return std::optional<SessionWithReader>(std::move(found));
}

Result<std::vector<Session>> SqliteAccountStore::ListSessions(ReaderId reader,
                                                              Timestamp live_since) const {
    auto db = pool_.Acquire();
    auto stmt =
        Statement::Prepare(*db, std::string("SELECT ") + kSessionColumns +
                                    " FROM sessions s WHERE s.reader_id = ? AND s.revoked = 0"
                                    " AND s.last_seen >= ? ORDER BY s.created, s.id");
    if (!stmt) return stmt.error();
    stmt->Bind(1, reader.value).Bind(2, Seconds(live_since));
    std::vector<Session> sessions;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        sessions.push_back(ReadSession(*stmt));
    }
    return sessions;
}

Result<void> SqliteAccountStore::TouchSession(SessionId id, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt =
        Statement::Prepare(*db, "UPDATE sessions SET last_seen = ? WHERE id = ? AND last_seen < ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(now)).Bind(2, id.value).Bind(3, Seconds(now));
    return stmt->Run();
}

Result<bool> SqliteAccountStore::RevokeSession(ReaderId reader, SessionId id) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "UPDATE sessions SET revoked = 1 WHERE id = ? AND reader_id = ? AND revoked = 0");
    if (!stmt) return stmt.error();
    stmt->Bind(1, id.value).Bind(2, reader.value);
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return sqlite3_changes(db->handle()) > 0;
}

Result<int> SqliteAccountStore::RevokeAllSessions(ReaderId reader) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "UPDATE sessions SET revoked = 1 WHERE reader_id = ? AND revoked = 0");
    if (!stmt) return stmt.error();
    stmt->Bind(1, reader.value);
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return sqlite3_changes(db->handle());
}

Result<void> SqliteAccountStore::CreateLink(const OneTimeLink& link, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db,
                                   "INSERT INTO one_time_links (token_hash, reader_id, purpose, "
                                   "new_email, created, expires, used_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?, NULL)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, link.token_hash)
        .Bind(2, link.reader.value)
        .Bind(3, PurposeName(link.purpose))
        .Bind(4, link.new_email)
        .Bind(5, Seconds(now))
        .Bind(6, Seconds(link.expires));
    if (auto ran = stmt->Run(); !ran) {
        if (UniqueViolation(*db))
            return Fail(ErrorCode::kConflict, "a link with this token exists");
        return ran.error();
    }
    return {};
}

Result<std::optional<OneTimeLink>> SqliteAccountStore::ConsumeLink(std::string_view token_hash,
                                                                   LinkPurpose purpose,
                                                                   Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    // One statement: the check and the marking cannot be split by another consumer.
    auto stmt = Statement::Prepare(*db,
                                   "UPDATE one_time_links SET used_at = ? WHERE token_hash = ? AND "
                                   "purpose = ? AND used_at IS NULL"
                                   " AND expires > ? RETURNING reader_id, new_email, expires");
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(now))
        .Bind(2, token_hash)
        .Bind(3, PurposeName(purpose))
        .Bind(4, Seconds(now));
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<OneTimeLink>{};
    OneTimeLink link{std::string(token_hash), ReaderId{stmt->Int(0)}, purpose,
                     stmt->Text(1),           At(stmt->Int(2)),       now};
    // Runs the statement to completion so the update is final before the lock is released.
    if (auto rest = stmt->Step(); !rest) return rest.error();
    return std::optional<OneTimeLink>(std::move(link));
}

}  // namespace broadsheet::store::sqlite
