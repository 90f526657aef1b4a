#include "site/view_builder.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/plan.h"
#include "core/text.h"
#include "http/response.h"
#include "media/renditions.h"
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

std::string_view PictureSizes(PictureSlot slot) {
    // Widths from site.css: main is min(100vw, 76rem) less 2rem of padding; the story column
    // is 42rem; .lead is 3fr 2fr with a 1rem gap from 64rem; .cards have 1.5rem gaps and 2
    // columns from 40rem, 3 (compact: 4) from 64rem; below 40rem a card's picture is 7.5rem.
    switch (slot) {
        case PictureSlot::kArticle:
            return "(min-width: 44rem) 42rem, calc(100vw - 2rem)";
        case PictureSlot::kLead:
            return "(min-width: 76rem) 701px, (min-width: 64rem) calc(60vw - 29px), calc(100vw - 2rem)";
        case PictureSlot::kCard:
            return "(min-width: 76rem) 379px, (min-width: 64rem) calc(33.3vw - 27px), "
                   "(min-width: 40rem) calc(50vw - 28px), 7.5rem";
        case PictureSlot::kCompactCard:
            return "(min-width: 76rem) 278px, (min-width: 64rem) calc(25vw - 26px), "
                   "(min-width: 40rem) calc(50vw - 28px), 7.5rem";
    }
    return "100vw";
}

std::string PictureSrcset(const Picture& picture, bool webp) {
    // A GIF may be animated, and renditions keep only its first frame; a picture no wider
    // than the narrowest rendition has nothing to choose from.
    const auto& widths = media::Renditions::kWidths;
    if (picture.width <= widths.front() || picture.mime == "image/gif") return {};
    auto format = webp ? media::RenditionFormat::kWebp : media::RenditionFormat::kJpeg;
    auto candidate = [&picture, format](int width, int actual) {
        return MediaUrl(media::Renditions::PathFor(picture.path, width, format)) + " " + std::to_string(actual) + "w";
    };
    std::string srcset;
    for (int width : widths) {
        if (width < picture.width) {
            srcset += candidate(width, width) + ", ";
        } else if (webp) {
            // Renditions are never wider than the original, so the next width is the original's
            // size in WebP: smaller than the original for the screens that want every pixel.
            return srcset + candidate(width, picture.width);
        } else {
            break;
        }
    }
    // The JPEG list ends with the original (the <img src>); so does the WebP list of an
    // original wider than every rendition: browsers that take WebP take any format.
    return srcset + MediaUrl(picture.path) + " " + std::to_string(picture.width) + "w";
}

PictureView MakePictureView(const Picture& picture, PictureSlot slot) {
    PictureView view{MediaUrl(picture.path), picture.alt_text, picture.caption, picture.credit, picture.width,
                     picture.height};
    view.srcset = PictureSrcset(picture, false);
    view.webp_srcset = PictureSrcset(picture, true);
    if (!view.srcset.empty()) view.sizes = std::string(PictureSizes(slot));
    return view;
}

StoryCardView MakeStoryCard(const ArticleSummary& summary, const SiteOptions& options, PictureSlot slot) {
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
    if (summary.picture) card.picture = MakePictureView(*summary.picture, slot);
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
    if (c.picture) view.picture = MakePictureView(*c.picture, PictureSlot::kArticle);
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
    if (may_read_body) {
        view.body.push_back(ArticleView::BodyPart{c.body_html, std::nullopt, std::nullopt});
    } else {
        // The teaser: the first paragraph, nothing after it, and only of a body long enough
        // that one paragraph is a taste, not the story.
        std::vector<size_t> ends = TopLevelParagraphEnds(c.body_html);
        if (ends.size() >= 3) view.teaser_html = c.body_html.substr(0, ends.front());
        view.teaser_html = std::string(TrimWhitespace(view.teaser_html));
    }
    if (article.syndicated) view.syndication_notice = SyndicationNotice(options.name);
    for (const Section& section : options.sections) {
        if (section.slug == article.section) view.section = LinkView{section.name, "/" + section.slug, true};
    }
    for (const Topic& topic : c.topics) {
        view.topics.push_back(LinkView{TopicName(options, topic), "/topic/" + topic.slug, false});
    }
    for (const ArticleSummary& summary : more_from_section) {
        view.more_from_section.push_back(MakeStoryCard(summary, options));
    }
    if (next_story) view.next_story = MakeStoryCard(*next_story, options);
    if (!options.plans.empty()) view.offer = MakeOffer(options);
    return view;
}

