#include "api/ingest_push.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "ingest/publisher.h"
#include "ingest/sources/url_fetcher.h"
#include "media/media_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"

namespace broadsheet::api {
namespace {

constexpr const char* kSecret = "correct horse battery staple";
constexpr const char* kStory =
    R"({"uri":"urn:push:1","version":"1","headline":"Pushed story","body_html":"<p>Pushed words</p>"})";

class IngestPushTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("bs-push-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        pool_ = std::move(*store::sqlite::ConnectionPool::Open(dir_ / "db.sqlite", 2));
        {
            auto db = pool_->Acquire();
            ASSERT_TRUE(store::sqlite::Migrate(*db).has_value());
        }
        articles_ = std::make_unique<store::sqlite::SqliteArticleStore>(*pool_);
        media_ = std::make_unique<media::MediaStore>(dir_ / "media");
        ingest::PublisherOptions options;
        options.sections = {{"world", "World"}, {"markets", "Markets"}};
        options.default_section = "world";
        publisher_ = std::make_unique<ingest::Publisher>(options, *articles_, *media_, fetcher_, clock_);
        feeds_ = {ingest::FeedConfig{.id = "wire", .format = "ninjs", .section = "markets", .secret = kSecret},
                  ingest::FeedConfig{.id = "pollonly", .url = "https://example.invalid/feed"}};
        push_ = std::make_unique<IngestPush>(feeds_, *publisher_, 1 << 20);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    http::Response Post(const std::string& path, const std::string& body, const std::string& signature) const {
        http::Request request;
        request.method = "POST";
        request.path = path;
        request.target = path;
        request.body = body;
        request.remote_address = "127.0.0.1";
        request.request_id = "test";
        if (!signature.empty()) request.headers.emplace_back(std::string(kSignatureHeader), signature);
        return push_->Handle(request);
    }

    std::filesystem::path dir_;
    ingest::CurlFetcher fetcher_;
    FixedClock clock_{Timestamp{std::chrono::seconds{1731752820}}};
    std::unique_ptr<store::sqlite::ConnectionPool> pool_;
    std::unique_ptr<store::ArticleStore> articles_;
    std::unique_ptr<media::MediaStore> media_;
    std::unique_ptr<ingest::Publisher> publisher_;
    std::vector<ingest::FeedConfig> feeds_;
    std::unique_ptr<IngestPush> push_;
};

TEST_F(IngestPushTest, SignedPushIsPublishedInTheFeedsSection) {
    http::Response response = Post("/ingest/wire", kStory, SignBody(kSecret, kStory));
    ASSERT_EQ(response.status, 200) << *response.body;
    auto counts = nlohmann::json::parse(*response.body);
    EXPECT_EQ(counts["ingested"], 1);
    auto list = articles_->List(store::ListQuery{});
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].section, "markets");
    EXPECT_EQ((*list)[0].headline, "Pushed story");
}

TEST_F(IngestPushTest, MissingOrWrongSignaturesAreRefusedAndChangeNothing) {
    EXPECT_EQ(Post("/ingest/wire", kStory, "").status, 401);
    EXPECT_EQ(Post("/ingest/wire", kStory, SignBody("wrong secret", kStory)).status, 401);
    EXPECT_EQ(Post("/ingest/wire", kStory, "sha256=").status, 401);
    EXPECT_EQ(Post("/ingest/wire", kStory, "nonsense").status, 401);
    // A signature for other bytes: the body was tampered with.
    std::string tampered = std::string(kStory).replace(std::string(kStory).find("Pushed story"), 12, "Forged story");
    EXPECT_EQ(Post("/ingest/wire", tampered, SignBody(kSecret, kStory)).status, 401);
    EXPECT_EQ(articles_->Count().value(), 0);
}

TEST_F(IngestPushTest, UnknownFeedsAndFeedsWithoutSecretsAreNotFound) {
    EXPECT_EQ(Post("/ingest/nope", kStory, SignBody(kSecret, kStory)).status, 404);
    EXPECT_EQ(Post("/ingest/pollonly", kStory, SignBody("", kStory)).status, 404);
    EXPECT_EQ(Post("/ingest/", kStory, SignBody(kSecret, kStory)).status, 404);
}

TEST_F(IngestPushTest, OnlyPost) {
    http::Request request;
    request.method = "GET";
    request.path = "/ingest/wire";
    EXPECT_EQ(push_->Handle(request).status, 405);
}

TEST_F(IngestPushTest, ADocumentThatCannotGoInIs422WithTheReason) {
    std::string junk = "{\"headline\": \"no uri\"}";
    http::Response response = Post("/ingest/wire", junk, SignBody(kSecret, junk));
    EXPECT_EQ(response.status, 422);
    auto body = nlohmann::json::parse(*response.body);
    EXPECT_EQ(body["rejected"], 1);
    EXPECT_FALSE(body["rejections"][0].get<std::string>().empty());
}

TEST(SignBodyTest, IsHmacSha256InHex) {
    // RFC 4231 test case 2.
    EXPECT_EQ(SignBody("Jefe", "what do ya want for nothing?"),
              "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace broadsheet::api
