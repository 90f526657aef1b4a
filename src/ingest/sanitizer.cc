#include "ingest/sanitizer.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <csetjmp>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace broadsheet::ingest {
namespace {

// Limits that keep gumbo linear on hostile input. Its tree builder walks the stack of open
// elements for every tag (quadratic in nesting depth), checks each attribute against all
// earlier ones (quadratic in attributes per tag) and may clone formatting elements again
// and again (unbounded memory). The first two are cut by Defuse(), the last by ParseArena.
constexpr std::size_t kMaxOpenElements = 256;
constexpr int kMaxAttributes = 128;
constexpr std::size_t kParseMemoryBase = std::size_t{32} << 20;
constexpr std::size_t kParseMemoryPerInputByte = 32;

// Elements that put gumbo into modes Defuse() does not model (foreign content, select,
// template, frameset) are renamed to canvas: an ordinary element to the parser, which
// SanitizeHtml drops whole.
constexpr GumboTag kDropElement = GUMBO_TAG_CANVAS;
constexpr std::string_view kDropStartTag = "<canvas>";
constexpr std::string_view kDropEndTag = "</canvas>";

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ToLowerAscii(a[i]) != ToLowerAscii(b[i])) return false;
    }
    return true;
}

// The longest prefix of `s` of at most `limit` bytes that does not split a UTF-8 sequence.
std::string_view TruncateUtf8(std::string_view s, std::size_t limit) {
    if (s.size() <= limit) return s;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end);
}

// ---- Defuse: a pre-pass that bounds nesting depth and attributes per tag ----------------

enum TagFlag : unsigned {
    kVoid = 1u << 0,     // Never has content.
    kRawText = 1u << 1,  // Content is text up to the matching end tag (script, title, ...).
    kStopper = 1u << 2,  // "Special" or formatting: the walks below never pass it.
    kClosesP = 1u << 3,  // Its start tag closes an open p.
    kHeading = 1u << 4,
    kRename = 1u << 5,   // Renamed to kDropElement.
    kIgnored = 1u << 6,  // html, head, body: never a new element once parsing has begun.
};

struct TagClass {
    std::string_view name;
    unsigned flags;
};

constexpr unsigned kSpecial = kStopper;
constexpr unsigned kFormatting = kStopper;
constexpr unsigned kBlock = kStopper | kClosesP;

