#include "core/text.h"

#include <array>
#include <cctype>

namespace broadsheet {
namespace {

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The ASCII base letter of a Latin-1 Supplement / Latin Extended-A code point, or 0.
char FoldLatin(char32_t cp) {
    if (cp >= 0xC0 && cp <= 0xC5) return 'a';
    if (cp == 0xC7) return 'c';
    if (cp >= 0xC8 && cp <= 0xCB) return 'e';
    if (cp >= 0xCC && cp <= 0xCF) return 'i';
    if (cp == 0xD1) return 'n';
    if ((cp >= 0xD2 && cp <= 0xD6) || cp == 0xD8) return 'o';
    if (cp >= 0xD9 && cp <= 0xDC) return 'u';
    if (cp == 0xDD) return 'y';
    if (cp >= 0xE0 && cp <= 0xE5) return 'a';
    if (cp == 0xE7) return 'c';
    if (cp >= 0xE8 && cp <= 0xEB) return 'e';
    if (cp >= 0xEC && cp <= 0xEF) return 'i';
    if (cp == 0xF1) return 'n';
    if ((cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8) return 'o';
    if (cp >= 0xF9 && cp <= 0xFC) return 'u';
    if (cp == 0xFD || cp == 0xFF) return 'y';
    if (cp >= 0x100 && cp <= 0x17F) {
        // Latin Extended-A comes in pairs; map the common bases.
        static constexpr std::array<std::pair<char32_t, char>, 12> kRanges = {{
            {0x100, 'a'}, {0x106, 'c'}, {0x10E, 'd'}, {0x112, 'e'}, {0x11C, 'g'}, {0x124, 'h'},
            {0x128, 'i'}, {0x139, 'l'}, {0x143, 'n'}, {0x14C, 'o'}, {0x154, 'r'}, {0x15A, 's'},
        }};
        char base = 0;
        for (const auto& [start, letter] : kRanges) {
            if (cp >= start) base = letter;
        }
        if (cp >= 0x162 && cp <= 0x167) return 't';
        if (cp >= 0x168 && cp <= 0x173) return 'u';
        if (cp >= 0x179) return 'z';
        return base;
    }
    return 0;
}

}  // namespace

int CountWords(std::string_view text) {
    int words = 0;
    bool in_word = false;
    for (unsigned char c : text) {
        if (IsSpace(c)) {
            in_word = false;
        } else if (!in_word) {
            in_word = true;
            ++words;
        }
    }
    return words;
}

std::string GroupThousands(int64_t n) {
    const std::string digits = n < 0 ? std::to_string(n).substr(1) : std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

int ReadTimeMinutes(int words) {
    if (words <= 0) return 1;
    return (words + 199) / 200;
}

std::string Slugify(std::string_view text, size_t max_length) {
    std::string slug;
    bool pending_hyphen = false;
    size_t i = 0;
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        char out = 0;
        if (c < 0x80) {
            if (std::isalnum(c)) out = static_cast<char>(std::tolower(c));
            // An apostrophe joins ("Japan's" -> "japans") rather than separating.
            if (c == '\'') {
                ++i;
                continue;
            }
            ++i;
        } else {
            // Decode one UTF-8 sequence; malformed bytes act as separators.
            char32_t cp = 0;
            int extra = (c >= 0xF0) ? 3 : (c >= 0xE0) ? 2 : (c >= 0xC0) ? 1 : 0;
            cp = c & (0x3F >> extra);
            size_t j = i + 1;
            for (int k = 0; k < extra && j < text.size(); ++k, ++j) {
                cp = (cp << 6) | (static_cast<unsigned char>(text[j]) & 0x3F);
            }
            // U+2019 RIGHT SINGLE QUOTATION MARK joins like an apostrophe.
            i = extra == 0 ? i + 1 : j;
            if (cp == 0x2019) continue;
            out = FoldLatin(cp);
        }
        if (out == 0) {
            pending_hyphen = !slug.empty();
            continue;
        }
        if (pending_hyphen) {
            slug += '-';
            pending_hyphen = false;
        }
        slug += out;
    }
    if (slug.size() > max_length) {
        size_t cut = slug.rfind('-', max_length);
        slug.resize(cut == std::string::npos || cut == 0 ? max_length : cut);
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return slug.empty() ? std::string("story") : slug;
}

std::string AsciiLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string_view TrimWhitespace(std::string_view text) {
    while (!text.empty() && IsSpace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && IsSpace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

void AppendUtf8(std::string& out, char32_t cp) {
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace broadsheet
