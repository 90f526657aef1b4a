#include "ingest/publisher.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "ingest/ingest_files.h"
#include "ingest/sources/url_fetcher.h"
#include "media/media_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"

namespace broadsheet::ingest {
namespace {

constexpr Timestamp kNow{std::chrono::seconds{1731752820}};  // 2024-11-16T10:27:00Z

std::string TinyPng() { return std::string("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\x04\xB0\0\0\x02\xA3\x08\x02\0\0\0", 29); }

class FakeFetcher final : public UrlFetcher {
public:
    std::map<std::string, std::string> responses;
    mutable std::vector<std::string> requested;
    Result<std::string> Fetch(std::string_view url, size_t, std::chrono::seconds) const override {
        requested.emplace_back(url);
        auto it = responses.find(std::string(url));
        if (it == responses.end()) return Fail(ErrorCode::kIo, std::string(url) + ": HTTP status 404");
        return it->second;
    }
};

void WriteFile(const std::filesystem::path& path, std::string_view text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

class PublisherTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("bs-publisher-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_ / "wire");
        pool_ = std::move(*store::sqlite::ConnectionPool::Open(dir_ / "db.sqlite", 2));
        {
            auto db = pool_->Acquire();
            ASSERT_TRUE(store::sqlite::Migrate(*db).has_value());
        }
        articles_ = std::make_unique<store::sqlite::SqliteArticleStore>(*pool_);
        media_ = std::make_unique<media::MediaStore>(dir_ / "media");
        PublisherOptions options;
        options.sections = {{"world", "World"}, {"markets", "Markets"}};
        options.default_section = "world";
        publisher_ = std::make_unique<Publisher>(options, *articles_, *media_, fetcher_, clock_);
        WriteFile(dir_ / "wire" / "pictures" / "flag.png", TinyPng());
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    PublishContext Wire() const { return PublishContext{dir_ / "wire", std::nullopt, ""}; }

    WireItem Item() const {
        WireItem item;
        item.uri = "urn:test:1";
        item.version = "1";
        item.version_created = kNow;
        item.headline = "Japan's minister visits Kyiv";
        item.summary = "Foreign Minister Iwaya will meet his counterpart";
        item.body_html = "<p>One two three.</p><script>alert(1)</script><p onclick=\"x()\">Four</p>";
        item.provider = "AP";
        item.located = "Kyiv";
        item.subjects = {{"Markets", ""}, {"North Korea", ""}, {"Japan", "medtop:123"}, {"", "medtop:456"}};
        WirePicture picture;
        picture.alt_text = "Japan flag, Japan";
        picture.caption = "High on the agenda";
        picture.credit = "Bloomberg";
        picture.renditions = {{"thumb", "pictures/flag.png", "image/png", 120, 68},
                              {"original", "pictures/flag.png", "image/png", 1200, 675}};
        item.picture = picture;
        return item;
    }

    std::filesystem::path dir_;
    FakeFetcher fetcher_;
    FixedClock clock_{kNow};
    std::unique_ptr<store::sqlite::ConnectionPool> pool_;
    std::unique_ptr<store::ArticleStore> articles_;
    std::unique_ptr<media::MediaStore> media_;
    std::unique_ptr<Publisher> publisher_;
};

TEST_F(PublisherTest, PublishesAWireItemAsAnArticle) {
    auto outcome = publisher_->Publish(Item(), Wire());
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    EXPECT_EQ(outcome->outcome, store::UpsertOutcome::kCreated);
    EXPECT_TRUE(outcome->warnings.empty());
    auto article = articles_->FindById(outcome->id);
    ASSERT_TRUE(article.has_value());
    EXPECT_EQ(article->section, "markets");  // A subject named a section.
    EXPECT_EQ(article->slug, "japans-minister-visits-kyiv");
    EXPECT_TRUE(article->syndicated);
    EXPECT_EQ(article->content.provider, "AP");
    EXPECT_EQ(article->content.located, "Kyiv");
    EXPECT_EQ(article->content.word_count, 4);
    EXPECT_EQ(article->content.body_html.find("script"), std::string::npos);
    EXPECT_EQ(article->content.body_html.find("onclick"), std::string::npos);
    ASSERT_EQ(article->content.topics.size(), 2u);  // The section subject and the code-only one are not topics.
    EXPECT_EQ(article->content.topics[0], (Topic{"north-korea", "North Korea"}));
    ASSERT_TRUE(article->content.picture.has_value());
    const Picture& picture = *article->content.picture;
    EXPECT_EQ(picture.alt_text, "Japan flag, Japan");
    EXPECT_EQ(picture.credit, "Bloomberg");
    EXPECT_EQ(picture.mime, "image/png");
    EXPECT_EQ(picture.width, 1200);
    EXPECT_EQ(picture.height, 675);
    EXPECT_TRUE(std::filesystem::exists(dir_ / "media" / picture.path));
}

TEST_F(PublisherTest, ForcedSectionWinsAndDefaultCatchesTheRest) {
    auto forced = publisher_->Publish(Item(), PublishContext{dir_ / "wire", std::string("world"), ""});
    EXPECT_EQ(articles_->FindById(forced->id)->section, "world");
    WireItem other = Item();
    other.uri = "urn:test:2";
    other.subjects = {{"Cricket", ""}};
    auto routed = publisher_->Publish(other, Wire());
    EXPECT_EQ(articles_->FindById(routed->id)->section, "world");
}

TEST_F(PublisherTest, PicturesOutsideTheWireFolderAreRefusedButTheStoryGoesIn) {
    WriteFile(dir_ / "secret.png", TinyPng());
    for (const char* href : {"../secret.png", "/etc/passwd", "pictures/../../secret.png", "file:///etc/passwd"}) {
        WireItem item = Item();
        item.uri = std::string("urn:test:") + href;
        item.picture->renditions = {{"original", href, "image/png", 10, 10}};
        auto outcome = publisher_->Publish(item, Wire());
        ASSERT_TRUE(outcome.has_value()) << href;
        ASSERT_EQ(outcome->warnings.size(), 1u) << href;
        EXPECT_FALSE(articles_->FindById(outcome->id)->content.picture.has_value()) << href;
    }
}

TEST_F(PublisherTest, FetchesAbsolutePictureUrls) {
    fetcher_.responses["https://wire.example/flag.png"] = TinyPng();
    WireItem item = Item();
    item.picture->renditions = {{"original", "https://wire.example/flag.png", "image/png", 1200, 675}};
    auto outcome = publisher_->Publish(item, PublishContext{});
    ASSERT_TRUE(outcome.has_value());
    EXPECT_TRUE(outcome->warnings.empty());
    EXPECT_EQ(fetcher_.requested, std::vector<std::string>{"https://wire.example/flag.png"});
    EXPECT_TRUE(articles_->FindById(outcome->id)->content.picture.has_value());
}

TEST_F(PublisherTest, ANonImageIsNotStored) {
    WriteFile(dir_ / "wire" / "pictures" / "evil.jpg", "<svg onload=alert(1)>");
    WireItem item = Item();
    item.picture->renditions = {{"original", "pictures/evil.jpg", "image/jpeg", 10, 10}};
    auto outcome = publisher_->Publish(item, Wire());
    ASSERT_TRUE(outcome.has_value());
    EXPECT_EQ(outcome->warnings.size(), 1u);
    EXPECT_FALSE(articles_->FindById(outcome->id)->content.picture.has_value());
}

TEST_F(PublisherTest, MissingAltTextFallsBackToTheCaption) {
    WireItem item = Item();
    item.picture->alt_text.clear();
    auto outcome = publisher_->Publish(item, Wire());
    EXPECT_EQ(articles_->FindById(outcome->id)->content.picture->alt_text, "High on the agenda");
}

TEST_F(PublisherTest, RejectsItemsThatCannotBeArticles) {
    WireItem no_headline = Item();
    no_headline.headline = "  ";
    EXPECT_EQ(publisher_->Publish(no_headline, PublishContext{}).error().code, ErrorCode::kInvalidInput);
    WireItem empty = Item();
    empty.body_html = "<script>x</script>";
    empty.summary.clear();
    EXPECT_EQ(publisher_->Publish(empty, PublishContext{}).error().code, ErrorCode::kInvalidInput);
    WireItem picture = Item();
    picture.type = "picture";
    EXPECT_EQ(publisher_->Publish(picture, PublishContext{}).error().code, ErrorCode::kUnsupported);
    EXPECT_EQ(articles_->Count().value(), 0);
}

TEST_F(PublisherTest, KillsEmbargoesAndWithholds) {
    auto first = publisher_->Publish(Item(), Wire());
    WireItem kill = Item();
    kill.version = "2";
    kill.pub_status = PubStatus::kCanceled;
    kill.body_html.clear();
    auto killed = publisher_->Publish(kill, Wire());
    ASSERT_TRUE(killed.has_value());
    EXPECT_EQ(killed->outcome, store::UpsertOutcome::kUpdated);
    EXPECT_EQ(articles_->FindById(first->id)->status, ArticleStatus::kKilled);

    WireItem embargoed = Item();
    embargoed.uri = "urn:test:embargo";
    embargoed.embargoed_until = kNow + std::chrono::hours(1);
    auto held = publisher_->Publish(embargoed, Wire());
    EXPECT_EQ(articles_->FindById(held->id)->status, ArticleStatus::kWithheld);
    EXPECT_TRUE(articles_->List(store::ListQuery{})->empty());
}

TEST_F(PublisherTest, FeedsAndRulesDecidePlacementPremiumAndHold) {
    PublisherOptions options;
    options.sections = {{"world", "World"}, {"markets", "Markets"}, {"sports", "Sports"}};
    options.default_section = "world";
    options.rules = {
        RoutingRule{.subject = "North Korea", .topics = {"Asia"}},
        RoutingRule{.feed = "ap", .keyword = "Kyiv", .section = std::string("sports"), .premium = true},
        RoutingRule{.feed = "ap", .subject = "medtop:123", .hold = true},
    };
    Publisher publisher(options, *articles_, *media_, fetcher_, clock_);
    FeedConfig feed{.id = "ap", .section = "world"};
    PublishContext context = FeedContext(feed);
    context.base_dir = dir_ / "wire";
    auto outcome = publisher.Publish(Item(), context);
    ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
    auto article = articles_->FindById(outcome->id);
    EXPECT_EQ(article->section, "sports");  // The rule beats the subject naming Markets.
    EXPECT_TRUE(article->premium);
    EXPECT_TRUE(article->held);
    ASSERT_EQ(article->content.topics.size(), 3u);
    EXPECT_EQ(article->content.topics[2].name, "Asia");

    // Another feed: the feed's own defaults apply, and it is not auto-publishing.
    FeedConfig pti{.id = "pti", .section = "world", .auto_publish = false, .premium = true};
    WireItem other = Item();
    other.uri = "urn:test:pti";
    other.subjects.clear();
    auto second = publisher.Publish(other, FeedContext(pti));
    auto stored = articles_->FindById(second->id);
    EXPECT_EQ(stored->section, "world");
    EXPECT_TRUE(stored->premium);
    EXPECT_TRUE(stored->held);
}

TEST_F(PublisherTest, CodeOnlySubjectsAreNamedFromTheVocabulary) {
    WriteFile(dir_ / "medtop.tsv", "# IPTC Media Topics\nmedtop:20000350\tparliament\n"
                                    "http://cv.iptc.org/newscodes/mediatopic/20000621\tdiplomacy\n");
    auto names = LoadMediaTopicNames(dir_ / "medtop.tsv");
    ASSERT_TRUE(names.has_value()) << names.error().message;
    PublisherOptions options;
    options.sections = {{"world", "World"}};
    options.default_section = "world";
    options.media_topic_names = *names;
    Publisher publisher(options, *articles_, *media_, fetcher_, clock_);
    WireItem item = Item();
    item.subjects = {{"", "medtop:20000350"}, {"", "20000621"}, {"", "medtop:15000000"}, {"", "medtop:99999999"}};
    auto outcome = publisher.Publish(item, Wire());
    ASSERT_TRUE(outcome.has_value());
    auto topics = articles_->FindById(outcome->id)->content.topics;
    ASSERT_EQ(topics.size(), 3u);  // The unknown code stays unnamed, and is no topic.
    EXPECT_EQ(topics[0].name, "parliament");
    EXPECT_EQ(topics[1].name, "diplomacy");
    EXPECT_EQ(topics[2].name, "sport");  // From the built-in top-level table.

    WriteFile(dir_ / "bad.tsv", "medtop:20000350 parliament\n");
    auto bad = LoadMediaTopicNames(dir_ / "bad.tsv");
    ASSERT_FALSE(bad.has_value());
    EXPECT_NE(bad.error().message.find("bad.tsv:1:"), std::string::npos);
}

TEST_F(PublisherTest, IngestPathsReportsEachFile) {
    WriteFile(dir_ / "in" / "a.json",
              R"({"uri":"urn:a","version":"1","headline":"A story","body_html":"<p>Words here</p>"})");
    WriteFile(dir_ / "in" / "b.json", R"({"uri":"urn:b","headlines":[{"value":"B"}],"bodies":[{"value":"x"}]})");
    WriteFile(dir_ / "in" / "broken.json", R"({"uri": )");
    WriteFile(dir_ / "in" / "nouri.json", R"({"headline":"x"})");
    WriteFile(dir_ / "in" / ".hidden.json", R"(nonsense)");
    WriteFile(dir_ / "in" / "notes.txt", "ignored in folders");
    auto report = IngestPaths({dir_ / "in", dir_ / "missing.json"}, *publisher_, {}, 1 << 20);
    EXPECT_EQ(report.ingested, 2);
    EXPECT_EQ(report.rejected, 3);
    EXPECT_EQ(report.Summary(), "ingested 2, updated 0, unchanged 0, rejected 3");
    ASSERT_EQ(report.rejections.size(), 3u);
    std::string rejected;
    for (const auto& [file, reason] : report.rejections) rejected += file + ": " + reason + "\n";
    EXPECT_NE(rejected.find("broken.json: "), std::string::npos) << rejected;
    EXPECT_NE(rejected.find("nouri.json: "), std::string::npos) << rejected;
    EXPECT_NE(rejected.find("missing.json: no such file or folder"), std::string::npos) << rejected;

    auto again = IngestPaths({dir_ / "in" / "a.json"}, *publisher_, {}, 1 << 20);
    EXPECT_EQ(again.Summary(), "ingested 0, updated 0, unchanged 1, rejected 0");
    auto too_big = IngestPaths({dir_ / "in" / "a.json"}, *publisher_, {}, 10);
    EXPECT_EQ(too_big.rejected, 1);
}

}  // namespace
}  // namespace broadsheet::ingest