// Sorted by name, for binary search.
// clang-format off
constexpr TagClass kTagClasses[] = {
    {"a", kFormatting}, {"address", kBlock}, {"applet", kSpecial}, {"area", kSpecial | kVoid},
    {"article", kBlock}, {"aside", kBlock}, {"b", kFormatting}, {"base", kSpecial | kVoid},
    {"basefont", kSpecial | kVoid}, {"bgsound", kSpecial | kVoid}, {"big", kFormatting},
    {"blockquote", kBlock}, {"body", kSpecial | kIgnored}, {"br", kSpecial | kVoid},
    {"button", kSpecial}, {"caption", kSpecial}, {"center", kBlock}, {"code", kFormatting},
    {"col", kSpecial | kVoid}, {"colgroup", kSpecial}, {"dd", kBlock}, {"details", kBlock},
    {"dialog", kBlock}, {"dir", kBlock}, {"div", kBlock}, {"dl", kBlock}, {"dt", kBlock},
    {"em", kFormatting}, {"embed", kSpecial | kVoid}, {"fieldset", kBlock},
    {"figcaption", kBlock}, {"figure", kBlock}, {"font", kFormatting}, {"footer", kBlock},
    {"form", kBlock}, {"frame", kSpecial | kVoid}, {"frameset", kRename},
    {"h1", kBlock | kHeading}, {"h2", kBlock | kHeading}, {"h3", kBlock | kHeading},
    {"h4", kBlock | kHeading}, {"h5", kBlock | kHeading}, {"h6", kBlock | kHeading},
    {"head", kSpecial | kIgnored}, {"header", kBlock}, {"hgroup", kBlock},
    {"hr", kBlock | kVoid}, {"html", kSpecial | kIgnored}, {"i", kFormatting},
    {"iframe", kSpecial | kRawText}, {"image", kSpecial | kVoid}, {"img", kSpecial | kVoid},
    {"input", kSpecial | kVoid}, {"keygen", kSpecial | kVoid}, {"li", kBlock},
    {"link", kSpecial | kVoid}, {"listing", kBlock}, {"main", kBlock}, {"marquee", kSpecial},
    {"math", kRename}, {"menu", kBlock}, {"meta", kSpecial | kVoid}, {"nav", kBlock},
    {"nobr", kFormatting}, {"noembed", kSpecial | kRawText}, {"noframes", kSpecial | kRawText},
    {"noscript", kSpecial}, {"object", kSpecial}, {"ol", kBlock}, {"p", kBlock},
    {"param", kSpecial | kVoid}, {"plaintext", kBlock | kRawText}, {"pre", kBlock},
    {"s", kFormatting}, {"script", kSpecial | kRawText}, {"search", kBlock},
    {"section", kBlock}, {"select", kRename}, {"small", kFormatting},
    {"source", kSpecial | kVoid}, {"strike", kFormatting}, {"strong", kFormatting},
    {"style", kSpecial | kRawText}, {"summary", kBlock}, {"svg", kRename},
    {"table", kSpecial}, {"tbody", kSpecial}, {"td", kSpecial}, {"template", kRename},
    {"textarea", kSpecial | kRawText}, {"tfoot", kSpecial}, {"th", kSpecial},
    {"thead", kSpecial}, {"title", kSpecial | kRawText}, {"tr", kSpecial},
    {"track", kSpecial | kVoid}, {"tt", kFormatting}, {"u", kFormatting}, {"ul", kBlock},
    {"wbr", kSpecial | kVoid}, {"xmp", kBlock | kRawText},
};
// clang-format on
static_assert(std::is_sorted(std::begin(kTagClasses), std::end(kTagClasses),
                             [](const TagClass& a, const TagClass& b) { return a.name < b.name; }));

unsigned FlagsFor(std::string_view name) {
    auto it = std::lower_bound(std::begin(kTagClasses), std::end(kTagClasses), name,
                               [](const TagClass& c, std::string_view n) { return c.name < n; });
    return (it != std::end(kTagClasses) && it->name == name) ? it->flags : 0;
}

// A tag as the HTML tokenizer splits it.
struct ScannedTag {
    std::string name;  // Lower-case.
    bool end = false;
    bool self_closing = false;
    int attributes = 0;
    std::size_t size = 0;  // From '<' to '>' inclusive.
};

// Scans the tag that opens at in[pos] ("<x" or "</x", x a letter), following the tokenizer's
// tag, attribute and self-closing states. Returns false when the input ends inside the tag,
// which the tokenizer then drops.
bool ScanTag(std::string_view in, std::size_t pos, ScannedTag& tag) {
    std::size_t i = pos + 1;
    if (in[i] == '/') {
        tag.end = true;
        ++i;
    }
    std::size_t name_start = i;
    while (i < in.size() && !IsHtmlSpace(in[i]) && in[i] != '/' && in[i] != '>') ++i;
    tag.name.reserve(i - name_start);
    for (std::size_t k = name_start; k < i; ++k) tag.name += ToLowerAscii(in[k]);
    enum class State { kBeforeName, kName, kAfterName, kBeforeValue, kAfterQuotedValue };
    State state = State::kBeforeName;
    while (i < in.size()) {
        char c = in[i];
        if (c == '>' && state != State::kBeforeValue) {
            tag.size = i + 1 - pos;
            return true;
        }
        if (c == '/' && state != State::kBeforeValue) {
            // Self-closing start tag state: "/>" ends the tag, anything else is an attribute.
            ++i;
            if (i < in.size() && in[i] == '>') {
                tag.self_closing = true;
                tag.size = i + 1 - pos;
                return true;
            }
            state = State::kBeforeName;
            continue;
        }
        switch (state) {
            case State::kBeforeName:
            case State::kAfterName:
                if (state == State::kAfterName && c == '=') {
                    state = State::kBeforeValue;
                } else if (!IsHtmlSpace(c)) {
                    ++tag.attributes;
                    state = State::kName;
                }
                ++i;
                break;
            case State::kName:
                if (IsHtmlSpace(c)) state = State::kAfterName;
                if (c == '=') state = State::kBeforeValue;
                ++i;
                break;
            case State::kBeforeValue:
                if (c == '"' || c == '\'') {
                    std::size_t close = in.find(c, i + 1);
                    if (close == std::string_view::npos) return false;
                    i = close + 1;
                    state = State::kAfterQuotedValue;
                } else if (c == '>') {
                    tag.size = i + 1 - pos;
                    return true;
                } else if (IsHtmlSpace(c)) {
                    ++i;
                } else {
                    while (i < in.size() && !IsHtmlSpace(in[i]) && in[i] != '>') ++i;
                    state = State::kBeforeName;
                }
                break;
            case State::kAfterQuotedValue:
                // Whitespace or not, the next attribute name starts here.
                state = State::kBeforeName;
                break;
        }
    }
    return false;
}

