#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace date {
class time_zone;
}  // namespace date

namespace broadsheet {

/// A point in time, UTC, to the second.
using Timestamp = std::chrono::sys_seconds;

/// The source of "now". Domain code receives one; it never reads the system clock.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp Now() const = 0;
};

/// The real clock.
class SystemClock final : public Clock {
public:
    Timestamp Now() const override;
};

/// A clock that says what it is told, for tests.
class FixedClock final : public Clock {
public:
    explicit FixedClock(Timestamp now) : now_(now) {}
    Timestamp Now() const override { return now_; }
    void Set(Timestamp now) { now_ = now; }

private:
    Timestamp now_;
};

/// Parses an RFC 3339 / ISO 8601 date-time leniently, as wires send it: `Z`, `+05:30`,
/// `+0530` or no zone (taken as UTC), fractions ignored, `T` or a space between date and
/// time, surrounding whitespace allowed, a bare date taken as midnight UTC.
std::optional<Timestamp> ParseIsoDateTime(std::string_view text);

/// Formats `t` as RFC 3339 UTC, e.g. "2024-11-16T10:27:00Z".
std::string FormatIsoUtc(Timestamp t);

/// Formats `t` as an HTTP date (RFC 9110 IMF-fixdate), e.g. "Sat, 16 Nov 2024 10:27:00 GMT".
std::string FormatHttpDate(Timestamp t);

/// The site's time zone, for showing times to readers. Cheap to copy.
class SiteTimeZone final {
public:
    /// Looks up an IANA zone name such as "Asia/Kolkata".
    static Result<SiteTimeZone> Find(std::string_view name);

    /// "Nov 16 2024 | 3:57 PM IST": the reference page's date and time format.
    std::string FormatDateTime(Timestamp t) const;
    /// The local calendar date of `t` as "2024-11-16".
    std::string FormatDate(Timestamp t) const;
    const std::string& name() const { return name_; }

private:
    SiteTimeZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
    const date::time_zone* zone_;  // Owned by the tz database, which lives for the program.
    std::string name_;
};

}  // namespace broadsheet
