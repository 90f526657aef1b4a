#include "ingest/sanitizer.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "ingest/html_guard.h"

namespace broadsheet::ingest {
namespace {

using html_guard::IsHtmlSpace;

// The longest prefix of `s` of at most `limit` bytes that does not split a UTF-8 sequence.
std::string_view TruncateUtf8(std::string_view s, std::size_t limit) {
    if (s.size() <= limit) return s;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end);
}

// A set of gumbo tags with constant-time lookup.
class TagSet final {
public:
    constexpr TagSet(std::initializer_list<GumboTag> tags) {
        for (GumboTag tag : tags) bits_[tag] = true;
    }
    constexpr bool Contains(GumboTag tag) const { return bits_[tag]; }

private:
    std::array<bool, GUMBO_TAG_LAST + 1> bits_{};
};

// The allow-list. Everything neither kept nor dropped is unwrapped (its content kept).
constexpr TagSet kKept = {
    GUMBO_TAG_P,          GUMBO_TAG_BR,    GUMBO_TAG_H1,      GUMBO_TAG_H2,
    GUMBO_TAG_H3,         GUMBO_TAG_H4,    GUMBO_TAG_H5,      GUMBO_TAG_H6,
    GUMBO_TAG_STRONG,     GUMBO_TAG_B,     GUMBO_TAG_EM,      GUMBO_TAG_I,
    GUMBO_TAG_U,          GUMBO_TAG_S,     GUMBO_TAG_SUB,     GUMBO_TAG_SUP,
    GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_Q,     GUMBO_TAG_CITE,    GUMBO_TAG_UL,
    GUMBO_TAG_OL,         GUMBO_TAG_LI,    GUMBO_TAG_DL,      GUMBO_TAG_DT,
    GUMBO_TAG_DD,         GUMBO_TAG_A,     GUMBO_TAG_IMG,     GUMBO_TAG_FIGURE,
    GUMBO_TAG_FIGCAPTION, GUMBO_TAG_TABLE, GUMBO_TAG_CAPTION, GUMBO_TAG_THEAD,
    GUMBO_TAG_TBODY,      GUMBO_TAG_TFOOT, GUMBO_TAG_TR,      GUMBO_TAG_TH,
    GUMBO_TAG_TD,         GUMBO_TAG_HR,    GUMBO_TAG_PRE,     GUMBO_TAG_CODE,
    GUMBO_TAG_ABBR,       GUMBO_TAG_SPAN};

// Dropped with their content: scripting, styling, embedding, forms, metadata, and canvas
// (html_guard::kDropElement).
constexpr TagSet kDropped = {
    GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,  GUMBO_TAG_IFRAME,   GUMBO_TAG_OBJECT,
    GUMBO_TAG_EMBED,    GUMBO_TAG_FORM,   GUMBO_TAG_INPUT,    GUMBO_TAG_BUTTON,
    GUMBO_TAG_TEXTAREA, GUMBO_TAG_SELECT, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE,
    GUMBO_TAG_SVG,      GUMBO_TAG_MATH,   GUMBO_TAG_HEAD,     GUMBO_TAG_TITLE,
    GUMBO_TAG_META,     GUMBO_TAG_LINK,   GUMBO_TAG_BASE,     GUMBO_TAG_APPLET,
    GUMBO_TAG_FRAMESET, GUMBO_TAG_FRAME,  GUMBO_TAG_NOFRAMES, GUMBO_TAG_NOEMBED,
    GUMBO_TAG_PARAM,    GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK,    GUMBO_TAG_AUDIO,
    GUMBO_TAG_VIDEO,    GUMBO_TAG_CANVAS, GUMBO_TAG_COLGROUP, GUMBO_TAG_COL,
    GUMBO_TAG_DATALIST, GUMBO_TAG_KEYGEN, GUMBO_TAG_MAP,      GUMBO_TAG_AREA};
static_assert(kDropped.Contains(html_guard::kDropElement));

// Elements after which the visible text gets a line break.
constexpr TagSet kTextBlocks = {
    GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE,  GUMBO_TAG_ASIDE,      GUMBO_TAG_BLOCKQUOTE,
    GUMBO_TAG_BR,      GUMBO_TAG_CAPTION,  GUMBO_TAG_CENTER,     GUMBO_TAG_DD,
    GUMBO_TAG_DETAILS, GUMBO_TAG_DIR,      GUMBO_TAG_DIV,        GUMBO_TAG_DL,
    GUMBO_TAG_DT,      GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,
    GUMBO_TAG_FOOTER,  GUMBO_TAG_FORM,     GUMBO_TAG_H1,         GUMBO_TAG_H2,
    GUMBO_TAG_H3,      GUMBO_TAG_H4,       GUMBO_TAG_H5,         GUMBO_TAG_H6,
    GUMBO_TAG_HEADER,  GUMBO_TAG_HGROUP,   GUMBO_TAG_HR,         GUMBO_TAG_LEGEND,
    GUMBO_TAG_LI,      GUMBO_TAG_LISTING,  GUMBO_TAG_MAIN,       GUMBO_TAG_MENU,
    GUMBO_TAG_NAV,     GUMBO_TAG_OL,       GUMBO_TAG_P,          GUMBO_TAG_PLAINTEXT,
    GUMBO_TAG_PRE,     GUMBO_TAG_SECTION,  GUMBO_TAG_SUMMARY,    GUMBO_TAG_TABLE,
    GUMBO_TAG_TBODY,   GUMBO_TAG_TD,       GUMBO_TAG_TFOOT,      GUMBO_TAG_TH,
    GUMBO_TAG_THEAD,   GUMBO_TAG_TR,       GUMBO_TAG_UL,         GUMBO_TAG_XMP};

// Kept elements that the HTML parser does not count as "special" (they do not stop its
// li/dd/dt walks).
constexpr TagSet kOrdinaryKept = {GUMBO_TAG_A,    GUMBO_TAG_ABBR, GUMBO_TAG_B,      GUMBO_TAG_CITE,
                                  GUMBO_TAG_CODE, GUMBO_TAG_EM,   GUMBO_TAG_I,      GUMBO_TAG_Q,
                                  GUMBO_TAG_S,    GUMBO_TAG_SPAN, GUMBO_TAG_STRONG, GUMBO_TAG_SUB,
                                  GUMBO_TAG_SUP,  GUMBO_TAG_U};

// Kept elements whose start tag makes the parser close an open p (h1 is written as h2).
constexpr TagSet kKeptClosingP = {
    GUMBO_TAG_P,   GUMBO_TAG_H2,     GUMBO_TAG_H3,         GUMBO_TAG_H4, GUMBO_TAG_H5,
    GUMBO_TAG_H6,  GUMBO_TAG_UL,     GUMBO_TAG_OL,         GUMBO_TAG_DL, GUMBO_TAG_BLOCKQUOTE,
    GUMBO_TAG_PRE, GUMBO_TAG_FIGURE, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_HR, GUMBO_TAG_LI,
    GUMBO_TAG_DD,  GUMBO_TAG_DT};

enum class Action { kKeep, kUnwrap, kDrop };

Action ActionFor(const GumboElement& element) {
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return Action::kDrop;
    if (kKept.Contains(element.tag)) return Action::kKeep;
    return kDropped.Contains(element.tag) ? Action::kDrop : Action::kUnwrap;
}

bool IsHeading(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6; }

bool IsCellBoundary(GumboTag tag) {
    return tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH || tag == GUMBO_TAG_CAPTION;
}

// Browsers drop leading/trailing C0 controls and spaces and every tab/newline from a URL
// before looking for its scheme. Returns the cleaned URL if its scheme is allowed.
std::optional<std::string> SafeUrl(std::string_view value, bool allow_mailto) {
    std::string url;
    for (char c : value) {
        if (c != '\t' && c != '\n' && c != '\r') url += c;
    }
    auto is_junk = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
    while (!url.empty() && is_junk(url.back())) url.pop_back();
    std::size_t start = 0;
    while (start < url.size() && is_junk(url[start])) ++start;
    url.erase(0, start);
    if (url.empty()) return std::nullopt;
    std::size_t delimiter = url.find_first_of(":/?#");
    if (delimiter == std::string::npos || url[delimiter] != ':') return url;  // Relative.
    std::string scheme = AsciiLower(std::string_view(url).substr(0, delimiter));
    if (scheme == "http" || scheme == "https" || (allow_mailto && scheme == "mailto")) return url;
    return std::nullopt;
}

bool IsWebUrl(std::string_view url) {
    std::string start = AsciiLower(url.substr(0, 6));
    return start.starts_with("http:") || start.starts_with("https:") || start.starts_with("//");
}

bool IsSmallNumber(std::string_view value) {
    return !value.empty() && value.size() <= 5 &&
           std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Writes the allow-listed subset of a gumbo tree as HTML, and its visible text. Iterative,
// so nesting depth cannot exhaust the stack.
class Serializer final {
public:
    void Run(const GumboNode& body) {
        frames_.push_back({&body, 0, GUMBO_TAG_UNKNOWN, false, false});
        while (!frames_.empty()) {
            Frame& frame = frames_.back();
            const GumboVector& children = frame.node->v.element.children;
            if (frame.next < children.length) {
                const auto* child = static_cast<const GumboNode*>(children.data[frame.next++]);
                Visit(*child);  // May push, invalidating `frame`.
                continue;
            }
            if (frame.emitted) {
                html_ += "</";
                html_ += gumbo_normalized_tagname(frame.tag);
                html_ += '>';
                open_.pop_back();
            }
            if (frame.block) text_ += '\n';
            frames_.pop_back();
        }
    }

    std::string& html() { return html_; }
    std::string& text() { return text_; }

private:
    struct Frame {
        const GumboNode* node;
        unsigned next;
        GumboTag tag;  // As emitted (h1 becomes h2).
        bool emitted;
        bool block;
    };

    void Visit(const GumboNode& node) {
        switch (node.type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_WHITESPACE:
            case GUMBO_NODE_CDATA: AppendText(node.v.text.text); return;
            case GUMBO_NODE_ELEMENT: VisitElement(node); return;
            default:  // Comments, templates, the document.
                return;
        }
    }

    void VisitElement(const GumboNode& node) {
        const GumboElement& element = node.v.element;
        Action action = ActionFor(element);
        if (action == Action::kDrop) return;
        bool block = kTextBlocks.Contains(element.tag);
        if (block) text_ += '\n';
        GumboTag tag = element.tag == GUMBO_TAG_H1 ? GUMBO_TAG_H2 : element.tag;
        if (action == Action::kKeep && WouldMove(tag)) action = Action::kUnwrap;
        bool emitted = false;
        if (action == Action::kKeep) {
            if (!EmitStartTag(tag, element)) return;
            if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR || tag == GUMBO_TAG_IMG) {
                if (block) text_ += '\n';
                return;
            }
            open_.push_back(tag);
            emitted = true;
        }
        frames_.push_back({&node, 0, tag, emitted, block});
    }

    // Whether a parser reading our output would not put `tag` where we are about to write it
    // (it would close an open element first). Such elements are unwrapped instead, which
    // keeps the output stable under re-sanitising.
    bool WouldMove(GumboTag tag) const {
        auto open_above = [&](auto matches, auto stops) {
            for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
                if (matches(*it)) return true;
                if (stops(*it)) return false;
            }
            return false;
        };
        if (kKeptClosingP.Contains(tag) &&
            open_above([](GumboTag t) { return t == GUMBO_TAG_P; },
                       [](GumboTag t) { return t == GUMBO_TAG_TABLE || IsCellBoundary(t); })) {
            return true;
        }
        if (IsHeading(tag) && !open_.empty() && IsHeading(open_.back())) return true;
        auto stops_list = [](GumboTag t) { return !kOrdinaryKept.Contains(t) && t != GUMBO_TAG_P; };
        if (tag == GUMBO_TAG_LI &&
            open_above([](GumboTag t) { return t == GUMBO_TAG_LI; }, stops_list)) {
            return true;
        }
        if ((tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) &&
            open_above([](GumboTag t) { return t == GUMBO_TAG_DD || t == GUMBO_TAG_DT; },
                       stops_list)) {
            return true;
        }
        return tag == GUMBO_TAG_A &&
               open_above([](GumboTag t) { return t == GUMBO_TAG_A; }, IsCellBoundary);
    }

