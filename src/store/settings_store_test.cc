#include "store/settings_store.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_editorial_store.h"
#include "store/sqlite/sqlite_settings_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::store {
namespace {

const Timestamp kNow = Timestamp{std::chrono::seconds{1731752820}};  // 2024-11-16 10:27 UTC

class SettingsStoreTest : public ::testing::Test {
protected:
    sqlite::TestDatabase db_;
    sqlite::SqliteSettingsStore store_{db_.pool()};
};

TEST_F(SettingsStoreTest, SavesAndLoadsByKey) {
    EXPECT_FALSE(store_.Load("site")->has_value());
    ASSERT_TRUE(store_.Save("site", R"({"name":"A"})", 1, kNow).has_value());
    ASSERT_TRUE(store_.Save("site", R"({"name":"B"})", 2, kNow).has_value());
    EXPECT_EQ(store_.Load("site")->value(), R"({"name":"B"})");
    EXPECT_FALSE(store_.Load("other")->has_value());
}

TEST_F(SettingsStoreTest, CountsDraftsFiledUnderASection) {
    EXPECT_EQ(store_.SectionUseCount("science").value(), 0);
    sqlite::SqliteEditorialStore editorial(db_.pool());
    DraftRecord draft;
    draft.author_id = 1;
    draft.headline = "Comet seen";
    draft.section = "science";
    ASSERT_TRUE(editorial.CreateDraft(draft, kNow).has_value());
    EXPECT_EQ(store_.SectionUseCount("science").value(), 1);
    EXPECT_EQ(store_.SectionUseCount("world").value(), 0);
}

TEST_F(SettingsStoreTest, ListsAndFindsTopicsBySlug) {
    {
        auto db = db_.pool().Acquire();
        ASSERT_TRUE(db->Execute("INSERT INTO topics (slug, name) VALUES ('cricket', 'Cricket'),"
                                " ('north-korea', 'North Korea'), ('budget', 'Budget')")
                        .has_value());
    }
    auto all = store_.ListTopics("", 10);
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].slug, "budget");
    auto from = store_.ListTopics("c", 1);
    ASSERT_EQ(from->size(), 1u);
    EXPECT_EQ((*from)[0].name, "Cricket");
    EXPECT_EQ(store_.FindTopic("north-korea")->name, "North Korea");
    EXPECT_EQ(store_.FindTopic("nowhere").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace broadsheet::store
