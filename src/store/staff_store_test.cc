// The StaffStore and WireLogStore contracts and the newsroom's ArticleStore writes, against
// SQLite.
#include "store/staff_store.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_article_store.h"
#include "store/sqlite/sqlite_staff_store.h"
#include "store/sqlite/sqlite_wire_log_store.h"
#include "store/sqlite/test_database.h"
#include "store/wire_log_store.h"

namespace broadsheet::store {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z

class StaffStoreTest : public ::testing::Test {
protected:
    sqlite::TestDatabase database_;
    sqlite::SqliteStaffStore staff_{database_.pool()};
};

TEST_F(StaffStoreTest, CreatesFindsListsAndRefusesADuplicateAddress) {
    auto id = staff_.CreateStaff("ed@example.com", "Ed Itor", "editor", "hash", At(kNov16));
    ASSERT_TRUE(id.has_value()) << id.error().message;
    auto again = staff_.CreateStaff("ed@example.com", "Other", "admin", "", At(kNov16));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    auto found = staff_.FindStaffByEmail("ed@example.com");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->id, *id);
    EXPECT_EQ(found->name, "Ed Itor");
    EXPECT_EQ(found->role, "editor");
    EXPECT_EQ(found->password_hash, "hash");
    EXPECT_FALSE(found->disabled);
    EXPECT_EQ(staff_.FindStaff(999).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(staff_.SetDisabled(*id, true).has_value());
    ASSERT_TRUE(staff_.SetPasswordHash(*id, "new").has_value());
    auto list = staff_.ListStaff();
    ASSERT_TRUE(list.has_value());
    ASSERT_EQ(list->size(), 1u);
    EXPECT_TRUE(list->front().disabled);
    EXPECT_EQ(list->front().password_hash, "new");
    EXPECT_EQ(staff_.SetDisabled(999, true).error().code, ErrorCode::kNotFound);
}

TEST_F(StaffStoreTest, SessionsAreFoundByTokenHashTouchedAndRevoked) {
    int64_t id = *staff_.CreateStaff("w@example.com", "", "writer", "h", At(kNov16));
    auto one = staff_.CreateSession(
        {.staff_id = id, .token_hash = "t1", .ip = "10.0.0.1", .user_agent = "UA"}, At(kNov16));
    auto two = staff_.CreateSession({.staff_id = id, .token_hash = "t2"}, At(kNov16));
    ASSERT_TRUE(one.has_value() && two.has_value());
    auto found = staff_.FindSession("t1");
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->staff.email, "w@example.com");
    EXPECT_FALSE((*found)->revoked);
    ASSERT_TRUE(staff_.TouchSession(*one, At(kNov16 + 60)).has_value());
    EXPECT_EQ((*staff_.FindSession("t1"))->last_seen, At(kNov16 + 60));
    EXPECT_FALSE(staff_.FindSession("nope")->has_value());
    ASSERT_TRUE(staff_.RevokeSession(*one).has_value());
    EXPECT_TRUE((*staff_.FindSession("t1"))->revoked);
    EXPECT_EQ(*staff_.RevokeAllSessions(id), 1);
    EXPECT_TRUE((*staff_.FindSession("t2"))->revoked);
}

TEST_F(StaffStoreTest, ALinkWorksOnceAndNotAfterItExpires) {
    int64_t id = *staff_.CreateStaff("a@example.com", "", "admin", "", At(kNov16));
    ASSERT_TRUE(staff_.CreateLink(id, "link", At(kNov16 + 100), At(kNov16)).has_value());
    ASSERT_TRUE(staff_.CreateLink(id, "late", At(kNov16 + 100), At(kNov16)).has_value());
    auto used = staff_.ConsumeLink("link", At(kNov16 + 1));
    ASSERT_TRUE(used.has_value());
    EXPECT_EQ(used->value_or(0), id);
    EXPECT_FALSE(staff_.ConsumeLink("link", At(kNov16 + 2))->has_value());
    EXPECT_FALSE(staff_.ConsumeLink("late", At(kNov16 + 100))->has_value());
    EXPECT_FALSE(staff_.ConsumeLink("unknown", At(kNov16))->has_value());
}

