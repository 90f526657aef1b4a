// End to end: the archive by date over the demo content, in IST, with a busy day added
// (26 stories on 5 November 2024) so that its day page runs to two pages.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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

[server]
access_log = false
)";

constexpr int kBusyDayStories = 26;

// A minimal ninjs story first published at `when` (UTC).
std::string Story(int n, const std::string& when) {
    nlohmann::json story = {
        {"uri", "urn:broadsheet:archive-test:" + std::to_string(n)},
        {"type", "text"},
        {"version", "1"},
        {"firstcreated", when},
        {"versioncreated", when},
        {"pubstatus", "usable"},
        {"language", "en"},
        {"headline", "Busy day story number " + std::to_string(n)},
        {"description_text", "One of many stories on a busy day"},
        {"body_html", "<p>Text.</p>"},
        {"subject", {{{"name", "India"}}}},
    };
    return story.dump();
}

std::string Headline(const std::string& fixture) {
    std::ifstream in(kSource + "/fixtures/demo/" + fixture);
    nlohmann::json story = nlohmann::json::parse(in);
    std::string headline = story.contains("headline")
                               ? story["headline"].get<std::string>()
                               : story["headlines"][0]["value"].get<std::string>();
    // As the page escapes it.
    std::string escaped;
    for (char c : headline) {
        switch (c) {
            case '&': escaped += "&amp;"; break;
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '"': escaped += "&quot;"; break;
            case '\'': escaped += "&apos;"; break;
            default: escaped += c;
        }
    }
    return escaped;
}

size_t Count(const std::string& text, const std::string& needle) {
    size_t count = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++count;
    return count;
}

class ArchiveTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                         ("bs-e2e-archive-" + std::to_string(::getpid())));
        std::filesystem::remove_all(*dir_);
        std::filesystem::create_directories(*dir_ / "wire");
        std::ofstream(*dir_ / "broadsheet.toml") << kConfig;
        // 5 November IST runs from 4 November 18:30 UTC: the first story is at 00:00 IST, the
        // last at 23:59 IST; one more at 23:59 IST on the 4th belongs to the 4th.
        std::ofstream(*dir_ / "wire" / "0.json") << Story(0, "2024-11-04T18:29:00Z");
        std::ofstream(*dir_ / "wire" / "1.json") << Story(1, "2024-11-04T18:30:00Z");
        for (int n = 2; n < kBusyDayStories; ++n) {
            char when[32];
            std::snprintf(when, sizeof when, "2024-11-05T%02d:%02d:00Z", n / 2, (n % 2) * 30);
            std::ofstream(*dir_ / "wire" / (std::to_string(n) + ".json")) << Story(n, when);
        }
        std::ofstream(*dir_ / "wire" / "last.json")
            << Story(kBusyDayStories, "2024-11-05T18:29:00Z");
        std::string config = (*dir_ / "broadsheet.toml").string(), data = (*dir_ / "data").string();
        ingest_ =
            new Completed(RunCommand({kBinary, "ingest", "--config", config, "--data", data,
                                      kSource + "/fixtures/demo", (*dir_ / "wire").string()}));
        server_ = new ServeProcess(kBinary, {"--config", config, "--data", data, "--no-demo"});
    }
    static void TearDownTestSuite() {
        delete server_;
        delete ingest_;
        std::filesystem::remove_all(*dir_);
        delete dir_;
    }

    static HttpResponse Get(const std::string& path) { return HttpGet(server_->Url(path)); }

    // The reference story's URL, from the home page.
    static std::string ReferenceUrl() {
        std::smatch match;
        std::string home = Get("/").body;
        if (!std::regex_search(
                home, match,
                std::regex(R"re(href="(/world/japans-minister-visits-kyiv[a-z0-9-]*-\d+)")re"))) {
            return {};
        }
        return match[1];
    }

    static std::filesystem::path* dir_;
    static Completed* ingest_;
    static ServeProcess* server_;
};

std::filesystem::path* ArchiveTest::dir_ = nullptr;
Completed* ArchiveTest::ingest_ = nullptr;
ServeProcess* ArchiveTest::server_ = nullptr;

TEST_F(ArchiveTest, EverythingWasIngested) {
    ASSERT_EQ(ingest_->exit_code, 0) << ingest_->err;
    EXPECT_NE(ingest_->out.find("rejected 0"), std::string::npos) << ingest_->out;
    ASSERT_GT(server_->port(), 0);
}

TEST_F(ArchiveTest, ArchiveRedirectsToTheNewestDay) {
    HttpResponse archive = Get("/archive");
    EXPECT_EQ(archive.status, 302);
    EXPECT_EQ(archive.headers["location"], "/archive/2024/11/16");
    EXPECT_EQ(Get("/archive/").status, 301);  // The site's trailing-slash rule.
    // Every page links the archive from its footer.
    EXPECT_NE(Get("/").body.find("<a href=\"/archive\">Archive</a>"), std::string::npos);
}

