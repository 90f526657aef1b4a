// FeedPoller and CurlConditionalFetcher against a real HTTP server on 127.0.0.1.
#include "ingest/sources/feed_poller.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "http/server.h"
#include "ingest/sources/sources_test_support.h"

namespace broadsheet::ingest {
namespace {

using std::chrono::seconds;
using testing::kNov16;
using testing::NinjsStory;

constexpr const char* kLastModified = "Sat, 16 Nov 2024 10:27:00 GMT";

// A wire server: /feed.json with an ETag and Last-Modified, honouring If-None-Match; error
// statuses on other paths. Counts the conditional requests it sees.
class WireServer final {
public:
    WireServer() {
        http::ServerOptions options;
        options.port = 0;
        options.threads = 1;
        options.access_log = false;
        server_ = std::make_unique<http::Server>(options, [this](const http::Request& r) { return Handle(r); });
        EXPECT_TRUE(server_->Listen().has_value());
        thread_ = std::thread([this] { server_->Run(false); });
    }
    ~WireServer() {
        server_->Stop();
        thread_.join();
    }
    std::string Url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
    }

    void SetDocument(std::string body, std::string etag) {
        std::lock_guard lock(mutex_);
        document_ = std::move(body);
        etag_ = std::move(etag);
    }
    void SetFailing(bool failing) {
        std::lock_guard lock(mutex_);
        failing_ = failing;
    }
    int conditional_requests() const {
        std::lock_guard lock(mutex_);
        return conditional_requests_;
    }
    std::string last_if_modified_since() const {
        std::lock_guard lock(mutex_);
        return last_if_modified_since_;
    }

private:
    http::Response Handle(const http::Request& request) {
        std::lock_guard lock(mutex_);
        if (request.path == "/feed.json") {
            if (failing_) return http::Response::Text(500, "down");
            std::string_view if_none_match = request.Header("If-None-Match");
            if (!if_none_match.empty()) {
                ++conditional_requests_;
                last_if_modified_since_ = std::string(request.Header("If-Modified-Since"));
            }
            if (!if_none_match.empty() && if_none_match == etag_) {
                http::Response not_modified{.status = 304};
                not_modified.SetHeader("ETag", etag_);
                return not_modified;
            }
            auto response = http::Response::Text(200, document_, "application/json; charset=UTF-8");
            response.SetHeader("ETag", etag_);
            response.SetHeader("Last-Modified", kLastModified);
            return response;
        }
        if (request.path == "/gone") return http::Response::Text(410, "gone");
        if (request.path == "/busy") {
            auto busy = http::Response::Text(503, "busy");
            busy.SetHeader("Retry-After", "7200");
            return busy;
        }
        if (request.path == "/big") return http::Response::Text(200, std::string(100000, ' ') + "{}");
        if (request.path == "/garbage") {
            auto garbage = http::Response::Text(200, "this is no feed", "text/plain; charset=\"ISO-8859-1\"");
            garbage.SetHeader("ETag", "\"garbage\"");
            return garbage;
        }
        if (request.path == "/slow") {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            return http::Response::Text(200, "late");
        }
        return http::Response::Text(404, "not here");
    }

    mutable std::mutex mutex_;
    std::string document_;
    std::string etag_;
    bool failing_ = false;
    int conditional_requests_ = 0;
    std::string last_if_modified_since_;
    std::unique_ptr<http::Server> server_;
    std::thread thread_;
};

class FeedPollerTest : public testing::SourcesTest {
protected:
    void SetUp() override {
        SourcesTest::SetUp();
        wire_.SetDocument(NinjsStory("urn:test:kyiv", "1", "Minister visits Kyiv"), "\"v1\"");
        poller_ = std::make_unique<FeedPoller>(FeedPollerOptions{.max_item_bytes = 64 * 1024}, *states_, curl_,
                                               *publisher_);
    }

    FeedConfig Feed(const std::string& path) const {
        return FeedConfig{.id = "wire", .format = "ninjs", .url = wire_.Url(path), .interval = seconds(60),
                          .section = "markets"};
    }

