#include "site/page_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace broadsheet::site {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

http::Response HtmlOf(size_t bytes) {
    std::string body;
    while (body.size() < bytes) body += "<p>Japan's foreign minister arrived in Kyiv on Saturday.</p>\n";
    body.resize(bytes);
    return http::Response::Html(200, body);
}

std::shared_ptr<const RenderedPage> PageOf(size_t bytes) { return RenderedPage::Make(HtmlOf(bytes)); }

TEST(RenderedPageTest, ServesTheBestEncodingTheClientAccepts) {
    auto page = PageOf(20000);
    http::Response identity = page->Select("");
    http::Response gzip = page->Select("gzip, deflate");
    http::Response brotli = page->Select("gzip, deflate, br");

    EXPECT_EQ(identity.GetHeader("Content-Encoding"), "");
    EXPECT_EQ(identity.body->size(), 20000u);
    EXPECT_EQ(gzip.GetHeader("Content-Encoding"), "gzip");
    EXPECT_EQ(brotli.GetHeader("Content-Encoding"), "br");
    EXPECT_LT(brotli.body->size(), gzip.body->size());
    EXPECT_LT(gzip.body->size(), identity.body->size() / 5);
    for (const http::Response* r : {&identity, &gzip, &brotli}) {
        EXPECT_EQ(r->GetHeader("Vary"), "Accept-Encoding");
        EXPECT_EQ(r->GetHeader("Content-Type"), "text/html; charset=utf-8");
    }
    // Each representation has its own strong validator, derived from the identity one.
    std::string base(identity.GetHeader("ETag"));
    ASSERT_GE(base.size(), 3u);
    std::string opaque = base.substr(1, base.size() - 2);
    EXPECT_EQ(gzip.GetHeader("ETag"), "\"" + opaque + "-gz\"");
    EXPECT_EQ(brotli.GetHeader("ETag"), "\"" + opaque + "-br\"");
}

TEST(RenderedPageTest, CompressesOncePerRendering) {
    auto page = PageOf(20000);
    // The same compressed buffer serves every request.
    EXPECT_EQ(page->Select("br").body.get(), page->Select("br").body.get());
    EXPECT_EQ(page->Select("gzip").body.get(), page->Select("gzip").body.get());
}

TEST(RenderedPageTest, LeavesSmallAndBinaryBodiesAlone) {
    auto small = PageOf(200);
    EXPECT_EQ(small->Select("br").GetHeader("Content-Encoding"), "");
    EXPECT_EQ(small->Select("br").GetHeader("Vary"), "");

    http::Response jpeg = http::Response::Text(200, std::string(50000, 'x'), "image/jpeg");
    auto picture = RenderedPage::Make(jpeg);
    EXPECT_EQ(picture->Select("br").GetHeader("Content-Encoding"), "");
    EXPECT_EQ(picture->Select("br").body->size(), 50000u);
}

TEST(RenderedPageTest, KeepsAnExistingEtag) {
    http::Response response = HtmlOf(5000);
    response.SetHeader("ETag", "\"v42\"");
    auto page = RenderedPage::Make(response);
    EXPECT_EQ(page->Select("").GetHeader("ETag"), "\"v42\"");
    EXPECT_EQ(page->Select("gzip").GetHeader("ETag"), "\"v42-gz\"");
}

TEST(EncodeForRequestTest, GzipsOnlyWhenAccepted) {
    http::Response plain = EncodeForRequest(HtmlOf(10000), "");
    EXPECT_EQ(plain.GetHeader("Content-Encoding"), "");
    EXPECT_EQ(plain.GetHeader("Vary"), "Accept-Encoding");
    http::Response gzip = EncodeForRequest(HtmlOf(10000), "gzip");
    EXPECT_EQ(gzip.GetHeader("Content-Encoding"), "gzip");
    EXPECT_LT(gzip.body->size(), 10000u);
}

TEST(PageCacheTest, HitsUntilTheStoreChanges) {
    PageCache cache({.max_bytes = 1 << 20, .max_age = seconds(30)});
    Clock::time_point t0 = Clock::now();
    EXPECT_EQ(cache.Find("anonymous /", 1, t0), nullptr);
    auto page = PageOf(5000);
    cache.Insert("anonymous /", 1, t0, page);
    EXPECT_EQ(cache.Find("anonymous /", 1, t0 + seconds(1)), page);
    EXPECT_EQ(cache.Find("subscriber /", 1, t0), nullptr);  // Another reader class.
    EXPECT_EQ(cache.Find("anonymous /", 2, t0 + seconds(2)), nullptr);  // The store changed.
    EXPECT_EQ(cache.Find("anonymous /", 1, t0 + seconds(2)), nullptr);  // And the stale page is gone.
    PageCache::Stats stats = cache.stats();
    EXPECT_EQ(stats.hits, 1u);
    EXPECT_EQ(stats.misses, 4u);
    EXPECT_EQ(stats.entries, 0u);
    EXPECT_EQ(stats.bytes, 0u);
}

TEST(PageCacheTest, ExpiresAfterMaxAge) {
    PageCache cache({.max_bytes = 1 << 20, .max_age = seconds(30)});
    Clock::time_point t0 = Clock::now();
    cache.Insert("k", 7, t0, PageOf(1000));
    EXPECT_NE(cache.Find("k", 7, t0 + seconds(30)), nullptr);
    EXPECT_EQ(cache.Find("k", 7, t0 + seconds(31)), nullptr);
}

TEST(PageCacheTest, StaysWithinItsBoundEvictingTheLeastRecentlyUsed) {
    const size_t bound = 100 * 1000;
    PageCache cache({.max_bytes = bound, .max_age = seconds(30)});
    Clock::time_point t0 = Clock::now();
    for (int i = 0; i < 30; ++i) {
        cache.Insert("page" + std::to_string(i), 1, t0, PageOf(10000));
        // Keep page0 in use: it must survive while the others come and go.
        ASSERT_NE(cache.Find("page0", 1, t0), nullptr) << i;
        ASSERT_LE(cache.stats().bytes, bound);
    }
    EXPECT_EQ(cache.Find("page1", 1, t0), nullptr);
    EXPECT_NE(cache.Find("page29", 1, t0), nullptr);
    EXPECT_GE(cache.stats().entries, 3u);
}

TEST(PageCacheTest, DoesNotKeepAPageLargerThanAQuarterOfTheBound) {
    PageCache cache({.max_bytes = 40000, .max_age = seconds(30)});
    Clock::time_point t0 = Clock::now();
    cache.Insert("huge", 1, t0, RenderedPage::Make(http::Response::Text(200, std::string(20000, 'x'), "image/jpeg")));
    EXPECT_EQ(cache.Find("huge", 1, t0), nullptr);
    EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(PageCacheTest, ReplacesAnEntryUnderTheSameKey) {
    PageCache cache({.max_bytes = 1 << 20, .max_age = seconds(30)});
    Clock::time_point t0 = Clock::now();
    cache.Insert("k", 1, t0, PageOf(1000));
    auto newer = PageOf(2000);
    cache.Insert("k", 2, t0, newer);
    EXPECT_EQ(cache.Find("k", 2, t0), newer);
    EXPECT_EQ(cache.stats().entries, 1u);
}

}  // namespace
}  // namespace broadsheet::site
