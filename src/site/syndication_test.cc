#include "site/syndication.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <pugixml.hpp>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"

namespace broadsheet::site {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z
constexpr int64_t kHour = 3600;
constexpr const char* kSecretBody = "SECRET-PREMIUM-BODY-7f3a";

class SyndicationTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("bs-syndication-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        auto pool = store::sqlite::ConnectionPool::Open(dir_ / "broadsheet.db", 2);
        ASSERT_TRUE(pool.has_value()) << pool.error().message;
        pool_ = std::move(*pool);
        {
            auto db = pool_->Acquire();
            ASSERT_TRUE(store::sqlite::Migrate(*db).has_value());
        }
        store_ = std::make_unique<store::sqlite::SqliteArticleStore>(*pool_);
        SyndicationOptions options{.site_name = "The Broadsheet & Co",
                                   .base_url = "https://news.example",
                                   .language = "en-IN",
                                   .sections = {{"world", "World"}, {"markets", "Markets"}}};
        syndication_ = std::make_unique<Syndication>(std::move(options), *store_, clock_);
    }
    void TearDown() override {
        syndication_.reset();
        store_.reset();
        pool_.reset();
        std::filesystem::remove_all(dir_);
    }

    ArticleId Add(std::string uri, int64_t first_published, std::string headline,
                  std::string section = "world", bool premium = false) {
        store::NewArticleVersion v;
        v.uri = uri;
        v.wire_version = "1";
        v.version_created = At(first_published);
        v.section = std::move(section);
        v.slug = "story";
        v.premium = premium;
        v.content.headline = std::move(headline);
        v.content.standfirst = "Standfirst of " + uri;
        v.content.body_html = std::string("<p>") + kSecretBody + "</p>";
        v.content.topics = {Topic{"japan", "Japan"}};
        auto result = store_->Upsert(v, At(first_published));
        EXPECT_TRUE(result.has_value());
        return result->id;
    }

    http::Response Get(std::string path) const {
        http::Request request;
        request.method = "GET";
        request.path = std::move(path);
        request.target = request.path;
        auto response = syndication_->Handle(request);
        EXPECT_TRUE(response.has_value()) << request.path;
        return response.value_or(http::Response{});
    }

    static std::string Body(const http::Response& response) {
        return response.body ? *response.body : "";
    }

    static void Parse(const http::Response& response, pugi::xml_document& doc) {
        std::string body = Body(response);
        pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size());
        ASSERT_TRUE(parsed) << parsed.description() << "\n" << body;
    }

    std::filesystem::path dir_;
    FixedClock clock_{At(kNov16)};
    std::unique_ptr<store::sqlite::ConnectionPool> pool_;
    std::unique_ptr<store::ArticleStore> store_;
    std::unique_ptr<Syndication> syndication_;
};

TEST_F(SyndicationTest, OtherPathsAreNotOurs) {
    http::Request request;
    request.method = "GET";
    for (const char* path :
         {"/", "/world", "/feeds", "/sitemap", "/sitemapx.xml", "/robots.txt.bak"}) {
        request.path = path;
        EXPECT_FALSE(syndication_->Handle(request).has_value()) << path;
    }
    request.method = "POST";
    request.path = "/feeds/home.rss";
    EXPECT_EQ(syndication_->Handle(request)->status, 405);
}