    WireServer wire_;
    CurlConditionalFetcher curl_;
    std::unique_ptr<FeedPoller> poller_;
};

TEST_F(FeedPollerTest, FirstPollIngestsAndTheSecondIsNotModified) {
    FeedConfig feed = Feed("/feed.json");
    IngestReport first = poller_->PollOnce(feed, kNov16);
    EXPECT_EQ(first.Summary(), "ingested 1, updated 0, unchanged 0, rejected 0");
    store::FeedState state = State("wire");
    EXPECT_EQ(state.etag, "\"v1\"");
    EXPECT_EQ(state.last_modified, kLastModified);
    EXPECT_EQ(state.last_success, kNov16);
    EXPECT_EQ(state.next_poll, kNov16 + seconds(60));
    EXPECT_EQ(state.items_ingested, 1);
    EXPECT_EQ(wire_.conditional_requests(), 0);
    // The feed's section is the fallback for an item that names none.
    auto listed = articles_->List(store::ListQuery{.section = "markets"});
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].headline, "Minister visits Kyiv");

    IngestReport second = poller_->PollOnce(feed, kNov16 + seconds(60));
    EXPECT_EQ(second.Summary(), "ingested 0, updated 0, unchanged 0, rejected 0");
    EXPECT_EQ(wire_.conditional_requests(), 1);
    EXPECT_EQ(wire_.last_if_modified_since(), kLastModified) << "echoed verbatim";
    state = State("wire");
    EXPECT_EQ(state.etag, "\"v1\"");
    EXPECT_EQ(state.last_success, kNov16 + seconds(60));
    EXPECT_EQ(state.last_attempt, kNov16 + seconds(60));
    EXPECT_EQ(state.next_poll, kNov16 + seconds(120));
    EXPECT_EQ(state.items_ingested, 1);
}

TEST_F(FeedPollerTest, AChangedDocumentIsFetchedAgain) {
    FeedConfig feed = Feed("/feed.json");
    ASSERT_EQ(poller_->PollOnce(feed, kNov16).ingested, 1);
    wire_.SetDocument(NinjsStory("urn:test:kyiv", "2", "Minister arrives in Kyiv"), "\"v2\"");
    IngestReport update = poller_->PollOnce(feed, kNov16 + seconds(60));
    EXPECT_EQ(update.Summary(), "ingested 0, updated 1, unchanged 0, rejected 0");
    EXPECT_EQ(State("wire").etag, "\"v2\"");
    EXPECT_EQ(State("wire").items_ingested, 2);
}

TEST_F(FeedPollerTest, ServerErrorsBackOffExponentiallyUpToSixHours) {
    FeedConfig feed = Feed("/feed.json");
    wire_.SetFailing(true);
    Timestamp now = kNov16;
    const int64_t kExpected[] = {60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600};
    for (size_t i = 0; i < std::size(kExpected); ++i) {
        IngestReport report = poller_->PollOnce(feed, now);
        EXPECT_EQ(report.rejected, 1);
        store::FeedState state = State("wire");
        EXPECT_EQ(state.consecutive_failures, static_cast<int>(i + 1));
        EXPECT_NE(state.last_error.find("HTTP status 500"), std::string::npos) << state.last_error;
        ASSERT_TRUE(state.next_poll.has_value());
        EXPECT_EQ(*state.next_poll - now, seconds(kExpected[i])) << "failure " << i + 1;
        EXPECT_FALSE(state.last_success.has_value());
        now = *state.next_poll;
    }
    wire_.SetFailing(false);
    EXPECT_EQ(poller_->PollOnce(feed, now).ingested, 1);
    store::FeedState recovered = State("wire");
    EXPECT_EQ(recovered.consecutive_failures, 0);
    EXPECT_EQ(recovered.last_error, "");
    EXPECT_EQ(recovered.next_poll, now + seconds(60));
}

TEST_F(FeedPollerTest, GoneIsRecordedAndBacksOffToTheMaximum) {
    IngestReport report = poller_->PollOnce(Feed("/gone"), kNov16);
    EXPECT_EQ(report.rejected, 1);
    store::FeedState state = State("wire");
    EXPECT_NE(state.last_error.find("410"), std::string::npos) << state.last_error;
    EXPECT_NE(state.last_error.find("Gone"), std::string::npos) << state.last_error;
    EXPECT_EQ(state.next_poll, kNov16 + seconds(6 * 3600));
    EXPECT_EQ(state.consecutive_failures, 1);
}

TEST_F(FeedPollerTest, RetryAfterInSecondsIsHonoured) {
    (void)poller_->PollOnce(Feed("/busy"), kNov16);
    EXPECT_EQ(State("wire").next_poll, kNov16 + seconds(7200));
}

TEST_F(FeedPollerTest, AnOversizeBodyIsRefused) {
    IngestReport report = poller_->PollOnce(Feed("/big"), kNov16);
    EXPECT_EQ(report.rejected, 1);
    ASSERT_EQ(report.rejections.size(), 1u);
    EXPECT_NE(report.rejections[0].second.find("larger than 65536 bytes"), std::string::npos)
        << report.rejections[0].second;
    EXPECT_EQ(State("wire").consecutive_failures, 1);
    EXPECT_EQ(articles_->Count().value(), 0);
}

