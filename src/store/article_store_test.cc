// The ArticleStore contract, run against every implementation (SQLite here; PostgreSQL
// joins when it exists).
#include "store/article_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::store {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z

NewArticleVersion Version(std::string uri, std::string wire_version, int64_t created, std::string headline,
                          std::string section = "world") {
    NewArticleVersion v;
    v.uri = std::move(uri);
    v.wire_version = std::move(wire_version);
    v.version_created = At(created);
    v.section = std::move(section);
    v.slug = "slug";
    v.content.headline = std::move(headline);
    v.content.body_html = "<p>Body</p>";
    v.content.word_count = 1;
    v.content.topics = {Topic{"japan", "Japan"}, Topic{"north-korea", "North Korea"}};
    return v;
}

class ArticleStoreTest : public ::testing::Test {
protected:
    void SetUp() override { store_ = std::make_unique<sqlite::SqliteArticleStore>(database_.pool()); }
    void TearDown() override { store_.reset(); }

    sqlite::TestDatabase database_;
    std::unique_ptr<ArticleStore> store_;
};

TEST_F(ArticleStoreTest, CreatesThenFindsAnArticle) {
    auto created = store_->Upsert(Version("urn:a", "1", kNov16, "First"), At(kNov16 + 5));
    ASSERT_TRUE(created.has_value()) << created.error().message;
    EXPECT_EQ(created->outcome, UpsertOutcome::kCreated);
    auto article = store_->FindById(created->id);
    ASSERT_TRUE(article.has_value());
    EXPECT_EQ(article->uri, "urn:a");
    EXPECT_EQ(article->content.headline, "First");
    EXPECT_EQ(article->first_published, At(kNov16));
    EXPECT_EQ(article->last_updated, At(kNov16));
    EXPECT_EQ(article->version_count, 1);
    ASSERT_EQ(article->content.topics.size(), 2u);
    EXPECT_EQ(article->content.topics[1].name, "North Korea");
}

TEST_F(ArticleStoreTest, NewerVersionUpdatesOlderAndSameChangeNothing) {
    auto created = store_->Upsert(Version("urn:a", "2", kNov16, "Two"), At(kNov16));
    ASSERT_TRUE(created.has_value());
    auto same = store_->Upsert(Version("urn:a", "2", kNov16 + 60, "Two again"), At(kNov16 + 60));
    ASSERT_TRUE(same.has_value());
    EXPECT_EQ(same->outcome, UpsertOutcome::kUnchanged);
    auto older = store_->Upsert(Version("urn:a", "1", kNov16 - 600, "One"), At(kNov16 + 61));
    ASSERT_TRUE(older.has_value());
    EXPECT_EQ(older->outcome, UpsertOutcome::kUnchanged);
    EXPECT_EQ(store_->FindById(created->id)->content.headline, "Two");

    auto newer = store_->Upsert(Version("urn:a", "10", kNov16 + 3600, "Ten"), At(kNov16 + 3601));
    ASSERT_TRUE(newer.has_value());
    EXPECT_EQ(newer->outcome, UpsertOutcome::kUpdated);
    EXPECT_EQ(newer->id, created->id);
    auto article = store_->FindById(created->id);
    EXPECT_EQ(article->content.headline, "Ten");
    EXPECT_EQ(article->first_published, At(kNov16));
    EXPECT_EQ(article->last_updated, At(kNov16 + 3600));
    auto versions = store_->Versions(created->id);
    ASSERT_TRUE(versions.has_value());
    ASSERT_EQ(versions->size(), 2u);
    EXPECT_EQ((*versions)[0].content.headline, "Two");
    EXPECT_EQ((*versions)[1].wire_version, "10");
    EXPECT_EQ(store_->Count().value(), 1);
}

TEST_F(ArticleStoreTest, FirstCreatedSetsFirstPublished) {
    auto v = Version("urn:b", "3", kNov16, "Later version first seen");
    v.first_created = At(kNov16 - 7200);
    auto created = store_->Upsert(v, At(kNov16));
    EXPECT_EQ(store_->FindById(created->id)->first_published, At(kNov16 - 7200));
}

