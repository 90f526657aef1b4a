#include "site/templates.h"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace broadsheet::site {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;
using kainjow::mustache::partial;

data Text(const std::string& s) { return data(s); }

// Declared up front so ListOf can find every overload.
data ToData(const std::string& s);
data ToData(const LinkView& link);
data ToData(const StoryCardView& s);
data ToData(const PlanView& p);
data ToData(const PerkView& p);
data ToData(const ListingView::SectionBlock& block);
data ToData(const ArticleView::BodyPart& part);

data ToData(const AdView& ad) {
    data d;
    d.set("position", ad.position);
    d.set("width", std::to_string(ad.width));
    d.set("height", std::to_string(ad.height));
    return d;
}

data OptionalAd(const std::optional<AdView>& ad) { return ad ? ToData(*ad) : data(false); }

// A string field that templates can also test for: {{#x}}…{{/x}} shows only when non-empty.
void SetOptional(data& d, const std::string& name, const std::string& value) {
    if (value.empty()) {
        d.set(name, data(false));
    } else {
        d.set(name, Text(value));
    }
}

data ToData(const LinkView& link) {
    data d;
    d.set("text", link.text);
    d.set("url", link.url);
    d.set("current", data(link.current));
    return d;
}

data ToData(const PictureView& p) {
    data d;
    d.set("src", p.src);
    d.set("alt", p.alt);
    SetOptional(d, "caption", p.caption);
    SetOptional(d, "credit", p.credit);
    SetOptional(d, "width", p.width > 0 ? std::to_string(p.width) : "");
    SetOptional(d, "height", p.height > 0 ? std::to_string(p.height) : "");
    SetOptional(d, "srcset", p.srcset);
    SetOptional(d, "webp_srcset", p.webp_srcset);
    SetOptional(d, "sizes", p.sizes);
    return d;
}

data OptionalData(const std::optional<PictureView>& p) { return p ? ToData(*p) : data(false); }

data ToData(const StoryCardView& s) {
    data d;
    d.set("headline", s.headline);
    d.set("url", s.url);
    SetOptional(d, "standfirst", s.standfirst);
    SetOptional(d, "section_name", s.section_name);
    d.set("section_url", s.section_url);
    d.set("published", s.published);
    d.set("published_iso", s.published_iso);
    d.set("picture", OptionalData(s.picture));
    d.set("eager", data(s.eager));
    return d;
}

template <typename T>
data ListOf(const std::vector<T>& items) {
    data list{data::type::list};
    for (const T& item : items) list.push_back(ToData(item));
    return list;
}

data ToData(const std::string& s) { return data(s); }

data ToData(const PlanView& p) {
    data d;
    d.set("name", p.name);
    d.set("price", p.price);
    d.set("period", p.period);
    d.set("per_month", p.per_month);
    SetOptional(d, "saving", p.saving);
    d.set("notes", ListOf(p.notes));
    return d;
}

data ToData(const PerkView& p) {
    data d;
    d.set("title", p.title);
    d.set("description", p.description);
    return d;
}

data ToData(const OfferView& o) {
    data d;
    d.set("headline", o.headline);
    d.set("plans", ListOf(o.plans));
    d.set("renewal_note", o.renewal_note);
    d.set("perks_heading", o.perks_heading);
    d.set("perks", ListOf(o.perks));
    return d;
}

data ToData(const ArticleView& a) {
    data d;
    d.set("headline", a.headline);
    SetOptional(d, "standfirst", a.standfirst);
    d.set("picture", OptionalData(a.picture));
    SetOptional(d, "provider", a.provider);
    SetOptional(d, "located", a.located);
    SetOptional(d, "byline", a.byline);
    d.set("read_time", a.read_time);
    d.set("last_updated", a.last_updated);
    d.set("last_updated_iso", a.last_updated_iso);
    d.set("first_published", a.first_published);
    d.set("first_published_iso", a.first_published_iso);
    d.set("body", ListOf(a.body));
    d.set("share", ListOf(a.share));
    d.set("has_share", data(!a.share.empty()));
    d.set("premium", data(a.premium));
    d.set("locked", data(a.locked));
    d.set("teaser_html", a.teaser_html);
    SetOptional(d, "meter_note", a.meter_note);
    SetOptional(d, "syndication_notice", a.syndication_notice);
    data corrections{data::type::list};
    for (const ArticleView::Correction& c : a.corrections) {
        data item;
        item.set("at", c.at);
        item.set("at_iso", c.at_iso);
        item.set("text", c.text);
        corrections.push_back(item);
    }
    d.set("corrections", corrections);
    d.set("has_corrections", data(!a.corrections.empty()));
    d.set("section", ToData(a.section));
    d.set("topics", ListOf(a.topics));
    d.set("has_topics", data(!a.topics.empty()));
    d.set("more_from_section", ListOf(a.more_from_section));
    d.set("has_more_from_section", data(!a.more_from_section.empty()));
    d.set("next_story", a.next_story ? ToData(*a.next_story) : data(false));
    d.set("offer", a.offer ? ToData(*a.offer) : data(false));
    return d;
}

