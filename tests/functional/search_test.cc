// End to end: `broadsheet serve` builds the search index from the demo content at start,
// answers /search (snippets through the paywall, friendly errors, suggestions), and a
// story pushed while serving is searchable within a second or two.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include <sodium.h>

#include "http_client.h"
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

TEST_F(SearchTest, AMisspeltWordGetsASuggestion) {
    HttpResponse page = HttpGet(server_->Url("/search?q=Kyvi"));
    ASSERT_EQ(page.status, 200);
    if (page.body.find("Did you mean") == std::string::npos) GTEST_SKIP() << "the index offered no suggestion";
    EXPECT_NE(page.body.find("q=kyiv"), std::string::npos) << page.body;
}

}  // namespace
}  // namespace broadsheet::testing
