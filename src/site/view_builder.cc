#include "site/view_builder.h"

#include <nlohmann/json.hpp>

#include "core/plan.h"
#include "core/text.h"
#include "site/site.h"

namespace broadsheet::site {

std::string WithSiteName(std::string_view text, std::string_view site_name) {
    std::string out;
    constexpr std::string_view kPlaceholder = "{site}";
    size_t start = 0;
    while (true) {
        size_t found = text.find(kPlaceholder, start);
        out += text.substr(start, found == std::string_view::npos ? std::string_view::npos : found - start);
        if (found == std::string_view::npos) break;
        out += site_name;
        start = found + kPlaceholder.size();
    }
    return out;
}

std::string MediaUrl(std::string_view path) { return "/media/" + std::string(path); }

PictureView MakePictureView(const Picture& picture) {
    return PictureView{MediaUrl(picture.path), picture.alt_text, picture.caption, picture.credit, picture.width,
                       picture.height};
}

StoryCardView MakeStoryCard(const ArticleSummary& summary, const SiteOptions& options) {
    StoryCardView card;
    card.headline = summary.headline;
    card.url = Site::ArticlePath(summary.section, summary.slug, summary.id);
    card.standfirst = summary.standfirst;
    for (const Section& section : options.sections) {
        if (section.slug == summary.section) {
            card.section_name = section.name;
            card.section_url = "/" + section.slug;
        }
    }
    card.published = options.timezone.FormatDateTime(summary.first_published);
    card.published_iso = FormatIsoUtc(summary.first_published);
    if (summary.picture) card.picture = MakePictureView(*summary.picture);
    return card;
}

OfferView MakeOffer(const SiteOptions& options) {
    OfferView offer;
    offer.headline = WithSiteName(options.offer_headline, options.name);
    offer.renewal_note = options.renewal_note;
    offer.perks_heading = options.perks_heading;
    for (const Plan& plan : options.plans) {
        PlanView view;
        view.name = plan.name;
        view.price = FormatMoney(plan.price);
        view.period = PeriodLabel(plan.months);
        view.per_month = FormatMoney(PricePerMonth(plan)) + "/Month";
        if (auto saving = SavingPercent(plan)) view.saving = "SAVE " + std::to_string(*saving) + "%";
        for (const std::string& perk_id : plan.perks) {
            for (const Perk& perk : options.perks) {
                if (perk.id == perk_id && perk.eligible_after_months > 0) {
                    view.notes.push_back("*" + WithSiteName(perk.title, options.name) + " will be given after " +
                                         std::to_string(perk.eligible_after_months) + " months");
                }
            }
        }
        offer.plans.push_back(std::move(view));
    }
    // The list shows what every subscriber gets at once; tenure perks appear as plan notes.
    for (const Perk& perk : options.perks) {
        if (perk.eligible_after_months > 0) continue;
        offer.perks.push_back(PerkView{WithSiteName(perk.title, options.name), WithSiteName(perk.description, options.name)});
    }
    return offer;
}

std::string SyndicationNotice(std::string_view site_name) {
    return "(Only the headline and picture of this report may have been reworked by the " + std::string(site_name) +
           " staff; the rest of the content is auto-generated from a syndicated feed.)";
}

ArticleView MakeArticleView(const Article& article, const std::vector<ArticleSummary>& more_from_section,
                            const std::optional<ArticleSummary>& next_story, const SiteOptions& options,
                            bool may_read_body) {
    const ArticleContent& c = article.content;
    ArticleView view;
    view.headline = c.headline;
    view.standfirst = c.standfirst;
    if (c.picture) view.picture = MakePictureView(*c.picture);
    view.provider = c.provider;
    view.located = c.located;
    view.byline = c.byline;
    view.read_time = std::to_string(ReadTimeMinutes(c.word_count)) + " min read";
    view.last_updated = options.timezone.FormatDateTime(article.last_updated);
    view.last_updated_iso = FormatIsoUtc(article.last_updated);
    view.first_published = options.timezone.FormatDateTime(article.first_published);
    view.first_published_iso = FormatIsoUtc(article.first_published);
    view.premium = article.premium;
    view.locked = !may_read_body;
    if (may_read_body) view.body_html = c.body_html;
    if (article.syndicated) view.syndication_notice = SyndicationNotice(options.name);
    for (const Section& section : options.sections) {
        if (section.slug == article.section) view.section = LinkView{section.name, "/" + section.slug, true};
    }
    for (const Topic& topic : c.topics) view.topics.push_back(LinkView{topic.name, "/topic/" + topic.slug, false});
    for (const ArticleSummary& summary : more_from_section) {
        view.more_from_section.push_back(MakeStoryCard(summary, options));
    }
    if (next_story) view.next_story = MakeStoryCard(*next_story, options);
    if (!options.plans.empty()) view.offer = MakeOffer(options);
    return view;
}

namespace {

std::string SectionName(const SiteOptions& options, const std::string& slug) {
    for (const Section& section : options.sections) {
        if (section.slug == slug) return section.name;
    }
    return slug;
}

}  // namespace

std::string ArticleJsonLd(const Article& article, const SiteOptions& options, const std::string& canonical_url,
                          const std::string& logo_url) {
    using nlohmann::json;
    const ArticleContent& c = article.content;
    std::string section = SectionName(options, article.section);
    json keywords = json::array();
    for (const Topic& topic : c.topics) keywords.push_back(topic.name);
    json author = json::array();
    if (!c.byline.empty()) author.push_back({{"@type", "Person"}, {"name", c.byline}});
    if (!c.provider.empty()) author.push_back({{"@type", "Organization"}, {"name", c.provider}});
    if (author.empty()) author.push_back({{"@type", "Organization"}, {"name", options.name}});
    json article_ld = {
        {"@type", "NewsArticle"},
        {"@id", canonical_url + "#article"},
        {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", canonical_url}}},
        {"headline", c.headline},
        {"description", c.standfirst},
        {"datePublished", FormatIsoUtc(article.first_published)},
        {"dateModified", FormatIsoUtc(article.last_updated)},
        {"author", author},
        {"publisher", {{"@type", "Organization"}, {"name", options.name},
                       {"logo", {{"@type", "ImageObject"}, {"url", logo_url}}}}},
        {"articleSection", section},
        {"keywords", keywords},
        {"isAccessibleForFree", !article.premium},
    };
    if (!c.language.empty()) article_ld["inLanguage"] = c.language;
    if (c.picture) {
        json image = {{"@type", "ImageObject"}, {"url", options.base_url + MediaUrl(c.picture->path)}};
        if (c.picture->width > 0) image["width"] = c.picture->width;
        if (c.picture->height > 0) image["height"] = c.picture->height;
        if (!c.picture->caption.empty()) image["caption"] = c.picture->caption;
        article_ld["image"] = json::array({image});
    }
    if (article.premium) {
        article_ld["hasPart"] = {{"@type", "WebPageElement"}, {"isAccessibleForFree", false},
                                 {"cssSelector", ".story__body"}};
    }
    json breadcrumbs = {
        {"@type", "BreadcrumbList"},
        {"itemListElement",
         json::array({{{"@type", "ListItem"}, {"position", 1}, {"name", options.name}, {"item", options.base_url + "/"}},
                      {{"@type", "ListItem"}, {"position", 2}, {"name", section},
                       {"item", options.base_url + "/" + article.section}},
                      {{"@type", "ListItem"}, {"position", 3}, {"name", c.headline}, {"item", canonical_url}}})},
    };
    std::string text = json{{"@context", "https://schema.org"}, {"@graph", json::array({article_ld, breadcrumbs})}}.dump();
    // Inside <script>, "</" could end the element early; JSON allows "<\/" for it.
    for (size_t at = text.find("</"); at != std::string::npos; at = text.find("</", at + 3)) text.insert(at + 1, "\\");
    return text;
}

MetaView ArticleMeta(const Article& article, const SiteOptions& options, const std::string& canonical_url,
                     const std::string& logo_url) {
    MetaView meta;
    meta.og_type = "article";
    if (article.content.picture) {
        meta.image_url = options.base_url + MediaUrl(article.content.picture->path);
        meta.image_alt = article.content.picture->alt_text;
    }
    meta.published_iso = FormatIsoUtc(article.first_published);
    meta.modified_iso = FormatIsoUtc(article.last_updated);
    meta.section = SectionName(options, article.section);
    for (const Topic& topic : article.content.topics) meta.tags.push_back(topic.name);
    meta.json_ld = ArticleJsonLd(article, options, canonical_url, logo_url);
    return meta;
}

}  // namespace broadsheet::site
