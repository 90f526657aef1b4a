#include "core/months.h"

#include <gtest/gtest.h>

namespace broadsheet {
namespace {

Timestamp Utc(const char* text) { return ParseIsoDateTime(text).value(); }

TEST(AddMonthsTest, CountsCalendarMonthsAndClampsToTheMonthEnd) {
    struct Case {
        const char* from;
        int months;
        int anchor;
        const char* expected;
    };
    const Case kCases[] = {
        {"2024-01-15T10:27:00Z", 1, 0, "2024-02-15T10:27:00Z"},
        {"2024-01-31T10:27:00Z", 1, 0, "2024-02-29T10:27:00Z"},  // Leap year.
        {"2025-01-31T10:27:00Z", 1, 0, "2025-02-28T10:27:00Z"},
        {"2024-03-31T00:00:00Z", 1, 0, "2024-04-30T00:00:00Z"},
        {"2024-11-30T23:59:59Z", 3, 0, "2025-02-28T23:59:59Z"},
        {"2024-02-29T08:00:00Z", 12, 0, "2025-02-28T08:00:00Z"},
        {"2024-02-29T08:00:00Z", 48, 0, "2028-02-29T08:00:00Z"},
        {"2024-12-31T12:00:00Z", 24, 0, "2026-12-31T12:00:00Z"},
        {"2024-10-31T12:00:00Z", 3, 0, "2025-01-31T12:00:00Z"},
        // With the anchor a renewal chain returns to the 31st after a short month.
        {"2024-02-29T10:27:00Z", 1, 31, "2024-03-31T10:27:00Z"},
        {"2024-04-30T10:27:00Z", 1, 31, "2024-05-31T10:27:00Z"},
        {"2025-02-28T10:27:00Z", 12, 29, "2026-02-28T10:27:00Z"},
        {"2027-02-28T10:27:00Z", 12, 29, "2028-02-29T10:27:00Z"},
    };
    for (const Case& c : kCases) {
        EXPECT_EQ(FormatIsoUtc(AddMonths(Utc(c.from), c.months, c.anchor)), c.expected)
            << c.from << " + " << c.months << " (anchor " << c.anchor << ")";
    }
}

TEST(WholeMonthsBetweenTest, CountsTheTwelveMonthTenureBoundaryExactly) {
    struct Case {
        const char* since;
        const char* now;
        int months;
    };
    const Case kCases[] = {
        {"2024-01-31T10:00:00Z", "2025-01-31T09:59:59Z", 11},
        {"2024-01-31T10:00:00Z", "2025-01-31T10:00:00Z", 12},
        {"2024-02-29T10:00:00Z", "2025-02-28T10:00:00Z", 12},  // Clamped: the 28th counts.
        {"2024-01-31T10:00:00Z", "2024-02-29T10:00:00Z", 1},
        {"2024-01-31T10:00:00Z", "2024-02-29T09:00:00Z", 0},
        {"2024-11-16T10:27:00Z", "2024-11-16T10:27:00Z", 0},
        {"2024-11-16T10:27:00Z", "2024-11-15T10:27:00Z", 0},
        {"2024-11-16T10:27:00Z", "2026-11-16T10:27:00Z", 24},
    };
    for (const Case& c : kCases) {
        EXPECT_EQ(WholeMonthsBetween(Utc(c.since), Utc(c.now)), c.months)
            << c.since << " .. " << c.now;
    }
}

}  // namespace
}  // namespace broadsheet
