// Namespace-aware access to pugixml trees, URL resolution and text helpers for feeds.
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

#include "core/text.h"
#include "ingest/formats/feed_internal.h"
#include "ingest/sanitizer.h"

namespace broadsheet::ingest::feed {
namespace {

// Calls enter(n) before and leave(n) after each descendant of `root`, depth first, without
// recursion (feeds may nest deeper than the stack allows).
template <typename Enter, typename Leave>
void Walk(pugi::xml_node root, Enter&& enter, Leave&& leave) {
    pugi::xml_node cur = root.first_child();
    while (cur) {
        enter(cur);
        if (cur.first_child()) {
            cur = cur.first_child();
            continue;
        }
        leave(cur);
        while (!cur.next_sibling()) {
            cur = cur.parent();
            if (cur == root) return;
            leave(cur);
        }
        cur = cur.next_sibling();
    }
}

bool IsCharacterData(pugi::xml_node node) {
    return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
}

void AppendEscaped(std::string& out, std::string_view text, bool attribute) {
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"':
                if (attribute) {
                    out += "&quot;";
                    break;
                }
                [[fallthrough]];
            default: out += c;
        }
    }
}

bool IsVoidElement(std::string_view name) {
    static constexpr std::array<std::string_view, 14> kVoid = {
        "area",  "base", "br",   "col",   "embed",  "hr",    "img",
        "input", "link", "meta", "param", "source", "track", "wbr"};
    for (std::string_view v : kVoid) {
        if (name == v) return true;
    }
    return false;
}

std::string SerializeChildren(pugi::xml_node node) {
    std::string out;
    Walk(
        node,
        [&](pugi::xml_node n) {
            if (IsCharacterData(n)) {
                AppendEscaped(out, n.value(), false);
                return;
            }
            if (n.type() != pugi::node_element) return;
            out += '<';
            out += LocalName(n);
            for (pugi::xml_attribute a : n.attributes()) {
                std::string_view name = a.name();
                if (name == "xmlns" || name.starts_with("xmlns:")) continue;
                out.append(" ").append(name).append("=\"");
                AppendEscaped(out, a.value(), true);
                out += '"';
            }
            out += IsVoidElement(LocalName(n)) && !n.first_child() ? " />" : ">";
        },
        [&](pugi::xml_node n) {
            if (n.type() != pugi::node_element) return;
            if (IsVoidElement(LocalName(n)) && !n.first_child()) return;
            out.append("</").append(LocalName(n)).append(">");
        });
    return out;
}

// Splits an absolute URI into scheme ("http"), authority ("//host" or ""), path, and the
// rest ("?query#fragment").
struct UriParts {
    std::string_view scheme;
    std::string_view authority;
    std::string_view path;
    std::string_view rest;
};

std::size_t SchemeLength(std::string_view uri) {
    if (uri.empty() || !std::isalpha(static_cast<unsigned char>(uri[0]))) return 0;
    for (std::size_t i = 1; i < uri.size(); ++i) {
        char c = uri[i];
        if (c == ':') return i;
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
            return 0;
        }
    }
    return 0;
}

UriParts Split(std::string_view uri, std::size_t scheme_length) {
    UriParts p;
    p.scheme = uri.substr(0, scheme_length);
    std::string_view s = uri.substr(scheme_length == 0 ? 0 : scheme_length + 1);
    if (s.starts_with("//")) {
        std::size_t end = s.find_first_of("/?#", 2);
        p.authority = s.substr(0, end);
        s = end == std::string_view::npos ? std::string_view() : s.substr(end);
    }
    std::size_t rest = s.find_first_of("?#");
    p.path = s.substr(0, rest);
    p.rest = rest == std::string_view::npos ? std::string_view() : s.substr(rest);
    return p;
}

std::string RemoveDotSegments(std::string_view path) {
    std::vector<std::string_view> segments;
    bool absolute = path.starts_with('/');
    std::size_t pos = absolute ? 1 : 0;
    bool trailing = false;
    while (pos <= path.size()) {
        std::size_t slash = path.find('/', pos);
        std::string_view segment = path.substr(
            pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        trailing = segment == "." || segment == "..";
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0) out += '/';
        out += segments[i];
    }
    if (trailing && !out.ends_with('/')) out += '/';
    return out;
}

}  // namespace

std::string_view NamespaceOf(pugi::xml_node element) {
    std::string_view name = element.name();
    std::size_t colon = name.find(':');
    std::string_view prefix =
        colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
    if (prefix == "xml") return ns::kXml;
    std::string attribute = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
    for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
        if (pugi::xml_attribute a = n.attribute(attribute.c_str())) return a.value();
    }
    if (prefix.empty()) return {};
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kConventional = {{
        {"dc", ns::kDc},
        {"dcterms", ns::kDcTerms},
        {"content", ns::kContent},
        {"media", ns::kMedia},
        {"atom", ns::kAtom},
    }};
    for (const auto& [p, uri] : kConventional) {
        if (prefix == p) return uri;
    }
    return ns::kUndeclared;
}

