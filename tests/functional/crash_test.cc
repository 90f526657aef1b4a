// Kill `broadsheet ingest` with SIGKILL in the middle of a large ingest, run it again:
// no partial article is visible, nothing is lost, nothing is duplicated.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "process.h"
#include "sqlite_query.h"

namespace broadsheet::testing {
namespace {

const std::string kBinary = BROADSHEET_BINARY;

TEST(CrashTest, SigkillMidIngestLosesAndDuplicatesNothing) {
    constexpr int kItems = 20000;
    auto dir = std::filesystem::temp_directory_path() / ("bs-crash-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "wire");
    for (int i = 0; i < kItems; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "item-%05d.json", i);
        std::ofstream(dir / "wire" / name)
            << R"({"uri":"urn:crash:)" << i << R"(","version":"1","versioncreated":"2024-11-16T10:27:00Z",)"
            << R"("headline":"Story number )" << i << R"(","description_text":"Summary )" << i
            << R"(","body_html":"<p>)" << std::string(400, 'w') << " " << i << R"(</p>","subject":[{"name":"Topic )"
            << i % 17 << R"("}]})";
    }
    std::filesystem::path database = dir / "data" / "broadsheet.db";
    std::vector<std::string> ingest = {kBinary, "ingest", "--data", (dir / "data").string(), (dir / "wire").string()};

    int64_t seen_before_kill = 0;
    {
        Child child(ingest);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            seen_before_kill = QueryInt(database, "SELECT COUNT(*) FROM articles");
            if (seen_before_kill >= 50) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        child.Stop(SIGKILL, 5000);
    }
    ASSERT_GE(seen_before_kill, 50) << "the ingest never got going";
    int64_t after_kill = QueryInt(database, "SELECT COUNT(*) FROM articles");
    ASSERT_LT(after_kill, kItems) << "the ingest finished before the kill; make kItems larger";
    // Every visible article is whole: it has its version, its topic link, its text.
    EXPECT_EQ(QueryInt(database, "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_versions v"
                                 " WHERE v.article_id = a.id AND v.number = a.current_version AND v.headline <> ''"
                                 " AND v.body_html <> '')"),
              0);
    EXPECT_EQ(QueryInt(database, "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_topics t"
                                 " WHERE t.article_id = a.id)"),
              0);

    Completed again = RunCommand(ingest);
    EXPECT_EQ(again.exit_code, 0) << again.err;
    std::smatch counts;
    ASSERT_TRUE(std::regex_match(again.out, counts,
                                 std::regex(R"re(ingested (\d+), updated 0, unchanged (\d+), rejected 0\n)re")))
        << again.out;
    EXPECT_EQ(std::stoll(counts[1]) + std::stoll(counts[2]), kItems);
    EXPECT_EQ(std::stoll(counts[2]), after_kill);
    EXPECT_EQ(QueryInt(database, "SELECT COUNT(*) FROM articles"), kItems);
    EXPECT_EQ(QueryInt(database, "SELECT COUNT(DISTINCT uri) FROM articles"), kItems);
    EXPECT_EQ(QueryInt(database, "SELECT COUNT(*) FROM article_versions"), kItems);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace broadsheet::testing
