// The FeedStore contract, run against every implementation (SQLite here).
#include "store/feed_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_feed_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::store {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

class FeedStoreTest : public ::testing::Test {
protected:
    void SetUp() override { store_ = std::make_unique<sqlite::SqliteFeedStore>(database_.pool()); }
    void TearDown() override { store_.reset(); }

    sqlite::TestDatabase database_{3};
    std::unique_ptr<FeedStore> store_;
};

TEST_F(FeedStoreTest, AnUnknownFeedHasADefaultState) {
    auto state = store_->Get("ap-world");
    ASSERT_TRUE(state.has_value()) << state.error().message;
    EXPECT_EQ(state->feed_id, "ap-world");
    EXPECT_EQ(state->etag, "");
    EXPECT_FALSE(state->last_success.has_value());
    EXPECT_FALSE(state->last_attempt.has_value());
    EXPECT_FALSE(state->next_poll.has_value());
    EXPECT_EQ(state->consecutive_failures, 0);
    EXPECT_EQ(state->items_ingested, 0);
    EXPECT_TRUE(store_->All()->empty()) << "Get stores nothing";
}

TEST_F(FeedStoreTest, PutThenGetRoundTripsEveryField) {
    FeedState state;
    state.feed_id = "ap-world";
    state.etag = "W/\"abc\"";
    state.last_modified = "Sat, 16 Nov 2024 10:27:00 GMT";
    state.last_success = At(1731752820);
    state.last_attempt = At(1731752830);
    state.last_error = "HTTP status 500";
    state.consecutive_failures = 3;
    state.next_poll = At(1731753000);
    state.items_ingested = 42;
    ASSERT_TRUE(store_->Put(state).has_value());
    auto back = store_->Get("ap-world");
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->etag, state.etag);
    EXPECT_EQ(back->last_modified, state.last_modified);
    EXPECT_EQ(back->last_success, state.last_success);
    EXPECT_EQ(back->last_attempt, state.last_attempt);
    EXPECT_EQ(back->last_error, state.last_error);
    EXPECT_EQ(back->consecutive_failures, 3);
    EXPECT_EQ(back->next_poll, state.next_poll);
    EXPECT_EQ(back->items_ingested, 42);
}

TEST_F(FeedStoreTest, PutReplacesAndAllListsByFeedId) {
    FeedState b{.feed_id = "b", .etag = "\"1\""};
    ASSERT_TRUE(store_->Put(b).has_value());
    ASSERT_TRUE(store_->Put(FeedState{.feed_id = "a", .last_error = "boom"}).has_value());
    b.etag = "\"2\"";
    b.next_poll = At(100);
    ASSERT_TRUE(store_->Put(b).has_value());
    auto all = store_->All();
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].feed_id, "a");
    EXPECT_EQ((*all)[0].last_error, "boom");
    EXPECT_FALSE((*all)[0].next_poll.has_value());
    EXPECT_EQ((*all)[1].feed_id, "b");
    EXPECT_EQ((*all)[1].etag, "\"2\"");
    EXPECT_EQ((*all)[1].next_poll, At(100));
}

TEST_F(FeedStoreTest, AStateNeedsAFeedId) {
    auto put = store_->Put(FeedState{});
    ASSERT_FALSE(put.has_value());
    EXPECT_EQ(put.error().code, ErrorCode::kInvalidInput);
}

TEST_F(FeedStoreTest, ConcurrentWritersDoNotFail) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([this, t] {
            for (int i = 0; i < 20; ++i) {
                FeedState state{.feed_id = "feed-" + std::to_string(t), .items_ingested = i};
                EXPECT_TRUE(store_->Put(state).has_value());
                EXPECT_TRUE(store_->Get(state.feed_id).has_value());
            }
        });
    }
    for (auto& thread : threads) thread.join();
    auto all = store_->All();
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 4u);
    for (const FeedState& state : *all) EXPECT_EQ(state.items_ingested, 19) << state.feed_id;
}

}  // namespace
}  // namespace broadsheet::store
