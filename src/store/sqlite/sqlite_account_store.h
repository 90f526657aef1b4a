#pragma once

#include "store/account_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// AccountStore on the embedded SQLite database (tables `readers`, `sessions` and
/// `one_time_links`, migration 6).
class SqliteAccountStore final : public AccountStore {
public:
    /// Uses `pool`, which must be migrated and outlive the store.
    explicit SqliteAccountStore(ConnectionPool& pool) : pool_(pool) {}

    Result<ReaderId> CreateReader(std::string_view email, std::string_view password_hash,
                                  bool email_verified, Timestamp now) override;
    Result<ReaderRecord> FindReader(ReaderId id) const override;
    Result<ReaderRecord> FindReaderByEmail(std::string_view email) const override;
    Result<std::vector<Reader>> ListReaders() const override;
    Result<void> SetPasswordHash(ReaderId id, std::string_view password_hash) override;
    Result<void> SetEmailVerified(ReaderId id, bool verified) override;
    Result<void> SetDisabled(ReaderId id, bool disabled) override;
    Result<void> ChangeEmail(ReaderId id, std::string_view email) override;
    Result<void> DeleteReader(ReaderId id) override;

    Result<std::optional<Session>> CreateSessionWithin(const NewSession& session, int max_devices,
                                                       Timestamp live_since,
                                                       Timestamp now) override;
    Result<std::optional<SessionWithReader>> FindSession(
        std::string_view token_hash) const override;
    Result<std::vector<Session>> ListSessions(ReaderId reader, Timestamp live_since) const override;
    Result<void> TouchSession(SessionId id, Timestamp now) override;
    Result<bool> RevokeSession(ReaderId reader, SessionId id) override;
    Result<int> RevokeAllSessions(ReaderId reader) override;

    Result<void> CreateLink(const OneTimeLink& link, Timestamp now) override;
    Result<std::optional<OneTimeLink>> ConsumeLink(std::string_view token_hash, LinkPurpose purpose,
                                                   Timestamp now) override;

private:
    /// Runs an UPDATE/DELETE of one reader; kNotFound when it changed nothing.
    Result<void> UpdateReader(std::string_view sql, ReaderId id,
                              std::optional<std::string_view> text, std::optional<int64_t> number);

    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
