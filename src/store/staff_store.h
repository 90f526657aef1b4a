#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {

/// A newsroom staff member as stored. `role` is "writer", "editor" or "admin".
struct StaffRecord {
    int64_t id = 0;
    std::string email;  ///< Lower-cased.
    std::string name;
    std::string role;
    std::string password_hash;  ///< argon2id; empty until a password is set (sign-in link).
    bool disabled = false;
    Timestamp created;
};

/// A staff session found by its token hash, with its member.
struct StaffSessionRecord {
    int64_t id = 0;
    StaffRecord staff;
    Timestamp created;
    Timestamp last_seen;
    bool revoked = false;
};

/// What a staff session to be created holds; only the SHA-256 of its token is stored.
struct NewStaffSession {
    int64_t staff_id = 0;
    std::string token_hash;
    std::string ip;
    std::string user_agent;
};

/// One line of the audit log: who did what to what, when, from where.
struct AuditEntry {
    int64_t id = 0;
    Timestamp at;
    std::optional<int64_t> staff_id;  ///< None for the command line.
    std::string email;
    std::string action;  ///< "story.publish", "wire.kill", "user.add"...
    std::string target;  ///< "article 42", "staff 3"
    std::string detail;
    std::string client_address;
};

/// Which audit entries to list, newest first.
struct AuditQuery {
    std::optional<int64_t> staff_id;
    std::optional<std::string> action;  ///< Exact, or a prefix ending in '.' ("wire.").
    std::optional<Timestamp> from;      ///< Inclusive.
    std::optional<Timestamp> to;        ///< Exclusive.
    int limit = 100;
    int offset = 0;
};

/// Newsroom staff accounts, their sessions, one-time sign-in links and the audit log.
/// Implemented in store/sqlite (migration 12). Thread-safe. E-mail addresses are stored as
/// given: callers lower-case them.
class StaffStore {
public:
    virtual ~StaffStore() = default;

    /// Adds a staff member. kConflict when the address is taken.
    virtual Result<int64_t> CreateStaff(std::string_view email, std::string_view name,
                                        std::string_view role, std::string_view password_hash,
                                        Timestamp now) = 0;
    /// kNotFound when there is none.
    virtual Result<StaffRecord> FindStaff(int64_t id) const = 0;
    virtual Result<StaffRecord> FindStaffByEmail(std::string_view email) const = 0;
    /// Every staff member, by id.
    virtual Result<std::vector<StaffRecord>> ListStaff() const = 0;
    virtual Result<void> SetPasswordHash(int64_t id, std::string_view password_hash) = 0;
    virtual Result<void> SetDisabled(int64_t id, bool disabled) = 0;

    /// Creates a session; its id.
    virtual Result<int64_t> CreateSession(const NewStaffSession& session, Timestamp now) = 0;
    /// The session whose token hashes to `token_hash` (revoked or not); nullopt when none.
    virtual Result<std::optional<StaffSessionRecord>> FindSession(
        std::string_view token_hash) const = 0;
    virtual Result<void> TouchSession(int64_t session_id, Timestamp now) = 0;
    virtual Result<void> RevokeSession(int64_t session_id) = 0;
    /// Revokes every session of the staff member; how many were not yet revoked.
    virtual Result<int> RevokeAllSessions(int64_t staff_id) = 0;

    /// Stores a single-use sign-in link valid until `expires`.
    virtual Result<void> CreateLink(int64_t staff_id, std::string_view token_hash,
                                    Timestamp expires, Timestamp now) = 0;
    /// Marks the link used and returns its staff member's id, if it exists, is unused and has
    /// not expired at `now`; nullopt otherwise. Atomic: a link is consumed at most once.
    virtual Result<std::optional<int64_t>> ConsumeLink(std::string_view token_hash,
                                                       Timestamp now) = 0;

    virtual Result<void> AppendAudit(const AuditEntry& entry) = 0;
    /// Entries matching `query`, newest first.
    virtual Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) const = 0;
};

}  // namespace broadsheet::store
