#include "core/months.h"

#include <date/date.h>

namespace broadsheet {

Timestamp AddMonths(Timestamp from, int months, int anchor_day) {
    const auto day = std::chrono::floor<date::days>(from);
    const auto time_of_day = from - day;
    const date::year_month_day ymd{day};
    const date::year_month target =
        date::year_month{ymd.year(), ymd.month()} + date::months{months};
    const unsigned wanted =
        anchor_day > 0 ? static_cast<unsigned>(anchor_day) : static_cast<unsigned>(ymd.day());
    const unsigned last = static_cast<unsigned>(
        date::year_month_day_last{target.year(), date::month_day_last{target.month()}}.day());
    const date::year_month_day result{target.year(), target.month(),
                                      date::day{wanted > last ? last : wanted}};
    return std::chrono::time_point_cast<Timestamp::duration>(date::sys_days{result} + time_of_day);
}

int WholeMonthsBetween(Timestamp since, Timestamp now) {
    if (now <= since) return 0;
    const date::year_month_day a{std::chrono::floor<date::days>(since)};
    const date::year_month_day b{std::chrono::floor<date::days>(now)};
    int months = (static_cast<int>(b.year()) - static_cast<int>(a.year())) * 12 +
                 (static_cast<int>(static_cast<unsigned>(b.month())) -
                  static_cast<int>(static_cast<unsigned>(a.month())));
    // The estimate is exact or one too many.
    while (months > 0 && AddMonths(since, months) > now) --months;
    return months;
}

}  // namespace broadsheet