TEST_F(StaffStoreTest, TheAuditLogFiltersByStaffActionAndTime) {
    const AuditEntry entries[] = {
        {.at = At(kNov16),
         .staff_id = 1,
         .email = "a@x.org",
         .action = "wire.kill",
         .target = "article 1"},
        {.at = At(kNov16 + 10),
         .staff_id = 2,
         .email = "b@x.org",
         .action = "wire.hold",
         .target = "article 2"},
        {.at = At(kNov16 + 20),
         .staff_id = 1,
         .email = "a@x.org",
         .action = "user.add",
         .target = "staff 3",
         .detail = "editor",
         .client_address = "10.0.0.9"},
    };
    for (const AuditEntry& entry : entries) ASSERT_TRUE(staff_.AppendAudit(entry).has_value());
    auto all = staff_.ListAudit({});
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ(all->front().action, "user.add");  // Newest first.
    EXPECT_EQ(all->front().client_address, "10.0.0.9");
    EXPECT_EQ(staff_.ListAudit({.staff_id = 1})->size(), 2u);
    EXPECT_EQ(staff_.ListAudit({.action = "wire."})->size(), 2u);
    EXPECT_EQ(staff_.ListAudit({.action = "wire.kill"})->size(), 1u);
    EXPECT_EQ(staff_.ListAudit({.from = At(kNov16 + 5), .to = At(kNov16 + 15)})->size(), 1u);
    EXPECT_EQ(staff_.ListAudit({.limit = 1, .offset = 1})->front().action, "wire.hold");
}

NewArticleVersion Wire(std::string uri, std::string version, int64_t created,
                       std::string headline) {
    NewArticleVersion v;
    v.uri = std::move(uri);
    v.wire_version = std::move(version);
    v.version_created = At(created);
    v.section = "world";
    v.slug = "slug";
    v.content.headline = std::move(headline);
    v.content.body_html = "<p>Body</p>";
    v.content.word_count = 1;
    v.content.topics = {Topic{"japan", "Japan"}};
    return v;
}

class NewsroomWritesTest : public ::testing::Test {
protected:
    sqlite::TestDatabase database_;
    sqlite::SqliteArticleStore articles_{database_.pool()};
    sqlite::SqliteWireLogStore wire_log_{database_.pool()};
};

TEST_F(NewsroomWritesTest, PlacementAndStatusChangesAndTopicsSurviveANewWireVersion) {
    ArticleId id = articles_.Upsert(Wire("urn:a", "1", kNov16, "One"), At(kNov16))->id;
    uint64_t generation = articles_.Generation();
    ASSERT_TRUE(articles_.SetHeld(id, true).has_value());
    EXPECT_GT(articles_.Generation(), generation);
    EXPECT_TRUE(articles_.FindById(id)->held);
    EXPECT_TRUE(articles_.List({})->empty());
    ASSERT_TRUE(articles_.SetHeld(id, false).has_value());
    ASSERT_TRUE(articles_.SetStatus(id, ArticleStatus::kKilled).has_value());
    EXPECT_EQ(articles_.FindById(id)->status, ArticleStatus::kKilled);
    ASSERT_TRUE(articles_.SetStatus(id, ArticleStatus::kPublished).has_value());
    ASSERT_TRUE(articles_.SetSection(id, "business").has_value());
    ASSERT_TRUE(articles_.SetTopics(id, std::vector<Topic>{{"trade", "Trade"}}).has_value());
    EXPECT_EQ(articles_.FindById(id)->content.topics, (std::vector<Topic>{{"trade", "Trade"}}));
    EXPECT_EQ(articles_.List({.topic = "trade"})->size(), 1u);
    EXPECT_TRUE(articles_.List({.topic = "japan"})->empty());

    ASSERT_TRUE(
        articles_.Upsert(Wire("urn:a", "2", kNov16 + 60, "Two"), At(kNov16 + 60)).has_value());
    Article after = *articles_.FindById(id);
    EXPECT_EQ(after.content.headline, "Two");
    EXPECT_EQ(after.section, "business");
    EXPECT_EQ(after.content.topics, (std::vector<Topic>{{"trade", "Trade"}}));
    EXPECT_EQ(articles_.List({.topic = "trade"})->size(), 1u);

    ASSERT_TRUE(articles_.SetTopics(id, std::nullopt).has_value());
    EXPECT_EQ(articles_.FindById(id)->content.topics, (std::vector<Topic>{{"japan", "Japan"}}));
    EXPECT_EQ(articles_.List({.topic = "japan"})->size(), 1u);
    EXPECT_EQ(articles_.SetHeld(ArticleId{999}, true).error().code, ErrorCode::kNotFound);
}