// Where the raw text opened by a `name` start tag ends: the next "</name" followed by
// whitespace, '/' or '>' at or after `from`, or the end of the input.
std::size_t RawTextEnd(std::string_view in, std::size_t from, std::string_view name) {
    if (name == "plaintext") return in.size();
    for (std::size_t pos = in.find("</", from); pos != std::string_view::npos;
         pos = in.find("</", pos + 1)) {
        std::size_t after = pos + 2 + name.size();
        if (after < in.size() && EqualsIgnoreCase(in.substr(pos + 2, name.size()), name) &&
            (IsHtmlSpace(in[after]) || in[after] == '/' || in[after] == '>')) {
            return pos;
        }
    }
    return in.size();
}

// gumbo matches end tags by tag enum, so every name it does not know is the same
// GUMBO_TAG_UNKNOWN to it ("</x-a>" closes the nearest unknown element). Model that exactly.
GumboTag TagOf(std::string_view name) {
    for (char c : name) {
        if (c == '\0' || static_cast<unsigned char>(c) >= 0x80) return GUMBO_TAG_UNKNOWN;
    }
    return gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
}

struct OpenTag {
    GumboTag tag;
    unsigned flags;
};

// An over-estimate of gumbo's stack of open elements. It pops an element only where gumbo
// certainly pops it too: when the end tag (or an implying start tag) finds it above nothing
// but ordinary elements. Anything uncertain leaves the element counted.
class OpenTags final {
public:
    std::size_t size() const { return open_.size(); }
    void Push(GumboTag tag, unsigned flags) { open_.push_back({tag, flags}); }
    void Truncate(std::size_t size) { open_.resize(size); }

    // The stack size after what gumbo closes before inserting an element for this start tag.
    std::size_t SizeAfterImpliedCloses(GumboTag tag, unsigned flags) const {
        std::size_t top = open_.size();
        auto pop_to = [&](auto matches, auto passes) {
            for (std::size_t k = top; k-- > 0;) {
                if (matches(open_[k].tag)) {
                    top = k;
                    return;
                }
                if ((open_[k].flags & kStopper) && !passes(open_[k].tag)) return;
            }
        };
        auto none = [](GumboTag) { return false; };
        auto is = [](GumboTag wanted) { return [wanted](GumboTag t) { return t == wanted; }; };
        auto is_cell = [](GumboTag t) { return t == GUMBO_TAG_TD || t == GUMBO_TAG_TH; };
        if (tag == GUMBO_TAG_LI) pop_to(is(GUMBO_TAG_LI), none);
        if (tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT) {
            pop_to([](GumboTag t) { return t == GUMBO_TAG_DD || t == GUMBO_TAG_DT; }, none);
        }
        if (flags & kClosesP) pop_to(is(GUMBO_TAG_P), none);
        if ((flags & kHeading) && top > 0 && (open_[top - 1].flags & kHeading)) --top;
        if (is_cell(tag)) pop_to(is_cell, none);
        if (tag == GUMBO_TAG_TR) pop_to(is(GUMBO_TAG_TR), is_cell);
        if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_NOBR) pop_to(is(tag), none);
        if (tag == GUMBO_TAG_OPTION && top > 0 && open_[top - 1].tag == GUMBO_TAG_OPTION) --top;
        return top;
    }

    // Pops what an end tag certainly closes: the topmost element with its tag (any heading
    // for a heading) if only ordinary elements lie above it.
    void CloseFor(GumboTag tag, unsigned flags) {
        if (flags & (kIgnored | kVoid)) return;
        bool heading = (flags & kHeading) != 0;
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (open_[k].tag == tag || (heading && (open_[k].flags & kHeading))) {
                open_.resize(k);
                return;
            }
            if (open_[k].flags & kStopper) return;
        }
    }