std::string_view LocalName(pugi::xml_node element) {
    std::string_view name = element.name();
    std::size_t colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool Is(pugi::xml_node node, std::string_view uri, std::string_view local) {
    return node.type() == pugi::node_element && LocalName(node) == local &&
           NamespaceOf(node) == uri;
}

bool IsMediaNs(std::string_view uri) {
    return uri == ns::kMedia || uri == "http://search.yahoo.com/mrss" ||
           uri == "http://tools.search.yahoo.com/mrss/";
}

pugi::xml_node Child(pugi::xml_node parent, std::string_view uri, std::string_view local) {
    for (pugi::xml_node child : parent.children()) {
        if (Is(child, uri, local)) return child;
    }
    return {};
}

std::string Attr(pugi::xml_node element, const char* name) {
    return std::string(TrimWhitespace(element.attribute(name).value()));
}

std::string Text(pugi::xml_node node) {
    std::string out;
    Walk(
        node,
        [&](pugi::xml_node n) {
            if (IsCharacterData(n)) out += n.value();
        },
        [](pugi::xml_node) {});
    return out;
}

std::string TrimmedText(pugi::xml_node node) { return std::string(TrimWhitespace(Text(node))); }

std::string InnerMarkup(pugi::xml_node node, bool unwrap_div) {
    pugi::xml_node only;
    int elements = 0;
    for (pugi::xml_node child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        only = child;
        ++elements;
    }
    if (elements == 0) return Text(node);
    if (unwrap_div && elements == 1 && Is(only, ns::kXhtml, "div")) return SerializeChildren(only);
    return SerializeChildren(node);
}

std::string BaseOf(pugi::xml_node node, std::string_view document_base) {
    std::vector<std::string_view> bases;
    for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
        if (pugi::xml_attribute a = n.attribute("xml:base")) bases.emplace_back(a.value());
    }
    std::string base(document_base);
    for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
        base = ResolveUrl(base, TrimWhitespace(*it));
    }
    return base;
}

std::string LangOf(pugi::xml_node node) {
    for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
        if (pugi::xml_attribute a = n.attribute("xml:lang")) {
            return std::string(TrimWhitespace(a.value()));
        }
    }
    return {};
}

std::string ResolveUrl(std::string_view base, std::string_view ref) {
    ref = TrimWhitespace(ref);
    if (SchemeLength(ref) != 0) return std::string(ref);
    std::size_t base_scheme = SchemeLength(base);
    if (base_scheme == 0) return std::string(ref);
    if (ref.empty()) return std::string(base.substr(0, base.find('#')));
    UriParts b = Split(base, base_scheme);
    std::string out = std::string(b.scheme) + ":";
    if (ref.starts_with("//")) return out + std::string(ref);
    out += b.authority;
    UriParts r = Split(ref, 0);
    if (r.path.empty()) {
        out += b.path;
        if (ref.starts_with('#')) {
            std::size_t hash = b.rest.find('#');
            out += b.rest.substr(0, hash);
        }
        return out + std::string(ref);
    }
    std::string path;
    if (r.path.starts_with('/')) {
        path = r.path;
    } else if (!b.authority.empty() && b.path.empty()) {
        path = "/" + std::string(r.path);
    } else {
        std::size_t slash = b.path.rfind('/');
        path = std::string(slash == std::string_view::npos ? std::string_view()
                                                           : b.path.substr(0, slash + 1));
        path += r.path;
    }
    return out + RemoveDotSegments(path) + std::string(r.rest);
}

bool LooksLikeHtml(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        char next = text[i + 1];
        if (text[i] == '<' &&
            (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!')) {
            return true;
        }
        if (text[i] != '&') continue;
        std::size_t j = i + 1;
        if (next == '#') {
            ++j;
            if (j < text.size() && (text[j] == 'x' || text[j] == 'X')) ++j;
        }
        std::size_t start = j;
        while (j < text.size() && j - start < 32 &&
               std::isalnum(static_cast<unsigned char>(text[j])))
            ++j;
        if (j > start && j < text.size() && text[j] == ';') return true;
    }
    return false;
}

std::string HtmlToText(std::string_view html) {
    return std::string(TrimWhitespace(SanitizeHtml(html).text));
}

std::string CollapseWhitespace(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string AsHtml(std::string_view markup) {
    if (TrimWhitespace(markup).empty()) return {};
    return LooksLikeHtml(markup) ? std::string(markup) : TextToHtml(markup);
}

std::string FlexibleText(pugi::xml_node node) {
    std::string markup = InnerMarkup(node);
    return LooksLikeHtml(markup) ? HtmlToText(markup) : std::string(TrimWhitespace(markup));
}

std::string ContentHash(const WireItem& item) {
    // FNV-1a, 64 bits: stable across runs and platforms, unlike std::hash.
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const std::string* field : {&item.headline, &item.summary, &item.body_html}) {
        for (char c : *field) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 0x100000001b3ULL;
        }
        hash ^= 0x1F;  // A separator, so ("ab", "") and ("a", "b") differ.
        hash *= 0x100000001b3ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "h";
    for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 0xF];
    return out;
}


int Dimension(std::string_view value) {
    value = TrimWhitespace(value);
    int out = 0;
    for (char c : value) {
        if (c < '0' || c > '9') return out;  // "640px" reads as 640.
        if (out > 1'000'000) return 0;
        out = out * 10 + (c - '0');
    }
    return out;
}

bool IsImage(std::string_view mime, std::string_view url) {
    std::string type = AsciiLower(TrimWhitespace(mime));
    if (!type.empty()) return type.starts_with("image/");
    std::string lower = AsciiLower(url.substr(0, url.find_first_of("?#")));
    for (const char* ext : {".jpg", ".jpeg", ".png", ".gif", ".webp"}) {
        if (lower.ends_with(ext)) return true;
    }
    return false;
}

}  // namespace broadsheet::ingest::feed