    // Writes the start tag with its allowed attributes. False if the element is dropped
    // (an img without a usable src).
    bool EmitStartTag(GumboTag tag, const GumboElement& element) {
        std::string attributes;
        bool web_link = false;
        bool has_src = false;
        for (unsigned i = 0; i < element.attributes.length; ++i) {
            const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
            std::string_view name = attribute->name;
            std::string_view value = attribute->value;
            std::optional<std::string> kept;
            if (tag == GUMBO_TAG_A && name == "href") {
                kept = SafeUrl(value, /*allow_mailto=*/true);
                web_link = kept && IsWebUrl(*kept);
            } else if (tag == GUMBO_TAG_IMG && name == "src") {
                kept = SafeUrl(value, /*allow_mailto=*/false);
                has_src = kept.has_value();
            } else if (((tag == GUMBO_TAG_A || tag == GUMBO_TAG_ABBR) && name == "title") ||
                       (tag == GUMBO_TAG_IMG && name == "alt")) {
                kept = std::string(value);
            } else if ((tag == GUMBO_TAG_IMG && (name == "width" || name == "height")) ||
                       ((tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) &&
                        (name == "colspan" || name == "rowspan"))) {
                if (IsSmallNumber(value)) kept = std::string(value);
            }
            if (!kept) continue;
            attributes += ' ';
            attributes += name;
            attributes += "=\"";
            attributes += EscapeHtml(*kept);
            attributes += '"';
        }
        if (tag == GUMBO_TAG_IMG && !has_src) return false;
        if (web_link) attributes += " rel=\"noopener\"";
        if (tag == GUMBO_TAG_IMG) attributes += " loading=\"lazy\"";
        html_ += '<';
        html_ += gumbo_normalized_tagname(tag);
        html_ += attributes;
        html_ += '>';
        // A parser drops one newline right after <pre>: write one always, so the content
        // that follows (a real newline included) reads back exactly as written.
        if (tag == GUMBO_TAG_PRE) html_ += '\n';
        return true;
    }