TEST_F(ArticleStoreTest, AKillHidesTheArticleFromListings) {
    auto created = store_->Upsert(Version("urn:k", "1", kNov16, "Doomed"), At(kNov16));
    ASSERT_EQ(store_->List(ListQuery{})->size(), 1u);
    auto kill = Version("urn:k", "2", kNov16 + 60, "Doomed");
    kill.status = ArticleStatus::kKilled;
    ASSERT_EQ(store_->Upsert(kill, At(kNov16 + 60))->outcome, UpsertOutcome::kUpdated);
    EXPECT_EQ(store_->FindById(created->id)->status, ArticleStatus::kKilled);
    EXPECT_TRUE(store_->List(ListQuery{})->empty());
}

TEST_F(ArticleStoreTest, ListsNewestFirstBySectionAndTopic) {
    ASSERT_TRUE(store_->Upsert(Version("urn:1", "1", kNov16 - 300, "Old world"), At(kNov16)).has_value());
    ASSERT_TRUE(store_->Upsert(Version("urn:2", "1", kNov16, "New world"), At(kNov16)).has_value());
    auto markets = Version("urn:3", "1", kNov16 - 100, "Markets", "markets");
    markets.content.topics = {Topic{"sensex", "Sensex"}};
    ASSERT_TRUE(store_->Upsert(markets, At(kNov16)).has_value());

    auto all = store_->List(ListQuery{});
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].headline, "New world");
    EXPECT_EQ((*all)[1].headline, "Markets");
    auto world = store_->List(ListQuery{.section = "world"});
    ASSERT_EQ(world->size(), 2u);
    auto sensex = store_->List(ListQuery{.topic = "sensex"});
    ASSERT_EQ(sensex->size(), 1u);
    EXPECT_EQ((*sensex)[0].headline, "Markets");
    auto paged = store_->List(ListQuery{.limit = 1, .offset = 1});
    ASSERT_EQ(paged->size(), 1u);
    EXPECT_EQ((*paged)[0].headline, "Markets");
    EXPECT_EQ(store_->FindTopic("sensex")->name, "Sensex");
    EXPECT_EQ(store_->FindTopic("nope").error().code, ErrorCode::kNotFound);

    auto newest = store_->FindById((*world)[0].id);
    auto next = store_->NextInSection(*newest);
    ASSERT_TRUE(next.has_value() && next->has_value());
    EXPECT_EQ((*next)->headline, "Old world");
    auto oldest = store_->FindById((*world)[1].id);
    EXPECT_FALSE(store_->NextInSection(*oldest)->has_value());
}

TEST_F(ArticleStoreTest, PremiumAndHeldAreKeptAndHeldStoriesAreNotListed) {
    auto premium = Version("urn:p", "1", kNov16, "Premium");
    premium.premium = true;
    auto held = Version("urn:h", "1", kNov16, "Held");
    held.held = true;
    auto p = store_->Upsert(premium, At(kNov16));
    auto h = store_->Upsert(held, At(kNov16));
    EXPECT_TRUE(store_->FindById(p->id)->premium);
    EXPECT_FALSE(store_->FindById(p->id)->held);
    EXPECT_TRUE(store_->FindById(h->id)->held);
    auto listed = store_->List(ListQuery{});
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].headline, "Premium");
    // A later version does not change placement.
    auto v2 = Version("urn:p", "2", kNov16 + 60, "Premium two");
    ASSERT_EQ(store_->Upsert(v2, At(kNov16 + 60))->outcome, UpsertOutcome::kUpdated);
    EXPECT_TRUE(store_->FindById(p->id)->premium);
}

TEST_F(ArticleStoreTest, PublishedMonthsGroupsByFirstPublicationInUtc) {
    constexpr int64_t kOct31Late = 1730418000;  // 2024-10-31T23:40:00Z
    auto october = Version("urn:oct", "1", kOct31Late, "October");
    ASSERT_TRUE(store_->Upsert(october, At(kOct31Late)).has_value());
    ASSERT_TRUE(store_->Upsert(Version("urn:oct", "2", kNov16, "October, updated"), At(kNov16)).has_value());
    ASSERT_TRUE(store_->Upsert(Version("urn:nov", "1", kNov16 - 60, "November"), At(kNov16)).has_value());
    auto held = Version("urn:held", "1", kNov16 + 30 * 86400, "Held in December");
    held.held = true;
    ASSERT_TRUE(store_->Upsert(held, At(kNov16)).has_value());
    auto killed = Version("urn:killed", "1", kNov16 + 31 * 86400, "Killed in December");
    killed.status = ArticleStatus::kKilled;
    ASSERT_TRUE(store_->Upsert(killed, At(kNov16)).has_value());

    auto months = store_->PublishedMonths();
    ASSERT_TRUE(months.has_value()) << months.error().message;
    ASSERT_EQ(months->size(), 2u);
    EXPECT_EQ((*months)[0].first, "2024-11");
    EXPECT_EQ((*months)[0].second, At(kNov16 - 60));
    EXPECT_EQ((*months)[1].first, "2024-10");
    EXPECT_EQ((*months)[1].second, At(kNov16));  // Updated in November, first published in October.
}

