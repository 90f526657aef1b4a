#include "http/request.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "http/response.h"
#include "http/wire.h"

namespace broadsheet::http {
namespace {

TEST(PercentDecodeTest, DecodesEscapesAndRejectsMalformedOnes) {
    struct Case {
        std::string_view in;
        bool plus_is_space;
        std::optional<std::string> out;
    };
    const Case kCases[] = {
        {"abc", false, "abc"},        {"a%20b", false, "a b"},
        {"a+b", false, "a+b"},        {"a+b", true, "a b"},
        {"%2F%2f", false, "//"},      {"%E2%82%AC", false, "\xE2\x82\xAC"},
        {"%2e%2E", false, ".."},      {"", false, ""},
        {"%zz", false, std::nullopt}, {"%4", false, std::nullopt},
        {"%", false, std::nullopt},   {"abc%", false, std::nullopt},
        {"%g1", true, std::nullopt},
    };
    for (const Case& c : kCases) EXPECT_EQ(PercentDecode(c.in, c.plus_is_space), c.out) << c.in;
    EXPECT_EQ(PercentDecode("a%00b", false), std::string("a\0b", 3));
}

TEST(RequestTest, QueryParamFollowsFormUrlencodedRules) {
    Request request;
    request.query = "q=hello+world&empty=&flag&x=%zz&a=1&a=2&enc%20key=v%26w&&last=%C3%A9";
    EXPECT_EQ(request.QueryParam("q"), "hello world");
    EXPECT_EQ(request.QueryParam("empty"), "");
    EXPECT_EQ(request.QueryParam("flag"), "");
    EXPECT_EQ(request.QueryParam("x"), std::nullopt);
    EXPECT_EQ(request.QueryParam("a"), "1");
    EXPECT_EQ(request.QueryParam("enc key"), "v&w");
    EXPECT_EQ(request.QueryParam("last"), "\xC3\xA9");
    EXPECT_EQ(request.QueryParam("missing"), std::nullopt);
    EXPECT_EQ(Request{}.QueryParam("q"), std::nullopt);
}

TEST(RequestTest, HeaderLookupIgnoresCase) {
    Request request;
    request.headers = {{"Host", "example.org"}, {"X-Thing", "one"}, {"x-thing", "two"}};
    EXPECT_EQ(request.Header("host"), "example.org");
    EXPECT_EQ(request.Header("X-THING"), "one");
    EXPECT_EQ(request.Header("Accept"), "");
}

TEST(ResponseTest, SetHeaderReplacesEveryHeaderOfThatName) {
    Response response = Response::Text(200, "hi");
    EXPECT_EQ(response.GetHeader("content-type"), "text/plain; charset=utf-8");
    response.headers.emplace_back("Vary", "a");
    response.headers.emplace_back("vary", "b");
    response.SetHeader("VARY", "c");
    EXPECT_EQ(response.GetHeader("Vary"), "c");
    EXPECT_EQ(response.headers.size(), 2u);
    response.SetHeader("X-New", "1");
    EXPECT_EQ(response.GetHeader("x-new"), "1");
    ASSERT_NE(response.body, nullptr);
    EXPECT_EQ(*response.body, "hi");
}

TEST(ResponseTest, HtmlAndRedirect) {
    const Response html = Response::Html(404, "<p>no</p>");
    EXPECT_EQ(html.status, 404);
    EXPECT_EQ(html.GetHeader("Content-Type"), "text/html; charset=utf-8");
    const Response redirect = Response::Redirect(301, "/news/a-1");
    EXPECT_EQ(redirect.status, 301);
    EXPECT_EQ(redirect.GetHeader("Location"), "/news/a-1");
    EXPECT_EQ(redirect.body, nullptr);
}

TEST(WireTest, SplitTargetAcceptsOriginAndAbsoluteForms) {
    struct Case {
        std::string_view target;
        bool ok;
        std::string_view path;
        std::string_view query;
    };
    constexpr Case kCases[] = {
        {"/", true, "/", ""},
        {"/a/b?x=1&y", true, "/a/b", "x=1&y"},
        {"/a?", true, "/a", ""},
        {"http://example.org/a?b=c", true, "/a", "b=c"},
        {"HTTP://example.org", true, "/", ""},
        {"http://example.org?q", true, "/", "q"},
        {"*", false, "", ""},
        {"a/b", false, "", ""},
        {"ftp://example.org/", false, "", ""},
        {"", false, "", ""},
    };
    for (const Case& c : kCases) {
        const auto parts = wire::SplitTarget(c.target);
        ASSERT_EQ(parts.has_value(), c.ok) << c.target;
        if (!parts) continue;
        EXPECT_EQ(parts->path, c.path) << c.target;
        EXPECT_EQ(parts->query, c.query) << c.target;
    }
}

TEST(WireTest, FormatsImfFixdate) {
    const auto time = std::chrono::system_clock::time_point(std::chrono::seconds(784111777));
    EXPECT_EQ(wire::FormatHttpDate(time), "Sun, 06 Nov 1994 08:49:37 GMT");
    const auto leap = std::chrono::system_clock::time_point(std::chrono::seconds(1709208000));
    EXPECT_EQ(wire::FormatHttpDate(leap), "Thu, 29 Feb 2024 12:00:00 GMT");
    wire::DateCache cache;
    EXPECT_EQ(cache.Now().size(), 29u);
}

TEST(WireTest, ResponseHeadOwnsFramingAndDropsInjectedHeaders) {
    std::string head;
    wire::HeadOptions options;
    options.date = "Sun, 06 Nov 1994 08:49:37 GMT";
    options.content_length = 5;
    options.close = true;
    const std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Type", "text/plain"},     {"Content-Length", "99"}, {"Connection", "keep-alive"},
        {"X-Evil", "a\r\nSet-Cookie: x=1"}, {"Bad Name", "v"},        {"Server", "Custom"},
    };
    EXPECT_EQ(wire::AppendResponseHead(head, 404, headers, options), 2u);
    EXPECT_EQ(head,
              "HTTP/1.1 404 Not Found\r\n"
              "Content-Type: text/plain\r\n"
              "Server: Custom\r\n"
              "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
              "Content-Length: 5\r\n"
              "Connection: close\r\n"
              "\r\n");
}

TEST(WireTest, RequestIdsAreShortAndDistinct) {
    wire::RequestIdGenerator ids(42);
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = ids.Next();
        EXPECT_EQ(id.size(), 12u);
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace broadsheet::http

namespace broadsheet::http {
namespace {

TEST(RequestFormTest, ReadsUrlEncodedBodiesOnly) {
    Request request;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"}};
    request.body = "email=a%40b.example&password=p+w%26d&empty=&flag";
    EXPECT_EQ(request.FormParam("email"), "a@b.example");
    EXPECT_EQ(request.FormParam("password"), "p w&d");
    EXPECT_EQ(request.FormParam("empty"), "");
    EXPECT_EQ(request.FormParam("flag"), "");
    EXPECT_EQ(request.FormParam("missing"), std::nullopt);
    request.headers = {{"Content-Type", "application/json"}};
    EXPECT_EQ(request.FormParam("email"), std::nullopt);
}

TEST(RequestCookieTest, FindsCookiesAcrossHeaders) {
    Request request;
    request.headers = {{"cookie", "a=1; session=abc.def"}, {"Cookie", "b=\"quoted\";c=3"}};
    EXPECT_EQ(request.Cookie("session"), "abc.def");
    EXPECT_EQ(request.Cookie("a"), "1");
    EXPECT_EQ(request.Cookie("b"), "quoted");
    EXPECT_EQ(request.Cookie("c"), "3");
    EXPECT_EQ(request.Cookie("sess"), std::nullopt);
    EXPECT_EQ(Request{}.Cookie("a"), std::nullopt);
}

TEST(SetCookieTest, WritesTheSafeAttributes) {
    Response response;
    SetCookie(response, "bs_session", "tok-123", CookieOptions{});
    CookieOptions gone;
    gone.max_age_seconds = 0;
    gone.secure = true;
    SetCookie(response, "bs_meter", "", gone);
    ASSERT_EQ(response.headers.size(), 2u);
    EXPECT_EQ(response.headers[0].second, "bs_session=tok-123; Path=/; HttpOnly; SameSite=Lax");
    EXPECT_EQ(response.headers[1].second, "bs_meter=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
}

}  // namespace
}  // namespace broadsheet::http
