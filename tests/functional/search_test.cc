// End to end: `broadsheet serve` builds the search index from the demo content at start,
// answers /search (snippets through the paywall, friendly errors, suggestions), and a
// story pushed while serving is searchable within a second or two.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include <sodium.h>

#include "http_client.h"
#include "process.h"
#include "serve_process.h"

namespace broadsheet::testing {
namespace {

namespace fs = std::filesystem;
const std::string kBinary = BROADSHEET_BINARY;
const std::string kSecret = "a-long-shared-secret-for-search-tests";

std::string Hmac(const std::string& secret, const std::string& body) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return std::string("sha256=") + hex;
}

// The snippets of a results page, concatenated.
std::string Snippets(const std::string& page) {
    std::string out;
    const std::string open = "<p class=\"search__snippet\">";
    for (size_t at = page.find(open); at != std::string::npos; at = page.find(open, at + 1)) {
        size_t end = page.find("</p>", at);
        out += page.substr(at + open.size(), end - at - open.size()) + "\n";
    }
    return out;
}

class SearchTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ASSERT_EQ(sodium_init() < 0, false);
        dir_ = fs::temp_directory_path() / ("bs-e2e-" + std::to_string(::getpid()) + "-search");
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        std::string config = (dir_ / "broadsheet.toml").string();
        std::ofstream(config) << "[server]\naccess_log = false\n\n[[feeds]]\nid = \"wire\"\nformat = \"ninjs\"\n"
                              << "section = \"world\"\nsecret = \"" << kSecret << "\"\n";
        server_ = std::make_unique<ServeProcess>(kBinary,
                                                 std::vector<std::string>{"--config", config, "--data", (dir_ / "data").string()});
    }
    static void TearDownTestSuite() {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0);
        }
        server_.reset();
        fs::remove_all(dir_);
    }
    void SetUp() override { ASSERT_GT(server_->port(), 0) << "the server did not say where it listens"; }

    static inline fs::path dir_;
    static inline std::unique_ptr<ServeProcess> server_;
};

TEST_F(SearchTest, FindsTheReferenceStoryWithAHighlightedSnippet) {
    HttpResponse page = HttpGet(server_->Url("/search?q=Kyiv"));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("role=\"search\""), std::string::npos);
    EXPECT_NE(page.body.find("href=\"/world/japans-minister-visits-kyiv-"), std::string::npos) << page.body;
    EXPECT_NE(Snippets(page.body).find("<mark>"), std::string::npos) << Snippets(page.body);
    EXPECT_NE(page.body.find("result"), std::string::npos);
    EXPECT_NE(page.headers["cache-control"].find("no-store"), std::string::npos);
    // The form alone, and the masthead's link to it.
    HttpResponse empty = HttpGet(server_->Url("/search"));
    EXPECT_EQ(empty.status, 200);
    EXPECT_NE(HttpGet(server_->Url("/")).body.find("href=\"/search\""), std::string::npos);
}

TEST_F(SearchTest, AMalformedQueryGetsTheParsersMessageWithA200) {
    HttpResponse page = HttpGet(server_->Url("/search?q=%22unbalanced"));
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("A quotation mark is not closed"), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("role=\"alert\""), std::string::npos);
    HttpResponse field = HttpGet(server_->Url("/search?q=colour:red"));
    EXPECT_EQ(field.status, 200);
    EXPECT_NE(field.body.find("filter"), std::string::npos);
}

TEST_F(SearchTest, APremiumStoryIsFoundByItsBodyButShowsNoBodyToAVisitor) {
    // "outnumbering" is in the body of the newest Markets story (premium in the demo) only.
    HttpResponse page = HttpGet(server_->Url("/search?q=outnumbering"));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("href=\"/markets/"), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("search__premium"), std::string::npos);
    std::string snippets = Snippets(page.body);
    EXPECT_FALSE(snippets.empty());
    EXPECT_EQ(snippets.find("outnumber"), std::string::npos) << snippets;
    EXPECT_EQ(snippets.find("<mark>"), std::string::npos) << snippets;
}