TEST_F(ArchiveTest, DayPageListsTheDaysStoriesNewestFirstInTheSiteTimeZone) {
    std::string reference = ReferenceUrl();
    ASSERT_FALSE(reference.empty());
    HttpResponse day = Get("/archive/2024/11/16");
    ASSERT_EQ(day.status, 200);
    const std::string& html = day.body;
    EXPECT_NE(html.find("<title>Archive: Saturday 16 November 2024 — Business Standard</title>"),
              std::string::npos);
    EXPECT_NE(html.find("<meta name=\"description\" content=\"The 3 stories Business Standard "
                        "first published on "
                        "Saturday 16 November 2024.\">"),
              std::string::npos);
    EXPECT_NE(
        html.find("<link rel=\"canonical\" href=\"https://www.example.com/archive/2024/11/16\">"),
        std::string::npos);
    EXPECT_EQ(day.headers["cache-control"], "public, max-age=60");
    EXPECT_EQ(day.headers["surrogate-key"], "archive archive-2024-11-16");
    EXPECT_EQ(day.headers["last-modified"], "Sat, 16 Nov 2024 10:27:00 GMT");

    // The reference story (10:27 UTC), the Kyiv drones (06:10 UTC), and India's T20 series win,
    // 21:40 UTC on the 15th but 03:10 IST on the 16th; in that order.
    size_t japan =
        html.find("<a href=\"" + reference + "\">" + Headline("reference.json") + "</a>");
    size_t drones = html.find(Headline("2024-11-16-russia-drones-kyiv.json"));
    size_t cricket = html.find(Headline("2024-11-15-india-south-africa-t20.json"));
    ASSERT_NE(japan, std::string::npos) << "the reference story is not linked";
    ASSERT_NE(drones, std::string::npos);
    ASSERT_NE(cricket, std::string::npos);
    EXPECT_LT(japan, drones);
    EXPECT_LT(drones, cricket);
    EXPECT_EQ(Count(html, "<article class=\"card\">"), 3u);
    std::string fifteenth = Get("/archive/2024/11/15").body;
    EXPECT_EQ(fifteenth.find(Headline("2024-11-15-india-south-africa-t20.json")),
              std::string::npos);
    EXPECT_NE(fifteenth.find(Headline("2024-11-15-sri-lanka-election.json")), std::string::npos);

    // Steps to the days around it; nothing is newer.
    EXPECT_NE(html.find("href=\"/archive/2024/11/15\"><span class=\"archive__step-label\">&larr; "
                        "Previous day with "
                        "stories</span> Friday 15 November 2024</a>"),
              std::string::npos);
    EXPECT_EQ(html.find("Next day with stories"), std::string::npos);
    // Every year back to the oldest story.
    EXPECT_NE(html.find("<a href=\"/archive/2024\" aria-current=\"true\">2024</a>"),
              std::string::npos);
}

TEST_F(ArchiveTest, TheCalendarLinksDaysWithStoriesAndMarksTheDay) {
    std::string html = Get("/archive/2024/11/16").body;
    EXPECT_NE(html.find("<caption><a href=\"/archive/2024/11\">November 2024</a></caption>"),
              std::string::npos);
    EXPECT_NE(html.find("<th scope=\"col\"><abbr title=\"Monday\">Mon</abbr></th>"),
              std::string::npos);
    EXPECT_NE(
        html.find("<a class=\"calendar__day\" href=\"/archive/2024/11/16\" title=\"3 stories\" "
                  "aria-current=\"date\">16<span class=\"visually-hidden\"> November 2024, 3 "
                  "stories</span>"),
        std::string::npos);
    EXPECT_NE(html.find("href=\"/archive/2024/11/15\" title=\"1 story\">15<"), std::string::npos);
    EXPECT_NE(html.find("href=\"/archive/2024/11/05\" title=\"" + std::to_string(kBusyDayStories) +
                        " stories\">"),
              std::string::npos);
    EXPECT_NE(html.find("href=\"/archive/2024/11/04\" title=\"1 story\">"), std::string::npos);
    // No stories on 6 November: a number, not a link.
    EXPECT_EQ(html.find("href=\"/archive/2024/11/06\""), std::string::npos);
    EXPECT_NE(html.find("<span class=\"calendar__day calendar__day--empty\">6</span>"),
              std::string::npos);
    EXPECT_EQ(Count(html, "aria-current=\"date\""), 1u);
}

