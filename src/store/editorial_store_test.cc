#include "store/editorial_store.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_editorial_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::store {
namespace {

using namespace std::chrono_literals;

const Timestamp kNow = Timestamp{std::chrono::seconds{1731752820}};  // 2024-11-16 10:27 UTC

DraftRecord SampleDraft() {
    DraftRecord d;
    d.author_id = 3;
    d.markdown = "The *minister* arrived.";
    d.headline = "Minister visits Kyiv";
    d.standfirst = "A first visit";
    d.byline = "Asha Rao";
    d.section = "world";
    d.topics = {{"ukraine", "Ukraine"}, {"diplomacy", "Diplomacy"}};
    d.picture = Picture{"ab/abcd.jpg", "image/jpeg", 1600, 900, "The minister", "In Kyiv", "Staff"};
    d.premium = true;
    return d;
}

class EditorialStoreTest : public ::testing::Test {
protected:
    sqlite::TestDatabase db_;
    sqlite::SqliteEditorialStore store_{db_.pool()};
};

TEST_F(EditorialStoreTest, DraftsRoundTripAndUpdate) {
    auto id = store_.CreateDraft(SampleDraft(), kNow);
    ASSERT_TRUE(id.has_value()) << id.error().message;
    auto found = store_.FindDraft(*id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->headline, "Minister visits Kyiv");
    EXPECT_EQ(found->topics, SampleDraft().topics);
    EXPECT_EQ(found->picture, SampleDraft().picture);
    EXPECT_TRUE(found->premium);
    EXPECT_FALSE(found->article_id.has_value());
    EXPECT_FALSE(found->scheduled_at.has_value());
    EXPECT_EQ(found->created_at, kNow);

    DraftRecord changed = *found;
    changed.article_id = ArticleId{42};
    changed.scheduled_at = kNow + 1h;
    changed.revision = 2;
    changed.picture.reset();
    ASSERT_TRUE(store_.UpdateDraft(changed, kNow + 5min).has_value());
    auto again = store_.FindDraftByArticle(ArticleId{42});
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->id, *id);
    EXPECT_EQ(again->scheduled_at, kNow + 1h);
    EXPECT_EQ(again->revision, 2);
    EXPECT_FALSE(again->picture.has_value());
    EXPECT_EQ(again->updated_at, kNow + 5min);
    EXPECT_EQ(again->created_at, kNow);

    changed.id = 999;
    EXPECT_EQ(store_.UpdateDraft(changed, kNow).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_.FindDraft(999).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store_.FindDraftByArticle(ArticleId{7}).error().code, ErrorCode::kNotFound);
}

TEST_F(EditorialStoreTest, ListsDraftsNewestFirstPerAuthor) {
    DraftRecord a = SampleDraft();
    DraftRecord b = SampleDraft();
    b.author_id = 4;
    auto first = store_.CreateDraft(a, kNow);
    auto second = store_.CreateDraft(b, kNow + 1min);
    auto third = store_.CreateDraft(a, kNow + 2min);
    ASSERT_TRUE(first && second && third);
    auto all = store_.ListDrafts(std::nullopt, 10, 0);
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].id, *third);
    EXPECT_EQ((*all)[2].id, *first);
    auto mine = store_.ListDrafts(3, 10, 0);
    ASSERT_TRUE(mine.has_value());
    ASSERT_EQ(mine->size(), 2u);
    auto paged = store_.ListDrafts(std::nullopt, 1, 1);
    ASSERT_TRUE(paged.has_value());
    ASSERT_EQ(paged->size(), 1u);
    EXPECT_EQ(paged->front().id, *second);
}

TEST_F(EditorialStoreTest, CorrectionsInOrder) {
    ASSERT_TRUE(store_.AddCorrection(ArticleId{5}, kNow + 1h, "Second", 2).has_value());
    ASSERT_TRUE(store_.AddCorrection(ArticleId{5}, kNow, "First", 1).has_value());
    ASSERT_TRUE(store_.AddCorrection(ArticleId{6}, kNow, "Other", 1).has_value());
    auto corrections = store_.Corrections(ArticleId{5});
    ASSERT_TRUE(corrections.has_value());
    ASSERT_EQ(corrections->size(), 2u);
    EXPECT_EQ((*corrections)[0].text, "First");
    EXPECT_EQ((*corrections)[0].by, 1);
    EXPECT_EQ((*corrections)[1].at, kNow + 1h);
    EXPECT_TRUE(store_.Corrections(ArticleId{99})->empty());
}

TEST_F(EditorialStoreTest, PictureLibrary) {
    PictureRecord record{0, Picture{"cd/cdef.webp", "image/webp", 800, 600, "Alt", "Caption", "Credit"}, 7, kNow};
    auto id = store_.AddPicture(record);
    ASSERT_TRUE(id.has_value());
    record.picture.path = "ef/ef01.png";
    record.uploaded_at = kNow + 1min;
    auto newer = store_.AddPicture(record);
    ASSERT_TRUE(newer.has_value());
    auto found = store_.FindPicture(*id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->picture, (Picture{"cd/cdef.webp", "image/webp", 800, 600, "Alt", "Caption", "Credit"}));
    EXPECT_EQ(found->uploaded_by, 7);
    auto list = store_.ListPictures(10, 0);
    ASSERT_TRUE(list.has_value());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ(list->front().id, *newer);
    EXPECT_EQ(store_.FindPicture(123).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace broadsheet::store
