#include "site/syndication.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <pugixml.hpp>

#include "core/text.h"
#include "site/site.h"

namespace broadsheet::site {
namespace {

constexpr const char* kXmlCache = "public, max-age=300";
constexpr const char* kSitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr const char* kNewsNs = "http://www.google.com/schemas/sitemap-news/0.9";
constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::chrono::hours kNewsWindow{48};
constexpr int kMaxSitemapParts = 1000;

// XML 1.0 forbids C0 controls other than tab, LF and CR even as character references, and
// pugixml would write them out; one stray byte from a wire would make the whole feed invalid.
std::string CleanText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.push_back(c);
    }
    return out;
}

pugi::xml_node Child(pugi::xml_node parent, const char* name, std::string_view text) {
    pugi::xml_node node = parent.append_child(name);
    node.text().set(CleanText(text).c_str());
    return node;
}

pugi::xml_document NewDocument() {
    pugi::xml_document doc;
    pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    return doc;
}

struct StringWriter final : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override {
        out.append(static_cast<const char*>(data), size);
    }
};

http::Response XmlResponse(const pugi::xml_document& doc, const char* content_type) {
    StringWriter writer;
    doc.save(writer, " ", pugi::format_indent, pugi::encoding_utf8);
    http::Response response = http::Response::Text(200, std::move(writer.out), content_type);
    response.SetHeader("Cache-Control", kXmlCache);
    return response;
}

http::Response NotFound() {
    http::Response response = http::Response::Text(404, "Not found\n");
    response.SetHeader("Cache-Control", "public, max-age=60");
    return response;
}

http::Response StoreFailure(const Error& error) {
    spdlog::error("syndication: store failure: {}", error.message);
    http::Response response = http::Response::Text(500, "Internal error\n");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

// Google News wants ISO 639 ("en"), except for zh-cn and zh-tw.
std::string NewsLanguage(std::string_view language) {
    std::string lower = AsciiLower(language);
    std::replace(lower.begin(), lower.end(), '_', '-');
    if (lower == "zh-cn" || lower == "zh-tw") return lower;
    return lower.substr(0, lower.find('-'));
}

// Parses a decimal with no sign or leading zero, as a path segment.
std::optional<int> ParseNumber(std::string_view text) {
    int value = 0;
    if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// "YYYY-MM"; a negative or out-of-range field is no month.
std::optional<std::chrono::year_month> ParseMonth(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    int year = 0;
    int month = 0;
    if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4)
        return std::nullopt;
    if (std::from_chars(text.data() + 5, text.data() + 7, month).ptr != text.data() + 7)
        return std::nullopt;
    if (year < 1970 || month < 1 || month > 12) return std::nullopt;
    return std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)};
}

Timestamp MonthStart(std::chrono::year_month month) {
    return std::chrono::sys_days{month / std::chrono::day{1}};
}

// The latest change among `stories`; `fallback` when there are none.
Timestamp LastUpdated(const std::vector<ArticleSummary>& stories, Timestamp fallback) {
    if (stories.empty()) return fallback;
    return std::max_element(
               stories.begin(), stories.end(),
               [](const auto& a, const auto& b) { return a.last_updated < b.last_updated; })
        ->last_updated;
}

std::string SitemapPath(std::string_view month, int part) {
    std::string path = "/sitemap-" + std::string(month);
    if (part > 1) path += "-" + std::to_string(part);
    return path + ".xml";
}

}  // namespace

Syndication::Syndication(SyndicationOptions options, const store::ArticleStore& articles,
                         const Clock& clock)
    : options_(std::move(options)), articles_(articles), clock_(clock) {}

void Syndication::UpdateSettings(std::string site_name, std::vector<Section> sections,
                                 std::map<std::string, std::string> topic_names) {
    options_.Update([&](SyndicationOptions& live) {
        live.site_name = std::move(site_name);
        live.sections = std::move(sections);
        live.topic_names = std::move(topic_names);
    });
}

std::optional<http::Response> Syndication::Handle(const http::Request& request) const {
    std::string_view path = request.path;
    bool sitemap = path.starts_with("/sitemap") && path.ends_with(".xml") &&
                   (path == "/sitemap.xml" || path.starts_with("/sitemap-"));
    bool feed = path.starts_with("/feeds/");
    if (!sitemap && !feed && path != "/robots.txt") return std::nullopt;
    if (request.method != "GET" && request.method != "HEAD") {
        http::Response response = http::Response::Text(405, "Method not allowed\n");
        response.SetHeader("Allow", "GET, HEAD");
        return response;
    }
    if (feed) return Feed(path.substr(7));
    if (sitemap) return Sitemap(path.substr(8, path.size() - 8 - 4));
    return Robots();
}

const Section* Syndication::FindSection(std::string_view slug) const {
    for (const Section& section : options().sections) {
        if (section.slug == slug) return &section;
    }
    return nullptr;
}

std::string Syndication::SectionName(std::string_view slug) const {
    const Section* section = FindSection(slug);
    return section ? section->name : std::string(slug);
}

std::string Syndication::CanonicalUrl(const ArticleSummary& story) const {
    return Url(Site::ArticlePath(story.section, story.slug, story.id));
}

