#pragma once

#include "store/sqlite/database.h"
#include "store/staff_store.h"

namespace broadsheet::store::sqlite {

/// StaffStore on the embedded SQLite database (tables `staff`, `staff_sessions`,
/// `staff_links` and `audit_log`, migration 12).
class SqliteStaffStore final : public StaffStore {
public:
    /// Uses `pool`, which must be migrated and outlive the store.
    explicit SqliteStaffStore(ConnectionPool& pool) : pool_(pool) {}

    Result<int64_t> CreateStaff(std::string_view email, std::string_view name,
                                std::string_view role, std::string_view password_hash,
                                Timestamp now) override;
    Result<StaffRecord> FindStaff(int64_t id) const override;
    Result<StaffRecord> FindStaffByEmail(std::string_view email) const override;
    Result<std::vector<StaffRecord>> ListStaff() const override;
    Result<void> SetPasswordHash(int64_t id, std::string_view password_hash) override;
    Result<void> SetDisabled(int64_t id, bool disabled) override;

    Result<int64_t> CreateSession(const NewStaffSession& session, Timestamp now) override;
    Result<std::optional<StaffSessionRecord>> FindSession(
        std::string_view token_hash) const override;
    Result<void> TouchSession(int64_t session_id, Timestamp now) override;
    Result<void> RevokeSession(int64_t session_id) override;
    Result<int> RevokeAllSessions(int64_t staff_id) override;

    Result<void> CreateLink(int64_t staff_id, std::string_view token_hash, Timestamp expires,
                            Timestamp now) override;
    Result<std::optional<int64_t>> ConsumeLink(std::string_view token_hash, Timestamp now) override;

    Result<void> AppendAudit(const AuditEntry& entry) override;
    Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) const override;

private:
    // Runs one write of `sql` binding `text` (if any), then `number` (if any), then `id`;
    // kNotFound when no row changed.
    Result<void> UpdateStaff(std::string_view sql, int64_t id, std::optional<std::string_view> text,
                             std::optional<int64_t> number);

    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