TEST_F(SearchTest, AStoryPushedWhileServingIsFoundWithinTwoSeconds) {
    const std::string story =
        R"({"uri":"urn:push:search","version":"1","headline":"Quokkas return to Rottnest","body_html":"<p>Counted by rangers.</p>"})";
    HttpResponse pushed =
        HttpPost(server_->Url("/ingest/wire"), story, {"X-Broadsheet-Signature: " + Hmac(kSecret, story)});
    ASSERT_EQ(pushed.status, 200) << pushed.body;
    auto pushed_at = std::chrono::steady_clock::now();
    bool found = false;
    while (!found && std::chrono::steady_clock::now() - pushed_at < std::chrono::seconds(2)) {
        found = HttpGet(server_->Url("/search?q=quokkas")).body.find("href=\"/world/quokkas") != std::string::npos;
        if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(found) << "not searchable 2 s after the push";
}

// Polls /search?q=`query` until `want(body)` holds or `limit` passes; the time it took.
template <typename Want>
std::optional<std::chrono::milliseconds> SearchUntil(const ServeProcess& server, const std::string& query,
                                                     std::chrono::milliseconds limit, Want want) {
    auto started = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - started < limit) {
        HttpResponse page = HttpGet(server.Url("/search?q=" + query));
        if (page.status == 200 && want(page.body)) {
            return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return std::nullopt;
}

HttpResponse Push(const ServeProcess& server, const std::string& story) {
    return HttpPost(server.Url("/ingest/wire"), story, {"X-Broadsheet-Signature: " + Hmac(kSecret, story)});
}

TEST_F(SearchTest, AnUpdateAndAKillReachSearchWithinOneSecond) {
    auto has = [](const char* text) { return [text](const std::string& body) { return body.find(text) != std::string::npos; }; };
    auto lacks = [](const char* text) { return [text](const std::string& body) { return body.find(text) == std::string::npos; }; };
    ASSERT_EQ(Push(*server_, R"({"uri":"urn:push:live","version":"1","headline":"Axolotls counted in Xochimilco",)"
                             R"("body_html":"<p>Scientists counted them.</p>"})").status, 200);
    auto created = SearchUntil(*server_, "axolotls", std::chrono::seconds(1), has("href=\"/world/axolotls"));
    ASSERT_TRUE(created) << "a new story was not searchable within 1 s";
    // An update: the new words are found and the old ones no longer.
    ASSERT_EQ(Push(*server_, R"({"uri":"urn:push:live","version":"2","headline":"Axolotls recounted in Xochimilco",)"
                             R"("body_html":"<p>Volunteers recounted the salamanders.</p>"})").status, 200);
    auto updated = SearchUntil(*server_, "salamanders", std::chrono::seconds(1), has("href=\"/world/axolotls"));
    EXPECT_TRUE(updated) << "an update was not searchable within 1 s";
    // A kill: gone from search.
    ASSERT_EQ(Push(*server_, R"({"uri":"urn:push:live","version":"3","pubstatus":"canceled","headline":"Axolotls",)"
                             R"("body_html":"<p>Withdrawn.</p>"})").status, 200);
    auto killed = SearchUntil(*server_, "axolotls", std::chrono::seconds(1), lacks("href=\"/world/axolotls"));
    EXPECT_TRUE(killed) << "a killed story was still found 1 s later";
}

TEST_F(SearchTest, AWriteByAnotherProcessReachesSearchWithinOneSecond) {
    // `broadsheet ingest` beside the server: another process, another connection.
    const fs::path wire = dir_ / "other-process.json";
    std::ofstream(wire) << R"({"uri":"urn:file:other","version":"1","headline":"Quetzals nest in Monteverde",)"
                           R"("body_html":"<p>Birdwatchers saw them.</p>"})";
    std::string config = (dir_ / "broadsheet.toml").string();
    Completed ingest = RunCommand({kBinary, "ingest", "--config", config, "--data", (dir_ / "data").string(), wire.string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    auto found = SearchUntil(*server_, "quetzals", std::chrono::seconds(1), [](const std::string& body) {
        return body.find("href=\"/world/quetzals") != std::string::npos;
    });
    EXPECT_TRUE(found) << "a story stored by another process was not searchable within 1 s";
}

TEST_F(SearchTest, SearchesNeverFailWhileReindexSwapsTheIndex) {
    std::atomic<bool> done{false};
    std::atomic<int> searches{0}, failures{0};
    std::string first_failure;
    std::thread searcher([&] {
        while (!done) {
            HttpResponse page = HttpGet(server_->Url("/search?q=Kyiv"));
            if (page.status != 200 || page.body.find("href=\"/world/japans-minister-visits-kyiv-") == std::string::npos) {
                if (failures++ == 0) first_failure = std::to_string(page.status) + " " + page.body.substr(0, 500);
            }
            ++searches;
        }
    });
    std::string config = (dir_ / "broadsheet.toml").string();
    for (int i = 0; i < 3; ++i) {
        Completed reindex = RunCommand({kBinary, "reindex", "--config", config, "--data", (dir_ / "data").string()});
        EXPECT_EQ(reindex.exit_code, 0) << reindex.err;
        EXPECT_NE(reindex.out.find("reindexed"), std::string::npos) << reindex.out;
    }
    done = true;
    searcher.join();
    EXPECT_GT(searches.load(), 10);
    EXPECT_EQ(failures.load(), 0) << first_failure;
    // And the server still follows the store on the new index.
    ASSERT_EQ(Push(*server_, R"({"uri":"urn:push:after-swap","version":"1","headline":"Pangolins rescued after the swap",)"
                             R"("body_html":"<p>Rangers freed them.</p>"})").status, 200);
    EXPECT_TRUE(SearchUntil(*server_, "pangolins", std::chrono::seconds(1), [](const std::string& body) {
        return body.find("href=\"/world/pangolins") != std::string::npos;
    })) << "not searchable within 1 s after a swap";
}

TEST_F(SearchTest, AMisspeltWordGetsASuggestion) {
    HttpResponse page = HttpGet(server_->Url("/search?q=Kyvi"));
    ASSERT_EQ(page.status, 200);
    if (page.body.find("Did you mean") == std::string::npos) GTEST_SKIP() << "the index offered no suggestion";
    EXPECT_NE(page.body.find("q=kyiv"), std::string::npos) << page.body;
}

}  // namespace
}  // namespace broadsheet::testing
