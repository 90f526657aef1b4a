// The paywall's leak audit: for every route the site has (the router lists them itself:
// `serve --audit-paths`) and every kind of reader, a premium story's body text appears
// exactly where that reader is entitled to it — its page and its JSON — and nowhere else.
// Readers who are not entitled by a subscription still have the meter (one free story
// here); those states spend it on another story first, so their subscription alone decides.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "browser.h"
#include "process.h"
#include "serve_process.h"

namespace broadsheet::testing {
namespace {

namespace fs = std::filesystem;
const std::string kBinary = BROADSHEET_BINARY;
constexpr const char* kCanary = "CANARY-PREMIUM-BODY-7d1f";
constexpr const char* kPassword = "a long test password";

// Plans: one with premium stories, one without.
constexpr const char* kConfig = R"toml(
[site]
base_url = "http://127.0.0.1:1"
[server]
access_log = false
[paywall]
free_stories_per_month = 1
registration_bonus = 0
grace_days = 7

[[perks]]
id = "premium-stories"
title = "Premium stories"
description = "Every premium story"

[[perks]]
id = "epaper"
title = "Epaper"
description = "The daily replica"

[[plans]]
id = "premium"
name = "Premium"
price = 90000
currency = "INR"
months = 3
perks = ["premium-stories", "epaper"]

[[plans]]
id = "epaper-only"
name = "Epaper only"
price = 30000
currency = "INR"
months = 3
perks = ["epaper"]
)toml";

std::string Story(const std::string& uri, const std::string& headline, const std::string& topic,
                  const std::string& last_paragraph) {
    return R"({"uri":")" + uri + R"(","version":"1","versioncreated":"2024-11-16T10:27:00Z","type":"text",)"
           R"("headlines":[{"value":")" + headline + R"("}],"descriptions":[{"role":"summary","value":"A standfirst."}],)"
           R"("subjects":[{"name":")" + topic + R"("}],)"
           R"("bodies":[{"contenttype":"text/html","value":"<p>First paragraph, the teaser.</p><p>Second.</p><p>)" +
           last_paragraph + R"(</p>"}]})";
}

// Runs SQL on the data dir's database while the server runs (WAL allows it).
void Sql(const fs::path& database, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "") << "\n" << sql;
    sqlite3_free(error);
    sqlite3_close(db);
}

struct ReaderState {
    std::string name;
    std::string email;        // Empty: a visitor.
    std::string plan;         // Granted with `reader add --plan`.
    std::string adjust_sql;   // Then applied to the reader's subscription (%ID% = its reader id).
    bool spend_meter = false;  // Read the one free story on another premium story first.
    bool entitled = false;     // May read the premium story in full.
};

