// `broadsheet import-archive` end to end: killed with SIGKILL in the middle of a large
// archive and run again, every line is stored exactly once; rejected lines are reported as
// file:line with exit code 1; imported stories are searchable.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <xapian.h>

#include "http_client.h"
#include "process.h"
#include "serve_process.h"
#include "sqlite_query.h"

namespace broadsheet::testing {
namespace {

namespace fs = std::filesystem;
const std::string kBinary = BROADSHEET_BINARY;

// An archive-gen line; `headline` may be empty (a bad record).
std::string Line(int id, const std::string& headline) {
    std::string body;
    for (int i = 0; i < 12; ++i) body += "Sentence number " + std::to_string(i) + " of story " + std::to_string(id) + " in the archive. ";
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 1997 + id % 29, 1 + id % 12, 1 + id % 28);
    return R"({"id":)" + std::to_string(id) + R"(,"date":")" + date + R"(","section":")" +
           (id % 10 == 0 ? "gardening" : "world") + R"(","topics":["north-korea","topic-)" + std::to_string(id % 50) +
           R"("],"headline":")" + headline + R"(","summary":"Summary of story )" + std::to_string(id) +
           R"(.","body":")" + body + "\"}\n";
}

class ImportArchiveTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("bs-import-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path database() const { return dir_ / "data" / "broadsheet.db"; }
    std::vector<std::string> Import(const fs::path& file, std::vector<std::string> extra = {}) const {
        std::vector<std::string> argv = {kBinary, "import-archive", "--data", (dir_ / "data").string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        argv.push_back(file.string());
        return argv;
    }

    fs::path dir_;
};

TEST_F(ImportArchiveTest, SigkillMidImportThenResumeStoresEveryLineOnce) {
    constexpr int kLines = 20000;
    constexpr int kBadLine = 19000;  // No headline: rejected, reported, never stops the import.
    const fs::path archive = dir_ / "archive.jsonl";
    {
        std::ofstream out(archive);
        for (int id = 1; id <= kLines; ++id) out << Line(id, id == kBadLine ? "" : "Story number " + std::to_string(id));
    }
    int64_t before_kill = 0;
    {
        Child child(Import(archive, {"--no-index", "--batch", "500"}));
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            before_kill = QueryInt(database(), "SELECT COUNT(*) FROM articles");
            if (before_kill >= 1000) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        child.Stop(SIGKILL, 5000);
    }
    ASSERT_GE(before_kill, 1000) << "the import never got going";
    const int64_t after_kill = QueryInt(database(), "SELECT COUNT(*) FROM articles");
    ASSERT_LT(after_kill, kLines - 1) << "the import finished before the kill; make kLines larger";
    const int64_t checkpoint = QueryInt(database(), "SELECT COALESCE(MAX(line), 0) FROM import_checkpoints");
    EXPECT_LE(checkpoint, after_kill + 1);  // Never ahead of what is stored.

    Completed again = RunCommand(Import(archive));
    EXPECT_EQ(again.exit_code, 1) << again.err;  // One line was rejected.
    EXPECT_NE(again.err.find("archive.jsonl:19000: no headline"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find("resumed from a checkpoint"), std::string::npos) << again.err;
    std::smatch counts;
    ASSERT_TRUE(std::regex_search(again.out, counts,
                                  std::regex(R"re(imported ([\d,]+), updated 0, unchanged ([\d,]+), rejected 1, re-sectioned ([\d,]+))re")))
        << again.out;
    auto number = [](std::string text) {
        std::erase(text, ',');
        return std::stoll(text);
    };
    // Only the batch in flight at the kill (committed, maybe not yet checkpointed) is read again.
    EXPECT_EQ(number(counts[1]) + after_kill, kLines - 1);
    EXPECT_LE(number(counts[2]), 500);
    EXPECT_EQ(QueryInt(database(), "SELECT COUNT(*) FROM articles"), kLines - 1);
    EXPECT_EQ(QueryInt(database(), "SELECT COUNT(DISTINCT uri) FROM articles"), kLines - 1);
    EXPECT_EQ(QueryInt(database(), "SELECT COUNT(*) FROM article_versions"), kLines - 1);
    EXPECT_EQ(QueryInt(database(), "SELECT COUNT(*) FROM articles WHERE uri = 'archive:20000'"), 1);
    // "gardening" is not a configured section: those stories went to the default one.
    EXPECT_EQ(QueryInt(database(), "SELECT COUNT(*) FROM articles WHERE section = 'gardening'"), 0);
    EXPECT_NE(again.out.find("search index: rebuilt"), std::string::npos) << again.out;

    // A third run finds the file finished: nothing read, nothing changed.
    Completed third = RunCommand(Import(archive));
    EXPECT_EQ(third.exit_code, 0) << third.err;
    EXPECT_NE(third.out.find("imported 0, updated 0, unchanged 0, rejected 0"), std::string::npos) << third.out;
    EXPECT_NE(third.out.find("search index: up to date"), std::string::npos) << third.out;
    // --restart reads it all again: every version is already stored.
    Completed restart = RunCommand(Import(archive, {"--restart", "--no-index"}));
    EXPECT_NE(restart.out.find("imported 0, updated 0, unchanged 19,999, rejected 1"), std::string::npos)
        << restart.out;
    EXPECT_EQ(QueryInt(database(), "SELECT COUNT(*) FROM articles"), kLines - 1);
}

TEST_F(ImportArchiveTest, ImportedStoriesAreSearchableAndUpdatesAreApplied) {
    const fs::path archive = dir_ / "small.jsonl";
    {
        std::ofstream out(archive);
        for (int id = 1; id <= 40; ++id) out << Line(id, "Walrus census number " + std::to_string(id));
        out << "{not json\n";
    }
    Completed first = RunCommand(Import(archive));
    EXPECT_EQ(first.exit_code, 1);
    EXPECT_NE(first.err.find("small.jsonl:41: bad JSON"), std::string::npos) << first.err;
    EXPECT_NE(first.out.find("imported 40,"), std::string::npos) << first.out;

    // The same ids with new content, in another file: updates, applied to the index one by one.
    const fs::path update = dir_ / "update.jsonl";
    std::ofstream(update) << Line(7, "Narwhal census revised");
    Completed second = RunCommand(Import(update));
    EXPECT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("updated 1,"), std::string::npos) << second.out;
    EXPECT_NE(second.out.find("search index: updated 1 stories"), std::string::npos) << second.out;

    // An index of an older format (terms made another way) is rebuilt, not updated in place.
    {
        const fs::path search = dir_ / "data" / "search";
        std::string current;
        std::getline(std::ifstream(search / "CURRENT"), current);  // "auto index-000001"
        ASSERT_EQ(current.rfind("auto ", 0), 0u) << current;
        current.erase(0, 5);
        Xapian::WritableDatabase db((search / current).string(), Xapian::DB_OPEN);
        ASSERT_FALSE(db.get_metadata("broadsheet.index_format").empty());
        db.set_metadata("broadsheet.index_format", "");
        db.commit();
    }
    Completed third = RunCommand(Import(update));
    EXPECT_EQ(third.exit_code, 0) << third.err;
    EXPECT_NE(third.out.find("search index: rebuilt, 40 stories"), std::string::npos) << third.out;

    ServeProcess server(kBinary, {"--no-demo", "--data", (dir_ / "data").string()});
    ASSERT_GT(server.port(), 0);
    HttpResponse walrus = HttpGet(server.Url("/search?q=walrus"));
    EXPECT_EQ(walrus.status, 200);
    EXPECT_NE(walrus.body.find("39 results"), std::string::npos) << walrus.body.substr(0, 3000);
    HttpResponse narwhal = HttpGet(server.Url("/search?q=narwhal"));
    EXPECT_NE(narwhal.body.find("Narwhal census revised"), std::string::npos);
    EXPECT_NE(narwhal.body.find("1 result"), std::string::npos);  // The slug stays the first version's.
    EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace broadsheet::testing
