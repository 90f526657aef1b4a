// End to end: a drop-folder feed configured in the TOML is scanned by `broadsheet serve`
// while it serves, and `broadsheet feeds` reports on it.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <sodium.h>

#include "http_client.h"
#include "process.h"
#include "serve_process.h"

namespace broadsheet::testing {
namespace {

namespace fs = std::filesystem;
const std::string kBinary = BROADSHEET_BINARY;
const fs::path kDemo = fs::path(BROADSHEET_SOURCE_DIR) / "fixtures" / "demo";

// Copies a demo story into the drop folder and dates it back, so the runner does not wait
// for it to settle.
void Drop(const std::string& name, const fs::path& folder) {
    fs::path temporary = folder / (name + ".part");  // Written under a name the runner skips...
    fs::copy_file(kDemo / name, temporary);
    fs::last_write_time(temporary, fs::file_time_type::clock::now() - std::chrono::seconds(10));
    fs::rename(temporary, folder / name);  // ...then renamed, as uploaders do.
}

// Waits up to `seconds` for `done` to hold.
template <typename Predicate>
bool WaitFor(Predicate done, int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
}

TEST(FeedsTest, ADropFolderFeedPublishesWhileServing) {
    fs::path dir = fs::temp_directory_path() / ("bs-e2e-" + std::to_string(::getpid()) + "-feeds");
    fs::remove_all(dir);
    fs::path drop = dir / "drop";
    fs::create_directories(drop);
    fs::copy(kDemo / "pictures", drop / "pictures");
    std::string config = (dir / "broadsheet.toml").string(), data = (dir / "data").string();
    std::ofstream(config) << "[server]\naccess_log = false\n\n[[feeds]]\nid = \"pti\"\nname = \"PTI drop\"\n"
                          << "folder = \"" << drop.string() << "\"\ninterval = 10\n";

    // A story already waiting goes in with the first scan, right at start.
    Drop("reference.json", drop);
    ServeProcess child(kBinary, {"--config", config, "--data", data, "--no-demo"});
    ASSERT_GT(child.port(), 0) << "the server did not say where it listens";
    std::string home = child.Url("/");
    auto on_home_page = [&home](const std::string& slug) {
        return HttpGet(home).body.find("href=\"/world/" + slug) != std::string::npos;
    };
    // Generous waits: CI runs other tests beside this one on two cores.
    EXPECT_TRUE(WaitFor([&] { return on_home_page("japans-minister-visits-kyiv"); }, 15));
    EXPECT_TRUE(WaitFor([&] { return fs::exists(drop / "done" / "reference.json"); }, 15));
    EXPECT_TRUE(fs::exists(drop / "pictures" / "japan-flag.jpg"));

    // A story dropped while serving goes in with the next scan, at most an interval later.
    Drop("2024-11-16-russia-drones-kyiv.json", drop);
    EXPECT_TRUE(WaitFor([&] { return on_home_page("russia-strikes-kyiv"); }, 30));
    EXPECT_TRUE(WaitFor([&] { return fs::exists(drop / "done" / "2024-11-16-russia-drones-kyiv.json"); }, 15));
    // The status output reports the feed's state.
    HttpResponse health = HttpGet(child.Url("/healthz"));
    EXPECT_NE(health.body.find("\"id\":\"pti\""), std::string::npos) << health.body;
    EXPECT_NE(health.body.find("\"failures\":0"), std::string::npos) << health.body;
    EXPECT_EQ(health.body.find("\"last_success\":null"), std::string::npos) << health.body;
    auto stopping = std::chrono::steady_clock::now();
    EXPECT_EQ(child.Stop(), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(5)) << "the runner stops at once";

    Completed feeds = RunCommand({kBinary, "feeds", "--config", config, "--data", data});
    EXPECT_EQ(feeds.exit_code, 0) << feeds.err;
    const std::regex kLine(R"re(^pti  PTI drop  folder  last success: \w{3} \d+ \d{4} \| \d+:\d\d [AP]M IST  )re"
                           R"re(last error: none  next poll: .*  failures: 0  items: 2\n$)re");
    EXPECT_TRUE(std::regex_search(feeds.out, kLine)) << feeds.out;

    // --poll-now runs the feed in the foreground: a bad file is rejected and filed with its reason.
    std::ofstream(drop / "broken.json") << "{\"uri\": ";
    fs::last_write_time(drop / "broken.json", fs::file_time_type::clock::now() - std::chrono::seconds(10));
    Completed poll = RunCommand({kBinary, "feeds", "--poll-now", "--config", config, "--data", data});
    EXPECT_EQ(poll.exit_code, 1);
    EXPECT_NE(poll.out.find("pti: ingested 0, updated 0, unchanged 0, rejected 1\n"), std::string::npos) << poll.out;
    EXPECT_NE(poll.err.find("broken.json"), std::string::npos) << poll.err;
    EXPECT_TRUE(fs::exists(drop / "failed" / "broken.json.reason"));
    fs::remove_all(dir);
}

TEST(FeedsTest, WithoutFeedsTheCommandSaysSo) {
    fs::path dir = fs::temp_directory_path() / ("bs-e2e-" + std::to_string(::getpid()) + "-no-feeds");
    Completed feeds = RunCommand({kBinary, "feeds", "--data", (dir / "data").string()});
    EXPECT_EQ(feeds.exit_code, 0);
    EXPECT_EQ(feeds.out, "no feeds configured\n");
    fs::remove_all(dir);
}

}  // namespace
}  // namespace broadsheet::testing

