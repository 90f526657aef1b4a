#include "site/site.h"

#include <charconv>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "http/conditional.h"
#include "http/static_files.h"
#include "media/renditions.h"
#include "paywall/access.h"
#include "site/paging.h"
#include "site/syndication.h"
#include "site/templates.h"
#include "site/view_builder.h"

namespace broadsheet::site {
namespace {

constexpr const char* kAnonymousCache = "public, max-age=60";

http::Response HtmlPage(int status, std::string html, const char* cache_control = kAnonymousCache) {
    http::Response response = http::Response::Html(status, std::move(html));
    response.SetHeader("Cache-Control", cache_control);
    return response;
}

// Anything but health checks and media files (already compressed, and large).
bool IsCacheable(const http::Request& request) {
    if (request.method != "GET" && request.method != "HEAD") return false;
    std::string_view path = request.path;
    return path != "/healthz" && !path.starts_with("/media/");
}

// Whether the page cache may keep a rendering: not when it was made for one reader.
bool MayKeep(const http::Response& response) {
    std::string_view cache_control = response.GetHeader("Cache-Control");
    return cache_control.find("private") == std::string_view::npos &&
           cache_control.find("no-store") == std::string_view::npos && response.GetHeader("Set-Cookie").empty();
}

// A list page changes when its newest-updated story does.
void SetLastModified(http::Response& response, const std::vector<ArticleSummary>& stories) {
    std::optional<Timestamp> newest;
    for (const ArticleSummary& story : stories) {
        if (!newest || story.last_updated > *newest) newest = story.last_updated;
    }
    if (newest) response.SetHeader("Last-Modified", FormatHttpDate(*newest));
}

}  // namespace

Site::Site(SiteOptions options, const store::ArticleStore& articles, const Templates& templates,
           const http::StaticFiles& static_files, Syndication& syndication, const store::FeedStore* feeds)
    : options_(std::move(options)),
      articles_(articles),
      templates_(templates),
      static_files_(static_files),
      syndication_(syndication),
      feeds_(feeds),
      cache_(std::make_unique<PageCache>(options_.Get().page_cache)) {}

void Site::UpdateSettings(const LiveSettings& settings) {
    options_.Update([&settings](SiteOptions& live) {
        live.name = settings.name;
        live.tagline = settings.tagline;
        live.timezone = settings.timezone;
        live.sections = settings.sections;
        live.topic_names = settings.topic_names;
    });
    syndication_.UpdateSettings(settings.name, settings.sections, settings.topic_names);
    // Pages made from the old settings are never served again: the generation moves (a
    // rendering in flight is kept under the old one, so it is a miss) and the memory goes now.
    settings_generation_.fetch_add(1, std::memory_order_acq_rel);
    cache_->Clear();
}

std::string Site::ArticlePath(std::string_view section, std::string_view slug, ArticleId id) {
    return "/" + std::string(section) + "/" + std::string(slug) + "-" + std::to_string(id.value);
}

const Section* Site::FindSection(std::string_view slug) const {
    for (const Section& section : options().sections) {
        if (section.slug == slug) return &section;
    }
    return nullptr;
}

std::optional<AdView> Site::Ad(const ReaderContext& reader, AdPosition position) const {
    if (reader.ad_free) return std::nullopt;
    for (const AdSlot& slot : options().ads) {
        if (slot.position == position) return AdView{std::string(AdPositionName(position)), slot.width, slot.height};
    }
    return std::nullopt;
}

PageView Site::Frame(std::string title, std::string description, std::string canonical_path,
                     std::string_view current_section, const ReaderContext* reader) const {
    PageView page;
    if (reader) {
        page.ad_top = Ad(*reader, AdPosition::kTop);
        page.ad_bottom = Ad(*reader, AdPosition::kBottom);
    }
    page.title = std::move(title);
    page.description = std::move(description);
    if (!canonical_path.empty()) page.canonical_url = options().base_url + canonical_path;
    page.site_name = options().name;
    page.site_tagline = options().tagline;
    page.language = options().language;
    page.stylesheet_url = static_files_.Url("site.css");
    page.icon_url = static_files_.Url("icon.svg");
    for (const Section& section : options().sections) {
        page.sections.push_back(LinkView{section.name, "/" + section.slug, section.slug == current_section});
        if (section.slug == current_section) {
            page.feeds.push_back(LinkView{options().name + " — " + section.name, "/feeds/" + section.slug + ".rss"});
        }
    }
    page.feeds.push_back(LinkView{options().name, "/feeds/home.rss"});
    return page;
}

void Site::AddRoute(std::string prefix, PageHandler handler, RouteCaching caching) {
    added_routes_.push_back(AddedRoute{std::move(prefix), std::move(handler), caching});
}

const Site::AddedRoute* Site::FindAddedRoute(std::string_view path) const {
    for (const AddedRoute& route : added_routes_) {
        if (path == route.prefix || (path.starts_with(route.prefix) && path.size() > route.prefix.size() &&
                                     (route.prefix.back() == '/' || path[route.prefix.size()] == '/'))) {
            return &route;
        }
    }
    return nullptr;
}

namespace {

// Every path the site answers starts with one of these, a section or an added route: Route
// refuses anything else, so a new endpoint must be listed, and the paywall's leak audit
// walks the list. A prefix ending in '/' or '-' covers what follows it; any other is matched
// whole or as the first segments of a longer path ("/archive" covers "/archive/2024/11/16").
constexpr std::string_view kBuiltinRoutes[] = {"/",        "/healthz", "/favicon.ico", "/static/",
                                               "/media/",  "/topic/",  "/archive",     "/feeds/",
                                               "/sitemap.xml", "/sitemap-", "/robots.txt", "/api/v1/articles/"};

bool UnderPrefix(std::string_view path, std::string_view prefix) {
    if (prefix == "/") return path == "/";
    if (prefix.back() == '/' || prefix.back() == '-') return path.starts_with(prefix);
    return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
}

}  // namespace

std::vector<std::string> Site::RoutePrefixes() const {
    std::vector<std::string> prefixes(std::begin(kBuiltinRoutes), std::end(kBuiltinRoutes));
    for (const Section& section : options().sections) prefixes.push_back("/" + section.slug);
    for (const AddedRoute& route : added_routes_) prefixes.push_back(route.prefix);
    return prefixes;
}

bool Site::IsRouted(std::string_view path) const {
    // On every request: no allocation.
    for (std::string_view prefix : kBuiltinRoutes) {
        if (UnderPrefix(path, prefix)) return true;
    }
    for (const Section& section : options().sections) {
        if (path.size() > section.slug.size() && path[0] == '/' && UnderPrefix(path.substr(1), section.slug)) return true;
    }
    for (const AddedRoute& route : added_routes_) {
        if (UnderPrefix(path, route.prefix)) return true;
    }
    return false;
}

std::vector<std::string> Site::AuditPaths(const Article& article) const {
    std::vector<std::string> paths = {"/", "/healthz", "/robots.txt", "/sitemap.xml", "/sitemap-news.xml",
                                      "/feeds/home.rss", "/feeds/home.atom", "/archive",
                                      static_files_.Url("site.css")};
    const std::string date = options().timezone.FormatDate(article.first_published);  // "2024-11-16"
    const std::string year = date.substr(0, 4), month = date.substr(5, 2), day = date.substr(8, 2);
    for (const std::string& path : {"/archive/" + year, "/archive/" + year + "/" + month,
                                    "/archive/" + year + "/" + month + "/" + day,
                                    "/sitemap-" + FormatIsoUtc(article.first_published).substr(0, 7) + ".xml"}) {
        paths.push_back(path);
    }
    for (const Section& section : options().sections) {
        paths.push_back("/" + section.slug);
        paths.push_back("/feeds/" + section.slug + ".rss");
        paths.push_back("/feeds/" + section.slug + ".atom");
    }
    for (const Topic& topic : article.content.topics) {
        paths.push_back("/topic/" + topic.slug);
        paths.push_back("/feeds/topic/" + topic.slug + ".rss");
        paths.push_back("/feeds/topic/" + topic.slug + ".atom");
    }
    if (article.content.picture) paths.push_back(MediaUrl(article.content.picture->path));
    paths.push_back(ArticlePath(article.section, article.slug, article.id));
    paths.push_back("/api/v1/articles/" + std::to_string(article.id.value));
    for (const AddedRoute& route : added_routes_) paths.push_back(route.prefix);
    return paths;
}

http::Response Site::Handle(const http::Request& request) const {
    const ReaderContext reader = reader_resolver_ ? reader_resolver_(request) : ReaderContext{};
    const std::string_view accept_encoding = request.Header("Accept-Encoding");
    http::Response response;
    const AddedRoute* added = FindAddedRoute(request.path);
    if (added && added->caching == RouteCaching::kPersonal) {
        response = added->handler(request, reader);
        if (response.GetHeader("Cache-Control").empty()) response.SetHeader("Cache-Control", "private, no-store");
        response = EncodeForRequest(std::move(response), accept_encoding);
    } else if (options().page_cache.max_bytes > 0 && IsCacheable(request) && !reader.cache_class.empty()) {
        // The query is part of the key: ?page=2 is another page.
        std::string key = reader.cache_class;
        key += ' ';
        key += request.path;
        if (!request.query.empty()) {
            key += '?';
            key += request.query;
        }
        // Before rendering: a change during it makes it stale. Settings changes count too.
        const uint64_t generation =
            articles_.Generation() + settings_generation_.load(std::memory_order_acquire);
        const auto now = std::chrono::steady_clock::now();
        std::shared_ptr<const RenderedPage> page = cache_->Find(key, generation, now);
        if (!page) {
            http::Response rendered = Route(request, reader);
            if (rendered.status == 200 && MayKeep(rendered)) {
                page = RenderedPage::Make(std::move(rendered));
                cache_->Insert(key, generation, now, page);
            } else {
                response = EncodeForRequest(std::move(rendered), accept_encoding);
            }
        }
        if (page) response = page->Select(accept_encoding);
    } else {
        response = Route(request, reader);
        // A page made for one reader must not be kept by shared caches.
        if (reader.cache_class.empty() && !request.path.starts_with("/static/") &&
            !request.path.starts_with("/media/")) {
            response.SetHeader("Cache-Control", "private, no-cache");
        }
        response = EncodeForRequest(std::move(response), accept_encoding);
    }
    // A signed-in reader's pages may be shared within their class here, never by a CDN.
    if (!reader.shared_cacheable && response.GetHeader("Cache-Control").starts_with("public")) {
        response.SetHeader("Cache-Control", "private, no-cache");
    }
    http::ApplyConditional(request, response);
    return response;
}

http::Response Site::Route(const http::Request& request, const ReaderContext& reader) const {
    if (const AddedRoute* added = FindAddedRoute(request.path)) return added->handler(request, reader);
    if (request.method != "GET" && request.method != "HEAD") {
        http::Response response = ErrorPage(405, request.request_id);
        response.SetHeader("Allow", "GET, HEAD");
        return response;
    }
    std::string_view path = request.path;
    if (!IsRouted(path)) return NotFound(request);
    if (path == "/") return Home(request, reader);
    if (path == "/healthz") return Health();
    if (auto response = syndication_.Handle(request)) return *response;
    if (path.starts_with("/static/")) {
        if (auto response = static_files_.Serve(request)) return *response;
        return NotFound(request);
    }
    if (path.starts_with("/media/")) {
        std::string_view relative = path.substr(7);
        if (relative.starts_with("r/")) {
            // A rendition, made on its first request: only widths and names that srcset uses.
            auto key = media::Renditions::Parse(relative);
            if (!key) return NotFound(request);
            if (options().renditions) {
                auto made = options().renditions->Ensure(key->original_stem, key->width, key->format);
                if (!made) {
                    const Error& error = made.error();
                    if (error.code == ErrorCode::kIo) return StoreFailure(request, error);
                    if (error.code == ErrorCode::kUnsupported) spdlog::warn("{}: {}", path, error.message);
                    return NotFound(request);
                }
            }
        }
        http::Response response = http::ServeFileBelow(options().media_root, relative,
                                                       "public, max-age=31536000, immutable");
        if (response.status == 404) return NotFound(request);
        return response;
    }
    if (path == "/favicon.ico") {
        return http::Response::Redirect(301, static_files_.Url("icon.svg"));
    }
    // Tolerate one trailing slash on list pages: /world/ -> /world.
    if (path.size() > 1 && path.back() == '/') {
        return http::Response::Redirect(301, std::string(path.substr(0, path.size() - 1)));
    }
    std::string_view rest = path.substr(1);
    size_t slash = rest.find('/');
    std::string_view first = rest.substr(0, slash);
    std::string_view tail = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (path.starts_with("/api/v1/articles/")) {
        std::string_view id = path.substr(std::string_view("/api/v1/articles/").size());
        return ArticleJson(request, reader, id);
    }
    if (first == "topic" && !tail.empty() && tail.find('/') == std::string_view::npos) {
        return TopicPage(request, reader, tail);
    }
    if (first == "archive") return Archive(request, reader, tail);
    if (const Section* section = FindSection(first)) {
        if (tail.empty()) return SectionPage(request, reader, *section);
        if (tail.find('/') == std::string_view::npos) return ArticlePage(request, reader, *section, tail);
    }
    return NotFound(request);
}

http::Response Site::Home(const http::Request& request, const ReaderContext& reader) const {
    ListingView listing;
    listing.heading = "Top stories";
    auto latest = articles_.List(store::ListQuery{.limit = 7});
    if (!latest) return StoreFailure(request, latest.error());
    for (size_t i = 0; i < latest->size(); ++i) {
        PictureSlot slot = i == 0 ? PictureSlot::kLead : PictureSlot::kCard;
        StoryCardView card = MakeStoryCard((*latest)[i], options(), slot);
        if (i == 0) {
            listing.lead = std::move(card);
        } else {
            listing.stories.push_back(std::move(card));
        }
    }
    for (const Section& section : options().sections) {
        auto stories = articles_.List(store::ListQuery{.section = section.slug, .limit = 4});
        if (!stories) return StoreFailure(request, stories.error());
        if (stories->empty()) continue;
        ListingView::SectionBlock block{LinkView{section.name, "/" + section.slug, false}, {}};
        for (const ArticleSummary& summary : *stories) {
            block.stories.push_back(MakeStoryCard(summary, options(), PictureSlot::kCompactCard));
        }
        listing.sections.push_back(std::move(block));
    }
    listing.ad = Ad(reader, AdPosition::kListing);
    PageView page = Frame(options().name + " — " + options().tagline, options().tagline, "/", "", &reader);
    http::Response response = HtmlPage(200, templates_.RenderListing(page, listing));
    response.SetHeader("Surrogate-Key", "home");
    SetLastModified(response, *latest);
    return response;
}

http::Response Site::PagedListing(const http::Request& request, const ReaderContext& reader, store::ListQuery query,
                                  std::string heading,
                                  std::string description, const std::string& path,
                                  std::string_view current_section, std::optional<LinkView> feed) const {
    int page_number = PageNumber(request);
    query.limit = kStoriesPerPage + 1;  // One more than shown tells whether there is a next page.
    query.offset = (page_number - 1) * kStoriesPerPage;
    auto stories = articles_.List(query);
    if (!stories) return StoreFailure(request, stories.error());
    if (stories->empty() && page_number > 1) return NotFound(request);
    bool more = static_cast<int>(stories->size()) > kStoriesPerPage;
    if (more) stories->pop_back();

    ListingView listing;
    listing.heading = heading;
    listing.description = description;
    for (const ArticleSummary& summary : *stories) listing.stories.push_back(MakeStoryCard(summary, options()));
    // The first row of cards (three on desktops) is in view on arrival: load its pictures at once.
    for (size_t i = 0; i < std::min<size_t>(3, listing.stories.size()); ++i) {
        listing.stories[i].eager = true;
    }
    if (page_number > 1) listing.previous_url = PageUrl(path, page_number - 1);
    if (more) listing.next_url = PageUrl(path, page_number + 1);
    listing.ad = Ad(reader, AdPosition::kListing);
    PageView page = Frame(heading + " — " + options().name, std::move(description), PageUrl(path, page_number),
                          current_section, &reader);
    if (feed) page.feeds.insert(page.feeds.begin(), *feed);
    page.previous_url = listing.previous_url;
    page.next_url = listing.next_url;
    http::Response response = HtmlPage(200, templates_.RenderListing(page, listing));
    SetLastModified(response, *stories);
    return response;
}

http::Response Site::SectionPage(const http::Request& request, const ReaderContext& reader,
                                 const Section& section) const {
    http::Response response =
        PagedListing(request, reader, store::ListQuery{.section = section.slug}, section.name,
                     "Latest " + section.name + " news from " + options().name, "/" + section.slug, section.slug);
    response.SetHeader("Surrogate-Key", "section-" + section.slug);
    return response;
}

http::Response Site::TopicPage(const http::Request& request, const ReaderContext& reader,
                               std::string_view slug) const {
    auto topic = articles_.FindTopic(slug);
    if (!topic) {
        if (topic.error().code == ErrorCode::kNotFound) return NotFound(request);
        return StoreFailure(request, topic.error());
    }
    const std::string& name = TopicName(options(), *topic);
    http::Response response =
        PagedListing(request, reader, store::ListQuery{.topic = topic->slug}, name, "Stories about " + name,
                     "/topic/" + topic->slug, "", LinkView{options().name + " — " + name,
                                                            "/feeds/topic/" + topic->slug + ".rss"});
    response.SetHeader("Surrogate-Key", "topic-" + topic->slug);
    return response;
}

http::Response Site::ArticlePage(const http::Request& request, const ReaderContext& reader, const Section& section,
                                 std::string_view tail) const {
    // "<slug>-<id>": the id is the digits after the last hyphen.
    size_t hyphen = tail.rfind('-');
    std::string_view id_text = hyphen == std::string_view::npos ? tail : tail.substr(hyphen + 1);
    int64_t id = 0;
    auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) return NotFound(request);

