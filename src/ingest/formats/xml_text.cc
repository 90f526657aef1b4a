#include "ingest/formats/xml_text.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <cstdint>

#include "core/text.h"

namespace broadsheet::ingest {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 0x80-0x9F; the five holes map to the C1 controls, as WHATWG does.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

char32_t Cp1252(unsigned char b) { return b >= 0x80 && b <= 0x9F ? kCp1252High[b - 0x80] : b; }

char32_t Latin9(unsigned char b) {
    switch (b) {
        case 0xA4: return 0x20AC;
        case 0xA6: return 0x0160;
        case 0xA8: return 0x0161;
        case 0xB4: return 0x017D;
        case 0xB8: return 0x017E;
        case 0xBC: return 0x0152;
        case 0xBD: return 0x0153;
        case 0xBE: return 0x0178;
        default: return b;
    }
}

enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kUtf32Le, kUtf32Be, kCp1252, kLatin9, kOther };

struct Detected {
    Encoding encoding;
    std::size_t bom_size;
};

unsigned char Byte(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

std::optional<Detected> FromBom(std::string_view b) {
    auto starts = [&](std::initializer_list<unsigned char> prefix) {
        if (b.size() < prefix.size()) return false;
        std::size_t i = 0;
        for (unsigned char c : prefix) {
            if (Byte(b, i++) != c) return false;
        }
        return true;
    };
    if (starts({0x00, 0x00, 0xFE, 0xFF})) return Detected{Encoding::kUtf32Be, 4};
    if (starts({0xFF, 0xFE, 0x00, 0x00})) return Detected{Encoding::kUtf32Le, 4};
    if (starts({0xEF, 0xBB, 0xBF})) return Detected{Encoding::kUtf8, 3};
    if (starts({0xFE, 0xFF})) return Detected{Encoding::kUtf16Be, 2};
    if (starts({0xFF, 0xFE})) return Detected{Encoding::kUtf16Le, 2};
    return std::nullopt;
}

// UTF-16/32 without a BOM, from the zero bytes around the first (ASCII) character.
std::optional<Encoding> FromPattern(std::string_view b) {
    if (b.size() < 4) return std::nullopt;
    bool z0 = Byte(b, 0) == 0, z1 = Byte(b, 1) == 0, z2 = Byte(b, 2) == 0, z3 = Byte(b, 3) == 0;
    if (!z0 && z1 && z2 && z3) return Encoding::kUtf32Le;
    if (z0 && z1 && z2 && !z3) return Encoding::kUtf32Be;
    if (!z0 && z1 && !z2 && z3) return Encoding::kUtf16Le;
    if (z0 && !z1 && z2 && !z3) return Encoding::kUtf16Be;
    return std::nullopt;
}

// The span of the encoding name's value inside an ASCII-compatible XML declaration.
std::optional<std::pair<std::size_t, std::size_t>> DeclaredEncodingSpan(std::string_view text) {
    if (text.substr(0, 5) != "<?xml") return std::nullopt;
    std::size_t end = text.find("?>");
    std::string_view decl = text.substr(0, end);
    std::size_t key = decl.find("encoding");
    if (key == std::string_view::npos) return std::nullopt;
    std::size_t pos = key + 8;
    while (pos < decl.size() &&
           (decl[pos] == ' ' || decl[pos] == '\t' || decl[pos] == '\r' || decl[pos] == '\n'))
        ++pos;
    if (pos >= decl.size() || decl[pos] != '=') return std::nullopt;
    ++pos;
    while (pos < decl.size() &&
           (decl[pos] == ' ' || decl[pos] == '\t' || decl[pos] == '\r' || decl[pos] == '\n'))
        ++pos;
    if (pos >= decl.size() || (decl[pos] != '"' && decl[pos] != '\'')) return std::nullopt;
    std::size_t close = decl.find(decl[pos], pos + 1);
    if (close == std::string_view::npos) return std::nullopt;
    return std::make_pair(pos + 1, close - pos - 1);
}

std::string NormalizeCharset(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c != '"' && c != '\'' && c != ' ' && c != '\t') out += c;
    }
    return AsciiLower(out);
}

// Our decoder for `name`; kOther for iconv; nullopt for UTF-16/32 names, which cannot
// describe an 8-bit document and are ignored.
std::optional<Encoding> Classify(const std::string& name) {
    static constexpr std::array<std::string_view, 8> kUtf8 = {
        "utf-8",          "utf8",      "us-ascii", "ascii",
        "ansi_x3.4-1968", "iso646-us", "us",       "unicode-1-1-utf-8"};
    static constexpr std::array<std::string_view, 12> kCp1252Names = {
        "iso-8859-1",   "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
        "windows-1252", "cp1252",    "x-cp1252",   "cp819",  "ibm819",  "iso-ir-100"};
    static constexpr std::array<std::string_view, 6> kLatin9Names = {
        "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9"};
    for (std::string_view n : kUtf8) {
        if (name == n) return Encoding::kUtf8;
    }
    for (std::string_view n : kCp1252Names) {
        if (name == n) return Encoding::kCp1252;
    }
    for (std::string_view n : kLatin9Names) {
        if (name == n) return Encoding::kLatin9;
    }
    if (name.starts_with("utf-16") || name.starts_with("utf-32") || name.starts_with("ucs-") ||
        name == "utf16" || name == "utf32" || name == "unicode") {
        return std::nullopt;
    }
    return Encoding::kOther;
}

