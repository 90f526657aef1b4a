// Shared by the feed source tests: a publisher and a feed store on a temporary database.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "ingest/publisher.h"
#include "ingest/sources/url_fetcher.h"
#include "media/media_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"
#include "store/sqlite/sqlite_feed_store.h"

namespace broadsheet::ingest::testing {

inline constexpr Timestamp kNov16{std::chrono::seconds{1731752820}};  // 2024-11-16T10:27:00Z

/// A small ninjs story with `uri`, `version` and `headline`, optionally with a picture href.
inline std::string NinjsStory(const std::string& uri, const std::string& version, const std::string& headline,
                              const std::string& picture_href = "") {
    std::string picture;
    if (!picture_href.empty()) {
        picture = R"(, "associations": [{"name": "featureimage", "type": "picture", "uri": "urn:test:picture",
            "headlines": [{"role": "alternativeText", "value": "A flag"}], "renditions": [{"name": "original",
            "href": ")" + picture_href + R"(", "contenttype": "image/png", "width": 1200, "height": 675}]}])";
    }
    return R"({"standard": {"name": "ninjs", "version": "2.1"}, "uri": ")" + uri + R"(", "type": "text",
        "version": ")" + version + R"(", "versioncreated": "2024-11-16T10:27:00Z",
        "headlines": [{"role": "main", "value": ")" + headline + R"("}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Kyiv, Saturday. The text.</p>"}])" +
           picture + "}";
}

/// The first bytes of a PNG, enough for the media store to accept it.
inline std::string TinyPng() {
    return std::string("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\x04\xB0\0\0\x02\xA3\x08\x02\0\0\0", 29);
}

inline void WriteFile(const std::filesystem::path& path, std::string_view text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

inline std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Writes `path` and dates it `age` ago, so a drop folder scan sees it as settled.
inline void WriteSettledFile(const std::filesystem::path& path, std::string_view text,
                             std::chrono::seconds age = std::chrono::seconds(10)) {
    WriteFile(path, text);
    std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now() - age);
}

/// A fixture with a temporary dir, a migrated SQLite database, and a Publisher and FeedStore
/// on it. Sections: world, markets.
class SourcesTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("bs-sources-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        auto pool = store::sqlite::ConnectionPool::Open(dir_ / "db.sqlite", 3);
        ASSERT_TRUE(pool.has_value()) << pool.error().message;
        pool_ = std::move(*pool);
        {
            auto db = pool_->Acquire();
            ASSERT_TRUE(store::sqlite::Migrate(*db).has_value());
        }
        articles_ = std::make_unique<store::sqlite::SqliteArticleStore>(*pool_);
        states_ = std::make_unique<store::sqlite::SqliteFeedStore>(*pool_);
        media_ = std::make_unique<media::MediaStore>(dir_ / "media");
        PublisherOptions options;
        options.sections = {{"world", "World"}, {"markets", "Markets"}};
        options.default_section = "world";
        publisher_ = std::make_unique<Publisher>(options, *articles_, *media_, fetcher_, clock_);
    }
    void TearDown() override {
        publisher_.reset();
        states_.reset();
        articles_.reset();
        pool_.reset();
        std::filesystem::remove_all(dir_);
    }

    /// The stored state of `feed_id` (a default one when none).
    store::FeedState State(const std::string& feed_id) const { return states_->Get(feed_id).value(); }

    std::filesystem::path dir_;
    FixedClock clock_{kNov16};
    CurlFetcher fetcher_;
    std::unique_ptr<store::sqlite::ConnectionPool> pool_;
    std::unique_ptr<store::ArticleStore> articles_;
    std::unique_ptr<store::FeedStore> states_;
    std::unique_ptr<media::MediaStore> media_;
    std::unique_ptr<Publisher> publisher_;
};

}  // namespace broadsheet::ingest::testing