TEST_F(ArticleStoreTest, ListPublishedBetweenIsHalfOpenAndNewestFirst) {
    ASSERT_TRUE(store_->Upsert(Version("urn:1", "1", kNov16 - 7200, "Two hours"), At(kNov16)).has_value());
    ASSERT_TRUE(store_->Upsert(Version("urn:2", "1", kNov16 - 3600, "One hour"), At(kNov16)).has_value());
    ASSERT_TRUE(store_->Upsert(Version("urn:3", "1", kNov16, "Now"), At(kNov16)).has_value());
    auto held = Version("urn:4", "1", kNov16 - 1800, "Held");
    held.held = true;
    ASSERT_TRUE(store_->Upsert(held, At(kNov16)).has_value());

    auto between = store_->ListPublishedBetween(At(kNov16 - 7200), At(kNov16), 10, 0);
    ASSERT_TRUE(between.has_value()) << between.error().message;
    ASSERT_EQ(between->size(), 2u);
    EXPECT_EQ((*between)[0].headline, "One hour");
    EXPECT_EQ((*between)[1].headline, "Two hours");
    auto paged = store_->ListPublishedBetween(At(0), At(kNov16 + 1), 1, 1);
    ASSERT_EQ(paged->size(), 1u);
    EXPECT_EQ((*paged)[0].headline, "One hour");
    EXPECT_TRUE(store_->ListPublishedBetween(At(kNov16 + 1), At(kNov16 + 3600), 10, 0)->empty());
}

// Stories for the archive queries: three visible, plus one held, one killed and one
// withheld that every archive query must ignore.
void AddArchiveStories(ArticleStore& store) {
    const std::pair<const char*, int64_t> kVisible[] = {{"urn:a1", kNov16 - 86400}, {"urn:a2", kNov16 - 60},
                                                         {"urn:a3", kNov16}};
    for (const auto& [uri, when] : kVisible) {
        ASSERT_TRUE(store.Upsert(Version(uri, "1", when, uri), At(kNov16)).has_value());
    }
    auto held = Version("urn:held", "1", kNov16 - 2 * 86400, "Held");
    held.held = true;
    auto killed = Version("urn:killed", "1", kNov16 + 86400, "Killed");
    killed.status = ArticleStatus::kKilled;
    auto withheld = Version("urn:withheld", "1", kNov16 + 2 * 86400, "Withheld");
    withheld.status = ArticleStatus::kWithheld;
    for (const auto& v : {held, killed, withheld}) ASSERT_TRUE(store.Upsert(v, At(kNov16)).has_value());
}

TEST_F(ArticleStoreTest, OldestAndNewestPublishedSkipHeldKilledAndWithheld) {
    EXPECT_EQ(store_->OldestPublished().value(), std::nullopt);
    EXPECT_EQ(store_->NewestPublished().value(), std::nullopt);
    AddArchiveStories(*store_);
    EXPECT_EQ(store_->OldestPublished().value(), At(kNov16 - 86400));
    EXPECT_EQ(store_->NewestPublished().value(), At(kNov16));
}

TEST_F(ArticleStoreTest, FirstFromIsInclusiveAndLastBeforeIsExclusive) {
    AddArchiveStories(*store_);
    EXPECT_EQ(store_->FirstPublishedFrom(At(kNov16 - 60)).value(), At(kNov16 - 60));
    EXPECT_EQ(store_->FirstPublishedFrom(At(kNov16 - 59)).value(), At(kNov16));
    EXPECT_EQ(store_->FirstPublishedFrom(At(kNov16 + 1)).value(), std::nullopt);  // Killed and withheld later.
    EXPECT_EQ(store_->LastPublishedBefore(At(kNov16)).value(), At(kNov16 - 60));
    EXPECT_EQ(store_->LastPublishedBefore(At(kNov16 - 60)).value(), At(kNov16 - 86400));
    EXPECT_EQ(store_->LastPublishedBefore(At(kNov16 - 86400)).value(), std::nullopt);  // Only the held one.
}

