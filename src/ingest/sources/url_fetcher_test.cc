// CurlFetcher against a real HTTP server on 127.0.0.1.
#include "ingest/sources/url_fetcher.h"

#include <gtest/gtest.h>

#include <thread>

#include "http/server.h"

namespace broadsheet::ingest {
namespace {

class CurlFetcherTest : public ::testing::Test {
protected:
    void SetUp() override {
        http::ServerOptions options;
        options.port = 0;
        options.threads = 1;
        options.access_log = false;
        server_ = std::make_unique<http::Server>(options, [](const http::Request& request) {
            if (request.path == "/picture.jpg") return http::Response::Text(200, "\xFF\xD8\xFFpicture", "image/jpeg");
            if (request.path == "/big") return http::Response::Text(200, std::string(100000, 'x'));
            if (request.path == "/moved") return http::Response::Redirect(302, "/picture.jpg");
            return http::Response::Text(404, "not here");
        });
        ASSERT_TRUE(server_->Listen().has_value());
        thread_ = std::thread([this] { server_->Run(false); });
        base_ = "http://127.0.0.1:" + std::to_string(server_->port());
    }
    void TearDown() override {
        server_->Stop();
        thread_.join();
    }

    CurlFetcher fetcher_;
    std::unique_ptr<http::Server> server_;
    std::thread thread_;
    std::string base_;
};

TEST_F(CurlFetcherTest, FetchesTheBody) {
    auto body = fetcher_.Fetch(base_ + "/picture.jpg", 1024, std::chrono::seconds(5));
    ASSERT_TRUE(body.has_value()) << body.error().message;
    EXPECT_EQ(*body, "\xFF\xD8\xFFpicture");
}

TEST_F(CurlFetcherTest, FollowsRedirects) {
    auto body = fetcher_.Fetch(base_ + "/moved", 1024, std::chrono::seconds(5));
    ASSERT_TRUE(body.has_value()) << body.error().message;
    EXPECT_EQ(*body, "\xFF\xD8\xFFpicture");
}

TEST_F(CurlFetcherTest, ErrorStatusIsAnError) {
    auto body = fetcher_.Fetch(base_ + "/missing.jpg", 1024, std::chrono::seconds(5));
    ASSERT_FALSE(body.has_value());
    EXPECT_NE(body.error().message.find("HTTP status 404"), std::string::npos) << body.error().message;
}

TEST_F(CurlFetcherTest, StopsAtTheSizeLimit) {
    auto body = fetcher_.Fetch(base_ + "/big", 1000, std::chrono::seconds(5));
    ASSERT_FALSE(body.has_value());
    EXPECT_EQ(body.error().code, ErrorCode::kTooLarge);
}

TEST_F(CurlFetcherTest, RefusesOtherSchemes) {
    for (const char* url : {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "/etc/passwd"}) {
        auto body = fetcher_.Fetch(url, 1024, std::chrono::seconds(5));
        ASSERT_FALSE(body.has_value()) << url;
        EXPECT_EQ(body.error().code, ErrorCode::kUnsupported) << url;
    }
}

TEST_F(CurlFetcherTest, ConnectionRefusedIsAnError) {
    auto body = fetcher_.Fetch("http://127.0.0.1:1/x", 1024, std::chrono::seconds(5));
    ASSERT_FALSE(body.has_value());
    EXPECT_EQ(body.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace broadsheet::ingest
