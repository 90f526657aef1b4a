#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace broadsheet {

/// Counts whitespace-separated words in plain text.
int CountWords(std::string_view text);

/// Minutes to read `words` words at 200 words a minute, rounded up; at least 1.
int ReadTimeMinutes(int words);

/// `n` with its digits in groups of three: 1234567 -> "1,234,567", -1200 -> "-1,200".
std::string GroupThousands(int64_t n);

/// A URL slug from a headline: lower-case ASCII letters and digits joined by single
/// hyphens, at most `max_length` characters, cut at a word boundary. Latin letters with
/// diacritics lose them ("Café" -> "cafe"); other characters separate words. Never empty:
/// "story" when nothing is left.
std::string Slugify(std::string_view text, size_t max_length = 80);

/// Lower-cases ASCII letters.
std::string AsciiLower(std::string_view text);

/// Trims ASCII whitespace at both ends.
std::string_view TrimWhitespace(std::string_view text);

/// Appends code point `cp` to `out` as UTF-8. NUL, surrogates and values past U+10FFFF
/// become U+FFFD, as HTML's character references do.
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace broadsheet