    auto article = articles_.FindById(ArticleId{id});
    if (!article) {
        if (article.error().code == ErrorCode::kNotFound) return NotFound(request);
        return StoreFailure(request, article.error());
    }
    if (article->status == ArticleStatus::kKilled) return Gone(request);
    if (article->status != ArticleStatus::kPublished || article->held) return NotFound(request);
    std::string canonical = ArticlePath(article->section, article->slug, article->id);
    if (request.path != canonical) {
        std::string location = canonical;
        if (!request.query.empty()) location += "?" + request.query;
        return http::Response::Redirect(301, location);
    }
    auto more = articles_.List(store::ListQuery{.section = section.slug, .exclude = article->id, .limit = 5});
    if (!more) return StoreFailure(request, more.error());
    auto next = articles_.NextInSection(*article);
    if (!next) return StoreFailure(request, next.error());
    ArticleAccess access = DecideAccess(request, reader, *article);
    ArticleView view = MakeArticleView(*article, *more, *next, options(), access.full);
    view.meter_note = access.meter_note;
    if (corrections_ && !article->syndicated) {
        for (const Correction& correction : corrections_(article->id)) {
            view.corrections.push_back({options().timezone.FormatDateTime(correction.at), FormatIsoUtc(correction.at),
                                        correction.text});
        }
    }
    auto related = RelatedStory(*article, *more);
    if (!related) return StoreFailure(request, related.error());
    std::optional<StoryCardView> related_card;
    if (*related) related_card = MakeStoryCard(**related, options());
    PlaceInBody(view, std::move(related_card), Ad(reader, AdPosition::kArticle));
    PageView page = Frame(article->content.headline + " | " + options().name, article->content.standfirst, canonical,
                          section.slug, &reader);
    view.share = ShareLinks(page.canonical_url, article->content.headline);
    page.meta = ArticleMeta(*article, options(), page.canonical_url, options().base_url + static_files_.Url("icon.svg"));
    http::Response response = HtmlPage(200, templates_.RenderArticle(page, view));
    response.SetHeader("Last-Modified", FormatHttpDate(article->last_updated));
    // Everything this page shows, so a shared cache can purge it precisely.
    std::string keys = "article-" + std::to_string(article->id.value) + " section-" + article->section;
    for (const Topic& topic : article->content.topics) keys += " topic-" + topic.slug;
    response.SetHeader("Surrogate-Key", keys);
    if (access.personal) response.SetHeader("Cache-Control", "private, no-store");
    for (const std::string& cookie : access.set_cookies) response.headers.emplace_back("Set-Cookie", cookie);
    return response;
}