data ToData(const ArticleView::BodyPart& part) {
    data d;
    d.set("html", part.html);
    d.set("related", part.related ? ToData(*part.related) : data(false));
    d.set("ad", OptionalAd(part.ad));
    return d;
}

data ToData(const ListingView::SectionBlock& block) {
    data d;
    d.set("section", ToData(block.section));
    d.set("stories", ListOf(block.stories));
    return d;
}

data ToData(const ListingView& l) {
    data d;
    d.set("heading", l.heading);
    SetOptional(d, "description", l.description);
    d.set("lead", l.lead ? ToData(*l.lead) : data(false));
    d.set("stories", ListOf(l.stories));
    d.set("has_stories", data(!l.stories.empty() || l.lead.has_value()));
    SetOptional(d, "previous_url", l.previous_url);
    SetOptional(d, "next_url", l.next_url);
    d.set("sections", ListOf(l.sections));
    d.set("ad", OptionalAd(l.ad));
    return d;
}

data ToData(const ErrorView& e) {
    data d;
    d.set("status", std::to_string(e.status));
    d.set("title", e.title);
    d.set("message", e.message);
    SetOptional(d, "request_id", e.request_id);
    d.set("latest", ListOf(e.latest));
    d.set("has_latest", data(!e.latest.empty()));
    return d;
}

data ToData(const PageView& p) {
    data d;
    d.set("title", p.title);
    SetOptional(d, "description", p.description);
    SetOptional(d, "canonical_url", p.canonical_url);
    d.set("site_name", p.site_name);
    SetOptional(d, "site_tagline", p.site_tagline);
    d.set("language", p.language);
    d.set("stylesheet_url", p.stylesheet_url);
    d.set("icon_url", p.icon_url);
    d.set("sections", ListOf(p.sections));
    d.set("ad_top", OptionalAd(p.ad_top));
    d.set("ad_bottom", OptionalAd(p.ad_bottom));
    SetOptional(d, "head_prev_url", p.previous_url);
    SetOptional(d, "head_next_url", p.next_url);
    data feeds{data::type::list};
    for (const LinkView& feed : p.feeds) {
        data item = ToData(feed);
        std::string atom = feed.url.substr(0, feed.url.size() - 4) + ".atom";  // ".rss" -> ".atom"
        item.set("atom_url", atom);
        feeds.push_back(item);
    }
    d.set("feeds", feeds);
    const MetaView& m = p.meta;
    d.set("og_type", m.og_type);
    SetOptional(d, "image_url", m.image_url);
    SetOptional(d, "image_alt", m.image_alt);
    SetOptional(d, "published_iso", m.published_iso);
    SetOptional(d, "modified_iso", m.modified_iso);
    SetOptional(d, "meta_section", m.section);
    d.set("tags", ListOf(m.tags));
    SetOptional(d, "json_ld", m.json_ld);
    return d;
}

data FromJson(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            data d{data::type::object};
            for (const auto& [key, value] : j.items()) d.set(key, FromJson(value));
            return d;
        }
        case nlohmann::json::value_t::array: {
            data list{data::type::list};
            for (const auto& item : j) list.push_back(FromJson(item));
            return list;
        }
        case nlohmann::json::value_t::string: {
            const std::string& text = j.get_ref<const std::string&>();
            return text.empty() ? data(false) : data(text);
        }
        case nlohmann::json::value_t::boolean: return data(j.get<bool>());
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
        case nlohmann::json::value_t::number_float: return data(j.dump());
        default: return data(false);
    }
}

}  // namespace

struct Templates::Impl {
    // kainjow's render() is not const, so each template renders under its own lock.
    struct Entry {
        std::unique_ptr<mustache> tmpl;
        std::unique_ptr<std::mutex> lock = std::make_unique<std::mutex>();
    };
    std::map<std::string, Entry> pages;
    std::map<std::string, std::string> partials;

    std::string Render(const std::string& name, data context) const {
        for (const auto& [partial_name, text] : partials) {
            const std::string* source = &text;
            context.set(partial_name, partial{[source] { return *source; }});
        }
        const Entry& entry = pages.at(name);
        std::lock_guard guard(*entry.lock);
        return entry.tmpl->render(context);
    }

    std::string RenderPage(const PageView& page, const std::string& name, data content) const {
        data body_context = ToData(page);
        body_context.set("content", std::move(content));
        std::string body = Render(name, body_context);
        data layout = ToData(page);
        layout.set("body_html", body);
        return Render("layout", layout);
    }
};