// `name` is what follows "/feeds/": "home.rss", "world.atom", "topic/japan.rss".
http::Response Syndication::Feed(std::string_view name) const {
    bool atom = name.ends_with(".atom");
    if (!atom && !name.ends_with(".rss")) return NotFound();
    std::string_view stem = name.substr(0, name.size() - (atom ? 5 : 4));
    store::ListQuery query{.limit = kFeedItems};
    Channel channel;
    channel.self_path = "/feeds/" + std::string(name);
    if (stem == "home") {
        channel.title = options().site_name;
        channel.description = "The latest stories from " + options().site_name;
        channel.page_path = "/";
    } else if (stem.starts_with("topic/")) {
        std::string_view slug = stem.substr(6);
        if (slug.empty() || slug.find('/') != std::string_view::npos) return NotFound();
        auto topic = articles_.FindTopic(slug);
        if (!topic)
            return topic.error().code == ErrorCode::kNotFound ? NotFound()
                                                              : StoreFailure(topic.error());
        if (auto named = options().topic_names.find(topic->slug); named != options().topic_names.end()) {
            topic->name = named->second;
        }
        channel.title = topic->name + " — " + options().site_name;
        channel.description =
            "The latest stories about " + topic->name + " from " + options().site_name;
        channel.page_path = "/topic/" + topic->slug;
        query.topic = topic->slug;
    } else if (const Section* section = FindSection(stem)) {
        channel.title = section->name + " — " + options().site_name;
        channel.description = "The latest " + section->name + " stories from " + options().site_name;
        channel.page_path = "/" + section->slug;
        query.section = section->slug;
    } else {
        return NotFound();
    }
    auto stories = articles_.List(query);
    if (!stories) return StoreFailure(stories.error());
    return atom ? Atom(channel, *stories) : Rss(channel, *stories);
}

http::Response Syndication::Rss(const Channel& channel,
                                const std::vector<ArticleSummary>& stories) const {
    Timestamp updated = LastUpdated(stories, clock_.Now());
    pugi::xml_document doc = NewDocument();
    pugi::xml_node rss = doc.append_child("rss");
    rss.append_attribute("version") = "2.0";
    rss.append_attribute("xmlns:atom") = kAtomNs;
    pugi::xml_node ch = rss.append_child("channel");
    Child(ch, "title", channel.title);
    Child(ch, "link", Url(channel.page_path));
    Child(ch, "description", channel.description);
    if (!options().language.empty()) Child(ch, "language", options().language);
    Child(ch, "lastBuildDate", FormatHttpDate(updated));
    pugi::xml_node self = ch.append_child("atom:link");
    self.append_attribute("href") = Url(channel.self_path).c_str();
    self.append_attribute("rel") = "self";
    self.append_attribute("type") = "application/rss+xml";
    for (const ArticleSummary& story : stories) {
        std::string url = CanonicalUrl(story);
        pugi::xml_node item = ch.append_child("item");
        Child(item, "title", story.headline);
        Child(item, "link", url);
        Child(item, "guid", url).append_attribute("isPermaLink") = "true";
        Child(item, "pubDate", FormatHttpDate(story.first_published));
        // The standfirst only: every reader may see it, unlike a premium body.
        if (!story.standfirst.empty()) Child(item, "description", story.standfirst);
        Child(item, "category", SectionName(story.section));
    }
    return XmlResponse(doc, "application/rss+xml; charset=utf-8");
}

http::Response Syndication::Atom(const Channel& channel,
                                 const std::vector<ArticleSummary>& stories) const {
    Timestamp updated = LastUpdated(stories, clock_.Now());
    pugi::xml_document doc = NewDocument();
    pugi::xml_node feed = doc.append_child("feed");
    feed.append_attribute("xmlns") = kAtomNs;
    if (!options().language.empty()) feed.append_attribute("xml:lang") = options().language.c_str();
    Child(feed, "id", Url(channel.self_path));
    Child(feed, "title", channel.title);
    Child(feed, "subtitle", channel.description);
    Child(feed, "updated", FormatIsoUtc(updated));
    pugi::xml_node self = feed.append_child("link");
    self.append_attribute("rel") = "self";
    self.append_attribute("type") = "application/atom+xml";
    self.append_attribute("href") = Url(channel.self_path).c_str();
    pugi::xml_node alternate = feed.append_child("link");
    alternate.append_attribute("rel") = "alternate";
    alternate.append_attribute("type") = "text/html";
    alternate.append_attribute("href") = Url(channel.page_path).c_str();
    Child(feed.append_child("author"), "name", options().site_name);
    for (const ArticleSummary& story : stories) {
        std::string url = CanonicalUrl(story);
        pugi::xml_node entry = feed.append_child("entry");
        Child(entry, "id", url);
        Child(entry, "title", story.headline);
        pugi::xml_node link = entry.append_child("link");
        link.append_attribute("rel") = "alternate";
        link.append_attribute("type") = "text/html";
        link.append_attribute("href") = url.c_str();
        Child(entry, "updated", FormatIsoUtc(story.last_updated));
        Child(entry, "published", FormatIsoUtc(story.first_published));
        // The standfirst only: every reader may see it, unlike a premium body.
        if (!story.standfirst.empty()) Child(entry, "summary", story.standfirst);
        pugi::xml_node category = entry.append_child("category");
        category.append_attribute("term") = story.section.c_str();
        category.append_attribute("label") = CleanText(SectionName(story.section)).c_str();
    }
    return XmlResponse(doc, "application/atom+xml; charset=utf-8");
}