TEST_F(SyndicationTest, RssListsStoriesNewestFirstWithAbsoluteLinksAndNoBody) {
    ArticleId older = Add("urn:1", kNov16 - 2 * kHour, "Older <world> & more");
    ArticleId newer = Add("urn:2", kNov16 - kHour, "Newer", "world", /*premium=*/true);
    Add("urn:3", kNov16 - 30, "Markets story", "markets");

    http::Response response = Get("/feeds/world.rss");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.GetHeader("Content-Type"), "application/rss+xml; charset=utf-8");
    EXPECT_EQ(response.GetHeader("Cache-Control"), "public, max-age=300");
    EXPECT_EQ(Body(response).find(kSecretBody), std::string::npos);
    pugi::xml_document doc;
    Parse(response, doc);
    pugi::xml_node channel = doc.child("rss").child("channel");
    EXPECT_STREQ(channel.child_value("title"), "World — The Broadsheet & Co");
    EXPECT_STREQ(channel.child_value("link"), "https://news.example/world");
    EXPECT_STREQ(channel.child_value("language"), "en-IN");
    EXPECT_STREQ(channel.child_value("lastBuildDate"), "Sat, 16 Nov 2024 09:27:00 GMT");
    EXPECT_STREQ(channel.child("atom:link").attribute("href").value(),
                 "https://news.example/feeds/world.rss");
    std::vector<pugi::xml_node> items;
    for (pugi::xml_node item : channel.children("item")) items.push_back(item);
    ASSERT_EQ(items.size(), 2u);
    std::string newer_url = "https://news.example/world/story-" + std::to_string(newer.value);
    EXPECT_STREQ(items[0].child_value("title"), "Newer");
    EXPECT_EQ(items[0].child_value("link"), newer_url);
    EXPECT_EQ(items[0].child_value("guid"), newer_url);
    EXPECT_STREQ(items[0].child("guid").attribute("isPermaLink").value(), "true");
    EXPECT_STREQ(items[0].child_value("description"), "Standfirst of urn:2");
    EXPECT_STREQ(items[0].child_value("category"), "World");
    EXPECT_STREQ(items[1].child_value("title"), "Older <world> & more");
    EXPECT_EQ(items[1].child_value("link"),
              "https://news.example/world/story-" + std::to_string(older.value));
    EXPECT_STREQ(items[1].child_value("pubDate"), "Sat, 16 Nov 2024 08:27:00 GMT");
}