    void AppendText(std::string_view text) {
        if (text.empty()) return;
        html_ += EscapeHtml(text);
        for (std::size_t i = 0; i < text.size(); ++i) {
            auto c = static_cast<unsigned char>(text[i]);
            if (c == 0xC2 && i + 1 < text.size() &&
                static_cast<unsigned char>(text[i + 1]) == 0xA0) {
                text_ += ' ';  // No-break space.
                ++i;
            } else if (c < 0x20 || c == 0x7F) {
                text_ += ' ';
            } else {
                text_ += static_cast<char>(c);
            }
        }
    }

    std::vector<Frame> frames_;
    std::vector<GumboTag> open_;  // Elements emitted and not yet closed.
    std::string html_;
    std::string text_;
};

// Collapses runs of whitespace to one space, or to one newline if the run holds a line break.
std::string NormalizeText(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    bool pending_space = false;
    bool pending_newline = false;
    for (char c : raw) {
        if (c == '\n') {
            pending_newline = true;
        } else if (c == ' ') {
            pending_space = true;
        } else {
            if (!out.empty() && pending_newline) {
                out += '\n';
            } else if (!out.empty() && pending_space) {
                out += ' ';
            }
            pending_space = pending_newline = false;
            out += c;
        }
    }
    return out;
}

