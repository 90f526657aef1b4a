#pragma once

#include "store/feed_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// FeedStore on the embedded SQLite database (table `feed_state`, migration 2).
class SqliteFeedStore final : public FeedStore {
public:
    /// Uses `pool`, which must be migrated and outlive the store.
    explicit SqliteFeedStore(ConnectionPool& pool) : pool_(pool) {}

    Result<FeedState> Get(std::string_view feed_id) const override;
    Result<void> Put(const FeedState& state) override;
    Result<std::vector<FeedState>> All() const override;

private:
    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