namespace broadsheet::testing {
namespace {

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

TEST(PushTest, SignedPushesArePublishedAndOthersRefused) {
    fs::path dir = fs::temp_directory_path() / ("bs-e2e-" + std::to_string(::getpid()) + "-push");
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string secret = "a-long-shared-secret-for-tests";
    std::string config = (dir / "broadsheet.toml").string(), data = (dir / "data").string();
    std::ofstream(config) << "[server]\naccess_log = false\n\n[[feeds]]\nid = \"wire\"\nformat = \"ninjs\"\n"
                          << "section = \"markets\"\nsecret = \"" << secret << "\"\n";
    ServeProcess child(kBinary, {"--config", config, "--data", data, "--no-demo"});
    ASSERT_GT(child.port(), 0);
    std::string base = child.Url("");
    const std::string story =
        R"({"uri":"urn:push:e2e","version":"1","headline":"Pushed over HTTP","body_html":"<p>Pushed words.</p>"})";

    HttpResponse unsigned_push = HttpPost(base + "/ingest/wire", story, {"Content-Type: application/json"});
    EXPECT_EQ(unsigned_push.status, 401);
    HttpResponse forged = HttpPost(base + "/ingest/wire", story, {"X-Broadsheet-Signature: " + Hmac("guess", story)});
    EXPECT_EQ(forged.status, 401);
    // Both pages are now in the page cache; the push must show on them at once.
    EXPECT_EQ(HttpGet(base + "/").body.find("Pushed over HTTP"), std::string::npos);
    EXPECT_EQ(HttpGet(base + "/markets").body.find("Pushed over HTTP"), std::string::npos);

    HttpResponse pushed = HttpPost(base + "/ingest/wire", story, {"X-Broadsheet-Signature: " + Hmac(secret, story)});
    EXPECT_EQ(pushed.status, 200) << pushed.body;
    EXPECT_NE(pushed.body.find("\"ingested\":1"), std::string::npos) << pushed.body;
    HttpResponse markets = HttpGet(base + "/markets");
    EXPECT_NE(markets.body.find("Pushed over HTTP"), std::string::npos);
    EXPECT_NE(HttpGet(base + "/").body.find("Pushed over HTTP"), std::string::npos);
    EXPECT_EQ(HttpPost(base + "/ingest/other", story, {"X-Broadsheet-Signature: " + Hmac(secret, story)}).status, 404);
    EXPECT_EQ(child.Stop(), 0);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace broadsheet::testing
