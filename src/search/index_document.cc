#include "search/index_document.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "core/text.h"

namespace broadsheet::search {
namespace {

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Decodes the character reference at `html[i]` ('&') into `out`; returns the bytes used,
// or 0 when it is not one we know (the '&' is then kept as text).
size_t DecodeReference(std::string_view html, size_t i, std::string& out) {
    size_t semi = html.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return 0;
    std::string_view name = html.substr(i + 1, semi - i - 1);
    static constexpr std::array<std::pair<std::string_view, uint32_t>, 9> kNamed = {{
        {"amp", '&'},
        {"lt", '<'},
        {"gt", '>'},
        {"quot", '"'},
        {"apos", '\''},
        {"nbsp", ' '},
        {"mdash", 0x2014},
        {"ndash", 0x2013},
        {"hellip", 0x2026},
    }};
    for (const auto& [entity, cp] : kNamed) {
        if (name == entity) {
            AppendUtf8(out, cp);
            return semi - i + 1;
        }
    }
    if (name.size() < 2 || name[0] != '#') return 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    uint32_t cp = 0;
    for (char c : digits) {
        int value = c >= '0' && c <= '9'          ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
        if (value < 0) return 0;
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(value);
        if (cp > 0x10FFFF) cp = 0x110000;  // Stays invalid; AppendUtf8 replaces it.
    }
    AppendUtf8(out, cp);
    return semi - i + 1;
}

bool IsBlockTag(std::string_view name) {
    static constexpr std::array<std::string_view, 24> kBlocks = {
        "p",  "div", "br", "li", "ul",         "ol",      "h1",         "h2",
        "h3", "h4",  "h5", "h6", "blockquote", "figure",  "figcaption", "table",
        "tr", "td",  "th", "hr", "section",    "article", "pre",        "aside"};
    return std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
}

void AddUnique(std::vector<std::string>& list, std::string value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
}

}  // namespace

bool Searchable(const Article& article) {
    return article.status == ArticleStatus::kPublished && !article.held;
}

std::string HtmlToText(std::string_view html) {
    std::string raw;
    raw.reserve(html.size());
    size_t i = 0;
    while (i < html.size()) {
        char c = html[i];
        if (c == '&') {
            size_t used = DecodeReference(html, i, raw);
            if (used > 0) {
                i += used;
                continue;
            }
        }
        if (c != '<') {
            raw += c;
            ++i;
            continue;
        }
        size_t close = html.find('>', i);
        if (close == std::string_view::npos) break;  // A torn tag at the end: drop it.
        size_t name_start = i + 1 + (i + 1 < html.size() && html[i + 1] == '/' ? 1 : 0);
        size_t name_end = name_start;
        while (name_end < close && !IsSpace(html[name_end]) && html[name_end] != '/') ++name_end;
        std::string name = AsciiLower(html.substr(name_start, name_end - name_start));
        i = close + 1;
        if ((name == "script" || name == "style") && html[name_start - 1] != '/') {
            size_t end = AsciiLower(html.substr(i)).find("</" + name);
            i = end == std::string::npos ? html.size() : i + end;
            continue;
        }
        if (IsBlockTag(name)) raw += ' ';
    }
    std::string text;
    text.reserve(raw.size());
    for (char ch : raw) {
        if (IsSpace(ch)) {
            if (!text.empty() && text.back() != ' ') text += ' ';
        } else {
            text += ch;
        }
    }
    if (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

std::vector<std::string> BylineSlugs(std::string_view byline) {
    std::string text = std::string(TrimWhitespace(byline));
    if (AsciiLower(text.substr(0, 3)) == "by ") text.erase(0, 3);
    // " and " and the punctuation that joins several names all separate names.
    for (size_t at = AsciiLower(text).find(" and "); at != std::string::npos;
         at = AsciiLower(text).find(" and ")) {
        text.replace(at, 5, ",");
    }
    std::vector<std::string> slugs;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find_first_of(",;&/|", start);
        if (end == std::string::npos) end = text.size();
        std::string_view part = TrimWhitespace(std::string_view(text).substr(start, end - start));
        std::string slug = Slugify(part);
        bool has_letters = std::any_of(part.begin(), part.end(), [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) ||
                   static_cast<unsigned char>(ch) >= 0x80;
        });
        if (has_letters &&
            !(slug == "story" && AsciiLower(part).find("story") == std::string::npos)) {
            AddUnique(slugs, std::move(slug));
        }
        start = end + 1;
    }
    return slugs;
}

IndexDocument IndexDocumentFrom(const Article& article) {
    const ArticleContent& content = article.content;
    IndexDocument doc;
    doc.id = article.id;
    doc.section = article.section;
    doc.slug = article.slug;
    for (const Topic& topic : content.topics) {
        if (!topic.slug.empty()) AddUnique(doc.topics, topic.slug);
        if (!topic.name.empty()) AddUnique(doc.topics, Slugify(topic.name));
    }
    if (!TrimWhitespace(content.provider).empty()) AddUnique(doc.by, Slugify(content.provider));
    for (std::string& slug : BylineSlugs(content.byline)) AddUnique(doc.by, std::move(slug));
    doc.premium = article.premium;
    doc.first_published = article.first_published;
    doc.headline = content.headline;
    doc.standfirst = content.standfirst;
    doc.body_text = HtmlToText(content.body_html);
    doc.extra_text = content.byline;
    for (const std::string* part : {&content.located, &content.provider}) {
        if (part->empty()) continue;
        if (!doc.extra_text.empty()) doc.extra_text += ' ';
        doc.extra_text += *part;
    }
    return doc;
}

}  // namespace broadsheet::search
