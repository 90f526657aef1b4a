#include "ingest/sources/feed_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

#include "core/check.h"
#include "ingest/sources/drop_folder.h"

namespace broadsheet::ingest {
namespace {

// The longest single wait: the loop looks at the clock again at least this often, so a
// clock that jumps does not leave feeds waiting for long.
constexpr std::chrono::seconds kMaxWait{60};

void Earliest(std::optional<Timestamp>& earliest, const std::optional<Timestamp>& due) {
    if (due && (!earliest || *due < *earliest)) earliest = due;
}

}  // namespace

void LogFeedRun(const FeedConfig& feed, const IngestReport& report) {
    for (const auto& [source, reason] : report.rejections) {
        spdlog::warn("feed {}: rejected {}: {}", feed.id, source, reason);
    }
    for (const auto& [source, warning] : report.warnings) spdlog::warn("feed {}: {}: {}", feed.id, source, warning);
    bool anything = report.ingested + report.updated + report.unchanged + report.rejected > 0;
    spdlog::log(anything ? spdlog::level::info : spdlog::level::debug, "feed {}: {}", feed.id, report.Summary());
}

FeedRunner::FeedRunner(std::vector<FeedConfig> feeds, const FeedPoller& poller, store::FeedStore& states,
                       const Publisher& publisher, size_t max_item_bytes, const Clock& clock)
    : feeds_(std::move(feeds)),
      poller_(poller),
      states_(states),
      publisher_(publisher),
      max_item_bytes_(max_item_bytes),
      clock_(clock) {}

FeedRunner::~FeedRunner() { Stop(); }

void FeedRunner::Start() {
    std::lock_guard lock(control_mutex_);
    CHECK(!thread_.joinable());
    thread_ = std::jthread([this](const std::stop_token& stop) { Loop(stop); });
}

void FeedRunner::Stop() {
    std::lock_guard lock(control_mutex_);
    if (!thread_.joinable()) return;
    thread_.request_stop();  // Wakes wake_ and cancels a fetch in flight.
    thread_.join();
}

IngestReport FeedRunner::RunOnce(const FeedConfig& feed, const std::stop_token& stop) {
    IngestReport report;
    if (!feed.url.empty()) report.Add(poller_.PollOnce(feed, clock_.Now(), stop));
    if (!feed.folder.empty() && !stop.stop_requested()) report.Add(Scan(feed, stop));
    return report;
}

IngestReport FeedRunner::Scan(const FeedConfig& feed, const std::stop_token& stop) {
    Timestamp now = clock_.Now();
    auto scanned = ScanDropFolder(feed, publisher_, max_item_bytes_, stop);
    IngestReport report;
    if (scanned) {
        report = std::move(*scanned);
    } else {
        ++report.rejected;
        report.rejections.emplace_back(feed.folder, scanned.error().message);
    }
    auto loaded = states_.Get(feed.id);
    if (!loaded) {
        report.warnings.emplace_back(feed.folder, "cannot read the feed's state: " + loaded.error().message);
        return report;
    }
    store::FeedState state = std::move(*loaded);
    state.items_ingested += report.ingested + report.updated;
    // A feed that is also polled keeps the poll's schedule and errors; a folder-only feed's
    // state is its scans'. A scan needs no back-off: it is cheap and asks nobody.
    if (feed.url.empty()) {
        state.last_attempt = now;
        state.next_poll = now + feed.interval;
        if (scanned) {
            state.last_success = now;
            state.consecutive_failures = 0;
            state.last_error = RejectionNote(report);
        } else {
            ++state.consecutive_failures;
            state.last_error = scanned.error().message;
        }
    }
    if (auto saved = states_.Put(state); !saved) {
        report.warnings.emplace_back(feed.folder, "cannot save the feed's state: " + saved.error().message);
    }
    return report;
}

Timestamp FeedRunner::NextPoll(const FeedConfig& feed, Timestamp now) const {
    // The poller stored when it wants to be called again; should that be missing (the store
    // failed), the interval keeps the loop from spinning.
    auto state = states_.Get(feed.id);
    if (state && state->next_poll && *state->next_poll > now) return *state->next_poll;
    return now + feed.interval;
}

template <typename Run>
void FeedRunner::RunLogged(const FeedConfig& feed, Run run) {
    // The job runner is one of the places an exception is caught: a feed whose run throws is
    // logged and tried again when next due, and the other feeds go on.
    try {
        LogFeedRun(feed, run());
    } catch (const std::exception& e) {
        spdlog::error("feed {}: run failed: {}", feed.id, e.what());
    }
}

void FeedRunner::Loop(const std::stop_token& stop) {
    const Timestamp start = clock_.Now();
    std::vector<Due> due(feeds_.size());
    for (size_t i = 0; i < feeds_.size(); ++i) {
        if (!feeds_[i].url.empty()) {
            auto state = states_.Get(feeds_[i].id);
            due[i].poll = state && state->next_poll ? std::max(*state->next_poll, start) : start;
        }
        if (!feeds_[i].folder.empty()) due[i].scan = start;
    }
    while (!stop.stop_requested()) {
        std::optional<Timestamp> earliest;
        for (size_t i = 0; i < feeds_.size() && !stop.stop_requested(); ++i) {
            const FeedConfig& feed = feeds_[i];
            Timestamp now = clock_.Now();
            if (due[i].poll && *due[i].poll <= now) {
                RunLogged(feed, [&] { return poller_.PollOnce(feed, now, stop); });
                due[i].poll = NextPoll(feed, now);
            }
            if (due[i].scan && *due[i].scan <= now) {
                RunLogged(feed, [&] { return Scan(feed, stop); });
                due[i].scan = now + feed.interval;
            }
            Earliest(earliest, due[i].poll);
            Earliest(earliest, due[i].scan);
        }
        std::chrono::seconds wait = earliest ? std::clamp(*earliest - clock_.Now(), std::chrono::seconds(0), kMaxWait)
                                             : kMaxWait;
        std::unique_lock lock(wait_mutex_);
        wake_.wait_until(lock, stop, std::chrono::steady_clock::now() + wait, [] { return false; });
    }
}

}  // namespace broadsheet::ingest
