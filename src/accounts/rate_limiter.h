#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.h"

namespace broadsheet::accounts {

/// At most `max_events` in any `window`.
struct RateLimit {
    int max_events = 5;
    std::chrono::seconds window{15 * 60};
};

/// Counts events (failed sign-ins, sign-ups, reset requests) per key ("sign-in account
/// ana@example.com", "sign-in ip 203.0.113.9") in memory, within a sliding window. Counts
/// are per process and forgotten on restart. Memory is bounded: stale keys are dropped, and
/// past `max_keys` everything is. Thread-safe.
class RateLimiter final {
public:
    explicit RateLimiter(size_t max_keys = 100'000) : max_keys_(max_keys) {}

    /// How long `key` must wait at `now` before another event fits under `limit`; zero when
    /// one fits now.
    std::chrono::seconds RetryAfter(std::string_view key, const RateLimit& limit,
                                    Timestamp now) const;
    /// Counts one event for `key` at `now`.
    void Record(std::string_view key, const RateLimit& limit, Timestamp now);
    /// Forgets `key` (a successful sign-in clears its account's failures).
    void Clear(std::string_view key);

private:
    const size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::deque<Timestamp>> events_;
};

/// "Too many attempts; try again in N minutes." for a wait of `retry_after`.
std::string TooManyAttemptsMessage(std::chrono::seconds retry_after);

}  // namespace broadsheet::accounts
