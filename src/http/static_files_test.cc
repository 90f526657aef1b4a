#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <regex>

namespace broadsheet::http {
namespace {

namespace fs = std::filesystem;

/// A scratch directory tree, removed at the end of the test:
///   <dir>/secret.txt            outside every root
///   <dir>/static/site.css, js/app.js, .hidden
///   <dir>/media/a.jpg, sub/b.webp, inside.jpg -> a.jpg, escape.txt -> ../secret.txt
class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("broadsheet_http_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        Write("secret.txt", "top secret");
        Write("static/site.css", "body { margin: 0 }");
        Write("static/js/app.js", "console.log(1);");
        Write("static/.hidden", "no");
        Write("media/a.jpg", "JPEG");
        Write("media/sub/b.webp", "WEBP");
        fs::create_symlink("a.jpg", dir_ / "media/inside.jpg");
        fs::create_symlink("../secret.txt", dir_ / "media/escape.txt");
    }
    void TearDown() override { fs::remove_all(dir_); }

    void Write(const std::string& relative, const std::string& content) {
        const fs::path path = dir_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << content;
    }

    static Request Get(std::string path) {
        Request request;
        request.method = "GET";
        request.path = std::move(path);
        return request;
    }

    fs::path dir_;
};

TEST_F(StaticFilesTest, ServesFingerprintedNamesAsImmutable) {
    auto files = StaticFiles::Load(dir_ / "static", "/static/");
    ASSERT_TRUE(files) << files.error().message;
    EXPECT_EQ(files->size(), 2u);  // .hidden is skipped.
    const std::string url = files->Url("site.css");
    EXPECT_TRUE(std::regex_match(url, std::regex("/static/site\\.[0-9a-f]{8}\\.css"))) << url;
    EXPECT_TRUE(
        std::regex_match(files->Url("js/app.js"), std::regex("/static/js/app\\.[0-9a-f]{8}\\.js")));
    EXPECT_EQ(files->Url("missing.css"), "/static/missing.css");

    const std::optional<Response> response = files->Serve(Get(url));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->GetHeader("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(response->GetHeader("Content-Type"), "text/css; charset=utf-8");
    EXPECT_FALSE(response->GetHeader("ETag").empty());
    ASSERT_NE(response->body, nullptr);
    EXPECT_EQ(*response->body, "body { margin: 0 }");

    const std::optional<Response> plain = files->Serve(Get("/static/site.css"));
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->GetHeader("Cache-Control"), "public, max-age=300");
    EXPECT_EQ(plain->body, response->body);  // The same shared bytes.
}

TEST_F(StaticFilesTest, AnswersNotModifiedOnMatchingEtag) {
    auto files = StaticFiles::Load(dir_ / "static", "static");
    ASSERT_TRUE(files);
    const std::string url = files->Url("site.css");
    const std::string etag(files->Serve(Get(url))->GetHeader("ETag"));
    for (const std::string& header : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
        Request request = Get(url);
        request.headers.emplace_back("If-None-Match", header);
        const std::optional<Response> response = files->Serve(request);
        ASSERT_TRUE(response);
        EXPECT_EQ(response->status, 304) << header;
        EXPECT_EQ(response->body, nullptr);
        EXPECT_EQ(response->GetHeader("ETag"), etag);
    }
    Request other = Get(url);
    other.headers.emplace_back("If-None-Match", "\"other\"");
    EXPECT_EQ(files->Serve(other)->status, 200);
}

TEST_F(StaticFilesTest, ServesNothingElse) {
    auto files = StaticFiles::Load(dir_ / "static", "/static/");
    ASSERT_TRUE(files);
    const std::string kPaths[] = {
        "/static/../secret.txt",
        "/static/js/../../secret.txt",
        *PercentDecode("/static/%2e%2e/secret.txt", false),
        *PercentDecode("/static/site.css%00", false),
        "/static//site.css",
        "/static/.hidden",
        "/static/",
        "/static/missing.css",
        "/other/site.css",
        "/static/site.00000000.css",
    };
    for (const std::string& path : kPaths) EXPECT_FALSE(files->Serve(Get(path))) << path;
    Request post = Get("/static/site.css");
    post.method = "POST";
    EXPECT_FALSE(files->Serve(post));
}

TEST_F(StaticFilesTest, LoadFailsWithoutDirectory) {
    auto files = StaticFiles::Load(dir_ / "nope", "/static/");
    ASSERT_FALSE(files);
    EXPECT_EQ(files.error().code, ErrorCode::kNotFound);
}

TEST_F(StaticFilesTest, ServeFileBelowServesFilesUnderRoot) {
    const fs::path root = dir_ / "media";
    const Response jpeg = ServeFileBelow(root, "a.jpg", "public, max-age=3600");
    EXPECT_EQ(jpeg.status, 200);
    EXPECT_EQ(jpeg.GetHeader("Content-Type"), "image/jpeg");
    EXPECT_EQ(jpeg.GetHeader("Cache-Control"), "public, max-age=3600");
    ASSERT_NE(jpeg.body, nullptr);
    EXPECT_EQ(*jpeg.body, "JPEG");
    EXPECT_EQ(ServeFileBelow(root, "sub/b.webp", "x").GetHeader("Content-Type"), "image/webp");
    EXPECT_EQ(ServeFileBelow(root, "inside.jpg", "x").status, 200);
}

TEST_F(StaticFilesTest, ServeFileBelowRejectsTraversal) {
    const fs::path root = dir_ / "media";
    const std::string kRelatives[] = {
        "../secret.txt",
        "sub/../../secret.txt",
        "/etc/passwd",
        (dir_ / "secret.txt").string(),
        std::string("a.jpg\0.txt", 10),
        "escape.txt",
        "..\\secret.txt",
        "missing.jpg",
        "sub",
        "",
    };
    for (const std::string& relative : kRelatives) {
        const Response response = ServeFileBelow(root, relative, "x");
        EXPECT_EQ(response.status, 404) << relative;
        EXPECT_TRUE(response.body == nullptr || response.body->find("secret") == std::string::npos);
    }
}

TEST(ContentTypeTest, MapsExtensions) {
    struct Case {
        std::string_view name;
        std::string_view type;
    };
    constexpr Case kCases[] = {
        {"site.css", "text/css; charset=utf-8"},
        {"app.JS", "application/javascript; charset=utf-8"},
        {"a.jpeg", "image/jpeg"},
        {"a.jpg", "image/jpeg"},
        {"a.webp", "image/webp"},
        {"logo.svg", "image/svg+xml"},
        {"f.woff2", "font/woff2"},
        {"README", "application/octet-stream"},
        {"a.unknown", "application/octet-stream"},
    };
    for (const Case& c : kCases) EXPECT_EQ(ContentTypeFor(c.name), c.type) << c.name;
}

}  // namespace
}  // namespace broadsheet::http
