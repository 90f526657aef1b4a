// Site::Handle with a real store and the real templates: the page cache, reader classes,
// ad slots, compression and validators.
#include "site/site.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "http/static_files.h"
#include "site/syndication.h"
#include "site/paywall_gate.h"
#include "site/templates.h"
#include "store/meter_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"

namespace broadsheet::site {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z
constexpr const char* kPremiumBody = "PREMIUM-BODY-5c1e";

class SiteTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("bs-site-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_ / "media");
        auto pool = store::sqlite::ConnectionPool::Open(dir_ / "broadsheet.db", 2);
        ASSERT_TRUE(pool.has_value()) << pool.error().message;
        pool_ = std::move(*pool);
        {
            auto db = pool_->Acquire();
            ASSERT_TRUE(store::sqlite::Migrate(*db).has_value());
        }
        store_ = std::make_unique<store::sqlite::SqliteArticleStore>(*pool_);
        auto templates = Templates::Load(std::filesystem::path(BROADSHEET_SOURCE_DIR) / "templates" / "site");
        ASSERT_TRUE(templates.has_value()) << templates.error().message;
        templates_ = std::move(*templates);
        auto statics = http::StaticFiles::Load(std::filesystem::path(BROADSHEET_SOURCE_DIR) / "static", "/static/");
        ASSERT_TRUE(statics.has_value()) << statics.error().message;
        static_files_ = std::make_unique<http::StaticFiles>(std::move(*statics));
        std::vector<Section> sections = {{"world", "World"}, {"markets", "Markets"}};
        syndication_ = std::make_unique<Syndication>(
            SyndicationOptions{.site_name = "Broadsheet", .base_url = "https://news.example", .language = "en",
                               .sections = sections},
            *store_, clock_);
        auto zone = SiteTimeZone::Find("Asia/Kolkata");
        ASSERT_TRUE(zone.has_value());
        SiteOptions options{.timezone = *zone};
        options.name = "Broadsheet";
        options.base_url = "https://news.example";
        options.language = "en";
        options.sections = sections;
        options.media_root = dir_ / "media";
        options.ads = {AdSlot{AdPosition::kTop, 728, 90}, AdSlot{AdPosition::kArticle, 300, 250}};
        site_ = std::make_unique<Site>(std::move(options), *store_, *templates_, *static_files_, *syndication_, nullptr);
    }
    void TearDown() override {
        site_.reset();
        syndication_.reset();
        store_.reset();
        pool_.reset();
        std::filesystem::remove_all(dir_);
    }

    ArticleId Add(const std::string& uri, const std::string& headline, bool premium = false) {
        store::NewArticleVersion v;
        v.uri = uri;
        v.wire_version = "1";
        v.version_created = At(kNov16);
        v.section = "world";
        v.slug = "story";
        v.premium = premium;
        v.content.headline = headline;
        v.content.standfirst = "Standfirst of " + uri;
        v.content.body_html = "<p>One.</p><p>Two.</p><p>Three.</p><p>Four.</p><p>" + std::string(kPremiumBody) + "</p>";
        auto result = store_->Upsert(v, At(kNov16));
        EXPECT_TRUE(result.has_value());
        return result->id;
    }

    http::Response Get(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {}) {
        http::Request request;
        request.method = "GET";
        request.path = path;
        request.target = path;
        for (auto& header : headers) request.headers.push_back(std::move(header));
        return site_->Handle(request);
    }

    static std::string Body(const http::Response& response) { return response.body ? *response.body : ""; }

    std::filesystem::path dir_;
    FixedClock clock_{At(kNov16 + 3600)};
    std::unique_ptr<store::sqlite::ConnectionPool> pool_;
    std::unique_ptr<store::sqlite::SqliteArticleStore> store_;
    std::unique_ptr<Templates> templates_;
    std::unique_ptr<http::StaticFiles> static_files_;
    std::unique_ptr<Syndication> syndication_;
    std::unique_ptr<Site> site_;
};

TEST_F(SiteTest, APageIsRenderedOnceUntilTheStoreChanges) {
    Add("urn:a", "First story");
    http::Response first = Get("/");
    ASSERT_EQ(first.status, 200);
    http::Response second = Get("/");
    EXPECT_EQ(first.body.get(), second.body.get());  // The same rendering, shared.
    EXPECT_EQ(site_->CacheStats().hits, 1u);

    Add("urn:b", "Second story");
    http::Response third = Get("/");
    EXPECT_NE(Body(third).find("Second story"), std::string::npos);
    EXPECT_NE(first.body.get(), third.body.get());
}

