#include "app/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "core/text.h"

namespace broadsheet::app {
namespace {

std::string Duration(double seconds) {
    auto s = static_cast<int64_t>(seconds + 0.5);
    char text[32];
    if (s >= 3600) {
        std::snprintf(text, sizeof text, "%lldh %02lldm", static_cast<long long>(s / 3600),
                      static_cast<long long>(s % 3600 / 60));
    } else if (s >= 60) {
        std::snprintf(text, sizeof text, "%lldm %02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    } else {
        std::snprintf(text, sizeof text, "%llds", static_cast<long long>(s));
    }
    return text;
}

}  // namespace

Progress::Progress(std::string verb, std::string noun, int64_t total_work)
    : verb_(std::move(verb)),
      noun_(std::move(noun)),
      total_work_(total_work),
      terminal_(::isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()) {}

std::string Progress::Thousands(int64_t n) { return GroupThousands(n); }

std::string Progress::Line(int64_t items, int64_t work, int64_t work_before, double seconds) const {
    std::string line = verb_ + " " + Thousands(items) + " " + noun_;
    if (seconds > 0) line += "  " + Thousands(static_cast<int64_t>(items / seconds)) + "/s";
    if (total_work_ > 0) {
        double fraction = std::min(1.0, static_cast<double>(work) / static_cast<double>(total_work_));
        if (terminal_) {
            constexpr int kWidth = 24;
            int filled = static_cast<int>(fraction * kWidth);
            line += "  [" + std::string(static_cast<size_t>(filled), '#') +
                    std::string(static_cast<size_t>(kWidth - filled), '.') + "]";
        }
        line += "  " + std::to_string(static_cast<int>(fraction * 100)) + "%";
        const double done_here = static_cast<double>(work - work_before);
        if (done_here > 0 && seconds > 1) {
            line += "  ETA " + Duration(static_cast<double>(total_work_ - work) * seconds / done_here);
        }
    }
    return line;
}

void Progress::Update(int64_t items, int64_t work, int64_t work_before) {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    auto every = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
    if (shown_ && now - last_shown_ < every) return;
    if (!shown_ && !terminal_ && now - started_ < every) return;
    last_shown_ = now;
    shown_ = true;
    std::string line = Line(items, work, work_before, std::chrono::duration<double>(now - started_).count());
    if (terminal_) {
        std::fprintf(stderr, "\r%s\033[K", line.c_str());
    } else {
        std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fflush(stderr);
}

void Progress::Finish() {
    std::lock_guard lock(mutex_);
    if (terminal_ && shown_) std::fputs("\n", stderr);
    shown_ = false;
}

}  // namespace broadsheet::app
