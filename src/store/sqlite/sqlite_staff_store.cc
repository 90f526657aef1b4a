#include "store/sqlite/sqlite_staff_store.h"

#include <sqlite3.h>

#include <mutex>

namespace broadsheet::store::sqlite {
namespace {

constexpr const char* kStaffColumns =
    "st.id, st.email, st.name, st.role, st.password_hash, st.disabled, st.created";

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

// Columns in kStaffColumns order from `first`.
StaffRecord ReadStaff(const Statement& s, int first = 0) {
    StaffRecord record;
    record.id = s.Int(first);
    record.email = s.Text(first + 1);
    record.name = s.Text(first + 2);
    record.role = s.Text(first + 3);
    record.password_hash = s.Text(first + 4);
    record.disabled = s.Int(first + 5) != 0;
    record.created = At(s.Int(first + 6));
    return record;
}

Result<StaffRecord> FindOne(ConnectionPool& pool, std::string_view where, std::string_view text,
                            int64_t number, bool by_text) {
    auto db = pool.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kStaffColumns + " FROM staff st WHERE " + std::string(where));
    if (!stmt) return stmt.error();
    if (by_text) {
        stmt->Bind(1, text);
    } else {
        stmt->Bind(1, number);
    }
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Fail(ErrorCode::kNotFound, "no such staff member");
    return ReadStaff(*stmt);
}

}  // namespace

Result<int64_t> SqliteStaffStore::CreateStaff(std::string_view email, std::string_view name,
                                              std::string_view role, std::string_view password_hash,
                                              Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db,
                                   "INSERT INTO staff (email, name, role, password_hash, disabled, "
                                   "created) VALUES (?, ?, ?, ?, 0, ?)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, email).Bind(2, name).Bind(3, role).Bind(4, password_hash).Bind(5, Seconds(now));
    if (auto ran = stmt->Run(); !ran) {
        if (sqlite3_extended_errcode(db->handle()) == SQLITE_CONSTRAINT_UNIQUE) {
            return Fail(ErrorCode::kConflict, "a staff member with this e-mail address exists");
        }
        return ran.error();
    }
    return db->LastInsertRowId();
}

Result<StaffRecord> SqliteStaffStore::FindStaff(int64_t id) const {
    return FindOne(pool_, "st.id = ?", {}, id, false);
}

Result<StaffRecord> SqliteStaffStore::FindStaffByEmail(std::string_view email) const {
    return FindOne(pool_, "st.email = ?", email, 0, true);
}

Result<std::vector<StaffRecord>> SqliteStaffStore::ListStaff() const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kStaffColumns + " FROM staff st ORDER BY st.id");
    if (!stmt) return stmt.error();
    std::vector<StaffRecord> list;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        list.push_back(ReadStaff(*stmt));
    }
    return list;
}

Result<void> SqliteStaffStore::UpdateStaff(std::string_view sql, int64_t id,
                                           std::optional<std::string_view> text,
                                           std::optional<int64_t> number) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, sql);
    if (!stmt) return stmt.error();
    int index = 1;
    if (text) stmt->Bind(index++, *text);
    if (number) stmt->Bind(index++, *number);
    stmt->Bind(index, id);
    if (auto ran = stmt->Run(); !ran) return ran;
    if (sqlite3_changes(db->handle()) == 0)
        return Fail(ErrorCode::kNotFound, "no staff member " + std::to_string(id));
    return {};
}

Result<void> SqliteStaffStore::SetPasswordHash(int64_t id, std::string_view password_hash) {
    return UpdateStaff("UPDATE staff SET password_hash = ? WHERE id = ?", id, password_hash,
                       std::nullopt);
}

Result<void> SqliteStaffStore::SetDisabled(int64_t id, bool disabled) {
    return UpdateStaff("UPDATE staff SET disabled = ? WHERE id = ?", id, std::nullopt,
                       disabled ? 1 : 0);
}

Result<int64_t> SqliteStaffStore::CreateSession(const NewStaffSession& session, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "INSERT INTO staff_sessions (token_hash, staff_id, created, last_seen, ip,"
        " user_agent, revoked) VALUES (?, ?, ?, ?, ?, ?, 0)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, session.token_hash)
        .Bind(2, session.staff_id)
        .Bind(3, Seconds(now))
        .Bind(4, Seconds(now))
        .Bind(5, session.ip)
        .Bind(6, session.user_agent);
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return db->LastInsertRowId();
}

Result<std::optional<StaffSessionRecord>> SqliteStaffStore::FindSession(
    std::string_view token_hash) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT s.id, s.created, s.last_seen, s.revoked, ") + kStaffColumns +
                 " FROM staff_sessions s JOIN staff st ON st.id = s.staff_id"
                 " WHERE s.token_hash = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, token_hash);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<StaffSessionRecord>{};
    StaffSessionRecord record;
    record.id = stmt->Int(0);
    record.created = At(stmt->Int(1));
    record.last_seen = At(stmt->Int(2));
    record.revoked = stmt->Int(3) != 0;
    record.staff = ReadStaff(*stmt, 4);
    return std::optional<StaffSessionRecord>{std::move(record)};
}

