#include "store/sqlite/sqlite_feed_store.h"

#include <mutex>

namespace broadsheet::store::sqlite {
namespace {

constexpr const char* kColumns =
    "feed_id, etag, last_modified, last_success, last_attempt, last_error, consecutive_failures, next_poll,"
    " items_ingested";

std::optional<Timestamp> OptionalTime(const Statement& s, int column) {
    if (s.IsNull(column)) return std::nullopt;
    return Timestamp{std::chrono::seconds{s.Int(column)}};
}

void BindOptionalTime(Statement& s, int index, const std::optional<Timestamp>& t) {
    if (t) {
        s.Bind(index, static_cast<int64_t>(t->time_since_epoch().count()));
    } else {
        s.BindNull(index);
    }
}

FeedState ReadState(const Statement& s) {
    FeedState state;
    state.feed_id = s.Text(0);
    state.etag = s.Text(1);
    state.last_modified = s.Text(2);
    state.last_success = OptionalTime(s, 3);
    state.last_attempt = OptionalTime(s, 4);
    state.last_error = s.Text(5);
    state.consecutive_failures = static_cast<int>(s.Int(6));
    state.next_poll = OptionalTime(s, 7);
    state.items_ingested = static_cast<int>(s.Int(8));
    return state;
}

}  // namespace

Result<FeedState> SqliteFeedStore::Get(std::string_view feed_id) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, std::string("SELECT ") + kColumns + " FROM feed_state WHERE feed_id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, feed_id);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) {
        FeedState fresh;
        fresh.feed_id = std::string(feed_id);
        return fresh;
    }
    return ReadState(*stmt);
}

Result<void> SqliteFeedStore::Put(const FeedState& state) {
    if (state.feed_id.empty()) return Fail(ErrorCode::kInvalidInput, "a feed state needs a feed id");
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("INSERT INTO feed_state (") + kColumns +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id) DO UPDATE SET"
                 " etag = excluded.etag, last_modified = excluded.last_modified,"
                 " last_success = excluded.last_success, last_attempt = excluded.last_attempt,"
                 " last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,"
                 " next_poll = excluded.next_poll, items_ingested = excluded.items_ingested");
    if (!stmt) return stmt.error();
    stmt->Bind(1, state.feed_id).Bind(2, state.etag).Bind(3, state.last_modified);
    BindOptionalTime(*stmt, 4, state.last_success);
    BindOptionalTime(*stmt, 5, state.last_attempt);
    stmt->Bind(6, state.last_error).Bind(7, state.consecutive_failures);
    BindOptionalTime(*stmt, 8, state.next_poll);
    stmt->Bind(9, state.items_ingested);
    return stmt->Run();
}

Result<std::vector<FeedState>> SqliteFeedStore::All() const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, std::string("SELECT ") + kColumns + " FROM feed_state ORDER BY feed_id");
    if (!stmt) return stmt.error();
    std::vector<FeedState> states;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        states.push_back(ReadState(*stmt));
    }
    return states;
}

}  // namespace broadsheet::store::sqlite