ArticleAccess Site::DecideAccess(const http::Request& request, const ReaderContext& reader,
                                const Article& article) const {
    if (article_access_) return article_access_(request, reader, article);
    // Without the gate: only entitled readers read premium stories; no meter.
    ArticleAccess access;
    access.full = paywall::Decide(article.premium, reader.may_read_premium, nullptr, article.id).access ==
                  paywall::Access::kFull;
    return access;
}

http::Response Site::ArticleJson(const http::Request& request, const ReaderContext& reader,
                                 std::string_view id_text) const {
    auto json_error = [](int status, std::string_view message) {
        http::Response response =
            http::Response::Text(status, nlohmann::json{{"error", message}}.dump() + "\n", "application/json");
        response.SetHeader("Cache-Control", "no-store");
        return response;
    };
    int64_t id = 0;
    auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) return json_error(404, "no such article");
    auto article = articles_.FindById(ArticleId{id});
    if (!article) {
        if (article.error().code == ErrorCode::kNotFound) return json_error(404, "no such article");
        spdlog::error("request {}: store failure: {}", request.request_id, article.error().message);
        return json_error(500, "the article could not be read; try again");
    }
    if (article->status == ArticleStatus::kKilled) return json_error(410, "the article was withdrawn");
    if (article->status != ArticleStatus::kPublished || article->held) return json_error(404, "no such article");
    ArticleAccess access = DecideAccess(request, reader, *article);
    ArticleView view = MakeArticleView(*article, {}, std::nullopt, options(), access.full);
    const ArticleContent& c = article->content;
    nlohmann::json body{
        {"id", article->id.value},
        {"url", options().base_url + ArticlePath(article->section, article->slug, article->id)},
        {"section", article->section},
        {"headline", c.headline},
        {"standfirst", c.standfirst},
        {"byline", c.byline},
        {"provider", c.provider},
        {"dateline", c.located},
        {"first_published", FormatIsoUtc(article->first_published)},
        {"last_updated", FormatIsoUtc(article->last_updated)},
        {"premium", article->premium},
        {"access", access.full ? "full" : "teaser"},
        {"topics", nlohmann::json::array()},
    };
    for (const Topic& topic : c.topics) body["topics"].push_back({{"slug", topic.slug}, {"name", topic.name}});
    if (c.picture) {
        body["picture"] = {{"url", options().base_url + MediaUrl(c.picture->path)}, {"width", c.picture->width},
                           {"height", c.picture->height}, {"alt", c.picture->alt_text},
                           {"caption", c.picture->caption}, {"credit", c.picture->credit}};
    }
    if (access.full) {
        body["body_html"] = c.body_html;
    } else {
        body["teaser_html"] = view.teaser_html;
        if (!access.meter_note.empty()) body["meter_note"] = access.meter_note;
    }
    http::Response response = http::Response::Text(200, body.dump() + "\n", "application/json");
    response.SetHeader("Cache-Control", access.personal ? "private, no-store" : kAnonymousCache);
    response.SetHeader("Last-Modified", FormatHttpDate(article->last_updated));
    response.SetHeader("Surrogate-Key", "article-" + std::to_string(article->id.value));
    for (const std::string& cookie : access.set_cookies) response.headers.emplace_back("Set-Cookie", cookie);
    return response;
}