TEST_F(FeedPollerTest, ADocumentRejectedAsAWholeIsAFailureAndKeepsNoValidators) {
    FeedConfig feed = Feed("/garbage");
    IngestReport report = poller_->PollOnce(feed, kNov16);
    EXPECT_EQ(report.Summary(), "ingested 0, updated 0, unchanged 0, rejected 1");
    store::FeedState state = State("wire");
    EXPECT_EQ(state.etag, "") << "the next poll fetches it whole again";
    EXPECT_EQ(state.consecutive_failures, 1);
    EXPECT_NE(state.last_error.find("1 rejected; first: " + feed.url), std::string::npos) << state.last_error;
    EXPECT_EQ(state.next_poll, kNov16 + seconds(60));
}

TEST_F(FeedPollerTest, ATransportErrorBacksOff) {
    FeedConfig feed = Feed("/feed.json");
    feed.url = "http://127.0.0.1:1/feed.json";
    IngestReport report = poller_->PollOnce(feed, kNov16);
    EXPECT_EQ(report.rejected, 1);
    EXPECT_EQ(State("wire").consecutive_failures, 1);
    EXPECT_FALSE(State("wire").last_error.empty());
}

TEST(BackOffTest, DoublesPerFailureUpToTheCapOrTheInterval) {
    struct Case {
        int64_t interval;
        int failures;
        int64_t expected;
    };
    constexpr Case kCases[] = {{300, 0, 300},     {300, 1, 600},       {300, 2, 1200},    {300, 6, 19200},
                               {300, 7, 21600},   {300, 1000, 21600},  {86400, 3, 86400}, {10, 0, 10}};
    for (const Case& c : kCases) {
        EXPECT_EQ(BackOff(seconds(c.interval), c.failures, seconds(21600)), seconds(c.expected))
            << c.interval << " " << c.failures;
    }
}

class CurlConditionalFetcherTest : public ::testing::Test {
protected:
    WireServer wire_;
    CurlConditionalFetcher curl_;
};

TEST_F(CurlConditionalFetcherTest, CapturesValidatorsAndContentType) {
    wire_.SetDocument("{}", "W/\"weak\"");
    auto response = curl_.Get(wire_.Url("/feed.json"), "", "", 1024, seconds(5), {});
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->etag, "W/\"weak\"");
    EXPECT_EQ(response->last_modified, kLastModified);
    EXPECT_EQ(response->content_type, "application/json");
    EXPECT_EQ(response->charset, "utf-8");
    EXPECT_EQ(response->body, "{}");
    EXPECT_EQ(wire_.conditional_requests(), 0);

    auto again = curl_.Get(wire_.Url("/feed.json"), "W/\"weak\"", kLastModified, 1024, seconds(5), {});
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->status, 304);
    EXPECT_EQ(again->body, "");
    EXPECT_EQ(wire_.conditional_requests(), 1);

    auto garbage = curl_.Get(wire_.Url("/garbage"), "", "", 1024, seconds(5), {});
    ASSERT_TRUE(garbage.has_value());
    EXPECT_EQ(garbage->content_type, "text/plain");
    EXPECT_EQ(garbage->charset, "iso-8859-1");
    EXPECT_EQ(garbage->last_modified, "") << "absent headers are not captured";
}

TEST_F(CurlConditionalFetcherTest, AnyStatusIsAResponse) {
    auto gone = curl_.Get(wire_.Url("/gone"), "", "", 1024, seconds(5), {});
    ASSERT_TRUE(gone.has_value());
    EXPECT_EQ(gone->status, 410);
    auto busy = curl_.Get(wire_.Url("/busy"), "", "", 1024, seconds(5), {});
    ASSERT_TRUE(busy.has_value());
    EXPECT_EQ(busy->status, 503);
    EXPECT_EQ(busy->retry_after, seconds(7200));
}

TEST_F(CurlConditionalFetcherTest, RefusesOtherSchemesAndLargeBodies) {
    auto file = curl_.Get("file:///etc/passwd", "", "", 1024, seconds(5), {});
    ASSERT_FALSE(file.has_value());
    EXPECT_EQ(file.error().code, ErrorCode::kUnsupported);
    auto big = curl_.Get(wire_.Url("/big"), "", "", 1000, seconds(5), {});
    ASSERT_FALSE(big.has_value());
    EXPECT_EQ(big.error().code, ErrorCode::kTooLarge);
}

TEST_F(CurlConditionalFetcherTest, AStopRequestCancelsAFetchInFlight) {
    std::stop_source stop;
    std::thread stopper([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        stop.request_stop();
    });
    auto started = std::chrono::steady_clock::now();
    auto response = curl_.Get(wire_.Url("/slow"), "", "", 1024, seconds(10), stop.get_token());
    auto took = std::chrono::steady_clock::now() - started;
    stopper.join();
    ASSERT_FALSE(response.has_value());
    EXPECT_LT(took, std::chrono::milliseconds(1000));
}

}  // namespace
}  // namespace broadsheet::ingest
