#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {

/// What Broadsheet remembers about one configured feed between runs and restarts.
struct FeedState {
    std::string feed_id;
    std::string etag;           ///< From the last complete 200, verbatim; sent as If-None-Match.
    std::string last_modified;  ///< From the last complete 200, verbatim; sent as If-Modified-Since.
    std::optional<Timestamp> last_success;  ///< The last run that fetched or scanned without error.
    std::optional<Timestamp> last_attempt;  ///< The last run, successful or not.
    std::string last_error;     ///< Why the last run failed or rejected something; empty after a clean run.
    int consecutive_failures = 0;           ///< Failed runs since the last success; drives the back-off.
    std::optional<Timestamp> next_poll;     ///< When the feed is due next; none = due now.
    int items_ingested = 0;     ///< New articles and new versions from this feed, in total.
};

/// Feed states, one per feed id. Implemented in store/sqlite. Thread-safe.
class FeedStore {
public:
    virtual ~FeedStore() = default;

    /// The state of `feed_id`; a default state (only `feed_id` set) when none is stored.
    virtual Result<FeedState> Get(std::string_view feed_id) const = 0;

    /// Stores `state`, replacing any state with its feed id.
    virtual Result<void> Put(const FeedState& state) = 0;

    /// Every stored state, by feed id.
    virtual Result<std::vector<FeedState>> All() const = 0;
};

}  // namespace broadsheet::store