private:
    std::vector<OpenTag> open_;
};

// Rewrites `in` so that gumbo never sees more than about kMaxOpenElements open elements or
// more than kMaxAttributes attributes on a tag: such tags are replaced by a space (their
// content stays). Tokenizes like gumbo, except that it may see tags gumbo does not (in
// comments); it never misses one gumbo sees, so its depth estimate stays an over-estimate.
std::string Defuse(std::string_view in) {
    std::string out;
    out.reserve(in.size() + in.size() / 16);
    OpenTags open;
    std::size_t i = 0;
    while (i < in.size()) {
        std::size_t lt = in.find('<', i);
        if (lt == std::string_view::npos) lt = in.size();
        out.append(in.substr(i, lt - i));
        if (lt + 1 >= in.size()) {
            out.append(in.substr(lt));
            break;
        }
        char next = in[lt + 1];
        bool end_tag = next == '/' && lt + 2 < in.size() && IsAsciiAlpha(in[lt + 2]);
        if (next == '!' || next == '?' || (next == '/' && !end_tag)) {
            // Comments, doctypes and bogus comments run at least to the next '>'.
            std::size_t gt = in.find('>', lt + 1);
            std::size_t end = gt == std::string_view::npos ? in.size() : gt + 1;
            out.append(in.substr(lt, end - lt));
            i = end;
            continue;
        }
        if (!IsAsciiAlpha(next) && !end_tag) {
            out += '<';
            i = lt + 1;
            continue;
        }
        ScannedTag scanned;
        if (!ScanTag(in, lt, scanned)) {
            out.append(in.substr(lt));
            break;
        }
        std::string_view raw = in.substr(lt, scanned.size);
        i = lt + scanned.size;
        if (scanned.attributes > kMaxAttributes) {
            out += ' ';
            continue;
        }
        unsigned flags = FlagsFor(scanned.name);
        GumboTag tag = TagOf(scanned.name);
        if (flags & kRename) {
            if (scanned.self_closing && !scanned.end) {
                out += ' ';
                continue;
            }
            raw = scanned.end ? kDropEndTag : kDropStartTag;
            tag = kDropElement;
            flags = 0;
        }
        if (scanned.end) {
            open.CloseFor(tag, flags);
            out.append(raw);
            continue;
        }
        if (flags & kRawText) {
            std::size_t end = RawTextEnd(in, i, scanned.name);
            out.append(in.substr(lt, end - lt));
            i = end;
            continue;
        }
        // Implied closes are applied only for tags that gumbo will see.
        std::size_t size = open.SizeAfterImpliedCloses(tag, flags);
        bool pushes = !(flags & (kVoid | kIgnored));
        if (pushes && size >= kMaxOpenElements) {
            out += ' ';
            continue;
        }
        open.Truncate(size);
        if (pushes) open.Push(tag, flags);
        out.append(raw);
    }
    return out;
}

// ---- ParseArena: gumbo's allocator, with a budget ----------------------------------------

