#include "ingest/sources/feed_poller.h"

#include <algorithm>
#include <optional>

namespace broadsheet::ingest {
namespace {

// What one fetch came to, before it is written into the feed state.
struct Outcome {
    std::optional<std::string> error;  // Set: the poll failed.
    bool gone = false;                 // 410: wait as long as allowed.
    std::optional<std::chrono::seconds> retry_after;
    std::string note;                  // For a success with rejections.
};

void Reject(IngestReport& report, const std::string& source, const std::string& reason) {
    ++report.rejected;
    report.rejections.emplace_back(source, reason);
}

// Records the poll in `state` and sets the next one.
void Schedule(store::FeedState& state, const Outcome& outcome, std::chrono::seconds interval,
              std::chrono::seconds max_backoff, Timestamp now) {
    state.last_attempt = now;
    if (!outcome.error) {
        state.consecutive_failures = 0;
        state.last_success = now;
        state.last_error = outcome.note;
        state.next_poll = now + interval;
        return;
    }
    std::chrono::seconds cap = std::max(max_backoff, interval);
    std::chrono::seconds delay = outcome.gone ? cap : BackOff(interval, state.consecutive_failures, cap);
    if (outcome.retry_after) delay = std::min(std::max(delay, *outcome.retry_after), cap);
    ++state.consecutive_failures;
    state.last_error = *outcome.error;
    state.next_poll = now + delay;
}

}  // namespace

std::chrono::seconds BackOff(std::chrono::seconds interval, int failures, std::chrono::seconds cap) {
    cap = std::max(cap, interval);
    std::chrono::seconds delay = interval;
    for (int i = 0; i < failures && delay < cap; ++i) delay *= 2;
    return std::min(delay, cap);
}

std::string RejectionNote(const IngestReport& report) {
    if (report.rejections.empty()) return {};
    const auto& [source, reason] = report.rejections.front();
    return std::to_string(report.rejected) + " rejected; first: " + source + ": " + reason;
}

FeedPoller::FeedPoller(FeedPollerOptions options, store::FeedStore& states, const ConditionalFetcher& fetcher,
                       const Publisher& publisher)
    : options_(options), states_(states), fetcher_(fetcher), publisher_(publisher) {}

IngestReport FeedPoller::PollOnce(const FeedConfig& feed, Timestamp now, const std::stop_token& stop) const {
    IngestReport report;
    auto loaded = states_.Get(feed.id);
    if (!loaded) {
        Reject(report, feed.url, "cannot read the feed's state: " + loaded.error().message);
        return report;
    }
    store::FeedState state = std::move(*loaded);
    auto format = ParseWireFormat(feed.format);
    if (!format) {
        Reject(report, feed.url, format.error().message);
        return report;
    }

    Outcome outcome;
    auto response = fetcher_.Get(feed.url, state.etag, state.last_modified, options_.max_item_bytes,
                                 options_.timeout, stop);
    if (stop.stop_requested()) return report;
    if (!response) {
        outcome.error = response.error().message;
    } else if (response->status == 304) {
        // Not modified. A 304 that carries validators refreshes them (RFC 9110 §15.4.5).
        if (!response->etag.empty()) state.etag = response->etag;
        if (!response->last_modified.empty()) state.last_modified = response->last_modified;
    } else if (response->status == 200) {
        IngestReport document = IngestDocument(response->body, feed.url, *format, publisher_, FeedContext(feed));
        report.Add(document);
        bool went_in = document.ingested + document.updated + document.unchanged > 0;
        if (document.rejected > 0 && !went_in) {
            outcome.error = RejectionNote(document);
        } else {
            state.items_ingested += document.ingested + document.updated;
            outcome.note = RejectionNote(document);
            bool complete = document.rejected == 0;
            state.etag = complete ? response->etag : "";
            state.last_modified = complete ? response->last_modified : "";
        }
    } else {
        outcome.error = "HTTP status " + std::to_string(response->status);
        if (response->status == 410) *outcome.error += " (Gone: the feed was withdrawn; remove it from the config)";
        outcome.gone = response->status == 410;
        outcome.retry_after = response->retry_after;
    }

    if (outcome.error && (!response || response->status != 200)) Reject(report, feed.url, *outcome.error);
    Schedule(state, outcome, feed.interval, options_.max_backoff, now);
    if (auto saved = states_.Put(state); !saved) {
        report.warnings.emplace_back(feed.url, "cannot save the feed's state: " + saved.error().message);
    }
    return report;
}

}  // namespace broadsheet::ingest