Result<void> SqliteStaffStore::TouchSession(int64_t session_id, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "UPDATE staff_sessions SET last_seen = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    return stmt->Bind(1, Seconds(now)).Bind(2, session_id).Run();
}

Result<void> SqliteStaffStore::RevokeSession(int64_t session_id) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "UPDATE staff_sessions SET revoked = 1 WHERE id = ?");
    if (!stmt) return stmt.error();
    return stmt->Bind(1, session_id).Run();
}

Result<int> SqliteStaffStore::RevokeAllSessions(int64_t staff_id) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "UPDATE staff_sessions SET revoked = 1 WHERE staff_id = ? AND revoked = 0");
    if (!stmt) return stmt.error();
    if (auto ran = stmt->Bind(1, staff_id).Run(); !ran) return ran.error();
    return sqlite3_changes(db->handle());
}

Result<void> SqliteStaffStore::CreateLink(int64_t staff_id, std::string_view token_hash,
                                          Timestamp expires, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db,
                                   "INSERT INTO staff_links (token_hash, staff_id, created, "
                                   "expires, used_at) VALUES (?, ?, ?, ?, NULL)");
    if (!stmt) return stmt.error();
    return stmt->Bind(1, token_hash)
        .Bind(2, staff_id)
        .Bind(3, Seconds(now))
        .Bind(4, Seconds(expires))
        .Run();
}

Result<std::optional<int64_t>> SqliteStaffStore::ConsumeLink(std::string_view token_hash,
                                                             Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    // One statement: a link is used at most once even with two requests at the same moment.
    auto stmt = Statement::Prepare(
        *db,
        "UPDATE staff_links SET used_at = ?1 WHERE token_hash = ?2 AND used_at IS NULL"
        " AND expires > ?1 RETURNING staff_id");
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(now)).Bind(2, token_hash);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<int64_t>{};
    int64_t staff_id = stmt->Int(0);
    // Finish the statement so the update is complete before the lock goes.
    while (true) {
        auto more = stmt->Step();
        if (!more) return more.error();
        if (!*more) break;
    }
    return std::optional<int64_t>{staff_id};
}

Result<void> SqliteStaffStore::AppendAudit(const AuditEntry& entry) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "INSERT INTO audit_log (at, staff_id, email, action, target, detail, client_address)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(entry.at));
    if (entry.staff_id) {
        stmt->Bind(2, *entry.staff_id);
    } else {
        stmt->BindNull(2);
    }
    stmt->Bind(3, entry.email)
        .Bind(4, entry.action)
        .Bind(5, entry.target)
        .Bind(6, entry.detail)
        .Bind(7, entry.client_address);
    return stmt->Run();
}

Result<std::vector<AuditEntry>> SqliteStaffStore::ListAudit(const AuditQuery& query) const {
    auto db = pool_.Acquire();
    std::string sql =
        "SELECT id, at, staff_id, email, action, target, detail, client_address FROM audit_log "
        "WHERE 1 = 1";
    if (query.staff_id) sql += " AND staff_id = ?1";
    if (query.action) {
        sql += query.action->ends_with('.') ? " AND substr(action, 1, length(?2)) = ?2"
                                            : " AND action = ?2";
    }
    if (query.from) sql += " AND at >= ?3";
    if (query.to) sql += " AND at < ?4";
    sql += " ORDER BY at DESC, id DESC LIMIT ?5 OFFSET ?6";
    auto stmt = Statement::Prepare(*db, sql);
    if (!stmt) return stmt.error();
    if (query.staff_id) stmt->Bind(1, *query.staff_id);
    if (query.action) stmt->Bind(2, *query.action);
    if (query.from) stmt->Bind(3, Seconds(*query.from));
    if (query.to) stmt->Bind(4, Seconds(*query.to));
    stmt->Bind(5, std::max(query.limit, 0)).Bind(6, std::max(query.offset, 0));
    std::vector<AuditEntry> list;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        AuditEntry entry;
        entry.id = stmt->Int(0);
        entry.at = At(stmt->Int(1));
        if (!stmt->IsNull(2)) entry.staff_id = stmt->Int(2);
        entry.email = stmt->Text(3);
        entry.action = stmt->Text(4);
        entry.target = stmt->Text(5);
        entry.detail = stmt->Text(6);
        entry.client_address = stmt->Text(7);
        list.push_back(std::move(entry));
    }
    return list;
}

}  // namespace broadsheet::store::sqlite