TEST_F(SyndicationTest, AtomFeedsForHomeAndTopic) {
    ArticleId first = Add("urn:1", kNov16 - 2 * kHour, "World story", "world", /*premium=*/true);
    ArticleId second = Add("urn:2", kNov16 - kHour, "Markets story", "markets");
    for (const char* path : {"/feeds/home.atom", "/feeds/topic/japan.atom"}) {
        http::Response response = Get(path);
        EXPECT_EQ(response.status, 200) << path;
        EXPECT_EQ(response.GetHeader("Content-Type"), "application/atom+xml; charset=utf-8");
        EXPECT_EQ(Body(response).find(kSecretBody), std::string::npos);
        pugi::xml_document doc;
        Parse(response, doc);
        pugi::xml_node feed = doc.child("feed");
        EXPECT_STREQ(feed.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
        EXPECT_EQ(feed.child_value("id"), "https://news.example" + std::string(path));
        EXPECT_STREQ(feed.child_value("updated"), "2024-11-16T09:27:00Z");
        EXPECT_STREQ(feed.child("author").child_value("name"), "The Broadsheet & Co");
        EXPECT_TRUE(feed.find_child_by_attribute("link", "rel", "self"));
        EXPECT_TRUE(feed.find_child_by_attribute("link", "rel", "alternate"));
        std::vector<pugi::xml_node> entries;
        for (pugi::xml_node entry : feed.children("entry")) entries.push_back(entry);
        ASSERT_EQ(entries.size(), 2u) << path;
        std::string url = "https://news.example/markets/story-" + std::to_string(second.value);
        EXPECT_EQ(entries[0].child_value("id"), url);
        EXPECT_EQ(entries[0].child("link").attribute("href").value(), url);
        EXPECT_STREQ(entries[0].child_value("published"), "2024-11-16T09:27:00Z");
        EXPECT_STREQ(entries[0].child_value("summary"), "Standfirst of urn:2");
        EXPECT_EQ(entries[1].child_value("id"),
                  "https://news.example/world/story-" + std::to_string(first.value));
    }
    pugi::xml_document doc;
    Parse(Get("/feeds/topic/japan.rss"), doc);
    EXPECT_STREQ(doc.child("rss").child("channel").child_value("link"),
                 "https://news.example/topic/japan");
}

TEST_F(SyndicationTest, UnknownFeedsAreNotFound) {
    Add("urn:1", kNov16, "Story");
    for (const char* path :
         {"/feeds/sport.rss", "/feeds/topic/nope.atom", "/feeds/world.json", "/feeds/world",
          "/feeds/topic/japan/x.rss", "/feeds/topic/.rss", "/feeds/"}) {
        EXPECT_EQ(Get(path).status, 404) << path;
    }
    EXPECT_EQ(Get("/feeds/home.rss").status, 200);
}

TEST_F(SyndicationTest, EmptyFeedIsValid) {
    pugi::xml_document doc;
    Parse(Get("/feeds/home.rss"), doc);
    EXPECT_STREQ(doc.child("rss").child("channel").child_value("lastBuildDate"),
                 "Sat, 16 Nov 2024 10:27:00 GMT");
    EXPECT_FALSE(doc.child("rss").child("channel").child("item"));
}

TEST_F(SyndicationTest, SitemapIndexListsMonthsAndMonthlySitemapsListUrls) {
    constexpr int64_t kOct20 = 1729418400;  // 2024-10-20T10:00:00Z
    ArticleId october = Add("urn:oct", kOct20, "October");
    ArticleId november = Add("urn:nov", kNov16 - kHour, "November");

    http::Response index = Get("/sitemap.xml");
    EXPECT_EQ(index.GetHeader("Content-Type"), "application/xml; charset=utf-8");
    pugi::xml_document doc;
    Parse(index, doc);
    std::vector<std::string> locs;
    for (pugi::xml_node sitemap : doc.child("sitemapindex").children("sitemap")) {
        locs.emplace_back(sitemap.child_value("loc"));
        EXPECT_NE(std::string(sitemap.child_value("lastmod")), "");
    }
    EXPECT_EQ(locs, (std::vector<std::string>{"https://news.example/sitemap-2024-11.xml",
                                              "https://news.example/sitemap-2024-10.xml"}));

    pugi::xml_document month;
    Parse(Get("/sitemap-2024-10.xml"), month);
    pugi::xml_node url = month.child("urlset").child("url");
    EXPECT_EQ(url.child_value("loc"),
              "https://news.example/world/story-" + std::to_string(october.value));
    EXPECT_STREQ(url.child_value("lastmod"), "2024-10-20T10:00:00Z");
    EXPECT_FALSE(url.next_sibling("url"));
    Parse(Get("/sitemap-2024-11.xml"), month);
    EXPECT_EQ(month.child("urlset").child("url").child_value("loc"),
              "https://news.example/world/story-" + std::to_string(november.value));

    for (const char* path :
         {"/sitemap-2024-09.xml", "/sitemap-2024-11-2.xml", "/sitemap-2024-11-1.xml",
          "/sitemap-2024-13.xml", "/sitemap-2024-1.xml", "/sitemap-foo.xml"}) {
        EXPECT_EQ(Get(path).status, 404) << path;
    }
}

TEST_F(SyndicationTest, NewsSitemapHasOnlyTheLast48Hours) {
    ArticleId fresh = Add("urn:fresh", kNov16 - kHour, "Fresh & new");
    Add("urn:edge", kNov16 - 48 * kHour - 1, "Just too old");
    Add("urn:old", kNov16 - 72 * kHour, "Old");

    http::Response response = Get("/sitemap-news.xml");
    EXPECT_EQ(response.status, 200);
    pugi::xml_document doc;
    Parse(response, doc);
    pugi::xml_node urlset = doc.child("urlset");
    EXPECT_STREQ(urlset.attribute("xmlns:news").value(),
                 "http://www.google.com/schemas/sitemap-news/0.9");
    std::vector<pugi::xml_node> urls;
    for (pugi::xml_node url : urlset.children("url")) urls.push_back(url);
    ASSERT_EQ(urls.size(), 1u);
    EXPECT_EQ(urls[0].child_value("loc"),
              "https://news.example/world/story-" + std::to_string(fresh.value));
    pugi::xml_node news = urls[0].child("news:news");
    EXPECT_STREQ(news.child("news:publication").child_value("news:name"), "The Broadsheet & Co");
    EXPECT_STREQ(news.child("news:publication").child_value("news:language"), "en");
    EXPECT_STREQ(news.child_value("news:publication_date"), "2024-11-16T09:27:00Z");
    EXPECT_STREQ(news.child_value("news:title"), "Fresh & new");

    clock_.Set(At(kNov16 + 48 * kHour));
    Parse(Get("/sitemap-news.xml"), doc);
    EXPECT_FALSE(doc.child("urlset").child("url"));
}

TEST_F(SyndicationTest, RobotsTxt) {
    http::Response response = Get("/robots.txt");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.GetHeader("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(Body(response),
              "User-agent: *\n"
              "Disallow: /newsroom/\n"
              "Disallow: /ingest/\n"
              "\n"
              "Sitemap: https://news.example/sitemap.xml\n"
              "Sitemap: https://news.example/sitemap-news.xml\n");
}

}  // namespace
}  // namespace broadsheet::site
