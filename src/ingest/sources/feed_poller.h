#pragma once

#include <chrono>
#include <stop_token>
#include <string>

#include "core/time.h"
#include "ingest/feed_config.h"
#include "ingest/ingest_files.h"
#include "ingest/sources/conditional_fetcher.h"
#include "store/feed_store.h"

namespace broadsheet::ingest {

/// Settings of a FeedPoller.
struct FeedPollerOptions {
    size_t max_item_bytes = 8 << 20;                ///< Larger feed documents are refused.
    std::chrono::seconds timeout{20};               ///< Per fetch.
    std::chrono::seconds max_backoff{6 * 60 * 60};  ///< Longest wait after failures (or the interval, if longer).
};

/// The wait before the next poll after a failure, when `failures` polls had already failed in
/// a row: interval × 2^failures, at most max(`cap`, `interval`).
std::chrono::seconds BackOff(std::chrono::seconds interval, int failures, std::chrono::seconds cap);

/// "" for a report without rejections; else "N rejected; first: SOURCE: REASON".
std::string RejectionNote(const IngestReport& report);

/// Polls feeds over HTTP with conditional GET and publishes what they send through
/// IngestDocument, remembering validators, errors and the schedule in the FeedStore.
/// Thread-safe for different feeds; one feed must not be polled twice at once.
class FeedPoller final {
public:
    /// `states`, `fetcher` and `publisher` must outlive *this.
    FeedPoller(FeedPollerOptions options, store::FeedStore& states, const ConditionalFetcher& fetcher,
               const Publisher& publisher);

    /// Polls `feed.url` once at `now`. A 200 is published (in the feed's format, its section as
    /// the fallback); a 304 changes nothing. Success: next poll at now + interval. A transport
    /// error, a status other than 200/304, or a document of which nothing went in: the error
    /// is recorded and the next poll backs off exponentially (410 Gone: straight to the
    /// longest wait; Retry-After is honoured up to it). Validators are kept from a 200 that went
    /// in without rejections (or refreshed by a 304), so a partly rejected document is fetched
    /// whole again. A poll cut short by `stop` records nothing.
    IngestReport PollOnce(const FeedConfig& feed, Timestamp now, const std::stop_token& stop = {}) const;

private:
    const FeedPollerOptions options_;
    store::FeedStore& states_;            // Not owned; outlives *this (wired in app/).
    const ConditionalFetcher& fetcher_;   // Not owned.
    const Publisher& publisher_;          // Not owned.
};

}  // namespace broadsheet::ingest
