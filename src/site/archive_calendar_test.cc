#include "site/archive_calendar.h"

#include <gtest/gtest.h>

namespace broadsheet::site {
namespace {

using Kind = ArchiveTarget::Kind;

Timestamp Utc(const char* iso) { return ParseIsoDateTime(iso).value(); }

SiteTimeZone Zone(const char* name) { return SiteTimeZone::Find(name).value(); }

TEST(ArchivePathTest, AcceptsTheIndexYearsMonthsAndDays) {
    struct Case {
        const char* tail;
        Kind kind;
        CivilDate date;
    };
    const Case kCases[] = {
        {"", Kind::kIndex, {0, 1, 1}},
        {"2024", Kind::kYear, {2024, 1, 1}},
        {"1997/01", Kind::kMonth, {1997, 1, 1}},
        {"2024/11/16", Kind::kDay, {2024, 11, 16}},
        {"2024/02/29", Kind::kDay, {2024, 2, 29}},
        {"2000/02/29", Kind::kDay, {2000, 2, 29}},
        {"1900/12/31", Kind::kDay, {1900, 12, 31}},
    };
    for (const Case& c : kCases) {
        auto target = ParseArchivePath(c.tail);
        ASSERT_TRUE(target.has_value()) << c.tail;
        EXPECT_EQ(target->kind, c.kind) << c.tail;
        if (c.kind != Kind::kIndex) {
            EXPECT_EQ(target->date, c.date) << c.tail;
        }
    }
}

TEST(ArchivePathTest, RejectsDatesThatDoNotExistAndMalformedPaths) {
    const char* kBad[] = {
        "2024/02/30",   "2023/02/29", "1900/02/29", "2024/13",    "2024/00",     "2024/11/00",
        "2024/11/31",   "2024/04/31", "1899",       "1899/12/31", "0000",        "99",
        "20244",        "2024/1",     "2024/11/1",  "2024/011",   "abcd",        "2024/ab",
        "2024/11/1a",   "+024",       "-2024",      "2024/",      "2024/11/",    "2024/11/16/",
        "2024/11/16/x", "/2024",      "2024//11",   " 2024",      "2024/11/16 ", "２０２４",
    };
    for (const char* tail : kBad) EXPECT_FALSE(ParseArchivePath(tail).has_value()) << tail;
}

TEST(CivilDateTest, CountsDaysAndWeekdays) {
    EXPECT_EQ(DaysInMonth(2024, 2), 29);
    EXPECT_EQ(DaysInMonth(2023, 2), 28);
    EXPECT_EQ(DaysInMonth(1900, 2), 28);
    EXPECT_EQ(DaysInMonth(2024, 11), 30);
    EXPECT_EQ(DaysInMonth(2024, 12), 31);
    EXPECT_EQ(AddDays({2024, 12, 31}, 1), (CivilDate{2025, 1, 1}));
    EXPECT_EQ(AddDays({2024, 3, 1}, -1), (CivilDate{2024, 2, 29}));
    EXPECT_EQ(WeekdayIndex({2024, 11, 16}), 5);  // Saturday.
    EXPECT_EQ(WeekdayIndex({2024, 11, 18}), 0);  // Monday.
    EXPECT_EQ(WeekdayIndex({2024, 12, 1}), 6);   // Sunday.
    EXPECT_EQ(FullDate({2024, 11, 16}), "Saturday 16 November 2024");
    EXPECT_EQ(MonthHeading(1997, 1), "January 1997");
    EXPECT_EQ(StoryCount(0), "No stories");
    EXPECT_EQ(StoryCount(1), "1 story");
    EXPECT_EQ(StoryCount(14), "14 stories");
}

TEST(CivilDateTest, Urls) {
    EXPECT_EQ(ArchiveYearUrl(1997), "/archive/1997");
    EXPECT_EQ(ArchiveMonthUrl(2024, 3), "/archive/2024/03");
    EXPECT_EQ(ArchiveDayUrl({2024, 11, 6}), "/archive/2024/11/06");
    EXPECT_EQ(IsoDate({2024, 1, 9}), "2024-01-09");
    EXPECT_EQ(IsoMonth(2024, 11), "2024-11");
}

TEST(LocalDayTest, DaysAreLocalCalendarDaysInTheSiteZone) {
    SiteTimeZone ist = Zone("Asia/Kolkata");
    // 16 November in IST runs from 15 November 18:30 UTC.
    EXPECT_EQ(StartOfDay(ist, {2024, 11, 16}), Utc("2024-11-15T18:30:00Z"));
    EXPECT_EQ(LocalDate(ist, Utc("2024-11-15T21:40:00Z")), (CivilDate{2024, 11, 16}));
    EXPECT_EQ(LocalDate(ist, Utc("2024-11-15T18:29:59Z")), (CivilDate{2024, 11, 15}));
    EXPECT_EQ(LocalDate(ist, Utc("2024-11-16T10:27:00Z")), (CivilDate{2024, 11, 16}));
    SiteTimeZone utc = Zone("UTC");
    EXPECT_EQ(StartOfDay(utc, {1997, 1, 1}), Utc("1997-01-01T00:00:00Z"));
}

TEST(LocalDayTest, DaysFollowDaylightSavingChanges) {
    SiteTimeZone london = Zone("Europe/London");
    // Clocks went forward on 31 March 2024: that day has 23 hours, 27 October has 25.
    auto spring = DayBoundaries(london, {2024, 3, 30}, 3);
    ASSERT_EQ(spring.size(), 4u);
    EXPECT_EQ(spring[0], Utc("2024-03-30T00:00:00Z"));
    EXPECT_EQ(spring[1], Utc("2024-03-31T00:00:00Z"));
    EXPECT_EQ(spring[2], Utc("2024-03-31T23:00:00Z"));
    EXPECT_EQ(spring[3], Utc("2024-04-01T23:00:00Z"));
    auto autumn = DayBoundaries(london, {2024, 10, 27}, 1);
    EXPECT_EQ(autumn[1] - autumn[0], std::chrono::hours{25});
    // In São Paulo in 2018 clocks went forward at midnight: 4 November began at 01:00.
    SiteTimeZone sao_paulo = Zone("America/Sao_Paulo");
    EXPECT_EQ(StartOfDay(sao_paulo, {2018, 11, 4}), Utc("2018-11-04T03:00:00Z"));
    EXPECT_EQ(LocalDate(sao_paulo, Utc("2018-11-04T03:00:00Z")), (CivilDate{2018, 11, 4}));
    EXPECT_EQ(LocalDate(sao_paulo, Utc("2018-11-04T02:59:59Z")), (CivilDate{2018, 11, 3}));
}

TEST(MonthCalendarTest, WeeksRunMondayToSundayWithBlanksAround) {
    // November 2024 begins on a Friday and has 30 days: 4 blanks, then 5 weeks.
    std::vector<int> counts(30, 0);
    counts[15] = 14;  // 16 November.
    counts[0] = 1;
    auto calendar = BuildMonthCalendar(2024, 11, counts, 16, true);
    EXPECT_EQ(calendar.caption, "November 2024");
    EXPECT_EQ(calendar.url, "/archive/2024/11");
    EXPECT_EQ(calendar.total, 15);
    ASSERT_EQ(calendar.weeks.size(), 5u);
    for (const auto& week : calendar.weeks) EXPECT_EQ(week.days.size(), 7u);
    const auto& first = calendar.weeks[0].days;
    for (int i = 0; i < 4; ++i) EXPECT_EQ(first[i].day, 0) << i;
    EXPECT_EQ(first[4].day, 1);
    EXPECT_EQ(first[4].url, "/archive/2024/11/01");
    EXPECT_EQ(first[4].count_text, "1 story");
    EXPECT_EQ(first[5].day, 2);
    EXPECT_EQ(first[5].url, "");  // No stories: not a link.
    EXPECT_EQ(first[5].count_text, "");
    const auto& saturday = calendar.weeks[2].days[5];
    EXPECT_EQ(saturday.day, 16);
    EXPECT_EQ(saturday.count_text, "14 stories");
    EXPECT_TRUE(saturday.current);
    EXPECT_FALSE(calendar.weeks[2].days[4].current);
    const auto& last = calendar.weeks[4].days;
    EXPECT_EQ(last[5].day, 30);
    EXPECT_EQ(last[6].day, 0);
}

TEST(MonthCalendarTest, MonthsFromFourToSixWeeks) {
    EXPECT_EQ(BuildMonthCalendar(2021, 2, {}).weeks.size(), 4u);  // 1 Feb 2021 was a Monday.
    EXPECT_EQ(BuildMonthCalendar(2024, 9, {}).weeks.size(), 6u);  // 1 Sep 2024 was a Sunday.
    auto plain = BuildMonthCalendar(2024, 9, {});
    EXPECT_EQ(plain.url, "");
    EXPECT_EQ(plain.total, 0);
    EXPECT_EQ(plain.weeks[0].days[6].day, 1);
    EXPECT_EQ(plain.weeks[5].days[0].day, 30);
}

}  // namespace
}  // namespace broadsheet::site