Result<std::optional<ArticleSummary>> Site::RelatedStory(const Article& article,
                                                         const std::vector<ArticleSummary>& more_from_section) const {
    constexpr size_t kTopicsTried = 4;  // Each is one indexed query.
    const std::vector<Topic>& topics = article.content.topics;
    for (size_t i = 0; i < topics.size() && i < kTopicsTried; ++i) {
        auto found = articles_.List(store::ListQuery{.topic = topics[i].slug, .exclude = article.id, .limit = 1});
        if (!found) return found.error();
        if (!found->empty()) return std::optional<ArticleSummary>(std::move(found->front()));
    }
    if (!more_from_section.empty()) return std::optional<ArticleSummary>(more_from_section.front());
    return std::optional<ArticleSummary>();
}

http::Response Site::Health() const {
    auto count = articles_.Count();
    if (!count) {
        http::Response response = http::Response::Text(503, "{\"status\":\"unavailable\"}\n", "application/json");
        response.SetHeader("Cache-Control", "no-store");
        return response;
    }
    nlohmann::json body{{"status", "ok"}, {"articles", *count}, {"feeds", nlohmann::json::array()}};
    for (const std::string& id : options().feed_ids) {
        if (!feeds_) break;
        auto state = feeds_->Get(id);
        if (!state) continue;
        auto when = [](const std::optional<Timestamp>& t) { return t ? nlohmann::json(FormatIsoUtc(*t)) : nlohmann::json(); };
        body["feeds"].push_back({{"id", id},
                                 {"last_success", when(state->last_success)},
                                 {"last_attempt", when(state->last_attempt)},
                                 {"last_error", state->last_error},
                                 {"failures", state->consecutive_failures},
                                 {"next_poll", when(state->next_poll)},
                                 {"items", state->items_ingested}});
    }
    http::Response response = http::Response::Text(200, body.dump() + "\n", "application/json");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

http::Response Site::ErrorPage(int status, std::string_view request_id) const {
    ErrorView error;
    error.status = status;
    error.request_id = std::string(request_id);
    switch (status) {
        case 400:
            error.title = "Bad request";
            error.message = "Your browser sent a request this site could not understand.";
            break;
        case 404:
            error.title = "Page not found";
            error.message = "We could not find that page. It may have moved, or the address may be mistyped.";
            break;
        case 405:
            error.title = "Method not allowed";
            error.message = "This address can only be read.";
            break;
        case 410:
            error.title = "This story has been withdrawn";
            error.message = "The story that was here has been withdrawn by its publisher and is no longer available.";
            break;
        case 413:
            error.title = "Request too large";
            error.message = "The request was larger than this site accepts.";
            break;
        default:
            error.title = "Something went wrong";
            error.message = "We could not show this page. Please try again in a moment.";
            break;
    }
    if (status == 404 || status == 410) {
        auto latest = articles_.List(store::ListQuery{.limit = 5});
        if (latest) {
            for (const ArticleSummary& summary : *latest) error.latest.push_back(MakeStoryCard(summary, options()));
        }
    }
    PageView page = Frame(error.title + " | " + options().name, "", "", "");
    return HtmlPage(status, templates_.RenderError(page, error), "no-store");
}

http::Response Site::NotFound(const http::Request& request) const { return ErrorPage(404, request.request_id); }

http::Response Site::Gone(const http::Request& request) const {
    http::Response response = ErrorPage(410, request.request_id);
    response.SetHeader("Cache-Control", kAnonymousCache);
    return response;
}

http::Response Site::StoreFailure(const http::Request& request, const Error& error) const {
    spdlog::error("request {}: store failure: {}", request.request_id, error.message);
    return ErrorPage(500, request.request_id);
}

}  // namespace broadsheet::site
