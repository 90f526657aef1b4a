#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace broadsheet::site {

/// A value that is replaced while other threads read it (settings admins change while
/// serving). Get() is one atomic load; the reference it returns stays valid for the
/// LiveValue's whole life, because every version is kept: replacements are rare admin
/// actions, so the memory is a few kilobytes per change. Thread-safe.
template <typename T>
class LiveValue final {
public:
    explicit LiveValue(T initial) { Set(std::move(initial)); }
    LiveValue(const LiveValue&) = delete;
    LiveValue& operator=(const LiveValue&) = delete;

    const T& Get() const { return *current_.load(std::memory_order_acquire); }

    /// Makes `value` the current one for every later Get.
    void Set(T value) {
        std::lock_guard lock(mutex_);
        versions_.push_back(std::make_unique<const T>(std::move(value)));
        current_.store(versions_.back().get(), std::memory_order_release);
    }

    /// Sets a copy of the current value changed by `change`; serialized with other updates.
    template <typename Change>
    void Update(Change&& change) {
        std::lock_guard lock(mutex_);
        T value = *current_.load(std::memory_order_relaxed);
        change(value);
        versions_.push_back(std::make_unique<const T>(std::move(value)));
        current_.store(versions_.back().get(), std::memory_order_release);
    }

private:
    std::mutex mutex_;
    std::vector<std::unique_ptr<const T>> versions_;
    std::atomic<const T*> current_{nullptr};
};

}  // namespace broadsheet::site