void DecodeUtf8Lenient(std::string_view in, std::string& out) {
    std::size_t i = 0;
    while (i < in.size()) {
        unsigned char b = Byte(in, i);
        if (b < 0x80) {
            if (b == 0) {
                AppendUtf8(out, kReplacement);
            } else {
                out += static_cast<char>(b);
            }
            ++i;
            continue;
        }
        std::size_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
        char32_t cp = length == 4 ? b & 0x07 : length == 3 ? b & 0x0F : b & 0x1F;
        bool valid = length != 0 && i + length <= in.size() && b <= 0xF4;
        for (std::size_t k = 1; valid && k < length; ++k) {
            unsigned char c = Byte(in, i + k);
            valid = (c & 0xC0) == 0x80;
            cp = (cp << 6) | (c & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        valid = valid && !(length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) &&
                !(length == 4 && (cp < 0x10000 || cp > 0x10FFFF));
        if (valid && cp >= 0x80 && cp <= 0x9F) {
            AppendUtf8(
                out,
                Cp1252(static_cast<unsigned char>(cp)));  // C1 controls: meant as Windows-1252.
            i += length;
        } else if (valid) {
            out.append(in.substr(i, length));
            i += length;
        } else {
            AppendUtf8(out, Cp1252(b));
            ++i;
        }
    }
}

void DecodeUtf16(std::string_view in, bool little_endian, std::string& out) {
    auto unit = [&](std::size_t i) -> char32_t {
        return little_endian ? Byte(in, i) | (Byte(in, i + 1) << 8)
                             : (Byte(in, i) << 8) | Byte(in, i + 1);
    };
    std::size_t i = 0;
    for (; i + 1 < in.size(); i += 2) {
        char32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < in.size()) {
            char32_t low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                AppendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        AppendUtf8(out, u == 0 ? kReplacement : u);  // Lone surrogates become U+FFFD too.
    }
    if (i < in.size()) AppendUtf8(out, kReplacement);
}

void DecodeUtf32(std::string_view in, bool little_endian, std::string& out) {
    std::size_t i = 0;
    for (; i + 3 < in.size(); i += 4) {
        std::uint32_t u = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            std::uint32_t b = Byte(in, i + (little_endian ? 3 - k : k));
            u = (u << 8) | b;
        }
        AppendUtf8(out, u == 0 ? kReplacement : static_cast<char32_t>(u));
    }
    if (i < in.size()) AppendUtf8(out, kReplacement);
}

// Closes an iconv descriptor.
struct IconvCloser {
    iconv_t cd;
    ~IconvCloser() { iconv_close(cd); }
};

Result<std::string> DecodeIconv(std::string_view in, const std::string& name) {
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr): iconv's API
        return Fail(ErrorCode::kUnsupported, "unknown character encoding \"" + name + "\"");
    }
    IconvCloser closer{cd};
    std::string out;
    std::string buffer(4096, '\0');
    char* src = const_cast<char*>(in.data());  // iconv does not write through it.
    std::size_t src_left = in.size();
    while (src_left > 0) {
        char* dst = buffer.data();
        std::size_t dst_left = buffer.size();
        std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
        out.append(buffer.data(), buffer.size() - dst_left);
        if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) {
            // An invalid or truncated sequence: one replacement character per bad byte.
            AppendUtf8(out, kReplacement);
            ++src;
            --src_left;
            iconv(cd, nullptr, nullptr, nullptr, nullptr);
        }
    }
    // iconv converts NUL faithfully; XML cannot carry it.
    std::string clean;
    DecodeUtf8Lenient(out, clean);
    return clean;
}

Result<std::string> Decode(std::string_view in, Encoding encoding, const std::string& name) {
    std::string out;
    out.reserve(in.size() + in.size() / 8);
    switch (encoding) {
        case Encoding::kUtf8: DecodeUtf8Lenient(in, out); break;
        case Encoding::kUtf16Le: DecodeUtf16(in, true, out); break;
        case Encoding::kUtf16Be: DecodeUtf16(in, false, out); break;
        case Encoding::kUtf32Le: DecodeUtf32(in, true, out); break;
        case Encoding::kUtf32Be: DecodeUtf32(in, false, out); break;
        case Encoding::kCp1252:
        case Encoding::kLatin9:
            for (char c : in) {
                auto b = static_cast<unsigned char>(c);
                AppendUtf8(out, b == 0                          ? kReplacement
                                : encoding == Encoding::kCp1252 ? Cp1252(b)
                                                                : Latin9(b));
            }
            break;
        case Encoding::kOther: return DecodeIconv(in, name);
    }
    return out;
}

}  // namespace

Result<std::string> XmlToUtf8(std::string_view bytes, std::string_view http_charset) {
    Encoding encoding = Encoding::kUtf8;
    std::string name = "utf-8";
    std::string_view body = bytes;
    if (auto bom = FromBom(bytes)) {
        encoding = bom->encoding;
        body.remove_prefix(bom->bom_size);
    } else if (auto pattern = FromPattern(bytes)) {
        encoding = *pattern;
    } else {
        auto declared = DeclaredEncodingSpan(bytes);
        for (std::string candidate :
             {NormalizeCharset(http_charset),
              declared ? NormalizeCharset(bytes.substr(declared->first, declared->second))
                       : std::string()}) {
            if (candidate.empty()) continue;
            auto classified = Classify(candidate);
            if (!classified) continue;
            encoding = *classified;
            name = std::move(candidate);
            break;
        }
    }
    Result<std::string> text = Decode(body, encoding, name);
    if (!text) return text;
    if (text->starts_with("\xEF\xBB\xBF")) text->erase(0, 3);  // A BOM after a UTF-16/32 one.
    if (auto span = DeclaredEncodingSpan(*text)) text->replace(span->first, span->second, "UTF-8");
    return text;
}

}  // namespace broadsheet::ingest