TEST_F(ArticleStoreTest, CountPublishedBetweenCountsEachHalfOpenInterval) {
    AddArchiveStories(*store_);
    const Timestamp boundaries[] = {At(kNov16 - 3 * 86400), At(kNov16 - 86400), At(kNov16 - 60), At(kNov16),
                                    At(kNov16 + 3 * 86400)};
    auto counts = store_->CountPublishedBetween(boundaries);
    ASSERT_TRUE(counts.has_value()) << counts.error().message;
    EXPECT_EQ(*counts, (std::vector<int>{0, 1, 1, 1}));
    EXPECT_TRUE(store_->CountPublishedBetween(std::span<const Timestamp>(boundaries, 1))->empty());
    EXPECT_TRUE(store_->CountPublishedBetween({})->empty());
}

TEST_F(ArticleStoreTest, UpsertManyStoresInOrderAndKeepsGoodItemsWhenOneFails) {
    std::vector<NewArticleVersion> batch = {
        Version("urn:m1", "1", kNov16, "One"),
        Version("", "1", kNov16, "No uri"),
        Version("urn:m1", "2", kNov16 + 60, "One, updated"),
        Version("urn:m1", "1", kNov16, "One again"),
        Version("urn:m2", "1", kNov16, "Two"),
    };
    auto results = store_->UpsertMany(batch, At(kNov16));
    ASSERT_EQ(results.size(), 5u);
    EXPECT_EQ(results[0]->outcome, UpsertOutcome::kCreated);
    EXPECT_FALSE(results[1].has_value());
    EXPECT_EQ(results[2]->outcome, UpsertOutcome::kUpdated);
    EXPECT_EQ(results[3]->outcome, UpsertOutcome::kUnchanged);
    EXPECT_EQ(results[4]->outcome, UpsertOutcome::kCreated);
    EXPECT_EQ(store_->Count().value(), 2);
    EXPECT_EQ(store_->FindById(results[0]->id)->content.headline, "One, updated");
    EXPECT_EQ(store_->Versions(results[0]->id)->size(), 2u);
}

TEST_F(ArticleStoreTest, AnEditorsHeadlineAndPictureSurviveLaterWireVersions) {
    auto created = store_->Upsert(Version("urn:o", "1", kNov16, "Wire headline"), At(kNov16));
    Picture picture{.path = "ed/editor.jpg", .mime = "image/jpeg", .width = 800, .height = 450,
                    .alt_text = "Editor's picture", .credit = "Staff"};
    ASSERT_TRUE(store_->SetOverrides(created->id, std::string("Editor's headline"), picture).has_value());
    auto v2 = Version("urn:o", "2", kNov16 + 600, "Wire headline, updated");
    v2.content.body_html = "<p>Updated body</p>";
    ASSERT_EQ(store_->Upsert(v2, At(kNov16 + 600))->outcome, UpsertOutcome::kUpdated);

    auto article = store_->FindById(created->id);
    EXPECT_EQ(article->content.headline, "Editor's headline");
    EXPECT_TRUE(article->headline_overridden);
    ASSERT_TRUE(article->content.picture.has_value());
    EXPECT_EQ(article->content.picture->alt_text, "Editor's picture");
    EXPECT_EQ(article->content.body_html, "<p>Updated body</p>");  // The text follows the wire.
    EXPECT_EQ(article->last_updated, At(kNov16 + 600));
    EXPECT_EQ(store_->Versions(created->id)->back().content.headline, "Wire headline, updated");
    auto listed = store_->List(ListQuery{});
    EXPECT_EQ((*listed)[0].headline, "Editor's headline");
    EXPECT_EQ((*listed)[0].picture->path, "ed/editor.jpg");

    ASSERT_TRUE(store_->SetOverrides(created->id, std::nullopt, std::nullopt).has_value());
    EXPECT_EQ(store_->FindById(created->id)->content.headline, "Wire headline, updated");
    EXPECT_EQ(store_->SetOverrides(ArticleId{999}, std::nullopt, std::nullopt).error().code, ErrorCode::kNotFound);
}