Templates::Templates(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Templates::~Templates() = default;

Result<std::unique_ptr<Templates>> Templates::Load(const std::filesystem::path& dir) {
    return Load(dir, {"layout", "article", "listing", "error", "archive"});
}

Result<std::unique_ptr<Templates>> Templates::Load(const std::filesystem::path& dir,
                                                   const std::vector<std::string>& required_names) {
    auto impl = std::make_unique<Impl>();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".mustache") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        std::string name = entry.path().stem().string();
        if (name.starts_with("_")) {
            impl->partials[name.substr(1)] = text.str();
            continue;
        }
        auto tmpl = std::make_unique<mustache>(text.str());
        if (!tmpl->is_valid()) {
            return Fail(ErrorCode::kInvalidInput, entry.path().string() + ": " + tmpl->error_message());
        }
        impl->pages[name].tmpl = std::move(tmpl);
    }
    if (ec) return Fail(ErrorCode::kIo, "cannot read templates in " + dir.string() + ": " + ec.message());
    for (const std::string& required : required_names) {
        if (!impl->pages.count(required)) {
            return Fail(ErrorCode::kNotFound, "template " + (dir / (required + ".mustache")).string() +
                                                  " is missing");
        }
    }
    for (const auto& [name, text] : impl->partials) {
        mustache check(text);
        if (!check.is_valid()) return Fail(ErrorCode::kInvalidInput, "partial _" + name + ": " + check.error_message());
    }
    return std::unique_ptr<Templates>(new Templates(std::move(impl)));  // NOLINT: private constructor
}

namespace {

// The archive's view models. Lists are built here rather than with ListOf, whose overloads
// are declared at the top of this file.
data ToData(const CalendarDayView& c) {
    data d;
    if (c.day == 0) {
        d.set("day", data(false));
        return d;
    }
    d.set("day", std::to_string(c.day));
    SetOptional(d, "url", c.url);
    SetOptional(d, "count_text", c.count_text);
    d.set("count", std::to_string(c.count));
    d.set("current", data(c.current));
    return d;
}

data ToData(const CalendarMonthView& m) {
    data d;
    d.set("caption", m.caption);
    SetOptional(d, "url", m.url);
    data weeks{data::type::list};
    for (const CalendarWeekView& week : m.weeks) {
        data days{data::type::list};
        for (const CalendarDayView& day : week.days) days.push_back(ToData(day));
        data w;
        w.set("days", days);
        weeks.push_back(w);
    }
    d.set("weeks", weeks);
    return d;
}

data OptionalLink(const std::optional<LinkView>& link) { return link ? ToData(*link) : data(false); }

data ToData(const ArchiveView& a) {
    data d;
    d.set("heading", a.heading);
    SetOptional(d, "summary", a.summary);
    data breadcrumbs{data::type::list};
    for (const LinkView& link : a.breadcrumbs) breadcrumbs.push_back(ToData(link));
    d.set("breadcrumbs", breadcrumbs);
    d.set("has_steps", data(a.previous.has_value() || a.next.has_value()));
    d.set("previous", OptionalLink(a.previous));
    d.set("next", OptionalLink(a.next));
    d.set("unit", a.unit);
    d.set("is_day", data(a.day));
    d.set("is_year", data(!a.day && a.calendars.size() > 1));
    d.set("is_month", data(!a.day && a.calendars.size() == 1));
    d.set("has_calendars", data(!a.calendars.empty()));
    d.set("has_breadcrumbs", data(!a.breadcrumbs.empty()));
    data stories{data::type::list};
    for (const StoryCardView& story : a.stories) stories.push_back(ToData(story));
    d.set("stories", stories);
    d.set("has_stories", data(!a.stories.empty()));
    SetOptional(d, "previous_url", a.previous_url);
    SetOptional(d, "next_url", a.next_url);
    data calendars{data::type::list};
    for (const CalendarMonthView& month : a.calendars) calendars.push_back(ToData(month));
    d.set("calendars", calendars);
    data years{data::type::list};
    for (const LinkView& link : a.years) years.push_back(ToData(link));
    d.set("years", years);
    d.set("has_years", data(!a.years.empty()));
    return d;
}

}  // namespace

std::string Templates::RenderArticle(const PageView& page, const ArticleView& article) const {
    return impl_->RenderPage(page, "article", ToData(article));
}

std::string Templates::RenderListing(const PageView& page, const ListingView& listing) const {
    return impl_->RenderPage(page, "listing", ToData(listing));
}

std::string Templates::RenderJson(const PageView& page, std::string_view name, const nlohmann::json& content) const {
    return impl_->RenderPage(page, std::string(name), FromJson(content));
}

std::string Templates::RenderInLayout(std::string_view name, const nlohmann::json& model) const {
    data context = FromJson(model);
    std::string body = impl_->Render(std::string(name), context);
    context.set("body_html", body);
    return impl_->Render("layout", std::move(context));
}

bool Templates::Has(std::string_view name) const { return impl_->pages.count(std::string(name)) > 0; }

std::string Templates::RenderError(const PageView& page, const ErrorView& error) const {
    return impl_->RenderPage(page, "error", ToData(error));
}

std::string Templates::RenderArchive(const PageView& page, const ArchiveView& archive) const {
    return impl_->RenderPage(page, "archive", ToData(archive));
}

}  // namespace broadsheet::site
