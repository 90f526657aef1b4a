#include "site/archive_calendar.h"

#include <date/date.h>
#include <date/tz.h>

#include <array>

#include "core/check.h"

namespace broadsheet::site {
namespace {

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kWeekdayNames = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                      "Friday", "Saturday", "Sunday"};

date::year_month_day ToYmd(const CivilDate& d) {
    return date::year{d.year} / date::month{static_cast<unsigned>(d.month)} /
           date::day{static_cast<unsigned>(d.day)};
}

CivilDate FromYmd(const date::year_month_day& ymd) {
    return CivilDate{static_cast<int>(ymd.year()),
                     static_cast<int>(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// Exactly `width` ASCII digits.
std::optional<int> Digits(std::string_view text, size_t width) {
    if (text.size() != width) return std::nullopt;
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

const date::time_zone* Zone(const SiteTimeZone& zone) {
    // The name was looked up when the configuration was read, so this cannot fail.
    return date::locate_zone(zone.name());
}

std::string TwoDigits(int n) { return n < 10 ? "0" + std::to_string(n) : std::to_string(n); }

}  // namespace

std::optional<ArchiveTarget> ParseArchivePath(std::string_view tail) {
    if (tail.empty()) return ArchiveTarget{};
    std::vector<std::string_view> parts;
    while (true) {
        size_t slash = tail.find('/');
        parts.push_back(tail.substr(0, slash));
        if (slash == std::string_view::npos) break;
        tail.remove_prefix(slash + 1);
    }
    if (parts.size() > 3) return std::nullopt;
    auto year = Digits(parts[0], 4);
    if (!year || *year < kArchiveFirstYear) return std::nullopt;
    ArchiveTarget target{ArchiveTarget::Kind::kYear, CivilDate{*year, 1, 1}};
    if (parts.size() >= 2) {
        auto month = Digits(parts[1], 2);
        if (!month || *month < 1 || *month > 12) return std::nullopt;
        target = {ArchiveTarget::Kind::kMonth, CivilDate{*year, *month, 1}};
    }
    if (parts.size() == 3) {
        auto day = Digits(parts[2], 2);
        if (!day) return std::nullopt;
        target = {ArchiveTarget::Kind::kDay, CivilDate{*year, target.date.month, *day}};
        if (!IsValidDate(target.date)) return std::nullopt;
    }
    return target;
}

bool IsValidDate(const CivilDate& date) {
    return date.month >= 1 && date.month <= 12 && date.day >= 1 && ToYmd(date).ok();
}

int DaysInMonth(int year, int month) {
    auto last = date::year{year} / date::month{static_cast<unsigned>(month)} / date::last;
    return static_cast<int>(static_cast<unsigned>(last.day()));
}

CivilDate AddDays(const CivilDate& date, int days) {
    return FromYmd(date::year_month_day{date::sys_days{ToYmd(date)} + date::days{days}});
}

int WeekdayIndex(const CivilDate& date) {
    // iso_encoding: Monday is 1 … Sunday is 7.
    return static_cast<int>(date::weekday{date::sys_days{ToYmd(date)}}.iso_encoding()) - 1;
}

Timestamp StartOfDay(const SiteTimeZone& zone, const CivilDate& date) {
    // For a midnight that does not exist, earliest and latest are both the transition.
    return Zone(zone)->to_sys(date::local_days{ToYmd(date)}, date::choose::earliest);
}

CivilDate LocalDate(const SiteTimeZone& zone, Timestamp t) {
    auto local = Zone(zone)->to_local(t);
    return FromYmd(date::year_month_day{date::floor<date::days>(local)});
}

std::vector<Timestamp> DayBoundaries(const SiteTimeZone& zone, const CivilDate& first, int days) {
    CHECK(days >= 0);
    const date::time_zone* tz = Zone(zone);
    std::vector<Timestamp> boundaries;
    boundaries.reserve(static_cast<size_t>(days) + 1);
    date::local_days day{ToYmd(first)};
    for (int i = 0; i <= days; ++i, day += date::days{1}) {
        boundaries.push_back(tz->to_sys(day, date::choose::earliest));
    }
    return boundaries;
}

std::string ArchiveYearUrl(int year) { return "/archive/" + std::to_string(year); }
std::string ArchiveMonthUrl(int year, int month) {
    return ArchiveYearUrl(year) + "/" + TwoDigits(month);
}
std::string ArchiveDayUrl(const CivilDate& date) {
    return ArchiveMonthUrl(date.year, date.month) + "/" + TwoDigits(date.day);
}
std::string IsoMonth(int year, int month) { return std::to_string(year) + "-" + TwoDigits(month); }
std::string IsoDate(const CivilDate& date) {
    return IsoMonth(date.year, date.month) + "-" + TwoDigits(date.day);
}

std::string MonthName(int month) {
    CHECK(month >= 1 && month <= 12);
    return kMonthNames[static_cast<size_t>(month - 1)];
}

std::string WeekdayName(const CivilDate& date) {
    return kWeekdayNames[static_cast<size_t>(WeekdayIndex(date))];
}

std::string MonthHeading(int year, int month) {
    return MonthName(month) + " " + std::to_string(year);
}

std::string LongDate(const CivilDate& date) {
    return std::to_string(date.day) + " " + MonthHeading(date.year, date.month);
}

std::string FullDate(const CivilDate& date) { return WeekdayName(date) + " " + LongDate(date); }

std::string StoryCount(int count) {
    if (count == 0) return "No stories";
    return std::to_string(count) + (count == 1 ? " story" : " stories");
}

CalendarMonthView BuildMonthCalendar(int year, int month, std::span<const int> counts,
                                     std::optional<int> current_day, bool link_caption) {
    CalendarMonthView calendar;
    calendar.caption = MonthHeading(year, month);
    if (link_caption) calendar.url = ArchiveMonthUrl(year, month);
    const int days = DaysInMonth(year, month);
    const int lead = WeekdayIndex(CivilDate{year, month, 1});  // Blank cells before the 1st.
    CalendarWeekView week;
    for (int i = 0; i < lead; ++i) week.days.emplace_back();
    for (int day = 1; day <= days; ++day) {
        CalendarDayView cell;
        cell.day = day;
        cell.count =
            static_cast<size_t>(day - 1) < counts.size() ? counts[static_cast<size_t>(day - 1)] : 0;
        if (cell.count > 0) {
            cell.url = ArchiveDayUrl(CivilDate{year, month, day});
            cell.count_text = StoryCount(cell.count);
            calendar.total += cell.count;
        }
        cell.current = current_day == day;
        week.days.push_back(std::move(cell));
        if (week.days.size() == 7) {
            calendar.weeks.push_back(std::move(week));
            week = CalendarWeekView{};
        }
    }
    if (!week.days.empty()) {
        while (week.days.size() < 7) week.days.emplace_back();
        calendar.weeks.push_back(std::move(week));
    }
    return calendar;
}

}  // namespace broadsheet::site
