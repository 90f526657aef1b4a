#pragma once

#include "store/outbox_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// OutboxStore on the embedded SQLite database (table `outbox`, migration 7).
class SqliteOutboxStore final : public OutboxStore {
public:
    /// Uses `pool`, which must be migrated and outlive the store.
    explicit SqliteOutboxStore(ConnectionPool& pool) : pool_(pool) {}

    Result<int64_t> Add(const NewOutboxMessage& message, Timestamp now) override;
    Result<std::optional<OutboxMessage>> ClaimNext(Timestamp now, Timestamp lease_until) override;
    Result<void> MarkSent(int64_t id, Timestamp now) override;
    Result<void> MarkFailed(int64_t id, std::string_view error,
                            std::optional<Timestamp> retry_at) override;
    Result<int> ReleaseExpiredLeases(Timestamp now) override;
    Result<std::optional<Timestamp>> NextDue() const override;
    Result<std::vector<OutboxMessage>> List(std::optional<OutboxState> state,
                                            int limit) const override;
    Result<int> ForgetRecipient(std::string_view address) override;
    Result<int> PurgeSent(Timestamp before) override;

private:
    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
