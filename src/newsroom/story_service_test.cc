#include "newsroom/story_service.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_article_store.h"
#include "store/sqlite/sqlite_editorial_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::newsroom {
namespace {

using namespace std::chrono_literals;

const Timestamp kStart = Timestamp{std::chrono::seconds{1731752820}};  // 2024-11-16 10:27 UTC
const Actor kWriter{7, false};
const Actor kOtherWriter{8, false};
const Actor kEditor{2, true};

StoryInput SampleInput() {
    StoryInput input;
    input.headline = "Minister visits Kyiv";
    input.standfirst = "A first visit since the war began";
    input.byline = "Asha Rao";
    input.section = "world";
    input.topics = "Ukraine, Diplomacy, ukraine";
    input.markdown = "The *minister* arrived on Saturday.\n\n<script>alert(1)</script>\n\nTalks followed.";
    return input;
}

class StoryServiceTest : public ::testing::Test {
protected:
    store::sqlite::TestDatabase db_;
    store::sqlite::SqliteArticleStore articles_{db_.pool()};
    store::sqlite::SqliteEditorialStore editorial_{db_.pool()};
    FixedClock clock_{kStart};
    StoryService service_{articles_, editorial_, clock_,
                          [] { return std::vector<Section>{{"world", "World"}, {"business", "Business"}}; }};