TEST_F(ArticleStoreTest, EmbargoedStoriesAreReleasedWhenTheEmbargoPasses) {
    auto embargoed = Version("urn:e", "1", kNov16, "Embargoed");
    embargoed.status = ArticleStatus::kWithheld;
    embargoed.embargo_until = At(kNov16 + 3600);
    auto withheld = Version("urn:w", "1", kNov16, "Withheld by the wire");
    withheld.status = ArticleStatus::kWithheld;
    auto e = store_->Upsert(embargoed, At(kNov16));
    auto w = store_->Upsert(withheld, At(kNov16));
    EXPECT_EQ(store_->ReleaseEmbargoes(At(kNov16 + 3599)).value(), 0);
    EXPECT_TRUE(store_->List(ListQuery{})->empty());
    EXPECT_EQ(store_->ReleaseEmbargoes(At(kNov16 + 3600)).value(), 1);
    EXPECT_EQ(store_->FindById(e->id)->status, ArticleStatus::kPublished);
    EXPECT_EQ(store_->FindById(w->id)->status, ArticleStatus::kWithheld);  // No embargo: waits for the wire.
    EXPECT_EQ(store_->List(ListQuery{})->size(), 1u);
    EXPECT_EQ(store_->ReleaseEmbargoes(At(kNov16 + 7200)).value(), 0);
}

TEST_F(ArticleStoreTest, GenerationGrowsOnEveryCommittedChangeOnly) {
    uint64_t g0 = store_->Generation();
    auto created = store_->Upsert(Version("urn:g", "1", kNov16, "One"), At(kNov16));
    ASSERT_TRUE(created.has_value());
    uint64_t g1 = store_->Generation();
    EXPECT_GT(g1, g0);
    (void)store_->List(ListQuery{});
    (void)store_->FindById(created->id);
    EXPECT_EQ(store_->Generation(), g1);  // Reads change nothing.
    ASSERT_TRUE(store_->SetOverrides(created->id, std::string("Editor's"), std::nullopt).has_value());
    uint64_t g2 = store_->Generation();
    EXPECT_GT(g2, g1);
    EXPECT_EQ(store_->ReleaseEmbargoes(At(kNov16)).value(), 0);
    EXPECT_EQ(store_->Generation(), g2);  // Nothing released.
    (void)store_->UpsertMany({Version("urn:h", "1", kNov16, "Two")}, At(kNov16));
    EXPECT_GT(store_->Generation(), g2);
}