// `name` is what lies between "/sitemap" and ".xml": "", "-news", "-2024-11", "-2024-11-2".
http::Response Syndication::Sitemap(std::string_view name) const {
    if (name.empty()) return SitemapIndex();
    name.remove_prefix(1);
    if (name == "news") return NewsSitemap();
    auto month = ParseMonth(name.substr(0, 7));
    if (!month) return NotFound();
    int part = 1;
    if (name.size() > 7) {
        auto number = name[7] == '-' ? ParseNumber(name.substr(8)) : std::nullopt;
        // Part 1 has one URL (no "-1"); the cap keeps the offset in range.
        if (!number || *number < 2 || *number > kMaxSitemapParts) return NotFound();
        part = *number;
    }
    return MonthlySitemap(*month, part);
}

http::Response Syndication::SitemapIndex() const {
    auto months = articles_.PublishedMonths();
    if (!months) return StoreFailure(months.error());
    pugi::xml_document doc = NewDocument();
    pugi::xml_node index = doc.append_child("sitemapindex");
    index.append_attribute("xmlns") = kSitemapNs;
    for (const auto& [name, last_updated] : *months) {
        auto month = ParseMonth(name);
        if (!month) continue;
        Timestamp from = MonthStart(*month);
        Timestamp to = MonthStart(*month + std::chrono::months{1});
        // A month past 50,000 stories continues in -2, -3...: probe for the first of each part.
        for (int part = 1; part <= kMaxSitemapParts; ++part) {
            if (part > 1) {
                auto probe = articles_.ListPublishedBetween(from, to, 1, (part - 1) * kSitemapUrls);
                if (!probe) return StoreFailure(probe.error());
                if (probe->empty()) break;
            }
            pugi::xml_node sitemap = index.append_child("sitemap");
            Child(sitemap, "loc", Url(SitemapPath(name, part)));
            Child(sitemap, "lastmod", FormatIsoUtc(last_updated));
        }
    }
    return XmlResponse(doc, "application/xml; charset=utf-8");
}

http::Response Syndication::MonthlySitemap(std::chrono::year_month month, int part) const {
    auto stories = articles_.ListPublishedBetween(MonthStart(month),
                                                  MonthStart(month + std::chrono::months{1}),
                                                  kSitemapUrls, (part - 1) * kSitemapUrls);
    if (!stories) return StoreFailure(stories.error());
    if (stories->empty()) return NotFound();
    pugi::xml_document doc = NewDocument();
    pugi::xml_node urlset = doc.append_child("urlset");
    urlset.append_attribute("xmlns") = kSitemapNs;
    for (const ArticleSummary& story : *stories) {
        pugi::xml_node url = urlset.append_child("url");
        Child(url, "loc", CanonicalUrl(story));
        Child(url, "lastmod", FormatIsoUtc(story.last_updated));
    }
    return XmlResponse(doc, "application/xml; charset=utf-8");
}

http::Response Syndication::NewsSitemap() const {
    Timestamp now = clock_.Now();
    // [now - 48 h, now]: the store's range is half-open.
    auto stories = articles_.ListPublishedBetween(now - kNewsWindow, now + std::chrono::seconds{1},
                                                  kNewsSitemapUrls, 0);
    if (!stories) return StoreFailure(stories.error());
    std::string language = NewsLanguage(options().language);
    pugi::xml_document doc = NewDocument();
    pugi::xml_node urlset = doc.append_child("urlset");
    urlset.append_attribute("xmlns") = kSitemapNs;
    urlset.append_attribute("xmlns:news") = kNewsNs;
    for (const ArticleSummary& story : *stories) {
        pugi::xml_node url = urlset.append_child("url");
        Child(url, "loc", CanonicalUrl(story));
        pugi::xml_node news = url.append_child("news:news");
        pugi::xml_node publication = news.append_child("news:publication");
        Child(publication, "news:name", options().site_name);
        Child(publication, "news:language", language);
        Child(news, "news:publication_date", FormatIsoUtc(story.first_published));
        Child(news, "news:title", story.headline);
    }
    return XmlResponse(doc, "application/xml; charset=utf-8");
}

http::Response Syndication::Robots() const {
    std::string text = "User-agent: *\nDisallow: /newsroom/\nDisallow: /ingest/\n\n";
    text += "Sitemap: " + Url("/sitemap.xml") + "\n";
    text += "Sitemap: " + Url("/sitemap-news.xml") + "\n";
    http::Response response = http::Response::Text(200, std::move(text));
    response.SetHeader("Cache-Control", "public, max-age=3600");
    return response;
}

}  // namespace broadsheet::site
