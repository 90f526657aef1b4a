// The AccountStore contract, run against every implementation (SQLite here).
#include "store/account_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "store/sqlite/sqlite_account_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::store {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z

class AccountStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = std::make_unique<sqlite::SqliteAccountStore>(database_.pool());
    }
    void TearDown() override { store_.reset(); }

    ReaderId AddReader(const std::string& email) {
        auto id = store_->CreateReader(email, "$argon2id$hash", false, At(kNov16));
        EXPECT_TRUE(id.has_value()) << id.error().message;
        return id.value_or(ReaderId{});
    }

    NewSession Device(ReaderId reader, const std::string& token_hash,
                      SessionKind kind = SessionKind::kSession) {
        return NewSession{reader,
                          token_hash,
                          kind,
                          kind == SessionKind::kApiToken ? "Pixel app" : "",
                          "Mozilla/5.0 Firefox/132.0",
                          "203.0.113.9"};
    }

    sqlite::TestDatabase database_{3};
    std::unique_ptr<AccountStore> store_;
};

TEST_F(AccountStoreTest, CreatesAndFindsReaders) {
    ReaderId id = AddReader("ana@example.com");
    auto by_email = store_->FindReaderByEmail("ana@example.com");
    ASSERT_TRUE(by_email.has_value());
    EXPECT_EQ(by_email->reader.id, id);
    EXPECT_EQ(by_email->password_hash, "$argon2id$hash");
    EXPECT_FALSE(by_email->reader.email_verified);
    EXPECT_FALSE(by_email->reader.disabled);
    EXPECT_EQ(by_email->reader.created, At(kNov16));
    auto by_id = store_->FindReader(id);
    ASSERT_TRUE(by_id.has_value());
    EXPECT_EQ(by_id->reader.email, "ana@example.com");
    EXPECT_EQ(store_->FindReaderByEmail("bob@example.com").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_->FindReader(ReaderId{999}).error().code, ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, AnAddressBelongsToOneReader) {
    AddReader("ana@example.com");
    auto again = store_->CreateReader("ana@example.com", "x", true, At(kNov16));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    // The schema refuses addresses that are not lower-cased.
    EXPECT_FALSE(store_->CreateReader("Bob@Example.com", "x", true, At(kNov16)).has_value());
}

TEST_F(AccountStoreTest, UpdatesReaders) {
    ReaderId ana = AddReader("ana@example.com");
    ReaderId bob = AddReader("bob@example.com");
    ASSERT_TRUE(store_->SetPasswordHash(ana, "new-hash").has_value());
    ASSERT_TRUE(store_->SetEmailVerified(ana, true).has_value());
    ASSERT_TRUE(store_->SetDisabled(ana, true).has_value());
    auto record = store_->FindReader(ana);
    EXPECT_EQ(record->password_hash, "new-hash");
    EXPECT_TRUE(record->reader.email_verified);
    EXPECT_TRUE(record->reader.disabled);

    ASSERT_TRUE(store_->SetEmailVerified(bob, false).has_value());
    ASSERT_TRUE(store_->ChangeEmail(bob, "robert@example.com").has_value());
    EXPECT_TRUE(store_->FindReader(bob)->reader.email_verified)
        << "a changed address was verified by its link";
    EXPECT_EQ(store_->ChangeEmail(bob, "ana@example.com").error().code, ErrorCode::kConflict);
    EXPECT_EQ(store_->SetDisabled(ReaderId{999}, true).error().code, ErrorCode::kNotFound);

    auto all = store_->ListReaders();
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].email, "ana@example.com");
    EXPECT_EQ((*all)[1].email, "robert@example.com");
}

TEST_F(AccountStoreTest, SessionsAreFoundByTokenHashWithTheirReader) {
    ReaderId ana = AddReader("ana@example.com");
    auto created = store_->CreateSessionWithin(Device(ana, "hash-1"), 3, At(0), At(kNov16));
    ASSERT_TRUE(created.has_value()) << created.error().message;
    ASSERT_TRUE(created->has_value());
    auto found = store_->FindSession("hash-1");
    ASSERT_TRUE(found.has_value());
    ASSERT_TRUE(found->has_value());
    const SessionWithReader& s = **found;
    EXPECT_EQ(s.session.id, (*created)->id);
    EXPECT_EQ(s.session.reader, ana);
    EXPECT_EQ(s.session.kind, SessionKind::kSession);
    EXPECT_EQ(s.session.user_agent, "Mozilla/5.0 Firefox/132.0");
    EXPECT_EQ(s.session.ip, "203.0.113.9");
    EXPECT_EQ(s.session.created, At(kNov16));
    EXPECT_EQ(s.session.last_seen, At(kNov16));
    EXPECT_FALSE(s.session.revoked);
    EXPECT_EQ(s.email, "ana@example.com");
    EXPECT_FALSE(s.reader_disabled);
    EXPECT_FALSE(store_->FindSession("hash-2")->has_value());
}

TEST_F(AccountStoreTest, TheDeviceLimitCountsLiveSessionsOfBothKinds) {
    ReaderId ana = AddReader("ana@example.com");
    ASSERT_TRUE(store_->CreateSessionWithin(Device(ana, "a"), 2, At(0), At(kNov16))->has_value());
    ASSERT_TRUE(
        store_->CreateSessionWithin(Device(ana, "b", SessionKind::kApiToken), 2, At(0), At(kNov16))
            ->has_value());
    EXPECT_FALSE(store_->CreateSessionWithin(Device(ana, "c"), 2, At(0), At(kNov16))->has_value());
    // Sessions idle since before `live_since` no longer count.
    EXPECT_TRUE(store_->CreateSessionWithin(Device(ana, "c"), 2, At(kNov16 + 1), At(kNov16 + 10))
                    ->has_value());
    // Another reader has their own places.
    ReaderId bob = AddReader("bob@example.com");
    EXPECT_TRUE(store_->CreateSessionWithin(Device(bob, "d"), 2, At(0), At(kNov16))->has_value());
}