TEST(LeakAuditTest, APremiumBodyAppearsExactlyWhereTheReaderIsEntitledToIt) {
    fs::path dir = fs::temp_directory_path() / ("bs-leak-audit-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "wire");
    const std::string config = (dir / "broadsheet.toml").string(), data = (dir / "data").string();
    std::ofstream(config) << kConfig;
    std::ofstream(dir / "wire" / "premium.json") << Story("urn:leak:premium", "A premium story", "Japan", kCanary);
    std::ofstream(dir / "wire" / "other.json") << Story("urn:leak:other", "Another premium story", "Japan", "Filler.");
    std::ofstream(dir / "wire" / "free.json") << Story("urn:leak:free", "A free story", "Japan", "Free words.");
    // `ingest --premium` marks what it ingests premium.
    for (const char* file : {"premium.json", "other.json"}) {
        Completed ingested = RunCommand({kBinary, "ingest", "--premium", "--config", config, "--data", data,
                                         (dir / "wire" / file).string()});
        ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
    }
    ASSERT_EQ(RunCommand({kBinary, "ingest", "--config", config, "--data", data, (dir / "wire" / "free.json").string()})
                  .exit_code,
              0);

    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string day = std::to_string(86400);
    const std::vector<ReaderState> states = {
        {"visitor with free stories left", "", "", "", false, true},
        {"visitor whose meter is spent", "", "", "", true, false},
        {"registered reader, meter left", "registered@example.com", "", "", false, true},
        {"registered reader, meter spent", "spent@example.com", "", "", true, false},
        {"subscriber", "subscriber@example.com", "premium", "", false, true},
        {"subscriber without the premium perk", "epaper@example.com", "epaper-only", "", true, false},
        {"cancelled but paid up", "cancelled@example.com", "premium",
         "UPDATE subscriptions SET cancel_at_period_end = 1 WHERE reader_id = %ID%", false, true},
        {"expired", "expired@example.com", "premium",
         "UPDATE subscriptions SET status = 'expired', period_end = " + std::to_string(now - 86400) +
             " WHERE reader_id = %ID%",
         true, false},
        {"past due within grace", "grace@example.com", "premium",
         "UPDATE subscriptions SET status = 'past_due', period_end = " + std::to_string(now - 86400) +
             ", past_due_since = " + std::to_string(now - 86400) + " WHERE reader_id = %ID%",
         false, true},
        {"past due after grace", "lapsed@example.com", "premium",
         "UPDATE subscriptions SET status = 'past_due', period_end = " + std::to_string(now - 8 * 86400) +
             ", past_due_since = " + std::to_string(now - 8 * 86400) + " WHERE reader_id = %ID%",
         true, false},
    };
    for (const ReaderState& state : states) {
        if (state.email.empty()) continue;
        std::string command = "printf '%s' '" + std::string(kPassword) + "' | " + kBinary + " reader add --config " +
                              config + " --data " + data + " --email " + state.email;
        if (!state.plan.empty()) command += " --plan " + state.plan + " --months 3";
        Completed added = RunCommand({"/bin/sh", "-c", command});
        ASSERT_EQ(added.exit_code, 0) << state.email << ": " << added.err;
    }

    ServeProcess server(kBinary, {"--config", config, "--data", data, "--no-demo"});
    ASSERT_GT(server.port(), 0);
    const fs::path database = fs::path(data) / "broadsheet.db";
    for (const ReaderState& state : states) {
        if (state.adjust_sql.empty()) continue;
        std::string sql = state.adjust_sql;
        sql.replace(sql.find("%ID%"), 4, "(SELECT id FROM readers WHERE email = '" + state.email + "')");
        Sql(database, sql);
    }

    // The premium story's id, from its page's link on the home page.
    Browser probe(server);
    std::smatch match;
    std::string home = probe.Get("/").body;
    ASSERT_TRUE(std::regex_search(home, match, std::regex(R"re(href="/[a-z]+/a-premium-story-(\d+)")re"))) << home;
    const std::string id = match[1];
    std::smatch other;
    ASSERT_TRUE(std::regex_search(home, other, std::regex(R"re(href="(/[a-z]+/another-premium-story-\d+)")re")));

    // Every route, as the router lists it.
    Completed listed = RunCommand({kBinary, "serve", "--config", config, "--data", data, "--audit-paths", id});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    std::vector<std::string> paths;
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty()) paths.push_back(line);
    }
    ASSERT_GE(paths.size(), 30u);
    const std::string article_json = "/api/v1/articles/" + id;
    ASSERT_NE(std::find(paths.begin(), paths.end(), article_json), paths.end());

    int fetched = 0, shown = 0;
    for (const ReaderState& state : states) {
        Browser reader(server);
        if (!state.email.empty()) {
            ASSERT_TRUE(reader.SignIn(state.email, kPassword)) << state.name;
        }
        if (state.spend_meter) reader.Get(other[1].str());  // The one free story goes on another.
        for (const std::string& path : paths) {
            // A fresh meter for the visitor who still has one, at every request.
            Browser fresh(server);
            Browser& client = state.email.empty() && !state.spend_meter ? fresh : reader;
            Reply reply = client.Get(path);
            ++fetched;
            const bool leaked = reply.body.find(kCanary) != std::string::npos;
            shown += leaked ? 1 : 0;
            const bool story = path.starts_with("/world/a-premium-story-") || path == article_json;
            EXPECT_EQ(leaked, story && state.entitled)
                << state.name << " GET " << path << " -> " << reply.status;
            if (story) {
                EXPECT_EQ(reply.status, 200) << state.name << " " << path;
            }
        }
    }
    std::cout << "leak audit: " << states.size() << " reader states x " << paths.size() << " routes = " << fetched
              << " fetches; the premium body was shown " << shown << " times, each where entitled" << std::endl;
    EXPECT_EQ(server.Stop(), 0);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace broadsheet::testing