TEST_F(SiteTest, ReaderClassesAreCachedApartAndPremiumFailsClosed) {
    ArticleId id = Add("urn:p", "A premium story", /*premium=*/true);
    std::string path = Site::ArticlePath("world", "story", id);
    // No resolver: an anonymous visitor, who may not read premium stories, and sees ads.
    http::Response anonymous = Get(path);
    ASSERT_EQ(anonymous.status, 200);
    EXPECT_EQ(Body(anonymous).find(kPremiumBody), std::string::npos);
    EXPECT_NE(Body(anonymous).find("ad ad--top"), std::string::npos);
    EXPECT_EQ(anonymous.GetHeader("Cache-Control"), "public, max-age=60");

    site_->SetReaderResolver([](const http::Request& request) {
        ReaderContext reader;
        if (request.Header("Cookie") == "session=subscriber") {
            reader.cache_class = "subscriber";
            reader.ad_free = true;
            reader.may_read_premium = true;
        }
        return reader;
    });
    http::Response subscriber = Get(path, {{"Cookie", "session=subscriber"}});
    EXPECT_NE(Body(subscriber).find(kPremiumBody), std::string::npos);
    EXPECT_EQ(Body(subscriber).find("ad ad--"), std::string::npos);  // Ad-free: no slots at all.
    // The subscriber's page never reaches a visitor, though both are cached.
    http::Response again = Get(path);
    EXPECT_EQ(Body(again).find(kPremiumBody), std::string::npos);
    EXPECT_EQ(again.body.get(), anonymous.body.get());
}

TEST_F(SiteTest, PersonalPagesAreNeitherCachedNorShared) {
    Add("urn:a", "First story");
    site_->SetReaderResolver([](const http::Request&) {
        ReaderContext reader;
        reader.cache_class.clear();
        return reader;
    });
    http::Response one = Get("/");
    http::Response two = Get("/");
    EXPECT_EQ(one.GetHeader("Cache-Control"), "private, no-cache");
    EXPECT_NE(one.body.get(), two.body.get());
    EXPECT_EQ(site_->CacheStats().entries, 0u);
}

TEST_F(SiteTest, TheInArticleAdAndTheRelatedLinkSitBetweenParagraphs) {
    Add("urn:a", "The story before");
    ArticleId id = Add("urn:b", "The story");
    std::string body = Body(Get(Site::ArticlePath("world", "story", id)));
    size_t three = body.find("<p>Three.</p>");
    size_t ad = body.find("ad ad--article");
    size_t four = body.find("<p>Four.</p>");
    size_t related = body.find("Also read");
    ASSERT_NE(three, std::string::npos);
    ASSERT_NE(ad, std::string::npos);
    ASSERT_NE(related, std::string::npos);
    EXPECT_LT(three, ad);
    EXPECT_LT(ad, four);
    EXPECT_NE(body.find("The story before</a>", related), std::string::npos);
    EXPECT_NE(body.find("https://x.com/intent/post?url=https%3A%2F%2Fnews.example%2Fworld%2Fstory-"), std::string::npos);
}