const GumboNode* FindBody(const GumboOutput& output) {
    const GumboVector& children = output.root->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_BODY) {
            return child;
        }
    }
    return nullptr;
}

}  // namespace

SanitizedHtml SanitizeHtml(std::string_view html) {
    std::string defused = html_guard::Defuse(TruncateUtf8(html, kMaxSanitizedInputBytes));
    html_guard::ParseArena arena(html_guard::ParseBudget(defused.size()));
    // The tree lives in the arena, which frees it; gumbo_destroy_output (recursive) is not
    // needed.
    GumboOutput* output = html_guard::ParseBounded(arena, defused);
    const GumboNode* body = output != nullptr ? FindBody(*output) : nullptr;
    if (body == nullptr) return {};
    Serializer serializer;
    serializer.Run(*body);
    SanitizedHtml result;
    std::string& out = serializer.html();
    // Leading whitespace would be dropped by the next parse ("before html" mode).
    std::size_t start = 0;
    while (start < out.size() && IsHtmlSpace(out[start])) ++start;
    result.html = out.substr(start);
    result.text = NormalizeText(serializer.text());
    result.word_count = CountWords(result.text);
    return result;
}

std::string TextToHtml(std::string_view text) {
    std::string html;
    std::string paragraph;
    auto flush = [&] {
        if (paragraph.empty()) return;
        if (!html.empty()) html += '\n';
        html += "<p>";
        html += paragraph;
        html += "</p>";
        paragraph.clear();
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        while (!line.empty() && IsHtmlSpace(line.back())) line.remove_suffix(1);
        std::string_view content = line;
        while (!content.empty() && IsHtmlSpace(content.front())) content.remove_prefix(1);
        if (content.empty()) {
            flush();
        } else {
            if (!paragraph.empty()) paragraph += "<br>";
            paragraph += EscapeHtml(line);
        }
        if (end == text.size()) break;
        pos = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
    }
    flush();
    return html;
}

std::string EscapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    // Bytes copied as they are: most of any text, appended a run at a time.
    auto plain = [](unsigned char b) {
        return (b >= 0x20 && b != 0x7F && b != 0xC2 && b != '&' && b != '<' && b != '>' && b != '"' && b != '\'') ||
               b == '\t' || b == '\n';
    };
    for (size_t i = 0; i < text.size(); ++i) {
        size_t run = i;
        while (run < text.size() && plain(static_cast<unsigned char>(text[run]))) ++run;
        if (run > i) {
            out.append(text.data() + i, run - i);
            if (run == text.size()) break;
            i = run;
        }
        char c = text[i];
        auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\r':
                // A parser turns CR LF and a lone CR into LF before anything else (HTML's
                // input stream preprocessing); writing LF keeps the output a fixed point.
                if (i + 1 < text.size() && text[i + 1] == '\n') break;
                out += '\n';
                break;
            default:
                // Control characters are not allowed in HTML text (a parser reports them and
                // may turn them into U+FFFD), so they are dropped: C0 but tab and LF (and CR, above); DEL;
                // and C1, U+0080 to U+009F, which UTF-8 writes as C2 80 to C2 9F.
                if ((byte < 0x20 && c != '\t' && c != '\n') || byte == 0x7F) break;
                if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
                    ++i;
                    break;
                }
                out += c;
        }
    }
    return out;
}

}  // namespace broadsheet::ingest
