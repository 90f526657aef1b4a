#pragma once

#include "core/time.h"

namespace broadsheet {

/// `months` calendar months after `from`, at the same time of day (UTC), on day
/// `anchor_day` of the month (the day of `from` when 0), clamped to the month's last day:
/// Jan 31 + 1 month = Feb 28 (29 in a leap year); with anchor day 31, Feb 28 + 1 month =
/// Mar 31. Renewals pass the day the subscription started, so a period that began on the
/// 31st keeps ending on the last day of short months and on the 31st of long ones.
Timestamp AddMonths(Timestamp from, int months, int anchor_day = 0);

/// Whole calendar months from `since` to `now` (0 if `now` is not after it), counted as
/// AddMonths counts them: Jan 31 to Feb 29 is one month.
int WholeMonthsBetween(Timestamp since, Timestamp now);

}  // namespace broadsheet