TEST_F(AccountStoreTest, ConcurrentSignInsCannotPassTheLimit) {
    ReaderId ana = AddReader("ana@example.com");
    std::atomic<int> created{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            auto session = store_->CreateSessionWithin(Device(ana, "t" + std::to_string(t)), 3,
                                                       At(0), At(kNov16));
            EXPECT_TRUE(session.has_value());
            if (session && *session) ++created;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(created.load(), 3);
}

TEST_F(AccountStoreTest, ListsTouchesAndRevokesSessions) {
    ReaderId ana = AddReader("ana@example.com");
    ReaderId bob = AddReader("bob@example.com");
    auto first = **store_->CreateSessionWithin(Device(ana, "a"), 5, At(0), At(kNov16));
    auto second = **store_->CreateSessionWithin(Device(ana, "b", SessionKind::kApiToken), 5, At(0),
                                                At(kNov16 + 5));
    auto bobs = **store_->CreateSessionWithin(Device(bob, "c"), 5, At(0), At(kNov16));

    auto listed = store_->ListSessions(ana, At(0));
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].id, first.id);
    EXPECT_EQ((*listed)[1].id, second.id);
    EXPECT_EQ((*listed)[1].kind, SessionKind::kApiToken);
    EXPECT_EQ((*listed)[1].name, "Pixel app");

    ASSERT_TRUE(store_->TouchSession(first.id, At(kNov16 + 600)).has_value());
    EXPECT_EQ((**store_->FindSession("a")).session.last_seen, At(kNov16 + 600));
    ASSERT_TRUE(store_->TouchSession(first.id, At(kNov16 + 60)).has_value());
    EXPECT_EQ((**store_->FindSession("a")).session.last_seen, At(kNov16 + 600))
        << "never moves back";

    EXPECT_FALSE(*store_->RevokeSession(ana, bobs.id)) << "only the reader's own";
    EXPECT_TRUE(*store_->RevokeSession(ana, first.id));
    EXPECT_FALSE(*store_->RevokeSession(ana, first.id)) << "already revoked";
    EXPECT_TRUE((**store_->FindSession("a")).session.revoked);
    EXPECT_EQ(store_->ListSessions(ana, At(0))->size(), 1u);
    EXPECT_EQ(*store_->RevokeAllSessions(ana), 1);
    EXPECT_TRUE(store_->ListSessions(ana, At(0))->empty());
    EXPECT_EQ(store_->ListSessions(bob, At(0))->size(), 1u);
}

TEST_F(AccountStoreTest, ALinkIsConsumedOnceBeforeItExpires) {
    ReaderId ana = AddReader("ana@example.com");
    OneTimeLink link{"link-hash",       ana, LinkPurpose::kChangeEmail, "new@example.com",
                     At(kNov16 + 3600), {}};
    ASSERT_TRUE(store_->CreateLink(link, At(kNov16)).has_value());
    EXPECT_FALSE(store_->ConsumeLink("link-hash", LinkPurpose::kReset, At(kNov16))->has_value())
        << "wrong purpose";
    auto used = store_->ConsumeLink("link-hash", LinkPurpose::kChangeEmail, At(kNov16 + 10));
    ASSERT_TRUE(used.has_value()) << used.error().message;
    ASSERT_TRUE(used->has_value());
    EXPECT_EQ((*used)->reader, ana);
    EXPECT_EQ((*used)->new_email, "new@example.com");
    EXPECT_EQ((*used)->used_at, At(kNov16 + 10));
    EXPECT_FALSE(
        store_->ConsumeLink("link-hash", LinkPurpose::kChangeEmail, At(kNov16 + 11))->has_value());

    ASSERT_TRUE(
        store_->CreateLink({"old", ana, LinkPurpose::kReset, "", At(kNov16 + 3600), {}}, At(kNov16))
            .has_value());
    EXPECT_FALSE(store_->ConsumeLink("old", LinkPurpose::kReset, At(kNov16 + 3600))->has_value())
        << "expired";
}

TEST_F(AccountStoreTest, DeletingAReaderRemovesTheirSessionsAndLinks) {
    ReaderId ana = AddReader("ana@example.com");
    ASSERT_TRUE(store_->CreateSessionWithin(Device(ana, "a"), 3, At(0), At(kNov16))->has_value());
    ASSERT_TRUE(
        store_->CreateLink({"l", ana, LinkPurpose::kVerify, "", At(kNov16 + 60), {}}, At(kNov16))
            .has_value());
    ASSERT_TRUE(store_->DeleteReader(ana).has_value());
    EXPECT_EQ(store_->FindReader(ana).error().code, ErrorCode::kNotFound);
    EXPECT_FALSE(store_->FindSession("a")->has_value());
    EXPECT_FALSE(store_->ConsumeLink("l", LinkPurpose::kVerify, At(kNov16))->has_value());
    EXPECT_EQ(store_->DeleteReader(ana).error().code, ErrorCode::kNotFound);
    // The address is free again, under a new number.
    ReaderId again = AddReader("ana@example.com");
    EXPECT_GT(again.value, ana.value);
}

}  // namespace
}  // namespace broadsheet::store
