// The OutboxStore contract, run against every implementation (SQLite here).
#include "store/outbox_store.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "store/sqlite/sqlite_outbox_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::store {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z

NewOutboxMessage Mail(const std::string& to, const std::string& id) {
    return NewOutboxMessage{
        "<" + id + "@news.example>", to, "Subject " + id, "Text " + id, "", "test"};
}

class OutboxStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = std::make_unique<sqlite::SqliteOutboxStore>(database_.pool());
    }
    void TearDown() override { store_.reset(); }

    sqlite::TestDatabase database_{3};
    std::unique_ptr<OutboxStore> store_;
};

TEST_F(OutboxStoreTest, ClaimsDueMessagesOldestFirst) {
    auto first = store_->Add(Mail("a@example.com", "1"), At(kNov16));
    auto second = store_->Add(Mail("b@example.com", "2"), At(kNov16 + 1));
    ASSERT_TRUE(first.has_value() && second.has_value());
    EXPECT_EQ(*store_->NextDue(), At(kNov16));
    EXPECT_FALSE(store_->ClaimNext(At(kNov16 - 1), At(kNov16 + 300))->has_value()) << "not due yet";

    auto claimed = store_->ClaimNext(At(kNov16 + 5), At(kNov16 + 305));
    ASSERT_TRUE(claimed.has_value()) << claimed.error().message;
    ASSERT_TRUE(claimed->has_value());
    const OutboxMessage& m = **claimed;
    EXPECT_EQ(m.id, *first);
    EXPECT_EQ(m.state, OutboxState::kSending);
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.lease_until, At(kNov16 + 305));
    EXPECT_EQ(m.content.to, "a@example.com");
    EXPECT_EQ(m.content.message_id, "<1@news.example>");
    EXPECT_EQ(m.content.subject, "Subject 1");
    EXPECT_EQ(m.content.text, "Text 1");
    EXPECT_EQ(m.content.category, "test");
    EXPECT_EQ(m.created, At(kNov16));

    auto next = store_->ClaimNext(At(kNov16 + 5), At(kNov16 + 305));
    ASSERT_TRUE(next->has_value());
    EXPECT_EQ((*next)->id, *second);
    EXPECT_FALSE(store_->ClaimNext(At(kNov16 + 5), At(kNov16 + 305))->has_value())
        << "both are being sent";
    EXPECT_FALSE(store_->NextDue()->has_value());
}

TEST_F(OutboxStoreTest, SentFailedAndRetried) {
    int64_t id = *store_->Add(Mail("a@example.com", "1"), At(kNov16));
    ASSERT_TRUE(store_->ClaimNext(At(kNov16), At(kNov16 + 300))->has_value());
    ASSERT_TRUE(store_->MarkFailed(id, "connection refused", At(kNov16 + 60)).has_value());
    auto queued = store_->List(OutboxState::kQueued, 10);
    ASSERT_EQ(queued->size(), 1u);
    EXPECT_EQ((*queued)[0].last_error, "connection refused");
    EXPECT_EQ((*queued)[0].next_attempt, At(kNov16 + 60));
    EXPECT_FALSE((*queued)[0].lease_until.has_value());
    EXPECT_FALSE(store_->ClaimNext(At(kNov16 + 59), At(kNov16 + 400))->has_value());

    auto again = store_->ClaimNext(At(kNov16 + 60), At(kNov16 + 400));
    ASSERT_TRUE(again->has_value());
    EXPECT_EQ((*again)->attempts, 2);
    ASSERT_TRUE(store_->MarkSent(id, At(kNov16 + 61)).has_value());
    auto sent = store_->List(OutboxState::kSent, 10);
    ASSERT_EQ(sent->size(), 1u);
    EXPECT_EQ((*sent)[0].sent_at, At(kNov16 + 61));
    EXPECT_EQ((*sent)[0].last_error, "");

    int64_t doomed = *store_->Add(Mail("b@example.com", "2"), At(kNov16));
    ASSERT_TRUE(store_->ClaimNext(At(kNov16 + 100), At(kNov16 + 400))->has_value());
    ASSERT_TRUE(store_->MarkFailed(doomed, "550 no such user", std::nullopt).has_value());
    auto failed = store_->List(OutboxState::kFailed, 10);
    ASSERT_EQ(failed->size(), 1u);
    EXPECT_EQ((*failed)[0].last_error, "550 no such user");
    EXPECT_EQ(store_->List(std::nullopt, 10)->size(), 2u);
}

TEST_F(OutboxStoreTest, ExpiredLeasesAreReleased) {
    int64_t id = *store_->Add(Mail("a@example.com", "1"), At(kNov16));
    ASSERT_TRUE(store_->ClaimNext(At(kNov16), At(kNov16 + 300))->has_value());
    EXPECT_EQ(*store_->ReleaseExpiredLeases(At(kNov16 + 299)), 0) << "the lease still runs";
    EXPECT_EQ(*store_->ReleaseExpiredLeases(At(kNov16 + 301)), 1);
    auto claimed = store_->ClaimNext(At(kNov16 + 301), At(kNov16 + 600));
    ASSERT_TRUE(claimed->has_value());
    EXPECT_EQ((*claimed)->id, id);
    EXPECT_EQ((*claimed)->attempts, 2);
}

TEST_F(OutboxStoreTest, ConcurrentWorkersClaimEachMessageOnce) {
    for (int i = 0; i < 40; ++i)
        ASSERT_TRUE(store_->Add(Mail("a@example.com", std::to_string(i)), At(kNov16)));
    std::mutex mutex;
    std::multiset<int64_t> claimed;
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w) {
        workers.emplace_back([&] {
            while (true) {
                auto next = store_->ClaimNext(At(kNov16), At(kNov16 + 300));
                ASSERT_TRUE(next.has_value());
                if (!*next) return;
                std::lock_guard lock(mutex);
                claimed.insert((*next)->id);
            }
        });
    }
    for (auto& worker : workers) worker.join();
    EXPECT_EQ(claimed.size(), 40u);
    EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()).size(), 40u);
}

TEST_F(OutboxStoreTest, ForgetsARecipientAndPurgesOldMail) {
    int64_t sent = *store_->Add(Mail("a@example.com", "1"), At(kNov16));
    ASSERT_TRUE(store_->ClaimNext(At(kNov16), At(kNov16 + 300))->has_value());
    ASSERT_TRUE(store_->MarkSent(sent, At(kNov16)).has_value());
    ASSERT_TRUE(
        store_->Add(Mail("a@example.com", "2"), At(kNov16)).has_value());  // Still queued: kept.
    int64_t other = *store_->Add(Mail("b@example.com", "3"), At(kNov16));
    ASSERT_TRUE(store_->ClaimNext(At(kNov16), At(kNov16 + 300))->has_value());
    ASSERT_TRUE(store_->ClaimNext(At(kNov16), At(kNov16 + 300))->has_value());
    ASSERT_TRUE(store_->MarkSent(other, At(kNov16 + 100)).has_value());

    EXPECT_EQ(*store_->ForgetRecipient("a@example.com"), 1);
    EXPECT_EQ(store_->List(std::nullopt, 10)->size(), 2u);
    EXPECT_EQ(*store_->PurgeSent(At(kNov16 + 100)), 0);
    EXPECT_EQ(*store_->PurgeSent(At(kNov16 + 101)), 1);
    EXPECT_EQ(store_->List(std::nullopt, 10)->size(), 1u);
}

}  // namespace
}  // namespace broadsheet::store
