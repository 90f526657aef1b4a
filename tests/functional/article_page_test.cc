// End to end: the reference story goes in through `broadsheet ingest`, and the page that
// `broadsheet serve` renders for it has every element of the reference capture.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

#include "http_client.h"
#include "process.h"
#include "serve_process.h"

namespace broadsheet::testing {
namespace {

const std::string kBinary = BROADSHEET_BINARY;
const std::string kSource = BROADSHEET_SOURCE_DIR;

constexpr const char* kConfig = R"(
[site]
name = "Business Standard"
base_url = "https://www.example.com"
timezone = "Asia/Kolkata"
tagline = "Insight out"

[server]
access_log = false
)";

// The text a reader sees: tags removed, entities decoded, whitespace collapsed.
std::string VisibleText(const std::string& html) {
    std::string text;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<') {
            in_tag = true;
            text += ' ';
        } else if (c == '>') {
            in_tag = false;
        } else if (!in_tag) {
            text += c;
        }
    }
    const std::pair<const char*, const char*> kEntities[] = {
        {"&apos;", "'"}, {"&#39;", "'"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
    for (const auto& [entity, replacement] : kEntities) {
        for (size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1)) {
            text.replace(at, std::strlen(entity), replacement);
        }
    }
    std::string collapsed;
    for (char c : text) {
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space && (collapsed.empty() || collapsed.back() == ' ')) continue;
        collapsed += space ? ' ' : c;
    }
    return collapsed;
}

std::filesystem::path MakeTempDir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("bs-e2e-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// The suite's server: the configured site with the data ingested above.
class Server final {
public:
    Server(const std::filesystem::path& config, const std::filesystem::path& data)
        : process_(kBinary, {"--config", config.string(), "--data", data.string(), "--no-demo"}) {}
    int port() const { return process_.port(); }
    std::string Url(const std::string& path) const { return process_.Url(path); }
    int Stop() { return process_.Stop(); }

private:
    ServeProcess process_;
};

class ArticlePageTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new std::filesystem::path(MakeTempDir("suite"));
        std::ofstream(*dir_ / "broadsheet.toml") << kConfig;
        ingest_ = new Completed(RunCommand({kBinary, "ingest", "--config", (*dir_ / "broadsheet.toml").string(),
                                            "--data", (*dir_ / "data").string(), kSource + "/fixtures/demo"}));
        server_ = new Server(*dir_ / "broadsheet.toml", *dir_ / "data");
    }
    static void TearDownTestSuite() {
        delete server_;
        delete ingest_;
        std::filesystem::remove_all(*dir_);
        delete dir_;
    }

    // The reference story's URL, found the way a reader finds it: from the home page.
    static std::string ReferenceUrl() {
        HttpResponse home = HttpGet(server_->Url("/"));
        std::smatch match;
        static const std::regex kLink(R"re(href="(/world/japans-minister-visits-kyiv[a-z0-9-]*-\d+)")re");
        if (!std::regex_search(home.body, match, kLink)) return {};
        return match[1];
    }

    static std::filesystem::path* dir_;
    static Completed* ingest_;
    static Server* server_;
};

std::filesystem::path* ArticlePageTest::dir_ = nullptr;
Completed* ArticlePageTest::ingest_ = nullptr;
Server* ArticlePageTest::server_ = nullptr;

TEST_F(ArticlePageTest, IngestPrintsOneSummaryLine) {
    EXPECT_EQ(ingest_->exit_code, 0) << ingest_->err;
    EXPECT_TRUE(std::regex_match(ingest_->out, std::regex(R"re(ingested (\d+), updated 0, unchanged 0, rejected 0\n)re")))
        << ingest_->out;
    int ingested = std::stoi(ingest_->out.substr(9));
    EXPECT_GE(ingested, 21);

    // Again: same versions change nothing.
    Completed again = RunCommand({kBinary, "ingest", "--config", (*dir_ / "broadsheet.toml").string(), "--data",
                                  (*dir_ / "data").string(), kSource + "/fixtures/demo/reference.json"});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_EQ(again.out, "ingested 0, updated 0, unchanged 1, rejected 0\n");
}

