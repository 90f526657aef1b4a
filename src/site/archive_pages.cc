// The archive by date: /archive, /archive/yyyy, /archive/yyyy/mm, /archive/yyyy/mm/dd.
// Days are local calendar days in the site's time zone. Every store query here is a seek or
// a bounded range on the publication index: a page costs the same in an archive of three
// million stories as in one of thirty.
#include <algorithm>
#include <charconv>

#include "site/archive_calendar.h"
#include "site/paging.h"
#include "site/site.h"
#include "site/templates.h"
#include "site/view_builder.h"

namespace broadsheet::site {
namespace {

constexpr const char* kArchiveCache = "public, max-age=60";

// The local days of the oldest and the newest story: archive pages outside them are 404s.
struct ArchiveSpan {
    CivilDate oldest;
    CivilDate newest;
};

// What an archive page handler needs; the references outlive it.
struct ArchiveContext {
    const store::ArticleStore& articles;
    const SiteOptions& options;
    ArchiveSpan span;
    const SiteTimeZone& zone() const { return options.timezone; }
};

// A page ready for the frame.
struct ArchivePage {
    ArchiveView view;
    std::string title;
    std::string description;
    std::string canonical_path;
    std::string surrogate_key;
    std::optional<Timestamp> last_modified;
};

Result<std::optional<ArchiveSpan>> FindSpan(const store::ArticleStore& articles,
                                            const SiteTimeZone& zone) {
    auto oldest = articles.OldestPublished();
    if (!oldest) return oldest.error();
    auto newest = articles.NewestPublished();
    if (!newest) return newest.error();
    if (!*oldest || !*newest) return std::optional<ArchiveSpan>{};
    return std::optional<ArchiveSpan>{
        ArchiveSpan{LocalDate(zone, **oldest), LocalDate(zone, **newest)}};
}

bool InSpan(const ArchiveTarget& target, const ArchiveSpan& span) {
    const CivilDate& d = target.date;
    switch (target.kind) {
        case ArchiveTarget::Kind::kIndex: return true;
        case ArchiveTarget::Kind::kYear:
            return d.year >= span.oldest.year && d.year <= span.newest.year;
        case ArchiveTarget::Kind::kMonth:
            return CivilDate{d.year, d.month, 1} >=
                       CivilDate{span.oldest.year, span.oldest.month, 1} &&
                   CivilDate{d.year, d.month, 1} <=
                       CivilDate{span.newest.year, span.newest.month, 1};
        case ArchiveTarget::Kind::kDay: return d >= span.oldest && d <= span.newest;
    }
    return false;
}

// The local day of the newest story first published before `day` began.
Result<std::optional<CivilDate>> LastDayBefore(const ArchiveContext& c, const CivilDate& day) {
    auto t = c.articles.LastPublishedBefore(StartOfDay(c.zone(), day));
    if (!t) return t.error();
    if (!*t) return std::optional<CivilDate>{};
    return std::optional<CivilDate>{LocalDate(c.zone(), **t)};
}

// The local day of the oldest story first published since `day` began.
Result<std::optional<CivilDate>> FirstDayFrom(const ArchiveContext& c, const CivilDate& day) {
    auto t = c.articles.FirstPublishedFrom(StartOfDay(c.zone(), day));
    if (!t) return t.error();
    if (!*t) return std::optional<CivilDate>{};
    return std::optional<CivilDate>{LocalDate(c.zone(), **t)};
}

// Stories per local day, for `days` days from `first`: one bounded count per day.
Result<std::vector<int>> DayCounts(const ArchiveContext& c, const CivilDate& first, int days) {
    std::vector<Timestamp> boundaries = DayBoundaries(c.zone(), first, days);
    return c.articles.CountPublishedBetween(boundaries);
}

// Every year with stories, newest first: one indexed seek per year.
Result<std::vector<LinkView>> YearLinks(const ArchiveContext& c, int current_year) {
    std::vector<LinkView> years;
    int year = std::max(c.span.oldest.year, kArchiveFirstYear);
    while (year <= c.span.newest.year) {
        years.push_back(LinkView{std::to_string(year), ArchiveYearUrl(year), year == current_year});
        auto next = FirstDayFrom(c, CivilDate{year + 1, 1, 1});
        if (!next) return next.error();
        if (!*next) break;
        year = (*next)->year;
    }
    std::reverse(years.begin(), years.end());
    return years;
}

// Archive › 2024 › November › 16: `depth` 1 for a year page, 2 for a month, 3 for a day.
std::vector<LinkView> Breadcrumbs(const CivilDate& date, int depth) {
    std::vector<LinkView> crumbs = {
        LinkView{"Archive", "/archive", false},
        LinkView{std::to_string(date.year), ArchiveYearUrl(date.year), depth == 1}};
    if (depth >= 2)
        crumbs.push_back(
            LinkView{MonthName(date.month), ArchiveMonthUrl(date.year, date.month), depth == 2});
    if (depth >= 3) crumbs.push_back(LinkView{std::to_string(date.day), ArchiveDayUrl(date), true});
    return crumbs;
}

std::string Title(const std::string& heading, const SiteOptions& options) {
    return "Archive: " + heading + " — " + options.name;
}

Result<ArchivePage> YearPage(const ArchiveContext& c, int year) {
    int days = 0;
    for (int month = 1; month <= 12; ++month) days += DaysInMonth(year, month);
    auto counts = DayCounts(c, CivilDate{year, 1, 1}, days);
    if (!counts) return counts.error();
    ArchivePage page;
    ArchiveView& view = page.view;
    int total = 0;
    size_t offset = 0;
    for (int month = 1; month <= 12; ++month) {
        auto month_days = static_cast<size_t>(DaysInMonth(year, month));
        CalendarMonthView calendar = BuildMonthCalendar(
            year, month, std::span<const int>(*counts).subspan(offset, month_days), {}, true);
        offset += month_days;
        if (calendar.total == 0) calendar.url.clear();
        total += calendar.total;
        view.calendars.push_back(std::move(calendar));
    }
    view.heading = std::to_string(year);
    view.unit = "year";
    view.summary = total > 0 ? StoryCount(total) + ". Choose a month or a day to read its stories."
                             : "No stories were first published in " + view.heading + ".";
    auto previous = LastDayBefore(c, CivilDate{year, 1, 1});
    if (!previous) return previous.error();
    auto next = FirstDayFrom(c, CivilDate{year + 1, 1, 1});
    if (!next) return next.error();
    if (*previous)
        view.previous =
            LinkView{std::to_string((*previous)->year), ArchiveYearUrl((*previous)->year)};
    if (*next) view.next = LinkView{std::to_string((*next)->year), ArchiveYearUrl((*next)->year)};
    auto years = YearLinks(c, year);
    if (!years) return years.error();
    view.years = std::move(*years);
    view.breadcrumbs = Breadcrumbs(CivilDate{year, 1, 1}, 1);
    page.title = Title(view.heading, c.options);
    page.description =
        c.options.name + "'s stories from " + view.heading + ", month by month and day by day.";
    page.canonical_path = ArchiveYearUrl(year);
    page.surrogate_key = "archive archive-" + std::to_string(year);
    return page;
}

Result<ArchivePage> MonthPage(const ArchiveContext& c, int year, int month) {
    auto counts = DayCounts(c, CivilDate{year, month, 1}, DaysInMonth(year, month));
    if (!counts) return counts.error();
    ArchivePage page;
    ArchiveView& view = page.view;
    view.calendars.push_back(BuildMonthCalendar(year, month, *counts));
    const int total = view.calendars.back().total;
    view.heading = MonthHeading(year, month);
    view.unit = "month";
    view.summary = total > 0 ? StoryCount(total) +
                                   ". Days with stories are links; the small figure is how many."
                             : "No stories were first published in " + view.heading + ".";
    auto previous = LastDayBefore(c, CivilDate{year, month, 1});
    if (!previous) return previous.error();
    auto next = FirstDayFrom(c, AddDays(CivilDate{year, month, DaysInMonth(year, month)}, 1));
    if (!next) return next.error();
    auto month_link = [](const CivilDate& d) {
        return LinkView{MonthHeading(d.year, d.month), ArchiveMonthUrl(d.year, d.month)};
    };
    if (*previous) view.previous = month_link(**previous);
    if (*next) view.next = month_link(**next);
    auto years = YearLinks(c, year);
    if (!years) return years.error();
    view.years = std::move(*years);
    view.breadcrumbs = Breadcrumbs(CivilDate{year, month, 1}, 2);
    page.title = Title(view.heading, c.options);
    page.description = c.options.name + "'s stories from " + view.heading + ", day by day.";
    page.canonical_path = ArchiveMonthUrl(year, month);
    page.surrogate_key = "archive archive-" + IsoMonth(year, month);
    return page;
}

Result<ArchivePage> DayPage(const ArchiveContext& c, const CivilDate& date, int page_number) {
    const Timestamp from = StartOfDay(c.zone(), date);
    const Timestamp to = StartOfDay(c.zone(), AddDays(date, 1));
    // One more than shown tells whether there is an older page.
    auto stories = c.articles.ListPublishedBetween(from, to, kStoriesPerPage + 1,
                                                   (page_number - 1) * kStoriesPerPage);
    if (!stories) return stories.error();
    if (stories->empty() && page_number > 1)
        return Fail(ErrorCode::kNotFound, "no such page of the day");
    const bool more = static_cast<int>(stories->size()) > kStoriesPerPage;
    if (more) stories->pop_back();
    auto counts =
        DayCounts(c, CivilDate{date.year, date.month, 1}, DaysInMonth(date.year, date.month));
    if (!counts) return counts.error();

    ArchivePage page;
    ArchiveView& view = page.view;
    view.day = true;
    view.unit = "day";
    view.heading = FullDate(date);
    const int total = (*counts)[static_cast<size_t>(date.day - 1)];
    if (total == 1) view.summary = "1 story first published this day.";
    if (total > 1) view.summary = StoryCount(total) + " first published this day, newest first.";
    for (const ArticleSummary& summary : *stories) {
        view.stories.push_back(MakeStoryCard(summary, c.options));
        if (!page.last_modified || summary.last_updated > *page.last_modified) {
            page.last_modified = summary.last_updated;
        }
    }
    // The first row of cards is in view on arrival: load its pictures at once.
    for (size_t i = 0; i < std::min<size_t>(2, view.stories.size()); ++i)
        view.stories[i].eager = true;
    const std::string path = ArchiveDayUrl(date);
    if (page_number > 1) view.previous_url = PageUrl(path, page_number - 1);
    if (more) view.next_url = PageUrl(path, page_number + 1);
    view.calendars.push_back(BuildMonthCalendar(date.year, date.month, *counts, date.day, true));

    auto previous = LastDayBefore(c, date);
    if (!previous) return previous.error();
    auto next = FirstDayFrom(c, AddDays(date, 1));
    if (!next) return next.error();
    if (*previous) view.previous = LinkView{FullDate(**previous), ArchiveDayUrl(**previous)};
    if (*next) view.next = LinkView{FullDate(**next), ArchiveDayUrl(**next)};
    auto years = YearLinks(c, date.year);
    if (!years) return years.error();
    view.years = std::move(*years);
    view.breadcrumbs = Breadcrumbs(date, 3);

    page.title = Title(view.heading, c.options);
    if (page_number > 1) page.title += " (page " + std::to_string(page_number) + ")";
    page.description = total > 0 ? "The " + StoryCount(total) + " " + c.options.name +
                                       " first published on " + view.heading + "."
                                 : "No stories were first published by " + c.options.name + " on " +
                                       view.heading + ".";
    page.canonical_path = PageUrl(path, page_number);
    page.surrogate_key = "archive archive-" + IsoDate(date);
    return page;
}

}  // namespace

http::Response Site::Archive(const http::Request& request, const ReaderContext& reader,
                             std::string_view tail) const {
    auto target = ParseArchivePath(tail);
    if (!target) return NotFound(request);
    auto span = FindSpan(articles_, options().timezone);
    if (!span) return StoreFailure(request, span.error());

    Result<ArchivePage> page = Fail(ErrorCode::kNotFound, "not in the archive");
    if (target->kind == ArchiveTarget::Kind::kIndex) {
        if (*span) {
            http::Response response = http::Response::Redirect(302, ArchiveDayUrl((*span)->newest));
            response.SetHeader("Cache-Control", kArchiveCache);
            response.SetHeader("Surrogate-Key", "archive");
            return response;
        }
        ArchivePage empty;
        empty.view.heading = "Archive";
        empty.view.summary =
            "Nothing has been published yet. Stories will be listed here by the day they were "
            "first published.";
        empty.title = "Archive — " + options().name;
        empty.description = "Every story " + options().name + " has published, by date.";
        empty.canonical_path = "/archive";
        empty.surrogate_key = "archive";
        page = std::move(empty);
    } else if (*span && InSpan(*target, **span)) {
        const ArchiveContext context{articles_, options(), **span};
        const CivilDate& date = target->date;
        switch (target->kind) {
            case ArchiveTarget::Kind::kYear: page = YearPage(context, date.year); break;
            case ArchiveTarget::Kind::kMonth:
                page = MonthPage(context, date.year, date.month);
                break;
            default: page = DayPage(context, date, PageNumber(request)); break;
        }
    }
    if (!page) {
        if (page.error().code == ErrorCode::kNotFound) return NotFound(request);
        return StoreFailure(request, page.error());
    }
    PageView frame = Frame(page->title, page->description, page->canonical_path, "", &reader);
    frame.previous_url = page->view.previous_url;
    frame.next_url = page->view.next_url;
    http::Response response =
        http::Response::Html(200, templates_.RenderArchive(frame, page->view));
    response.SetHeader("Cache-Control", kArchiveCache);
    response.SetHeader("Surrogate-Key", page->surrogate_key);
    if (page->last_modified)
        response.SetHeader("Last-Modified", FormatHttpDate(*page->last_modified));
    return response;
}

}  // namespace broadsheet::site
