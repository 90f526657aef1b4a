#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/reader.h"
#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {

/// A stored session's number (not its secret token).
struct SessionId {
    int64_t value = 0;
    friend auto operator<=>(const SessionId&, const SessionId&) = default;
};

/// What a session is for: a browser's cookie or an app's bearer token. Both count as devices.
enum class SessionKind { kSession, kApiToken };

/// A reader and the hash of their password (argon2id, as libsodium's crypto_pwhash_str makes it).
struct ReaderRecord {
    Reader reader;
    std::string password_hash;
};

/// A signed-in device.
struct Session {
    SessionId id;
    ReaderId reader;
    SessionKind kind = SessionKind::kSession;
    std::string name;        ///< An API token's device name; "" for browser sessions.
    std::string user_agent;  ///< As the browser sent it at sign-in.
    std::string ip;          ///< Where the sign-in came from.
    Timestamp created;       ///< First seen.
    Timestamp last_seen;     ///< Updated at most once a minute by use.
    bool revoked = false;
};

/// A session found by its token, with what the request needs of its reader.
struct SessionWithReader {
    Session session;
    std::string email;
    bool reader_disabled = false;
};

/// What a session to be created holds. `token_hash` is the SHA-256 of the secret token:
/// the token itself is never stored.
struct NewSession {
    ReaderId reader;
    std::string token_hash;
    SessionKind kind = SessionKind::kSession;
    std::string name;
    std::string user_agent;
    std::string ip;
};

/// What a single-use link in an e-mail does.
enum class LinkPurpose {
    kVerify,       ///< Confirms the reader's address.
    kReset,        ///< Sets a new password.
    kChangeEmail,  ///< Confirms a new address (`new_email`) and makes it the reader's.
    kSignIn,  ///< Short-lived proof of a correct password, used to sign out a device at the limit.
};

/// A single-use, expiring link. Only the hash of its token is stored.
struct OneTimeLink {
    std::string token_hash;
    ReaderId reader;
    LinkPurpose purpose = LinkPurpose::kVerify;
    std::string new_email;  ///< For kChangeEmail.
    Timestamp expires;
    std::optional<Timestamp> used_at;
};

/// Readers' accounts, their sessions (devices) and their one-time links. Implemented in
/// store/sqlite. Thread-safe. E-mail addresses are stored as given: callers lower-case them.
class AccountStore {
public:
    virtual ~AccountStore() = default;

    /// Adds a reader. kConflict when the address is taken.
    virtual Result<ReaderId> CreateReader(std::string_view email, std::string_view password_hash,
                                          bool email_verified, Timestamp now) = 0;
    /// kNotFound when there is no such reader.
    virtual Result<ReaderRecord> FindReader(ReaderId id) const = 0;
    virtual Result<ReaderRecord> FindReaderByEmail(std::string_view email) const = 0;
    /// Every reader, by id.
    virtual Result<std::vector<Reader>> ListReaders() const = 0;
    virtual Result<void> SetPasswordHash(ReaderId id, std::string_view password_hash) = 0;
    virtual Result<void> SetEmailVerified(ReaderId id, bool verified) = 0;
    virtual Result<void> SetDisabled(ReaderId id, bool disabled) = 0;
    /// Makes `email` the reader's address, verified. kConflict when another reader has it.
    virtual Result<void> ChangeEmail(ReaderId id, std::string_view email) = 0;
    /// Deletes the reader with their sessions and links. kNotFound when there is none.
    virtual Result<void> DeleteReader(ReaderId id) = 0;

    /// Creates a session unless the reader already has `max_devices` live ones (not revoked,
    /// seen at or after `live_since`); nullopt then. Counting and inserting are one
    /// transaction, so two sign-ins at once cannot both take the last place.
    virtual Result<std::optional<Session>> CreateSessionWithin(const NewSession& session,
                                                               int max_devices,
                                                               Timestamp live_since,
                                                               Timestamp now) = 0;
    /// The session whose token hashes to `token_hash` (revoked or not); nullopt when none.
    virtual Result<std::optional<SessionWithReader>> FindSession(
        std::string_view token_hash) const = 0;
    /// The reader's live sessions (not revoked, seen at or after `live_since`), oldest first.
    virtual Result<std::vector<Session>> ListSessions(ReaderId reader,
                                                      Timestamp live_since) const = 0;
    /// Sets last_seen to `now`.
    virtual Result<void> TouchSession(SessionId id, Timestamp now) = 0;
    /// Revokes one of the reader's sessions; false when it is not theirs or already revoked.
    virtual Result<bool> RevokeSession(ReaderId reader, SessionId id) = 0;
    /// Revokes every session of the reader; returns how many were live.
    virtual Result<int> RevokeAllSessions(ReaderId reader) = 0;

    virtual Result<void> CreateLink(const OneTimeLink& link, Timestamp now) = 0;
    /// Marks the link used and returns it, if it exists with `purpose`, is unused and has
    /// not expired at `now`; nullopt otherwise. Atomic: a link is consumed at most once.
    virtual Result<std::optional<OneTimeLink>> ConsumeLink(std::string_view token_hash,
                                                           LinkPurpose purpose, Timestamp now) = 0;
};

}  // namespace broadsheet::store