TEST_F(ArticlePageTest, ServerPrintsItsUrl) { ASSERT_GT(server_->port(), 0); }

TEST_F(ArticlePageTest, ArticlePageHasEveryElementOfTheReferencePage) {
    std::string url = ReferenceUrl();
    ASSERT_FALSE(url.empty()) << "no link to the reference story on the home page";
    HttpResponse page = HttpGet(server_->Url(url));
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
    const std::string& html = page.body;
    std::string text = VisibleText(html);

    const char* kVisible[] = {
        // Headline and standfirst.
        "Japan's minister visits Kyiv to stress mutual concern over N Korean troops",
        "Foreign Minister Iwaya will meet his Ukrainian counterpart, Andrii Sybiha, to reaffirm Japan's strong "
        "support for Ukraine against Russia's invasion and to discuss further sanctions against Moscow",
        // Caption and credit.
        "High on the agenda was Tokyo's grave concern over growing military cooperation between North Korea and "
        "Russia.",
        "Photo: Bloomberg",
        // Agency and dateline, read time, times in IST.
        "AP Kyiv",
        "2 min read",
        "Last Updated : Nov 16 2024 | 3:57 PM IST",
        "First Published: Nov 16 2024 | 3:57 PM IST",
        // The body, first and last paragraphs.
        "Japan's foreign minister arrived in Kyiv on Saturday to discuss North Korea's deepening military alliance",
        "including 20 over the western Kursk region and 11 over the Bryansk region.",
        // The syndication notice with the configured name.
        "(Only the headline and picture of this report may have been reworked by the Business Standard staff; the "
        "rest of the content is auto-generated from a syndicated feed.)",
        // The offer.
        "Subscribe to Business Standard digital and get complimentary access to The New York Times",
        "Smart Quarterly ₹900 3 Months ₹300/Month SAVE 25%",
        "Smart Essential ₹2,700 1 Year ₹225/Month SAVE 46%",
        "*Complimentary New York Times access for the 2nd year will be given after 12 months",
        "Super Saver ₹3,900 2 Years ₹162/Month",
        "Renews automatically, cancel anytime",
        "Here’s what’s included in our digital subscription plans",
        // The perks.
        "Exclusive premium stories online Over 30 premium stories daily, handpicked by our editors",
        "Complimentary Access to The New York Times News, Games, Cooking, Audio, Wirecutter & The Athletic",
        "Business Standard Epaper Digital replica of our daily newspaper",
        "Curated Newsletters",
        "Market Analysis & Investment Insights",
        "Archives Repository of articles and publications dating back to 1997",
        "Ad-free Reading",
        "Seamless Access Across All Devices Access Business Standard across devices",
        // Navigation at the foot.
        "More From This Section",
        "Topics : Russia Ukraine Conflict Kiev Ukraine North Korea Japan",
        "Next Story",
    };
    for (const char* expected : kVisible) EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected;

    EXPECT_NE(html.find("alt=\"Japan flag, Japan\""), std::string::npos);
    EXPECT_NE(html.find("<link rel=\"canonical\" href=\"https://www.example.com" + url + "\">"), std::string::npos);
    for (const char* topic : {"/topic/russia-ukraine-conflict", "/topic/kiev-ukraine", "/topic/north-korea", "/topic/japan"}) {
        EXPECT_NE(html.find(std::string("href=\"") + topic + "\""), std::string::npos) << topic;
    }
    // Next Story is the next older story in the section: the Kyiv drone attacks, the same morning.
    std::smatch next;
    ASSERT_TRUE(std::regex_search(html, next, std::regex(R"re(Next Story</span>\s*<a href="([^"]+)">([^<]+)</a>)re")));
    EXPECT_EQ(next[2], "Russia strikes Kyiv in a wave of drone attacks");
    EXPECT_EQ(HttpGet(server_->Url(next[1])).status, 200);

    // The picture is served from the media store.
    std::smatch img;
    ASSERT_TRUE(std::regex_search(html, img, std::regex(R"re(<img src="(/media/[^"]+\.jpg)" alt="Japan flag)re")));
    HttpResponse picture = HttpGet(server_->Url(img[1]));
    EXPECT_EQ(picture.status, 200);
    EXPECT_EQ(picture.headers["content-type"], "image/jpeg");
    EXPECT_EQ(picture.body.substr(0, 3), "\xFF\xD8\xFF");
}

// The pixel width in a WebP (VP8, VP8L or VP8X) or JPEG (first SOF) header; 0 if unreadable.
int ImageWidth(const std::string& b) {
    auto byte = [&b](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[i])); };
    if (b.size() >= 30 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0) {
        std::string chunk = b.substr(12, 4);
        if (chunk == "VP8X") return static_cast<int>((byte(24) | byte(25) << 8 | byte(26) << 16) + 1);
        if (chunk == "VP8 ") return static_cast<int>((byte(26) | byte(27) << 8) & 0x3FFF);
        if (chunk == "VP8L") return static_cast<int>(((byte(21) | byte(22) << 8) & 0x3FFF) + 1);
        return 0;
    }
    for (size_t i = 2; b.size() >= 4 && byte(0) == 0xFF && byte(1) == 0xD8 && i + 9 < b.size();) {
        if (byte(i) != 0xFF) return 0;
        unsigned marker = byte(i + 1);
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            return static_cast<int>(byte(i + 7) << 8 | byte(i + 8));
        }
        i += 2 + (byte(i + 2) << 8 | byte(i + 3));
    }
    return 0;
}

TEST_F(ArticlePageTest, PicturesOfferRenditionsMadeOnFirstRequest) {
    std::string url = ReferenceUrl();
    ASSERT_FALSE(url.empty());
    HttpResponse page = HttpGet(server_->Url(url));
    std::smatch lead;
    ASSERT_TRUE(std::regex_search(
        page.body, lead,
        std::regex(R"re(<picture><source type="image/webp" srcset="([^"]+)" sizes="([^"]+)"><img src="(/media/[^"]+)" )re"
                   R"re(alt="Japan flag[^"]*" srcset="([^"]+)" sizes="([^"]+)" width="1200" height="675" ([^>]*)>)re")))
        << "no <picture> with srcset for the lead picture";
    EXPECT_EQ(lead[2], lead[5]);
    EXPECT_EQ(lead[2], "(min-width: 44rem) 42rem, calc(100vw - 2rem)");
    EXPECT_NE(lead[6].str().find("fetchpriority=\"high\""), std::string::npos) << lead[6];
    EXPECT_EQ(lead[6].str().find("loading="), std::string::npos) << "the lead picture must not be lazy";
    // The widest JPEG is the original; the widest WebP a rendition of the original's width.
    EXPECT_TRUE(lead[4].str().ends_with(lead[3].str() + " 1200w")) << lead[4];
    std::smatch full;
    ASSERT_TRUE(std::regex_search(lead[1].first, lead[1].second, full,
                                  std::regex(R"re(, (/media/r/1280/[0-9a-f/]+\.webp) 1200w$)re")))
        << lead[1];
    EXPECT_EQ(ImageWidth(HttpGet(server_->Url(full[1])).body), 1200);

    std::smatch webp_candidate, jpeg_candidate;
    std::string webp_srcset = lead[1], jpeg_srcset = lead[4];
    ASSERT_TRUE(std::regex_search(webp_srcset, webp_candidate, std::regex(R"re((/media/r/640/([0-9a-f/]+)\.webp) 640w)re")));
    ASSERT_TRUE(std::regex_search(jpeg_srcset, jpeg_candidate, std::regex(R"re((/media/r/320/[0-9a-f/]+\.jpg) 320w)re")));
    const std::string stem = webp_candidate[2];

    HttpResponse webp = HttpGet(server_->Url(webp_candidate[1]));  // Made now.
    ASSERT_EQ(webp.status, 200);
    EXPECT_EQ(webp.headers["content-type"], "image/webp");
    EXPECT_EQ(webp.headers["cache-control"], "public, max-age=31536000, immutable");
    EXPECT_FALSE(webp.headers["etag"].empty());
    EXPECT_EQ(ImageWidth(webp.body), 640);
    HttpResponse again = HttpGet(server_->Url(webp_candidate[1]));  // From the disk cache.
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.body, webp.body);
    EXPECT_EQ(again.headers["etag"], webp.headers["etag"]);
    std::string conditional = RawExchange(server_->port(), "GET " + webp_candidate[1].str() +
                                                               " HTTP/1.1\r\nHost: x\r\nIf-None-Match: " +
                                                               webp.headers["etag"] + "\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(conditional.substr(0, 12), "HTTP/1.1 304") << conditional.substr(0, 200);

    HttpResponse jpeg = HttpGet(server_->Url(jpeg_candidate[1]));
    ASSERT_EQ(jpeg.status, 200);
    EXPECT_EQ(jpeg.headers["content-type"], "image/jpeg");
    EXPECT_EQ(ImageWidth(jpeg.body), 320);

    // Only the widths and names srcset uses; nothing for originals that are not stored.
    const std::vector<std::string> kRefused = {
        "/media/r/999/" + stem + ".webp", "/media/r/641/" + stem + ".jpg", "/media/r/640/" + stem + ".png",
        "/media/r/640/" + stem, "/media/r/640/ab/0123456789abcdef0123456789abcdef.webp",
        "/media/r/640/r/640/" + stem + ".webp", "/media/r/640/../../broadsheet.db",
        "/media/r/640/%2e%2e/" + stem + ".webp"};
    for (const std::string& bad : kRefused) {
        HttpResponse r = HttpGet(server_->Url(bad));
        EXPECT_EQ(r.status, 404) << bad;
        EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8") << bad;
    }

    // The home page: the lead story's picture is eager, the cards below it lazy, all with srcset.
    HttpResponse home = HttpGet(server_->Url("/"));
    std::smatch home_lead;
    ASSERT_TRUE(std::regex_search(home.body, home_lead,
                                  std::regex(R"re(class="lead__picture"[^>]*><picture><source [^>]+><img ([^>]+)>)re")));
    EXPECT_EQ(home_lead[1].str().find("loading="), std::string::npos) << home_lead[1];
    EXPECT_NE(home_lead[1].str().find("srcset=\"/media/r/320/"), std::string::npos) << home_lead[1];
    std::smatch card;
    ASSERT_TRUE(std::regex_search(home.body, card,
                                  std::regex(R"re(class="card__picture"[^>]*><picture><source [^>]+><img ([^>]+)>)re")));
    EXPECT_NE(card[1].str().find("loading=\"lazy\""), std::string::npos) << card[1];
    EXPECT_NE(card[1].str().find("sizes=\"(min-width: 76rem) 379px,"), std::string::npos) << card[1];
    EXPECT_NE(card[1].str().find("width=\"1200\" height=\"675\""), std::string::npos) << card[1];
}

TEST_F(ArticlePageTest, MarkupForSearchEnginesAndSocialPreviews) {
    std::string url = ReferenceUrl();
    ASSERT_FALSE(url.empty());
    HttpResponse page = HttpGet(server_->Url(url));
    std::smatch ld;
    ASSERT_TRUE(std::regex_search(page.body, ld, std::regex(R"re(<script type="application/ld\+json">([^<]+)</script>)re")));
    auto json = nlohmann::json::parse(ld[1].str());
    const auto& news = json["@graph"][0];
    EXPECT_EQ(news["@type"], "NewsArticle");
    EXPECT_EQ(news["headline"], "Japan's minister visits Kyiv to stress mutual concern over N Korean troops");
    EXPECT_EQ(news["datePublished"], "2024-11-16T10:27:00Z");
    EXPECT_EQ(news["publisher"]["name"], "Business Standard");
    EXPECT_EQ(news["mainEntityOfPage"]["@id"], "https://www.example.com" + url);
    EXPECT_EQ(news["articleSection"], "World");
    EXPECT_EQ(news["image"][0]["width"], 1200);
    for (const char* meta : {"<meta property=\"og:type\" content=\"article\">",
                             "<meta property=\"og:site_name\" content=\"Business Standard\">",
                             "<meta name=\"twitter:card\" content=\"summary_large_image\">",
                             "<meta property=\"article:published_time\" content=\"2024-11-16T10:27:00Z\">",
                             "<meta property=\"article:tag\" content=\"North Korea\">"}) {
        EXPECT_NE(page.body.find(meta), std::string::npos) << meta;
    }
    EXPECT_NE(page.body.find("<meta property=\"og:image\" content=\"https://www.example.com/media/"), std::string::npos);
}

TEST_F(ArticlePageTest, PagesCarryValidatorsAndAnswerConditionalRequests) {
    std::string url = ReferenceUrl();
    ASSERT_FALSE(url.empty());
    HttpResponse page = HttpGet(server_->Url(url));
    ASSERT_FALSE(page.headers["etag"].empty());
    EXPECT_EQ(page.headers["last-modified"], "Sat, 16 Nov 2024 10:27:00 GMT");
    EXPECT_EQ(page.headers["cache-control"], "public, max-age=60");
    std::string keys = page.headers["surrogate-key"];
    EXPECT_NE(keys.find("article-"), std::string::npos) << keys;
    EXPECT_NE(keys.find("section-world"), std::string::npos) << keys;
    EXPECT_NE(keys.find("topic-north-korea"), std::string::npos) << keys;
    HttpResponse again = HttpPost(server_->Url(url), "", {});  // A POST is never "not modified".
    EXPECT_EQ(again.status, 405);
    std::string conditional = RawExchange(server_->port(), "GET " + url + " HTTP/1.1\r\nHost: x\r\nIf-None-Match: " +
                                                             page.headers["etag"] + "\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(conditional.substr(0, 12), "HTTP/1.1 304") << conditional.substr(0, 200);
    EXPECT_EQ(conditional.find("<html"), std::string::npos);
    for (const std::string& path : {std::string("/"), std::string("/world"), std::string("/topic/japan")}) {
        HttpResponse list = HttpGet(server_->Url(path));
        EXPECT_FALSE(list.headers["etag"].empty()) << path;
        EXPECT_FALSE(list.headers["surrogate-key"].empty()) << path;
    }
}

TEST_F(ArticlePageTest, FeedsSitemapsAndRobotsAreServedAndAnnounced) {
    std::string url = ReferenceUrl();
    ASSERT_FALSE(url.empty());
    HttpResponse world = HttpGet(server_->Url("/world"));
    EXPECT_NE(world.body.find("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Business Standard — World\" "
                              "href=\"/feeds/world.rss\">"),
              std::string::npos);
    EXPECT_NE(world.body.find("href=\"/feeds/world.atom\""), std::string::npos);
    EXPECT_NE(HttpGet(server_->Url("/topic/japan")).body.find("href=\"/feeds/topic/japan.rss\""), std::string::npos);

    HttpResponse rss = HttpGet(server_->Url("/feeds/world.rss"));
    EXPECT_EQ(rss.status, 200);
    EXPECT_EQ(rss.headers["content-type"], "application/rss+xml; charset=utf-8");
    EXPECT_NE(rss.body.find("<link>https://www.example.com" + url + "</link>"), std::string::npos);
    EXPECT_EQ(rss.body.find("Shahed"), std::string::npos) << "feeds carry the standfirst, not the body";
    HttpResponse atom = HttpGet(server_->Url("/feeds/topic/north-korea.atom"));
    EXPECT_EQ(atom.status, 200);
    EXPECT_NE(atom.body.find("Japan's minister visits Kyiv"), std::string::npos);
    EXPECT_EQ(HttpGet(server_->Url("/feeds/astrology.rss")).status, 404);

    HttpResponse index = HttpGet(server_->Url("/sitemap.xml"));
    EXPECT_EQ(index.status, 200);
    EXPECT_NE(index.body.find("https://www.example.com/sitemap-2024-11.xml"), std::string::npos);
    HttpResponse month = HttpGet(server_->Url("/sitemap-2024-11.xml"));
    EXPECT_NE(month.body.find("<loc>https://www.example.com" + url + "</loc>"), std::string::npos);
    EXPECT_EQ(HttpGet(server_->Url("/sitemap-news.xml")).status, 200);
    HttpResponse robots = HttpGet(server_->Url("/robots.txt"));
    EXPECT_NE(robots.body.find("Sitemap: https://www.example.com/sitemap.xml"), std::string::npos);
}

TEST_F(ArticlePageTest, TopicLinksLeadToTopicPages) {
    HttpResponse topic = HttpGet(server_->Url("/topic/north-korea"));
    ASSERT_EQ(topic.status, 200);
    EXPECT_NE(VisibleText(topic.body).find("Japan's minister visits Kyiv"), std::string::npos);
    EXPECT_EQ(HttpGet(server_->Url("/topic/no-such-topic")).status, 404);
}

TEST_F(ArticlePageTest, AWrongSlugRedirectsToTheCanonicalUrl) {
    std::string url = ReferenceUrl();
    ASSERT_FALSE(url.empty());
    std::string id = url.substr(url.rfind('-') + 1);
    for (const std::string& wrong : {"/world/some-old-headline-" + id, "/markets/japans-minister-" + id}) {
        HttpResponse moved = HttpGet(server_->Url(wrong));
        EXPECT_EQ(moved.status, 301) << wrong;
        EXPECT_EQ(moved.headers["location"], url) << wrong;
    }
    EXPECT_EQ(HttpGet(server_->Url("/world/no-such-story-999999")).status, 404);
    EXPECT_EQ(HttpGet(server_->Url("/world/no-number")).status, 404);
}

TEST_F(ArticlePageTest, HomeAndSectionPagesListNewestFirst) {
    for (const std::string& path : {std::string("/"), std::string("/world")}) {
        HttpResponse page = HttpGet(server_->Url(path));
        ASSERT_EQ(page.status, 200) << path;
        std::regex time_re(R"re(<time datetime="([0-9T:Z-]+)")re");
        std::vector<std::string> times;
        for (std::sregex_iterator it(page.body.begin(), page.body.end(), time_re), end; it != end; ++it) {
            times.push_back((*it)[1]);
        }
        ASSERT_GE(times.size(), 4u) << path;
        // On the home page the first block is the overall list; on a section page it is all of it.
        size_t checked = path == "/" ? 7 : times.size();
        for (size_t i = 1; i < std::min(checked, times.size()); ++i) {
            EXPECT_GE(times[i - 1], times[i]) << path << " position " << i;
        }
    }
    HttpResponse world = HttpGet(server_->Url("/world"));
    EXPECT_NE(world.body.find("aria-current=\"page\">World<"), std::string::npos);
    EXPECT_EQ(HttpGet(server_->Url("/world?page=99")).status, 404);
}

TEST_F(ArticlePageTest, ErrorsAreHtmlPagesThatHelpTheReaderOn) {
    HttpResponse missing = HttpGet(server_->Url("/no/such/page"));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.headers["content-type"], "text/html; charset=utf-8");
    EXPECT_NE(missing.body.find("Page not found"), std::string::npos);
    EXPECT_NE(missing.body.find("Latest stories"), std::string::npos);
    EXPECT_EQ(HttpGet(server_->Url("/"), "POST").status, 405);

    std::string bad = RawExchange(server_->port(), "THIS IS NOT HTTP\r\n\r\n");
    EXPECT_EQ(bad.substr(0, 12), "HTTP/1.1 400") << bad;
    std::string huge = RawExchange(server_->port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n");
    EXPECT_EQ(huge.substr(0, 12), "HTTP/1.1 413") << huge.substr(0, 100);
    for (const char* traversal : {"/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt", "/media/../broadsheet.db",
                                  "/media/%2e%2e/broadsheet.db", "/media/..%2fbroadsheet.db"}) {
        HttpResponse r = HttpGet(server_->Url(traversal));
        EXPECT_EQ(r.status, 404) << traversal;
        EXPECT_EQ(r.body.find("SQLite"), std::string::npos) << traversal;
    }
}

TEST_F(ArticlePageTest, StaticFilesAreFingerprintedAndCachedForever) {
    HttpResponse home = HttpGet(server_->Url("/"));
    std::smatch css;
    ASSERT_TRUE(std::regex_search(home.body, css, std::regex(R"re(href="(/static/site\.[0-9a-f]{8}\.css)")re")));
    HttpResponse sheet = HttpGet(server_->Url(css[1]));
    EXPECT_EQ(sheet.status, 200);
    EXPECT_EQ(sheet.headers["cache-control"], "public, max-age=31536000, immutable");
    EXPECT_NE(sheet.headers["content-type"].find("text/css"), std::string::npos);
}

TEST_F(ArticlePageTest, HealthzReportsTheStore) {
    HttpResponse health = HttpGet(server_->Url("/healthz"));
    EXPECT_EQ(health.status, 200);
    EXPECT_NE(health.body.find("\"status\":\"ok\""), std::string::npos);
}

std::string ReadText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
}

TEST(IngestCommandTest, ANewerVersionUpdatesTheStoryAndKeepsItsHistory) {
    auto dir = MakeTempDir("update");
    std::ofstream(dir / "broadsheet.toml") << kConfig;
    std::string config = (dir / "broadsheet.toml").string(), data = (dir / "data").string();
    std::string reference = kSource + "/fixtures/demo/reference.json";
    ASSERT_EQ(RunCommand({kBinary, "ingest", "--config", config, "--data", data, reference}).exit_code, 0);

    // Version 2, two and a half hours later, with a new headline; same folder for the picture.
    std::string v2 = ReadText(reference);
    Replace(v2, "\"version\": \"1\"", "\"version\": \"2\"");
    Replace(v2, "\"versioncreated\": \"2024-11-16T10:27:00Z\"", "\"versioncreated\": \"2024-11-16T13:00:00Z\"");
    Replace(v2, "Japan's minister visits Kyiv", "Japan's foreign minister visits Kyiv");
    std::filesystem::path v2_copy = dir / "wire" / "v2.json";
    std::filesystem::create_directories(dir / "wire" / "pictures");
    std::filesystem::copy_file(kSource + "/fixtures/demo/pictures/japan-flag.jpg", dir / "wire" / "pictures" / "japan-flag.jpg");
    std::ofstream(v2_copy) << v2;
    Completed update = RunCommand({kBinary, "ingest", "--config", config, "--data", data, v2_copy.string()});
    EXPECT_EQ(update.out, "ingested 0, updated 1, unchanged 0, rejected 0\n") << update.err;
    EXPECT_EQ(update.err, "");
    // The older version again changes nothing.
    Completed old = RunCommand({kBinary, "ingest", "--config", config, "--data", data, reference});
    EXPECT_EQ(old.out, "ingested 0, updated 0, unchanged 1, rejected 0\n");

    Server server(dir / "broadsheet.toml", dir / "data");
    ASSERT_GT(server.port(), 0);
    HttpResponse home = HttpGet(server.Url("/"));
    std::smatch link;
    ASSERT_TRUE(std::regex_search(home.body, link, std::regex(R"re(href="(/world/japans-minister-visits-kyiv[a-z0-9-]*-\d+)")re")))
        << "the slug stays as first published";
    std::string text = VisibleText(HttpGet(server.Url(link[1])).body);
    EXPECT_NE(text.find("Japan's foreign minister visits Kyiv"), std::string::npos);
    EXPECT_NE(text.find("Last Updated : Nov 16 2024 | 6:30 PM IST"), std::string::npos);
    EXPECT_NE(text.find("First Published: Nov 16 2024 | 3:57 PM IST"), std::string::npos);
    EXPECT_EQ(server.Stop(), 0);
    std::filesystem::remove_all(dir);
}

TEST(IngestCommandTest, RejectsBadFilesNamingThemAndKeepsTheRest) {
    auto dir = MakeTempDir("reject");
    std::filesystem::create_directories(dir / "wire");
    std::filesystem::copy_file(kSource + "/fixtures/demo/reference.json", dir / "wire" / "good.json");
    std::ofstream(dir / "wire" / "broken.json") << "{\"uri\": ";
    std::ofstream(dir / "wire" / "empty.json") << "";
    Completed run = RunCommand({kBinary, "ingest", "--data", (dir / "data").string(), (dir / "wire").string()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "ingested 1, updated 0, unchanged 0, rejected 2\n");
    EXPECT_NE(run.err.find("broken.json"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("empty.json"), std::string::npos) << run.err;
    std::filesystem::remove_all(dir);
}

TEST(IngestCommandTest, UnknownSectionAndBadConfigAreClearErrors) {
    auto dir = MakeTempDir("config");
    Completed section = RunCommand({kBinary, "ingest", "--data", (dir / "data").string(), "--section", "astrology",
                                    kSource + "/fixtures/demo/reference.json"});
    EXPECT_NE(section.exit_code, 0);
    EXPECT_NE(section.err.find("astrology"), std::string::npos);
    std::ofstream(dir / "bad.toml") << "[site]\nname = \"x\"\nmascot = \"owl\"\n";
    Completed config = RunCommand({kBinary, "serve", "--config", (dir / "bad.toml").string(), "--data",
                                   (dir / "data").string(), "--listen", "127.0.0.1:0"});
    EXPECT_NE(config.exit_code, 0);
    EXPECT_NE(config.err.find("bad.toml:3: site.mascot: unknown key"), std::string::npos) << config.err;
    std::filesystem::remove_all(dir);
}

TEST(ServeCommandTest, LoadsDemoContentOnFirstStartAndStopsGracefully) {
    auto dir = MakeTempDir("demo");
    std::ofstream(dir / "broadsheet.toml") << kConfig;
    ServeProcess server(kBinary, {"--config", (dir / "broadsheet.toml").string(), "--data", (dir / "data").string()});
    ASSERT_GT(server.port(), 0);
    // The demo content, then the demo readers' sign-in lines.
    ASSERT_GE(server.early_lines().size(), 2u);
    EXPECT_TRUE(server.early_lines()[1].starts_with("demo reader: reader@demo.broadsheet password "))
        << server.early_lines()[1];
    EXPECT_TRUE(std::regex_search(server.early_lines()[0],
                                  std::regex(R"re(demo content: ingested (\d+), updated 0, unchanged 0, rejected 0)re")))
        << server.early_lines()[0];
    HttpResponse home = HttpGet(server.Url("/"));
    EXPECT_EQ(home.status, 200);
    EXPECT_EQ(server.Stop(), 0);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace broadsheet::testing