TEST_F(ArticleStoreTest, PremiumIsPlacementEditorsCanChange) {
    auto created = store_->Upsert(Version("urn:m", "1", kNov16, "Markets"), At(kNov16));
    ASSERT_TRUE(created.has_value());
    ASSERT_TRUE(store_->SetPremium(created->id, true).has_value());
    EXPECT_TRUE(store_->FindById(created->id)->premium);
    EXPECT_EQ(store_->SetPremium(ArticleId{999}, true).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(store_->SetPremium(created->id, false).has_value());
    EXPECT_FALSE(store_->FindById(created->id)->premium);
}

TEST_F(ArticleStoreTest, UnknownIdIsNotFound) {
    EXPECT_EQ(store_->FindById(ArticleId{42}).error().code, ErrorCode::kNotFound);
}

TEST_F(ArticleStoreTest, HostileTextIsStoredVerbatim) {
    auto v = Version("urn:'; DROP TABLE articles; --", "1", kNov16, "Robert'); DROP TABLE articles;--");
    auto created = store_->Upsert(v, At(kNov16));
    ASSERT_TRUE(created.has_value());
    EXPECT_EQ(store_->FindById(created->id)->content.headline, "Robert'); DROP TABLE articles;--");
    EXPECT_EQ(store_->Count().value(), 1);
}

// The seq of `id` in a ChangedSince(0) listing; 0 when it is not there.
int64_t SeqOf(const ArticleStore& store, ArticleId id) {
    // The Result is kept in a local: a range-for over a temporary's value() would dangle.
    const auto changes = store.ChangedSince(0, 1000);
    for (const ArticleChange& change : changes.value()) {
        if (change.id == id) return change.seq;
    }
    return 0;
}

TEST_F(ArticleStoreTest, EveryWriteMovesTheArticleToTheEndOfTheChangeLog) {
    EXPECT_EQ(store_->LatestChange().value(), 0);
    EXPECT_TRUE(store_->ChangedSince(0, 10)->empty());
    auto a = store_->Upsert(Version("urn:a", "1", kNov16, "A"), At(kNov16)).value();
    auto b = store_->Upsert(Version("urn:b", "1", kNov16, "B"), At(kNov16)).value();
    auto changes = store_->ChangedSince(0, 10).value();
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].id, a.id);
    EXPECT_EQ(changes[1].id, b.id);
    EXPECT_LT(changes[0].seq, changes[1].seq);
    const int64_t after_create = store_->LatestChange().value();
    EXPECT_EQ(after_create, changes[1].seq);

    // The same version again changes nothing, so the log does not move.
    (void)store_->Upsert(Version("urn:a", "1", kNov16, "A"), At(kNov16));
    EXPECT_TRUE(store_->ChangedSince(after_create, 10)->empty());

    // Each kind of write moves its article past every earlier change, once.
    auto expect_moved = [&](ArticleId id, const char* what) {
        const int64_t before = store_->LatestChange().value();
        auto moved = store_->ChangedSince(before - 1, 10).value();
        ASSERT_EQ(moved.size(), 1u) << what;
        EXPECT_EQ(moved[0].id, id) << what;
        EXPECT_EQ(SeqOf(*store_, id), before) << what;
    };
    ASSERT_TRUE(store_->Upsert(Version("urn:a", "2", kNov16 + 60, "A2"), At(kNov16)).has_value());
    expect_moved(a.id, "a new version");
    ASSERT_TRUE(store_->SetPremium(b.id, true).has_value());
    expect_moved(b.id, "premium");
    ASSERT_TRUE(store_->SetOverrides(a.id, std::string("Editor's"), std::nullopt).has_value());
    expect_moved(a.id, "overrides");
    auto killed = Version("urn:b", "2", kNov16 + 120, "B");
    killed.status = ArticleStatus::kKilled;
    (void)store_->UpsertMany({killed}, At(kNov16));
    expect_moved(b.id, "a kill through UpsertMany");
    ASSERT_TRUE(store_->SetHeld(a.id, true).has_value());
    expect_moved(a.id, "held");
    auto embargoed = Version("urn:e", "1", kNov16, "E");
    embargoed.status = ArticleStatus::kWithheld;
    embargoed.embargo_until = At(kNov16 + 10);
    auto e = store_->Upsert(embargoed, At(kNov16)).value();
    EXPECT_EQ(store_->ReleaseEmbargoes(At(kNov16 + 10)).value(), 1);
    expect_moved(e.id, "an embargo released");

    // A failed write (no such article) moves nothing; each article is listed once.
    const int64_t latest = store_->LatestChange().value();
    EXPECT_FALSE(store_->SetPremium(ArticleId{999}, true).has_value());
    EXPECT_EQ(store_->LatestChange().value(), latest);
    EXPECT_EQ(store_->ChangedSince(0, 100)->size(), 3u);
    // Paging by the last seq seen visits every change once.
    std::vector<int64_t> ids;
    for (int64_t seq = 0;;) {
        auto page = store_->ChangedSince(seq, 1).value();
        if (page.empty()) break;
        ids.push_back(page[0].id.value);
        seq = page[0].seq;
    }
    EXPECT_EQ(ids.size(), 3u);
}

TEST_F(ArticleStoreTest, ArticlesInRangeScansByIdInPages) {
    for (int i = 0; i < 7; ++i) {
        auto v = Version("urn:r" + std::to_string(i), "1", kNov16 + i, "Story " + std::to_string(i));
        if (i == 3) v.status = ArticleStatus::kKilled;
        ASSERT_TRUE(store_->Upsert(v, At(kNov16)).has_value());
    }
    EXPECT_EQ(store_->MaxId().value(), 7);
    std::vector<std::string> seen;
    ArticleId after{0};
    while (true) {
        auto page = store_->ArticlesInRange(after, ArticleId{6}, 2).value();
        if (page.empty()) break;
        EXPECT_LE(page.size(), 2u);
        for (const Article& a : page) seen.push_back(a.content.headline);
        after = page.back().id;
    }
    ASSERT_EQ(seen.size(), 6u);  // Ids 1..6, the killed one included.
    EXPECT_EQ(seen.front(), "Story 0");
    EXPECT_EQ(seen.back(), "Story 5");
    auto one = store_->ArticlesInRange(ArticleId{3}, ArticleId{4}, 10).value();
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].status, ArticleStatus::kKilled);
    EXPECT_EQ(one[0].content.topics.size(), 2u);
}

}  // namespace
}  // namespace broadsheet::store
