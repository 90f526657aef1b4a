#include "core/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <cctype>
#include <charconv>

namespace broadsheet {
namespace {

// Reads exactly `width` digits at `pos`, advancing it.
bool ReadDigits(std::string_view s, size_t& pos, int width, int& out) {
    if (pos + width > s.size()) return false;
    int value = 0;
    for (int i = 0; i < width; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    pos += width;
    out = value;
    return true;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

}  // namespace

Timestamp SystemClock::Now() const {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::optional<Timestamp> ParseIsoDateTime(std::string_view text) {
    std::string_view s = Trim(text);
    size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!ReadDigits(s, pos, 4, year)) return std::nullopt;
    if (pos >= s.size() || s[pos++] != '-') return std::nullopt;
    if (!ReadDigits(s, pos, 2, month)) return std::nullopt;
    if (pos >= s.size() || s[pos++] != '-') return std::nullopt;
    if (!ReadDigits(s, pos, 2, day)) return std::nullopt;
    date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                             date::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    std::chrono::seconds offset{0};
    if (pos < s.size()) {
        char sep = s[pos++];
        if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
        if (!ReadDigits(s, pos, 2, hour)) return std::nullopt;
        if (pos >= s.size() || s[pos++] != ':') return std::nullopt;
        if (!ReadDigits(s, pos, 2, minute)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') {
            ++pos;
            if (!ReadDigits(s, pos, 2, second)) return std::nullopt;
        }
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
        }
        if (pos < s.size()) {
            char zone = s[pos++];
            if (zone == 'Z' || zone == 'z') {
                // UTC.
            } else if (zone == '+' || zone == '-') {
                int oh = 0, om = 0;
                if (!ReadDigits(s, pos, 2, oh)) return std::nullopt;
                if (pos < s.size() && s[pos] == ':') ++pos;
                if (pos < s.size() && !ReadDigits(s, pos, 2, om)) return std::nullopt;
                if (oh > 23 || om > 59) return std::nullopt;
                offset = std::chrono::hours{oh} + std::chrono::minutes{om};
                if (zone == '-') offset = -offset;
            } else {
                return std::nullopt;
            }
        }
        if (pos != s.size()) return std::nullopt;
        if (hour > 24 || minute > 59 || second > 60) return std::nullopt;
        if (second == 60) second = 59;  // Leap seconds collapse onto the last second.
    }
    auto local = date::sys_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
                 std::chrono::seconds{second};
    return Timestamp{local - offset};
}

std::string FormatIsoUtc(Timestamp t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::string FormatHttpDate(Timestamp t) { return date::format("%a, %d %b %Y %H:%M:%S GMT", t); }

Result<SiteTimeZone> SiteTimeZone::Find(std::string_view name) {
    try {
        const date::time_zone* zone = date::locate_zone(name);
        return SiteTimeZone(zone, std::string(name));
    } catch (const std::exception& e) {
        return Fail(ErrorCode::kInvalidInput, "unknown time zone \"" + std::string(name) + "\"");
    }
}

std::string SiteTimeZone::FormatDateTime(Timestamp t) const {
    date::zoned_seconds local{zone_, t};
    auto lt = local.get_local_time();
    auto day = date::floor<date::days>(lt);
    date::hh_mm_ss<std::chrono::seconds> hms{lt - day};
    int hour12 = static_cast<int>(hms.hours().count()) % 12;
    if (hour12 == 0) hour12 = 12;
    const char* meridiem = hms.hours().count() < 12 ? "AM" : "PM";
    std::string result = date::format("%b %d %Y | ", local);
    result += std::to_string(hour12);
    result += date::format(":%M ", local);
    result += meridiem;
    result += date::format(" %Z", local);
    return result;
}

std::string SiteTimeZone::FormatDate(Timestamp t) const {
    date::zoned_seconds local{zone_, t};
    return date::format("%Y-%m-%d", local);
}

}  // namespace broadsheet