TEST_F(ArchiveTest, ABusyDayIsPaginated) {
    HttpResponse first = Get("/archive/2024/11/05");
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(Count(first.body, "<article class=\"card\">"), 20u);
    EXPECT_NE(first.body.find("<a rel=\"next\" href=\"/archive/2024/11/05?page=2\">"),
              std::string::npos);
    EXPECT_EQ(first.body.find("rel=\"prev\""), std::string::npos);
    // Newest first: 23:59 IST leads.
    EXPECT_NE(first.body.find("Busy day story number " + std::to_string(kBusyDayStories) + "<"),
              std::string::npos);

    HttpResponse second = Get("/archive/2024/11/05?page=2");
    ASSERT_EQ(second.status, 200);
    EXPECT_EQ(Count(second.body, "<article class=\"card\">"),
              static_cast<size_t>(kBusyDayStories - 20));
    EXPECT_NE(second.body.find("<a rel=\"prev\" href=\"/archive/2024/11/05\">"), std::string::npos);
    EXPECT_EQ(second.body.find("rel=\"next\""), std::string::npos);
    EXPECT_NE(second.body.find("Busy day story number 1<"),
              std::string::npos);  // 00:00 IST: last of all.
    EXPECT_NE(
        second.body.find(
            "<link rel=\"canonical\" href=\"https://www.example.com/archive/2024/11/05?page=2\">"),
        std::string::npos);
    EXPECT_EQ(Get("/archive/2024/11/05?page=3").status, 404);

    // 23:59 IST on the 4th is the 4th's.
    HttpResponse fourth = Get("/archive/2024/11/04");
    EXPECT_EQ(Count(fourth.body, "<article class=\"card\">"), 1u);
    EXPECT_NE(fourth.body.find("Busy day story number 0<"), std::string::npos);
}

TEST_F(ArchiveTest, InvalidDatesAreNotFound) {
    for (const char* path :
         {"/archive/2024/02/30", "/archive/2023/02/29", "/archive/2024/13", "/archive/2024/00",
          "/archive/abcd", "/archive/2024/1a", "/archive/1899", "/archive/1899/12/31",
          "/archive/2024/11/5", "/archive/2024/11/16/more", "/archive/24",
          // Before the oldest story and after the newest.
          "/archive/1999/01/01", "/archive/2023", "/archive/2024/09", "/archive/2024/12",
          "/archive/2024/11/17", "/archive/2025"}) {
        HttpResponse response = Get(path);
        EXPECT_EQ(response.status, 404) << path;
        EXPECT_NE(response.body.find("Page not found"), std::string::npos) << path;
    }
}

TEST_F(ArchiveTest, ADayWithoutStoriesIsAPageWithTheCalendar) {
    HttpResponse empty = Get("/archive/2024/11/06");
    ASSERT_EQ(empty.status, 200);
    EXPECT_NE(empty.body.find("No stories were first published on this day."), std::string::npos);
    EXPECT_NE(empty.body.find("<table class=\"calendar\">"), std::string::npos);
    EXPECT_NE(empty.body.find("aria-current=\"date\">6</span>"), std::string::npos);
    EXPECT_NE(empty.body.find("href=\"/archive/2024/11/05\"><span class=\"archive__step-label\">"),
              std::string::npos);
    EXPECT_NE(empty.body.find(
                  "href=\"/archive/2024/11/07\"><span class=\"archive__step-label\">Next day"),
              std::string::npos);
}

TEST_F(ArchiveTest, YearAndMonthPagesShowCalendars) {
    HttpResponse year = Get("/archive/2024");
    ASSERT_EQ(year.status, 200);
    EXPECT_EQ(Count(year.body, "<table class=\"calendar\">"), 12u);
    EXPECT_EQ(Count(year.body, "<caption>"), 12u);
    EXPECT_NE(year.body.find("<caption><a href=\"/archive/2024/11\">November 2024</a></caption>"),
              std::string::npos);
    EXPECT_NE(year.body.find("<caption>March 2024</caption>"),
              std::string::npos);  // No stories: no link.
    EXPECT_NE(year.body.find("href=\"/archive/2024/11/16\" title=\"3 stories\">"),
              std::string::npos);
    EXPECT_EQ(year.body.find("aria-current=\"date\""), std::string::npos);
    EXPECT_EQ(year.headers["surrogate-key"], "archive archive-2024");
    EXPECT_EQ(year.headers["cache-control"], "public, max-age=60");

    HttpResponse november = Get("/archive/2024/11");
    ASSERT_EQ(november.status, 200);
    EXPECT_EQ(Count(november.body, "<table class=\"calendar\">"), 1u);
    EXPECT_NE(november.body.find("<caption>November 2024</caption>"), std::string::npos);
    EXPECT_NE(november.body.find("href=\"/archive/2024/11/16\" title=\"3 stories\">"),
              std::string::npos);
    EXPECT_NE(
        november.body.find(
            "href=\"/archive/2024/10\"><span class=\"archive__step-label\">&larr; Previous month"),
        std::string::npos);
    EXPECT_EQ(november.body.find("Next month with stories"), std::string::npos);
    EXPECT_NE(november.body.find("<a href=\"/archive/2024\" aria-current=\"true\">2024</a>"),
              std::string::npos);
    EXPECT_EQ(november.headers["surrogate-key"], "archive archive-2024-11");

    HttpResponse october = Get("/archive/2024/10");
    ASSERT_EQ(october.status, 200);
    EXPECT_NE(october.body.find(
                  "href=\"/archive/2024/11\"><span class=\"archive__step-label\">Next month"),
              std::string::npos);
    EXPECT_EQ(HttpGet(server_->Url("/archive/2024/11/16"), "HEAD").status, 200);
}

}  // namespace
}  // namespace broadsheet::testing
