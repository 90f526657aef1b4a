// FeedRunner: the background loop, with a fixed clock.
#include "ingest/sources/feed_runner.h"

#include <gtest/gtest.h>

#include <thread>

#include "ingest/sources/sources_test_support.h"

namespace broadsheet::ingest {
namespace {

using std::chrono::seconds;
using testing::kNov16;
using testing::NinjsStory;
using testing::WriteSettledFile;
namespace fs = std::filesystem;

// Waits up to `limit` for `done` to hold.
template <typename Predicate>
bool WaitFor(Predicate done, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

class FeedRunnerTest : public testing::SourcesTest {
protected:
    void SetUp() override {
        SourcesTest::SetUp();
        poller_ = std::make_unique<FeedPoller>(FeedPollerOptions{.timeout = seconds(5)}, *states_, curl_, *publisher_);
        fs::create_directories(dir_ / "drop");
    }

    std::unique_ptr<FeedRunner> Runner(std::vector<FeedConfig> feeds) {
        return std::make_unique<FeedRunner>(std::move(feeds), *poller_, *states_, *publisher_, 1 << 20, clock_);
    }

    FeedConfig FolderFeed() const {
        return FeedConfig{.id = "pti", .folder = (dir_ / "drop").string(), .interval = seconds(10)};
    }

    CurlConditionalFetcher curl_;
    std::unique_ptr<FeedPoller> poller_;
};

TEST_F(FeedRunnerTest, ScansADueFolderAtStartAndStopsPromptly) {
    WriteSettledFile(dir_ / "drop" / "story.json", NinjsStory("urn:test:1", "1", "Sensex gains"));
    auto runner = Runner({FolderFeed()});
    runner->Start();
    EXPECT_TRUE(WaitFor([&] { return fs::exists(dir_ / "drop" / "done" / "story.json"); }));
    // The next scan is 10 s away on the fixed clock: the runner is waiting, and Stop wakes it.
    auto started = std::chrono::steady_clock::now();
    runner->Stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1000));
    runner->Stop();  // Idempotent.

    store::FeedState state = State("pti");
    EXPECT_EQ(state.last_success, kNov16);
    EXPECT_EQ(state.last_attempt, kNov16);
    EXPECT_EQ(state.next_poll, kNov16 + seconds(10));
    EXPECT_EQ(state.items_ingested, 1);
    EXPECT_EQ(state.last_error, "");
    EXPECT_EQ(articles_->Count().value(), 1);
}

TEST_F(FeedRunnerTest, StopWithoutStartAndDestructionWhileRunningAreFine) {
    auto idle = Runner({FolderFeed()});
    idle->Stop();
    auto running = Runner({FolderFeed()});
    running->Start();
    auto started = std::chrono::steady_clock::now();
    running.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1000));
}

TEST_F(FeedRunnerTest, AMissingFolderIsRecordedAsTheFeedsError) {
    FeedConfig feed = FolderFeed();
    feed.folder = (dir_ / "nowhere").string();
    IngestReport report = Runner({})->RunOnce(feed);
    EXPECT_EQ(report.rejected, 1);
    store::FeedState state = State("pti");
    EXPECT_EQ(state.consecutive_failures, 1);
    EXPECT_NE(state.last_error.find("nowhere"), std::string::npos) << state.last_error;
    EXPECT_EQ(state.next_poll, kNov16 + seconds(10));
}

TEST_F(FeedRunnerTest, RunOnceRunsEverySourceOfAFeed) {
    WriteSettledFile(dir_ / "drop" / "story.json", NinjsStory("urn:test:1", "1", "Sensex gains"));
    FeedConfig feed = FolderFeed();
    feed.url = "http://127.0.0.1:1/feed.json";  // Refused: the poll fails, the scan does not.
    IngestReport report = Runner({feed})->RunOnce(feed);
    EXPECT_EQ(report.ingested, 1);
    EXPECT_EQ(report.rejected, 1);
    store::FeedState state = State("pti");
    EXPECT_EQ(state.consecutive_failures, 1) << "a polled feed's schedule is the poll's";
    EXPECT_EQ(state.items_ingested, 1);
}

TEST_F(FeedRunnerTest, AStoredBackOffIsRespectedAfterARestart) {
    FeedConfig feed{.id = "ap", .url = "http://127.0.0.1:1/feed.json", .interval = seconds(60)};
    ASSERT_TRUE(states_->Put(store::FeedState{.feed_id = "ap", .consecutive_failures = 3,
                                              .next_poll = kNov16 + seconds(3600)})
                    .has_value());
    auto runner = Runner({feed});
    runner->Start();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    runner->Stop();
    EXPECT_FALSE(State("ap").last_attempt.has_value()) << "not due for an hour";
}

}  // namespace
}  // namespace broadsheet::ingest