// Memory for one gumbo parse. Every block is linked so that all of it can be freed at once,
// also when the budget runs out mid-parse and Allocate longjmps out of gumbo.
class ParseArena final {
public:
    explicit ParseArena(std::size_t budget) : budget_(budget) {}
    ParseArena(const ParseArena&) = delete;
    ParseArena& operator=(const ParseArena&) = delete;
    ~ParseArena() {
        while (head_ != nullptr) {
            Block* next = head_->next;
            std::free(head_);
            head_ = next;
        }
    }

    std::jmp_buf& exhausted() { return exhausted_; }

    static void* Allocate(void* self, std::size_t size) {
        auto* arena = static_cast<ParseArena*>(self);
        if (size > arena->budget_ - arena->live_) std::longjmp(arena->exhausted_, 1);
        auto* block = static_cast<Block*>(std::malloc(sizeof(Block) + size));
        if (block == nullptr) std::longjmp(arena->exhausted_, 1);
        block->prev = nullptr;
        block->next = arena->head_;
        block->size = size;
        if (arena->head_ != nullptr) arena->head_->prev = block;
        arena->head_ = block;
        arena->live_ += size;
        return block + 1;
    }

    static void Deallocate(void* self, void* ptr) {
        if (ptr == nullptr) return;
        auto* arena = static_cast<ParseArena*>(self);
        Block* block = static_cast<Block*>(ptr) - 1;
        if (block->prev != nullptr) block->prev->next = block->next;
        if (block->next != nullptr) block->next->prev = block->prev;
        if (arena->head_ == block) arena->head_ = block->next;
        arena->live_ -= block->size;
        std::free(block);
    }

private:
    struct alignas(std::max_align_t) Block {
        Block* prev;
        Block* next;
        std::size_t size;
    };
    Block* head_ = nullptr;
    std::size_t live_ = 0;
    const std::size_t budget_;
    std::jmp_buf exhausted_;
};

// Parses with `arena` as gumbo's allocator; nullptr when its budget ran out. The frames that
// longjmp skips (gumbo's C code and ParseArena::Allocate) hold no C++ objects.
GumboOutput* ParseBounded(ParseArena& arena, const GumboOptions& options, const std::string& html) {
    if (setjmp(arena.exhausted()) != 0) return nullptr;
    return gumbo_parse_with_options(&options, html.data(), html.size());
}

// ---- Serializer ----------------------------------------------------------------------

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
// (kDropElement).
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
    std::string scheme = url.substr(0, delimiter);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), ToLowerAscii);
    if (scheme == "http" || scheme == "https" || (allow_mailto && scheme == "mailto")) return url;
    return std::nullopt;
}

bool IsWebUrl(std::string_view url) {
    auto starts = [&](std::string_view prefix) {
        return url.size() >= prefix.size() &&
               EqualsIgnoreCase(url.substr(0, prefix.size()), prefix);
    };
    return starts("http:") || starts("https:") || starts("//");
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
                after_pre_ = false;
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
        // The parser drops a newline right after <pre>; write one more to keep a real one.
        after_pre_ = tag == GUMBO_TAG_PRE;
        return true;
    }

    void AppendText(std::string_view text) {
        if (text.empty()) return;
        if (after_pre_ && text.front() == '\n') html_ += '\n';
        after_pre_ = false;
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
    bool after_pre_ = false;
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

int CountWords(std::string_view text) {
    int words = 0;
    bool in_word = false;
    for (char c : text) {
        bool space = c == ' ' || c == '\n';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
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
    std::string defused = Defuse(TruncateUtf8(html, kMaxSanitizedInputBytes));
    ParseArena arena(kParseMemoryBase + kParseMemoryPerInputByte * defused.size());
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &ParseArena::Allocate;
    options.deallocator = &ParseArena::Deallocate;
    options.userdata = &arena;
    options.max_errors = 0;  // Gumbo copies the open-element stack into every error record.
    GumboOutput* output = ParseBounded(arena, options, defused);
    const GumboNode* body = output != nullptr ? FindBody(*output) : nullptr;
    if (body == nullptr) return {};
    // The tree lives in the arena, which frees it; gumbo_destroy_output (recursive) is not
    // needed.
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
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace broadsheet::ingest