TEST_F(NewsroomWritesTest, ListsEveryStatusWithFiltersAndThePictureLibrary) {
    NewArticleVersion pictured = Wire("urn:p", "1", kNov16, "Pictured flood");
    pictured.content.picture = Picture{.path = "ab/x.jpg", .mime = "image/jpeg", .alt_text = "x"};
    ArticleId a = articles_.Upsert(pictured, At(kNov16))->id;
    ArticleId b = articles_.Upsert(Wire("urn:b", "1", kNov16 + 1, "Killed story"), At(kNov16))->id;
    NewArticleVersion staff = Wire("staff:1", "", kNov16 + 2, "Our flood report");
    staff.syndicated = false;
    articles_.Upsert(staff, At(kNov16)).value();
    ASSERT_TRUE(articles_.SetStatus(b, ArticleStatus::kKilled).has_value());
    EXPECT_EQ(articles_.ListForNewsroom({})->size(), 3u);
    auto killed = articles_.ListForNewsroom({.status = ArticleStatus::kKilled});
    ASSERT_EQ(killed->size(), 1u);
    EXPECT_EQ(killed->front().summary.id, b);
    EXPECT_EQ(articles_.ListForNewsroom({.syndicated = false})->size(), 1u);
    auto flood = articles_.ListForNewsroom({.text = "FLOOD"});
    EXPECT_EQ(flood->size(), 2u);
    ASSERT_TRUE(articles_.SetOverrides(a, "Edited headline", std::nullopt).has_value());
    auto edited = articles_.ListForNewsroom({.text = "edited"});
    ASSERT_EQ(edited->size(), 1u);
    EXPECT_TRUE(edited->front().overridden);
    auto pictures = articles_.RecentPictures(10);
    ASSERT_EQ(pictures->size(), 1u);
    EXPECT_EQ(pictures->front().path, "ab/x.jpg");
}

TEST_F(NewsroomWritesTest, TheQueueShowsEachLoggedItemWithItsStoryNow) {
    ArticleId a = articles_.Upsert(Wire("urn:a", "1", kNov16, "A"), At(kNov16))->id;
    ArticleId b = articles_.Upsert(Wire("urn:b", "1", kNov16, "B"), At(kNov16))->id;
    ASSERT_TRUE(wire_log_
                    .Append({{.at = At(kNov16), .feed = "ap", .uri = "urn:a", .article = a},
                             {.at = At(kNov16 + 1), .feed = "ap", .uri = "urn:b", .article = b},
                             {.at = At(kNov16 + 2),
                              .feed = "afp",
                              .uri = "urn:c",
                              .outcome = WireOutcome::kRejected,
                              .reason = "the item has no headline"}})
                    .has_value());
    ASSERT_TRUE(articles_.SetHeld(b, true).has_value());
    auto all = wire_log_.Queue({});
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ(all->at(0).status, QueueStatus::kRejected);
    EXPECT_EQ(all->at(0).entry.reason, "the item has no headline");
    EXPECT_EQ(all->at(1).status, QueueStatus::kHeld);
    EXPECT_EQ(all->at(1).headline, "B");
    EXPECT_EQ(all->at(2).status, QueueStatus::kPublished);
    EXPECT_EQ(wire_log_.Queue({.feed = "ap"})->size(), 2u);
    EXPECT_EQ(wire_log_.Queue({.status = QueueStatus::kHeld})->size(), 1u);
    EXPECT_EQ(*wire_log_.Feeds(), (std::vector<std::string>{"afp", "ap"}));
    EXPECT_EQ(ParseQueueStatus("killed"), QueueStatus::kKilled);
    EXPECT_FALSE(ParseQueueStatus("bogus").has_value());
}

}  // namespace
}  // namespace broadsheet::store