std::vector<size_t> TopLevelParagraphEnds(std::string_view html) {
    static constexpr std::string_view kVoid[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                                 "link", "meta", "source", "track", "wbr"};
    std::vector<size_t> ends;
    int depth = 0;
    size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        size_t start = i++;
        if (html.substr(start, 4) == "<!--") {
            size_t close = html.find("-->", start + 4);
            if (close == std::string_view::npos) break;
            i = close + 3;
            continue;
        }
        bool closing = i < html.size() && html[i] == '/';
        if (closing) ++i;
        size_t name_start = i;
        while (i < html.size() && (std::isalnum(static_cast<unsigned char>(html[i])) != 0)) ++i;
        std::string name = AsciiLower(html.substr(name_start, i - name_start));
        // The rest of the tag, skipping quoted attribute values.
        char quote = 0;
        bool self_closing = false;
        for (; i < html.size(); ++i) {
            char c = html[i];
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                self_closing = i > 0 && html[i - 1] == '/';
                break;
            }
        }
        if (i >= html.size()) break;
        ++i;
        if (name.empty()) continue;
        bool is_void = std::find(std::begin(kVoid), std::end(kVoid), name) != std::end(kVoid);
        if (is_void || self_closing) continue;
        if (closing) {
            depth = std::max(0, depth - 1);
            if (depth == 0 && name == "p") ends.push_back(i);
        } else {
            ++depth;
        }
    }
    return ends;
}

void PlaceInBody(ArticleView& view, std::optional<StoryCardView> related, std::optional<AdView> ad) {
    if (view.locked || view.body.size() != 1) return;
    std::string html = std::move(view.body[0].html);
    std::vector<size_t> ends = TopLevelParagraphEnds(html);
    size_t paragraphs = ends.size();
    // Where each insert goes: after paragraph N (1-based); 0 = not placed.
    size_t ad_after = ad && paragraphs >= 5 ? 3 : 0;
    size_t related_after = 0;
    if (related) related_after = paragraphs >= 4 ? std::max<size_t>(2, paragraphs / 2 + 1) : paragraphs;
    if (related_after == ad_after && ad_after != 0) related_after = std::min(paragraphs, related_after + 1);
    view.body.clear();
    size_t from = 0;
    for (size_t n = 1; n <= paragraphs; ++n) {
        bool here_related = n == related_after, here_ad = n == ad_after;
        if (!here_related && !here_ad) continue;
        ArticleView::BodyPart part{html.substr(from, ends[n - 1] - from), std::nullopt, std::nullopt};
        if (here_related) part.related = std::move(related);
        if (here_ad) part.ad = ad;
        view.body.push_back(std::move(part));
        from = ends[n - 1];
    }
    ArticleView::BodyPart last{html.substr(from), std::nullopt, std::nullopt};
    // A body without paragraphs still gets its related link, at the end.
    if (related_after == 0 && related) last.related = std::move(related);
    view.body.push_back(std::move(last));
}

const std::string& TopicName(const SiteOptions& options, const Topic& topic) {
    auto named = options.topic_names.find(topic.slug);
    return named != options.topic_names.end() ? named->second : topic.name;
}

std::vector<LinkView> ShareLinks(const std::string& url, const std::string& headline) {
    std::string u = http::PercentEncode(url), h = http::PercentEncode(headline);
    return {
        LinkView{"X", "https://x.com/intent/post?url=" + u + "&text=" + h, false},
        LinkView{"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u, false},
        LinkView{"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + u, false},
        LinkView{"WhatsApp", "https://wa.me/?text=" + h + "%20" + u, false},
        LinkView{"E-mail", "mailto:?subject=" + h + "&body=" + u, false},
    };
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
    for (const Topic& topic : c.topics) keywords.push_back(TopicName(options, topic));
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
    for (const Topic& topic : article.content.topics) meta.tags.push_back(TopicName(options, topic));
    meta.json_ld = ArticleJsonLd(article, options, canonical_url, logo_url);
    return meta;
}

}  // namespace broadsheet::site