    int64_t NewDraft(const Actor& actor = kWriter) {
        auto id = service_.Create(actor, SampleInput());
        EXPECT_TRUE(id.has_value()) << id.error().message;
        return id.value_or(0);
    }
};

TEST_F(StoryServiceTest, WriterDraftsButCannotPublish) {
    int64_t id = NewDraft();
    auto story = service_.Find(kWriter, id);
    ASSERT_TRUE(story.has_value());
    EXPECT_EQ(story->state, StoryState::kDraft);
    ASSERT_EQ(story->draft.topics.size(), 2u);
    EXPECT_EQ(story->draft.topics[0], (Topic{"ukraine", "Ukraine"}));

    EXPECT_EQ(service_.Publish(kWriter, id).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.Schedule(kWriter, id, kStart + 1h).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.Unpublish(kWriter, id).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.Correct(kWriter, id, "x").error().code, ErrorCode::kForbidden);
    EXPECT_EQ(articles_.Count().value(), 0);

    // Another writer may neither read nor change it; an editor may.
    EXPECT_EQ(service_.Find(kOtherWriter, id).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(service_.Save(kOtherWriter, id, SampleInput()).error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(service_.Save(kEditor, id, SampleInput()).has_value());
    EXPECT_EQ(service_.List(kOtherWriter, 10, 0)->size(), 0u);
    EXPECT_EQ(service_.List(kWriter, 10, 0)->size(), 1u);
    EXPECT_EQ(service_.List(kEditor, 10, 0)->size(), 1u);
}

TEST_F(StoryServiceTest, RejectsBadInput) {
    StoryInput input = SampleInput();
    input.section = "nowhere";
    EXPECT_EQ(service_.Create(kWriter, input).error().code, ErrorCode::kInvalidInput);
    input = SampleInput();
    input.picture_id = 99;
    EXPECT_EQ(service_.Create(kWriter, input).error().code, ErrorCode::kInvalidInput);
    input = SampleInput();
    input.headline = std::string(400, 'h');
    EXPECT_EQ(service_.Create(kWriter, input).error().code, ErrorCode::kInvalidInput);
    // An early draft may lack a headline, but it cannot go out like that.
    input = SampleInput();
    input.headline = "  ";
    auto id = service_.Create(kWriter, input);
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(service_.Publish(kEditor, *id).error().code, ErrorCode::kInvalidInput);
}

TEST_F(StoryServiceTest, EditorPublishesSafeHtmlAndUpdatesMoveLastUpdated) {
    int64_t id = NewDraft();
    auto article_id = service_.Publish(kEditor, id);
    ASSERT_TRUE(article_id.has_value()) << article_id.error().message;
    auto article = articles_.FindById(*article_id);
    ASSERT_TRUE(article.has_value());
    EXPECT_FALSE(article->syndicated);
    EXPECT_EQ(article->uri, StaffUri(id));
    EXPECT_EQ(article->status, ArticleStatus::kPublished);
    EXPECT_EQ(article->content.provider, "");
    EXPECT_EQ(article->section, "world");
    EXPECT_EQ(article->slug, "minister-visits-kyiv");
    EXPECT_NE(article->content.body_html.find("<em>minister</em>"), std::string::npos);
    EXPECT_EQ(article->content.body_html.find("<script"), std::string::npos);
    EXPECT_EQ(article->content.body_html.find("alert"), std::string::npos);
    EXPECT_EQ(article->first_published, kStart);
    EXPECT_EQ(service_.Find(kWriter, id)->state, StoryState::kPublished);

    clock_.Set(kStart + 2h);
    StoryInput changed = SampleInput();
    changed.headline = "Minister ends visit to Kyiv";
    changed.premium = true;
    changed.section = "business";
    ASSERT_TRUE(service_.Save(kWriter, id, changed).has_value());
    EXPECT_EQ(articles_.FindById(*article_id)->content.headline, "Minister visits Kyiv");  // Not live yet.
    ASSERT_TRUE(service_.Publish(kEditor, id).has_value());
    article = articles_.FindById(*article_id);
    EXPECT_EQ(article->content.headline, "Minister ends visit to Kyiv");
    EXPECT_EQ(article->first_published, kStart);
    EXPECT_EQ(article->last_updated, kStart + 2h);
    EXPECT_EQ(article->version_count, 2);
    EXPECT_TRUE(article->premium);
    EXPECT_EQ(article->section, "business");
    EXPECT_EQ(article->slug, "minister-visits-kyiv");  // Fixed at first publication.
}

TEST_F(StoryServiceTest, ScheduledStoryIsReleasedAtItsTime) {
    int64_t id = NewDraft();
    EXPECT_EQ(service_.Schedule(kEditor, id, kStart - 1min).error().code, ErrorCode::kInvalidInput);
    auto article_id = service_.Schedule(kEditor, id, kStart + 1h);
    ASSERT_TRUE(article_id.has_value()) << article_id.error().message;
    EXPECT_EQ(service_.Find(kEditor, id)->state, StoryState::kScheduled);
    EXPECT_EQ(articles_.FindById(*article_id)->status, ArticleStatus::kWithheld);
    EXPECT_EQ(articles_.ReleaseEmbargoes(kStart + 59min).value(), 0);
    EXPECT_EQ(articles_.ReleaseEmbargoes(kStart + 1h).value(), 1);
    auto article = articles_.FindById(*article_id);
    EXPECT_EQ(article->status, ArticleStatus::kPublished);
    EXPECT_EQ(article->first_published, kStart + 1h);
    EXPECT_EQ(service_.Find(kEditor, id)->state, StoryState::kPublished);
    EXPECT_EQ(service_.Schedule(kEditor, id, kStart + 3h).error().code, ErrorCode::kConflict);
}

TEST_F(StoryServiceTest, UnpublishTakesItDownAndCancelsASchedule) {
    int64_t id = NewDraft();
    EXPECT_EQ(service_.Unpublish(kEditor, id).error().code, ErrorCode::kConflict);
    auto article_id = service_.Publish(kEditor, id);
    ASSERT_TRUE(article_id.has_value());
    ASSERT_TRUE(service_.Unpublish(kEditor, id).has_value());
    EXPECT_EQ(articles_.FindById(*article_id)->status, ArticleStatus::kWithheld);
    EXPECT_EQ(service_.Find(kEditor, id)->state, StoryState::kUnpublished);
    // Scheduled again, then unpublished: the embargo release must not publish it.
    ASSERT_TRUE(service_.Schedule(kEditor, id, kStart + 1h).has_value());
    ASSERT_TRUE(service_.Unpublish(kEditor, id).has_value());
    EXPECT_EQ(articles_.ReleaseEmbargoes(kStart + 2h).value(), 0);
    EXPECT_EQ(articles_.FindById(*article_id)->status, ArticleStatus::kWithheld);
    // And published again.
    ASSERT_TRUE(service_.Publish(kEditor, id).has_value());
    EXPECT_EQ(articles_.FindById(*article_id)->status, ArticleStatus::kPublished);
}

TEST_F(StoryServiceTest, CorrectionIsDatedAndUpdatesTheStory) {
    int64_t id = NewDraft();
    EXPECT_EQ(service_.Correct(kEditor, id, "Wrong day").error().code, ErrorCode::kConflict);
    auto article_id = service_.Publish(kEditor, id);
    ASSERT_TRUE(article_id.has_value());
    clock_.Set(kStart + 3h);
    EXPECT_EQ(service_.Correct(kEditor, id, "   ").error().code, ErrorCode::kInvalidInput);
    ASSERT_TRUE(service_.Correct(kEditor, id, "The visit began on Saturday, not Friday.").has_value());
    auto corrections = service_.Corrections(kWriter, id);
    ASSERT_TRUE(corrections.has_value());
    ASSERT_EQ(corrections->size(), 1u);
    EXPECT_EQ(corrections->front().at, kStart + 3h);
    EXPECT_EQ(corrections->front().by, kEditor.staff_id);
    EXPECT_EQ(articles_.FindById(*article_id)->last_updated, kStart + 3h);
}

TEST_F(StoryServiceTest, RevisionsAndWordDiff) {
    int64_t id = NewDraft();
    ASSERT_TRUE(service_.Publish(kEditor, id).has_value());
    StoryInput changed = SampleInput();
    changed.headline = "Minister ends visit to Kyiv";
    changed.markdown = "The *minister* left on Sunday.\n\nTalks followed.";
    ASSERT_TRUE(service_.Save(kEditor, id, changed).has_value());
    clock_.Set(kStart + 1h);
    ASSERT_TRUE(service_.Publish(kEditor, id).has_value());
    auto revisions = service_.Revisions(kWriter, id);
    ASSERT_TRUE(revisions.has_value());
    ASSERT_EQ(revisions->size(), 2u);
    auto diff = service_.Compare(kWriter, id, 1, 2);
    ASSERT_TRUE(diff.has_value()) << diff.error().message;
    std::vector<DiffSegment> expected_headline{{DiffOp::kEqual, "Minister "},
                                               {DiffOp::kDelete, "visits"},
                                               {DiffOp::kInsert, "ends visit to"},
                                               {DiffOp::kEqual, " Kyiv"}};
    EXPECT_EQ(diff->headline, expected_headline);
    std::string inserted;
    for (const DiffSegment& s : diff->body) {
        if (s.op == DiffOp::kInsert) inserted += s.text;
    }
    EXPECT_NE(inserted.find("left"), std::string::npos) << inserted;
    EXPECT_EQ(service_.Compare(kWriter, id, 1, 9).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_.Compare(kOtherWriter, id, 1, 2).error().code, ErrorCode::kForbidden);
}

TEST_F(StoryServiceTest, LeadPictureFromTheLibrary) {
    store::PictureRecord picture{0, Picture{"ab/abcd.jpg", "image/jpeg", 1600, 900, "Alt", "Caption", "Staff"}, 7,
                                 kStart};
    auto picture_id = editorial_.AddPicture(picture);
    ASSERT_TRUE(picture_id.has_value());
    StoryInput input = SampleInput();
    input.picture_id = *picture_id;
    auto id = service_.Create(kWriter, input);
    ASSERT_TRUE(id.has_value());
    auto article_id = service_.Publish(kEditor, *id);
    ASSERT_TRUE(article_id.has_value());
    EXPECT_EQ(articles_.FindById(*article_id)->content.picture, picture.picture);
}

}  // namespace
}  // namespace broadsheet::newsroom
