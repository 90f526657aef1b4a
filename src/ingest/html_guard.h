#pragma once

// Internal to the sanitizer: keeps gumbo linear in time and bounded in memory on hostile
// input. Its tree builder walks the stack of open elements for every tag (quadratic in
// nesting depth), checks each attribute against all earlier ones (quadratic in attributes
// per tag) and may clone formatting elements again and again (unbounded memory). The first
// two are cut by Defuse(), the last by ParseArena.

#include <gumbo.h>

#include <csetjmp>
#include <cstddef>
#include <string>
#include <string_view>

namespace broadsheet::ingest::html_guard {

/// Start tags that would leave more open elements than this are removed by Defuse().
inline constexpr std::size_t kMaxOpenElements = 256;

/// Tags with more attributes than this are removed by Defuse().
inline constexpr int kMaxAttributes = 128;

/// The element Defuse() renames svg, math, select, template and frameset to. These put
/// gumbo into modes Defuse() does not model (foreign content, select, template, frameset);
/// canvas is an ordinary element to the parser. The caller must drop it whole.
inline constexpr GumboTag kDropElement = GUMBO_TAG_CANVAS;

/// Whether `c` is ASCII whitespace as HTML defines it (space, tab, LF, FF, CR; not VT).
constexpr bool IsHtmlSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/// Rewrites `html` so that gumbo never sees more than about kMaxOpenElements open elements
/// or more than kMaxAttributes attributes on a tag: such tags are replaced by a space (their
/// content stays), and the elements listed at kDropElement are renamed to it (a
/// self-closing one becomes a space). Everything else is copied unchanged. Pure;
/// thread-safe.
std::string Defuse(std::string_view html);

/// The memory budget for parsing `input_bytes` of (defused) HTML.
constexpr std::size_t ParseBudget(std::size_t input_bytes) {
    constexpr std::size_t kBase = std::size_t{32} << 20;
    constexpr std::size_t kPerInputByte = 32;
    return kBase + kPerInputByte * input_bytes;
}

/// Memory for one gumbo parse, at most `budget` bytes live at a time. Every block is
/// linked so that all of it is freed with the arena, also when the budget runs out
/// mid-parse. Owns the tree ParseBounded() returns; not thread-safe, one parse per arena.
class ParseArena final {
public:
    explicit ParseArena(std::size_t budget) : budget_(budget) {}
    ParseArena(const ParseArena&) = delete;
    ParseArena& operator=(const ParseArena&) = delete;
    ~ParseArena();

    /// Where Allocate() longjmps when the budget runs out (or malloc fails).
    std::jmp_buf& exhausted() { return exhausted_; }

    /// A GumboAllocatorFunction; `self` is the arena.
    static void* Allocate(void* self, std::size_t size);
    /// A GumboDeallocatorFunction; `self` is the arena.
    static void Deallocate(void* self, void* ptr);

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

/// Parses `html` with gumbo's default options, allocating from `arena` and recording no
/// parse errors (gumbo copies the open-element stack into every error record). Returns
/// nullptr when the arena's budget ran out. The tree lives in `arena`, which frees it:
/// do not call gumbo_destroy_output.
GumboOutput* ParseBounded(ParseArena& arena, std::string_view html);

}  // namespace broadsheet::ingest::html_guard
