#include "ingest/html_guard.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <vector>

#include "core/text.h"

namespace broadsheet::ingest::html_guard {
namespace {

// The tags of kDropElement.
constexpr std::string_view kDropStartTag = "<canvas>";
constexpr std::string_view kDropEndTag = "</canvas>";

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

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
    tag.name = AsciiLower(in.substr(name_start, i - name_start));
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
// whitespace, '/' or '>' at or after `from`, or the end of the input. `name` is lower-case.
std::size_t RawTextEnd(std::string_view in, std::size_t from, std::string_view name) {
    if (name == "plaintext") return in.size();
    for (std::size_t pos = in.find("</", from); pos != std::string_view::npos;
         pos = in.find("</", pos + 1)) {
        std::size_t after = pos + 2 + name.size();
        if (after < in.size() && AsciiLower(in.substr(pos + 2, name.size())) == name &&
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

}  // namespace

// Tokenizes like gumbo, except that it may see tags gumbo does not (in comments); it never
// misses one gumbo sees, so its depth estimate stays an over-estimate.
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

ParseArena::~ParseArena() {
    while (head_ != nullptr) {
        Block* next = head_->next;
        std::free(head_);
        head_ = next;
    }
}

void* ParseArena::Allocate(void* self, std::size_t size) {
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

void ParseArena::Deallocate(void* self, void* ptr) {
    if (ptr == nullptr) return;
    auto* arena = static_cast<ParseArena*>(self);
    Block* block = static_cast<Block*>(ptr) - 1;
    if (block->prev != nullptr) block->prev->next = block->next;
    if (block->next != nullptr) block->next->prev = block->prev;
    if (arena->head_ == block) arena->head_ = block->next;
    arena->live_ -= block->size;
    std::free(block);
}

namespace {

// The frames that longjmp skips (gumbo's C code and ParseArena::Allocate) hold no C++
// objects; `options` is set before setjmp and not changed after it.
GumboOutput* ParseOrUnwind(ParseArena& arena, const GumboOptions& options, std::string_view html) {
    if (setjmp(arena.exhausted()) != 0) return nullptr;
    return gumbo_parse_with_options(&options, html.data(), html.size());
}

}  // namespace

GumboOutput* ParseBounded(ParseArena& arena, std::string_view html) {
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &ParseArena::Allocate;
    options.deallocator = &ParseArena::Deallocate;
    options.userdata = &arena;
    options.max_errors = 0;
    return ParseOrUnwind(arena, options, html);
}

}  // namespace broadsheet::ingest::html_guard
