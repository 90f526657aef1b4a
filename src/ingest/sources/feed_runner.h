#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

#include "core/time.h"
#include "ingest/feed_config.h"
#include "ingest/ingest_files.h"
#include "ingest/sources/feed_poller.h"
#include "store/feed_store.h"

namespace broadsheet::ingest {

/// Runs the configured feeds in the background: polls each feed with a `url` when it is due
/// (its stored next poll, so back-off survives a restart) and scans each `folder` every
/// interval, both first right at Start(). One thread; each run is logged with spdlog (feed id,
/// IngestReport::Summary, each rejection). Time comes from the injected Clock; waiting uses
/// the steady clock and ends at once on Stop().
class FeedRunner final {
public:
    /// `poller`, `states`, `publisher` and `clock` must outlive *this.
    FeedRunner(std::vector<FeedConfig> feeds, const FeedPoller& poller, store::FeedStore& states,
               const Publisher& publisher, size_t max_item_bytes, const Clock& clock);
    /// Stops the thread if it runs.
    ~FeedRunner();
    FeedRunner(const FeedRunner&) = delete;
    FeedRunner& operator=(const FeedRunner&) = delete;

    /// Starts the background thread. Call at most once.
    void Start();
    /// Asks the thread to stop, cancels a fetch in flight, and joins. Returns as soon as the
    /// file being published (if any) is done. Idempotent; thread-safe.
    void Stop();

    /// Runs every source of `feed` once, now, in the calling thread, recording its state
    /// (`broadsheet feeds --poll-now`). Must not run while the background thread runs the
    /// same feed.
    IngestReport RunOnce(const FeedConfig& feed, const std::stop_token& stop = {});

    const std::vector<FeedConfig>& feeds() const { return feeds_; }

private:
    // When each source of a feed is due next; none = the feed has no such source.
    struct Due {
        std::optional<Timestamp> poll;
        std::optional<Timestamp> scan;
    };

    void Loop(const std::stop_token& stop);
    IngestReport Scan(const FeedConfig& feed, const std::stop_token& stop);
    Timestamp NextPoll(const FeedConfig& feed, Timestamp now) const;
    // Runs `run`, logs its report, and turns an exception into a logged error.
    template <typename Run>
    void RunLogged(const FeedConfig& feed, Run run);

    const std::vector<FeedConfig> feeds_;
    const FeedPoller& poller_;     // Not owned; outlives *this (wired in app/).
    store::FeedStore& states_;     // Not owned.
    const Publisher& publisher_;   // Not owned.
    const size_t max_item_bytes_;
    const Clock& clock_;           // Not owned.

    std::mutex control_mutex_;          // Guards thread_ (Start, Stop).
    std::mutex wait_mutex_;             // For wake_ only.
    std::condition_variable_any wake_;  // Woken by Stop() through the stop token.
    std::jthread thread_;
};

/// Logs one run of `feed`: each rejection and warning, then the summary (info when
/// anything happened, debug otherwise).
void LogFeedRun(const FeedConfig& feed, const IngestReport& report);

}  // namespace broadsheet::ingest
