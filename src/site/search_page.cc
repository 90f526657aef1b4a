#include "site/search_page.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/text.h"
#include "paywall/access.h"
#include "search/query.h"
#include "search/search_index.h"
#include "site/site.h"
#include "site/templates.h"

namespace broadsheet::site {
namespace {

using nlohmann::json;

// What the reader typed, kept to rebuild links.
struct Form {
    std::string q, from, to, order;
    int page = 1;
};

std::string Link(const Form& form, std::string_view q, int page) {
    std::string url = "/search?q=" + http::PercentEncode(q);
    if (!form.from.empty()) url += "&from=" + http::PercentEncode(form.from);
    if (!form.to.empty()) url += "&to=" + http::PercentEncode(form.to);
    if (form.order == "newest") url += "&order=newest";
    if (page > 1) url += "&page=" + std::to_string(page);
    return url;
}

int ParsePage(const std::optional<std::string>& text) {
    if (!text) return 1;
    int page = 1;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), page);
    if (error != std::errc{} || end != text->data() + text->size() || page < 1) return 1;
    return std::min(page, search::kMaxResultDepth / SearchPage::kPageSize);
}

std::string Trimmed(std::string text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && space(text.back())) text.pop_back();
    size_t start = 0;
    while (start < text.size() && space(text[start])) ++start;
    return text.substr(start);
}

std::string CountText(const search::SearchResults& results) {
    const int64_t n = results.total_estimate;
    std::string text = (results.total_exact ? "" : "About ") + GroupThousands(n) + (n == 1 ? " result" : " results");
    return text;
}

}  // namespace

SearchPage::SearchPage(Site& site, const search::SearchIndex& index) : site_(site), index_(index) {
    site_.AddRoute(
        "/search",
        [this](const http::Request& request, const ReaderContext& reader) { return Handle(request, reader); },
        Site::RouteCaching::kPersonal);
}

http::Response SearchPage::Handle(const http::Request& request, const ReaderContext& reader) const {
    if (request.path != "/search") return site_.ErrorPage(404, "");
    if (request.method != "GET" && request.method != "HEAD") {
        http::Response response = http::Response::Text(405, "Method Not Allowed\n");
        response.SetHeader("Allow", "GET, HEAD");
        return response;
    }
    Form form;
    form.q = Trimmed(request.QueryParam("q").value_or(""));
    form.from = Trimmed(request.QueryParam("from").value_or(""));
    form.to = Trimmed(request.QueryParam("to").value_or(""));
    form.order = request.QueryParam("order").value_or("") == "newest" ? "newest" : "relevance";
    form.page = ParsePage(request.QueryParam("page"));

    json content = {{"q", form.q},
                    {"from", form.from},
                    {"to", form.to},
                    {"order_newest", form.order == "newest"},
                    {"order_relevance", form.order != "newest"}};
    std::string title = "Search";
    const bool asked = !form.q.empty() || !form.from.empty() || !form.to.empty();
    int status = 200;
    if (asked) {
        title = (form.q.empty() ? std::string("Search") : "“" + form.q + "”") + " — Search";
        auto query = search::ParseQuery(search::QueryInput{form.q, form.from, form.to, form.order});
        if (!query) {
            content["error"] = query.error().message;
        } else {
            search::SearchRequest search_request{.query = std::move(*query),
                                                 .page = form.page,
                                                 .page_size = kPageSize};
            search_request.may_read_premium = [&reader](ArticleId id) {
                // Asked with no meter: showing a snippet never spends a free story.
                return paywall::Decide(true, reader.may_read_premium, nullptr, id).access == paywall::Access::kFull;
            };
            auto results = index_.Search(search_request);
            if (!results && results.error().code == ErrorCode::kInvalidInput) {
                content["error"] = "There is no page " + std::to_string(form.page) + " of results for this search.";
            } else if (!results) {
                spdlog::error("search: {}", results.error().message);
                content["error"] = "Search is not available just now. Please try again in a moment.";
                status = 503;
            } else {
                content["count"] = CountText(*results);
                content["none"] = results->hits.empty();
                json hits = json::array();
                for (const search::SearchHit& hit : results->hits) {
                    std::string section_name = hit.section;
                    for (const Section& s : site_.options().sections) {
                        if (s.slug == hit.section) section_name = s.name;
                    }
                    hits.push_back({{"url", Site::ArticlePath(hit.section, hit.slug, hit.id)},
                                    {"headline", hit.headline},
                                    {"section", section_name},
                                    {"section_url", "/" + hit.section},
                                    {"date", site_.options().timezone.FormatDate(hit.first_published)},
                                    {"datetime", FormatIsoUtc(hit.first_published)},
                                    {"premium", hit.premium},
                                    {"snippet", hit.snippet_html}});
                }
                content["has_hits"] = !hits.empty();
                content["hits"] = std::move(hits);
                content["first"] = (form.page - 1) * kPageSize + 1;
                const int64_t reachable = std::min<int64_t>(results->total_estimate, search::kMaxResultDepth);
                const int pages = static_cast<int>((reachable + kPageSize - 1) / kPageSize);
                if (form.page > 1) content["prev_url"] = Link(form, form.q, form.page - 1);
                if (form.page < pages) content["next_url"] = Link(form, form.q, form.page + 1);
                if (pages > 1) {
                    content["page_text"] = "Page " + std::to_string(form.page) + " of " + std::to_string(pages);
                }
                json sections = json::array();
                for (const search::FacetCount& facet : results->sections) {
                    std::string name = facet.value;
                    for (const Section& s : site_.options().sections) {
                        if (s.slug == facet.value) name = s.name;
                    }
                    std::string q = form.q.empty() ? "" : form.q + " ";
                    sections.push_back({{"name", name},
                                        {"count", facet.count},
                                        {"url", Link(form, q + "section:" + facet.value, 1)}});
                }
                json years = json::array();
                for (const search::FacetCount& facet : results->years) {
                    std::string q = form.q.empty() ? "" : form.q + " ";
                    years.push_back({{"name", facet.value},
                                     {"count", facet.count},
                                     {"url", Link(form, q + facet.value + ".." + facet.value, 1)}});
                }
                // A facet with one value narrows nothing.
                content["has_sections"] = sections.size() > 1;
                content["has_years"] = years.size() > 1;
                content["has_facets"] = sections.size() > 1 || years.size() > 1;
                content["facets_estimated"] = results->facets_estimated;
                content["section_facets"] = std::move(sections);
                content["year_facets"] = std::move(years);
                if (!results->did_you_mean.empty()) {
                    content["did_you_mean"] = {{"text", results->did_you_mean},
                                               {"url", Link(form, results->did_you_mean, 1)}};
                }
            }
        }
    }
    content["heading"] = "Search";
    http::Response response = http::Response::Html(
        status, site_.templates().RenderJson(
                    site_.PageFrame(title + " — " + site_.options().name,
                                    "Search every story of " + site_.options().name + ".", "/search", reader),
                    "search", content));
    response.SetHeader("Cache-Control", "private, no-store");
    return response;
}

}  // namespace broadsheet::site
