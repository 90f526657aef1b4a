#include "accounts/rate_limiter.h"

#include <algorithm>

namespace broadsheet::accounts {

std::chrono::seconds RateLimiter::RetryAfter(std::string_view key, const RateLimit& limit,
                                             Timestamp now) const {
    std::lock_guard lock(mutex_);
    auto found = events_.find(std::string(key));
    if (found == events_.end()) return std::chrono::seconds(0);
    const std::deque<Timestamp>& events = found->second;
    // The events still inside the window ending now; the oldest of those that must leave
    // before one more fits says how long to wait.
    auto live = std::find_if(events.begin(), events.end(),
                             [&](Timestamp t) { return t > now - limit.window; });
    const auto count = std::distance(live, events.end());
    if (count < limit.max_events) return std::chrono::seconds(0);
    Timestamp oldest_to_leave = *(live + (count - limit.max_events));
    return std::max(std::chrono::seconds(1), oldest_to_leave + limit.window - now);
}

void RateLimiter::Record(std::string_view key, const RateLimit& limit, Timestamp now) {
    std::lock_guard lock(mutex_);
    if (events_.size() >= max_keys_) {
        std::erase_if(events_,
                      [&](const auto& entry) { return entry.second.back() <= now - limit.window; });
        if (events_.size() >= max_keys_) events_.clear();
    }
    std::deque<Timestamp>& events = events_[std::string(key)];
    while (!events.empty() && events.front() <= now - limit.window) events.pop_front();
    events.push_back(now);
    while (events.size() > static_cast<size_t>(limit.max_events)) events.pop_front();
}

void RateLimiter::Clear(std::string_view key) {
    std::lock_guard lock(mutex_);
    events_.erase(std::string(key));
}

std::string TooManyAttemptsMessage(std::chrono::seconds retry_after) {
    const int64_t minutes = std::max<int64_t>(1, (retry_after.count() + 59) / 60);
    return "Too many attempts; try again in " + std::to_string(minutes) +
           (minutes == 1 ? " minute." : " minutes.");
}

}  // namespace broadsheet::accounts
