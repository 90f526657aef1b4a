#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace broadsheet::app {

/// A progress report on standard error for long commands (import-archive, reindex): on a
/// terminal, one line redrawn about 5 times a second ("imported 120,000 stories  21,400/s
/// [#####.....] 41%  ETA 2m 10s"); otherwise a plain line every 5 seconds, for logs.
/// Thread-safe.
class Progress final {
public:
    /// `noun` names what is counted ("stories"); `total_work` is the work to do in the unit
    /// `Update` reports (bytes to read, stories to index; 0 when unknown: no bar, no ETA).
    Progress(std::string verb, std::string noun, int64_t total_work);

    /// `items` done so far, `work` of `total_work` done so far (the ETA comes from the rate
    /// of work done since this object was made; `work_before` is work done by an earlier run).
    void Update(int64_t items, int64_t work, int64_t work_before = 0);
    /// Ends the redrawn line (on a terminal) so later output starts on its own line.
    void Finish();

    /// "1,234,567"
    static std::string Thousands(int64_t n);

private:
    std::string Line(int64_t items, int64_t work, int64_t work_before, double seconds) const;

    const std::string verb_;
    const std::string noun_;
    const int64_t total_work_;
    const bool terminal_;
    const std::chrono::steady_clock::time_point started_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_shown_{};
    bool shown_ = false;
};

}  // namespace broadsheet::app