TEST_F(SiteTest, CompressedRepresentationsHaveTheirOwnValidators) {
    for (int i = 0; i < 12; ++i) Add("urn:" + std::to_string(i), "Story number " + std::to_string(i));
    http::Response br = Get("/world", {{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_EQ(br.status, 200);
    EXPECT_EQ(br.GetHeader("Content-Encoding"), "br");
    EXPECT_EQ(br.GetHeader("Vary"), "Accept-Encoding");
    EXPECT_EQ(br.GetHeader("Last-Modified"), "Sat, 16 Nov 2024 10:27:00 GMT");
    std::string etag(br.GetHeader("ETag"));
    EXPECT_TRUE(etag.ends_with("-br\"")) << etag;

    http::Response not_modified = Get("/world", {{"Accept-Encoding", "br"}, {"If-None-Match", etag}});
    EXPECT_EQ(not_modified.status, 304);
    EXPECT_EQ(not_modified.body, nullptr);
    http::Response plain = Get("/world");
    EXPECT_EQ(plain.GetHeader("Content-Encoding"), "");
    EXPECT_GT(plain.body->size(), br.body->size() * 3);
}

TEST_F(SiteTest, PaginatedListsLinkTheirNeighboursInTheHead) {
    for (int i = 0; i < 25; ++i) Add("urn:" + std::to_string(i), "Story number " + std::to_string(i));
    std::string first = Body(Get("/world"));
    EXPECT_NE(first.find("<link rel=\"next\" href=\"/world?page=2\">"), std::string::npos);
    EXPECT_EQ(first.find("<link rel=\"prev\""), std::string::npos);
    http::Request second_page;
    second_page.method = "GET";
    second_page.path = "/world";
    second_page.query = "page=2";
    second_page.target = "/world?page=2";
    std::string second = Body(site_->Handle(second_page));
    EXPECT_NE(second.find("<link rel=\"prev\" href=\"/world\">"), std::string::npos);
    EXPECT_EQ(second.find("<link rel=\"next\""), std::string::npos);
    EXPECT_NE(second.find("<link rel=\"canonical\" href=\"https://news.example/world?page=2\">"), std::string::npos);
}

TEST_F(SiteTest, AddedRoutesServeEveryMethodAndPersonalPagesAreNeverCached) {
    int calls = 0;
    site_->AddRoute("/account", [&](const http::Request& request, const ReaderContext& reader) {
        ++calls;
        PageView frame = site_->PageFrame("Your account", "", "/account", reader);
        nlohmann::json content = {{"heading", request.method + " " + request.path}, {"empty", ""}};
        return http::Response::Html(200, site_->templates().RenderJson(frame, "error", content));
    });
    http::Response get = Get("/account");
    http::Response again = Get("/account/devices");
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(get.GetHeader("Cache-Control"), "private, no-store");
    EXPECT_NE(Body(get).find("<title>Your account</title>"), std::string::npos);
    EXPECT_EQ(site_->CacheStats().entries, 0u);
    http::Request post;
    post.method = "POST";
    post.path = "/account/devices";
    post.target = post.path;
    EXPECT_EQ(site_->Handle(post).status, 200);
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(Get("/accounts").status, 404);  // A prefix matches whole path segments only.
    EXPECT_EQ(calls, 3);

    site_->AddRoute("/subscribe", [&](const http::Request&, const ReaderContext&) {
        ++calls;
        return http::Response::Html(200, "<p>Plans</p>");
    }, Site::RouteCaching::kShared);
    Get("/subscribe");
    Get("/subscribe");
    EXPECT_EQ(calls, 4);  // Rendered once, then from the page cache.
}

// An in-memory meter for signed-in readers.
class FakeMeterStore final : public store::MeterStore {
public:
    Result<std::vector<int64_t>> ReadIn(ReaderId reader, const std::string& month) const override {
        std::vector<int64_t> ids;
        for (const auto& [r, m, a] : reads_) {
            if (r == reader.value && m == month) ids.push_back(a);
        }
        return ids;
    }
    Result<void> Record(ReaderId reader, const std::string& month, ArticleId article, Timestamp) override {
        reads_.insert({reader.value, month, article.value});
        return {};
    }
    std::set<std::tuple<int64_t, std::string, int64_t>> reads_;
};

class PaywallGateTest : public SiteTest {
protected:
    void Install(int free_per_month) {
        PaywallGateOptions options;
        options.resolve_session = [](std::string_view token) -> std::optional<SessionInfo> {
            if (token == "subscriber-token") return SessionInfo{ReaderId{1}, "s@example.com", "sess-1"};
            if (token == "reader-token") return SessionInfo{ReaderId{2}, "r@example.com", "sess-2"};
            return std::nullopt;
        };
        options.subscriptions = [this](ReaderId id) {
            std::vector<Subscription> subs;
            if (id.value == 1) {
                Subscription s;
                s.plan_id = "essential";
                s.status = SubscriptionStatus::kActive;
                s.started = At(kNov16 - 86400);
                s.period_end = At(kNov16 + 365 * 86400);
                subs.push_back(s);
            }
            return subs;
        };
        options.csrf_token = [](std::string_view session) { return "csrf-" + std::string(session); };
        options.meter_store = &meter_;
        options.secret = std::string(32, 's');
        options.plans = {Plan{"essential", "Smart Essential", Money{270000, "INR"}, 12, std::nullopt,
                              {"premium-stories", "ad-free"}}};
        options.perks = {{"premium-stories", "Premium", "", 0}, {"ad-free", "Ad-free", "", 0}};
        options.free_per_month = free_per_month;
        options.registration_bonus = 0;
        options.clock = &clock_;
        gate_ = std::make_unique<PaywallGate>(std::move(options));
        site_->SetReaderResolver([this](const http::Request& r) { return gate_->Resolve(r); });
        site_->SetArticleAccess([this](const http::Request& r, const ReaderContext& reader, const Article& a) {
            return gate_->Access(r, reader, a);
        });
    }
    FakeMeterStore meter_;
    std::unique_ptr<PaywallGate> gate_;
};

TEST_F(PaywallGateTest, AVisitorsMeterCountsEachStoryOnceThenShowsTheTeaser) {
    Install(1);
    ArticleId first = Add("urn:p1", "Premium one", true);
    ArticleId second = Add("urn:p2", "Premium two", true);
    http::Response read = Get(Site::ArticlePath("world", "story", first));
    EXPECT_NE(Body(read).find(kPremiumBody), std::string::npos);
    EXPECT_EQ(read.GetHeader("Cache-Control"), "private, no-store");
    std::string cookie(read.GetHeader("Set-Cookie"));
    ASSERT_TRUE(cookie.starts_with("bs_meter=")) << cookie;
    std::string value = cookie.substr(0, cookie.find(';'));
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);

    // The same story again: still free, not counted twice.
    http::Response again = Get(Site::ArticlePath("world", "story", first), {{"Cookie", value}});
    EXPECT_NE(Body(again).find(kPremiumBody), std::string::npos);
    EXPECT_EQ(again.GetHeader("Set-Cookie"), "");
    // Another story: the meter is spent. The teaser has the first paragraph only.
    http::Response teaser = Get(Site::ArticlePath("world", "story", second), {{"Cookie", value}});
    EXPECT_EQ(Body(teaser).find(kPremiumBody), std::string::npos);
    EXPECT_NE(Body(teaser).find("<p>One.</p>"), std::string::npos);
    EXPECT_EQ(Body(teaser).find("<p>Two.</p>"), std::string::npos);
    EXPECT_NE(Body(teaser).find("free premium story this month"), std::string::npos);
    // A forged cookie is no meter at all: the fresh visitor reads, and never more than the limit.
    std::string forged = "bs_meter=" + value.substr(9, 8) + ".AAAA";
    EXPECT_NE(Body(Get(Site::ArticlePath("world", "story", second), {{"Cookie", forged}})).find(kPremiumBody),
              std::string::npos);
    EXPECT_EQ(site_->CacheStats().entries, 0u);  // No metered page was kept.
}

TEST_F(PaywallGateTest, SubscribersReadEverythingWithoutAdsAndSignedInReadersHaveAStoredMeter) {
    Install(1);
    ArticleId first = Add("urn:p1", "Premium one", true);
    ArticleId second = Add("urn:p2", "Premium two", true);
    http::Response subscriber = Get(Site::ArticlePath("world", "story", second), {{"Cookie", "bs_session=subscriber-token"}});
    EXPECT_NE(Body(subscriber).find(kPremiumBody), std::string::npos);
    EXPECT_EQ(Body(subscriber).find("ad ad--"), std::string::npos);
    EXPECT_EQ(subscriber.GetHeader("Cache-Control"), "private, no-cache");  // Never in a CDN.

    http::Response reader = Get(Site::ArticlePath("world", "story", first), {{"Cookie", "bs_session=reader-token"}});
    EXPECT_NE(Body(reader).find(kPremiumBody), std::string::npos);
    EXPECT_EQ(meter_.reads_.size(), 1u);
    http::Response spent = Get(Site::ArticlePath("world", "story", second), {{"Cookie", "bs_session=reader-token"}});
    EXPECT_EQ(Body(spent).find(kPremiumBody), std::string::npos);
    // A session cookie nobody knows is a visitor.
    http::Response stranger = Get(Site::ArticlePath("world", "story", second), {{"Cookie", "bs_session=nope"}});
    EXPECT_NE(Body(stranger).find(kPremiumBody), std::string::npos);  // A visitor's first free story.
}

TEST_F(PaywallGateTest, TheJsonApiGoesThroughTheSameDecision) {
    Install(0);  // No free stories: visitors get teasers.
    ArticleId id = Add("urn:p1", "Premium one", true);
    std::string path = "/api/v1/articles/" + std::to_string(id.value);
    http::Response visitor = Get(path);
    ASSERT_EQ(visitor.status, 200);
    EXPECT_EQ(visitor.GetHeader("Content-Type"), "application/json");
    auto teaser = nlohmann::json::parse(Body(visitor));
    EXPECT_EQ(teaser["access"], "teaser");
    EXPECT_FALSE(teaser.contains("body_html"));
    EXPECT_EQ(teaser["teaser_html"], "<p>One.</p>");
    EXPECT_EQ(Body(visitor).find(kPremiumBody), std::string::npos);

    auto full = nlohmann::json::parse(Body(Get(path, {{"Cookie", "bs_session=subscriber-token"}})));
    EXPECT_EQ(full["access"], "full");
    EXPECT_NE(full["body_html"].get<std::string>().find(kPremiumBody), std::string::npos);
    EXPECT_EQ(Get("/api/v1/articles/x").status, 404);
    EXPECT_EQ(Get("/api/v1/articles/999").status, 404);
}

TEST_F(SiteTest, ErrorsAreNotCached) {
    EXPECT_EQ(Get("/no-such-page").status, 404);
    EXPECT_EQ(Get("/no-such-page").status, 404);
    EXPECT_EQ(site_->CacheStats().entries, 0u);
}

}  // namespace
}  // namespace broadsheet::site
