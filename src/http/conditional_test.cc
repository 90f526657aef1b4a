#include "http/conditional.h"

#include <gtest/gtest.h>

namespace broadsheet::http {
namespace {

Request Get(std::vector<std::pair<std::string, std::string>> headers) {
    Request request;
    request.method = "GET";
    request.path = "/";
    request.headers = std::move(headers);
    return request;
}

Response Page() {
    Response response = Response::Html(200, "<p>page</p>");
    response.SetHeader("Last-Modified", "Sat, 16 Nov 2024 10:27:00 GMT");
    return response;
}

TEST(ApplyConditionalTest, GivesAStrongEtagFromTheBody) {
    Response a = Page(), b = Page(), c = Response::Html(200, "<p>other</p>");
    ApplyConditional(Get({}), a);
    ApplyConditional(Get({}), b);
    ApplyConditional(Get({}), c);
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.GetHeader("ETag").size(), 18u);
    EXPECT_EQ(a.GetHeader("ETag"), b.GetHeader("ETag"));
    EXPECT_NE(a.GetHeader("ETag"), c.GetHeader("ETag"));
}

TEST(ApplyConditionalTest, IfNoneMatchGivesNotModified) {
    Response first = Page();
    ApplyConditional(Get({}), first);
    std::string etag(first.GetHeader("ETag"));
    for (const std::string& header : {etag, "W/" + etag, "\"x\", " + etag, std::string("*")}) {
        Response again = Page();
        ApplyConditional(Get({{"If-None-Match", header}}), again);
        EXPECT_EQ(again.status, 304) << header;
        EXPECT_EQ(again.body, nullptr);
        EXPECT_EQ(again.GetHeader("ETag"), etag);
        EXPECT_EQ(again.GetHeader("Content-Type"), "");
    }
    Response changed = Page();
    ApplyConditional(Get({{"If-None-Match", "\"0000000000000000\""}}), changed);
    EXPECT_EQ(changed.status, 200);
}

TEST(ApplyConditionalTest, IfModifiedSinceWhenThereIsNoIfNoneMatch) {
    Response same = Page();
    ApplyConditional(Get({{"If-Modified-Since", "Sat, 16 Nov 2024 10:27:00 GMT"}}), same);
    EXPECT_EQ(same.status, 304);
    Response older = Page();
    ApplyConditional(Get({{"If-Modified-Since", "Fri, 15 Nov 2024 10:27:00 GMT"}}), older);
    EXPECT_EQ(older.status, 200);
    Response garbage = Page();
    ApplyConditional(Get({{"If-Modified-Since", "yesterday"}}), garbage);
    EXPECT_EQ(garbage.status, 200);
    // If-None-Match wins over If-Modified-Since.
    Response both = Page();
    ApplyConditional(Get({{"If-None-Match", "\"nope\""}, {"If-Modified-Since", "Sat, 16 Nov 2024 10:27:00 GMT"}}),
                     both);
    EXPECT_EQ(both.status, 200);
}

TEST(ApplyConditionalTest, LeavesOtherMethodsAndStatusesAlone) {
    Request post = Get({{"If-None-Match", "*"}});
    post.method = "POST";
    Response response = Page();
    ApplyConditional(post, response);
    EXPECT_EQ(response.status, 200);
    Response missing = Response::Html(404, "nope");
    ApplyConditional(Get({{"If-None-Match", "*"}}), missing);
    EXPECT_EQ(missing.status, 404);
}

}  // namespace
}  // namespace broadsheet::http
