#pragma once

#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "site/views.h"

namespace broadsheet::site {

/// The archive's dates and calendars (/archive/yyyy[/mm[/dd]]): parsing, local day
/// boundaries in the site's time zone, and month calendars as view models. Pure functions.

/// A calendar date, as readers in the site's time zone count days.
struct CivilDate {
    int year = 0;
    int month = 1;  ///< 1..12
    int day = 1;    ///< 1..31
    auto operator<=>(const CivilDate&) const = default;
};

/// The earliest year an archive URL may name.
constexpr int kArchiveFirstYear = 1900;

/// What an archive URL asks for. For a year, `date` is its 1 January; for a month, its 1st.
struct ArchiveTarget {
    enum class Kind { kIndex, kYear, kMonth, kDay };
    Kind kind = Kind::kIndex;
    CivilDate date;
};

/// Parses what follows "/archive/": "" (the index), "2024", "2024/11" or "2024/11/16", with
/// exactly four, two and two digits. nullopt for anything else, for a date that does not
/// exist (2024/02/30, month 13) and for years before kArchiveFirstYear.
std::optional<ArchiveTarget> ParseArchivePath(std::string_view tail);

bool IsValidDate(const CivilDate& date);
int DaysInMonth(int year, int month);
/// `date` moved by `days` (negative for earlier).
CivilDate AddDays(const CivilDate& date, int days);
/// 0 for Monday … 6 for Sunday.
int WeekdayIndex(const CivilDate& date);

/// The first instant of `date` in `zone`. Where local midnight does not exist (a DST change
/// at midnight), the first instant of the day that does.
Timestamp StartOfDay(const SiteTimeZone& zone, const CivilDate& date);
/// The local calendar date of `t` in `zone`.
CivilDate LocalDate(const SiteTimeZone& zone, Timestamp t);
/// The starts of `days` consecutive days from `first`, then the start of the day after the
/// last: `days + 1` ascending boundaries, as ArticleStore::CountPublishedBetween takes.
std::vector<Timestamp> DayBoundaries(const SiteTimeZone& zone, const CivilDate& first, int days);

/// "/archive/2024", "/archive/2024/11", "/archive/2024/11/16".
std::string ArchiveYearUrl(int year);
std::string ArchiveMonthUrl(int year, int month);
std::string ArchiveDayUrl(const CivilDate& date);
/// "2024-11-16", "2024-11", for Surrogate-Key and the like.
std::string IsoDate(const CivilDate& date);
std::string IsoMonth(int year, int month);

/// "November".
std::string MonthName(int month);
/// "Saturday".
std::string WeekdayName(const CivilDate& date);
/// "November 2024".
std::string MonthHeading(int year, int month);
/// "16 November 2024".
std::string LongDate(const CivilDate& date);
/// "Saturday 16 November 2024".
std::string FullDate(const CivilDate& date);
/// "1 story", "14 stories", "No stories".
std::string StoryCount(int count);

/// A calendar of one month, weeks Monday to Sunday. `counts` holds the number of stories of
/// each day of the month (index 0 is the 1st; missing entries count as none); days with
/// stories link to their day page. `current_day` (1-based) is marked as the page's day.
/// `link_caption` links the caption to the month page.
CalendarMonthView BuildMonthCalendar(int year, int month, std::span<const int> counts,
                                     std::optional<int> current_day = {},
                                     bool link_caption = false);

}  // namespace broadsheet::site
