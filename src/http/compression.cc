#include "http/compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>

namespace broadsheet::http {
namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// The weight of one "coding;q=0.5" element: 1000 for q=1, 0 for q=0; -1 when malformed.
int Weight(std::string_view params) {
    int weight = 1000;
    while (!params.empty()) {
        size_t semicolon = params.find(';');
        std::string_view param = Trim(params.substr(0, semicolon));
        params = semicolon == std::string_view::npos ? std::string_view{} : params.substr(semicolon + 1);
        if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
        std::string_view value = param.substr(2);
        // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
        if (value.empty() || (value[0] != '0' && value[0] != '1')) return -1;
        int whole = value[0] - '0';
        int thousandths = 0, digits = 0;
        if (value.size() > 1) {
            if (value[1] != '.' || value.size() > 5) return -1;
            for (char c : value.substr(2)) {
                if (c < '0' || c > '9') return -1;
                thousandths = thousandths * 10 + (c - '0');
                ++digits;
            }
        }
        while (digits++ < 3) thousandths *= 10;
        weight = whole * 1000 + thousandths;
        if (weight > 1000) return -1;
    }
    return weight;
}

}  // namespace

std::string_view CodingName(ContentCoding coding) {
    switch (coding) {
        case ContentCoding::kGzip: return "gzip";
        case ContentCoding::kBrotli: return "br";
        case ContentCoding::kIdentity: break;
    }
    return "identity";
}

std::optional<ContentCoding> NegotiateCoding(std::string_view accept_encoding) {
    // -1: not mentioned.
    int br = -1, gzip = -1, identity = -1, star = -1;
    std::string_view rest = accept_encoding;
    while (!rest.empty()) {
        size_t comma = rest.find(',');
        std::string_view element = Trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        if (element.empty()) continue;
        size_t semicolon = element.find(';');
        std::string_view name = Trim(element.substr(0, semicolon));
        int weight = semicolon == std::string_view::npos ? 1000 : Weight(element.substr(semicolon + 1));
        if (weight < 0) continue;  // A malformed element is ignored.
        if (EqualsIgnoreCase(name, "br")) {
            br = weight;
        } else if (EqualsIgnoreCase(name, "gzip") || EqualsIgnoreCase(name, "x-gzip")) {
            gzip = weight;
        } else if (EqualsIgnoreCase(name, "identity")) {
            identity = weight;
        } else if (name == "*") {
            star = weight;
        }
    }
    if (Trim(accept_encoding).empty()) return ContentCoding::kIdentity;
    if (br < 0) br = star < 0 ? 0 : star;
    if (gzip < 0) gzip = star < 0 ? 0 : star;
    // Identity is acceptable unless refused explicitly, or by "*;q=0" without mentioning it.
    if (identity < 0) identity = star == 0 ? 0 : 1;
    // Prefer the smaller encoding when the client weighs them equally.
    if (br > 0 && br >= gzip) return ContentCoding::kBrotli;
    if (gzip > 0) return ContentCoding::kGzip;
    if (identity > 0) return ContentCoding::kIdentity;
    return std::nullopt;
}

std::string GzipCompress(std::string_view body) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip wrapper rather than zlib's.
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out;
    out.resize(deflateBound(&stream, static_cast<uLong>(body.size())));
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));  // zlib's API is not const.
    stream.avail_in = static_cast<uInt>(body.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int status = deflate(&stream, Z_FINISH);
    size_t written = stream.total_out;
    deflateEnd(&stream);
    if (status != Z_STREAM_END) return {};
    out.resize(written);
    return out;
}

std::string BrotliCompress(std::string_view body) {
    size_t size = BrotliEncoderMaxCompressedSize(body.size());
    if (size == 0) size = body.size() + 1024;
    std::string out(size, '\0');
    // Quality 6 and a window no larger than the body: a 90 KB archive page takes 1.6 ms and
    // comes out 2% larger than at quality 9 with the default 4 MB window, which took 10 ms
    // (most of it the encoder's large tables, faulted in afresh for every page).
    const int window = std::clamp(static_cast<int>(std::bit_width(body.size())), 16, BROTLI_DEFAULT_WINDOW);
    if (!BrotliEncoderCompress(6, window, BROTLI_MODE_TEXT, body.size(),
                               reinterpret_cast<const uint8_t*>(body.data()), &size,
                               reinterpret_cast<uint8_t*>(out.data()))) {
        return {};
    }
    out.resize(size);
    return out;
}

bool IsCompressible(std::string_view content_type) {
    size_t semicolon = content_type.find(';');
    std::string_view type = Trim(content_type.substr(0, semicolon));
    if (type.starts_with("text/")) return true;
    for (std::string_view compressible : {"application/json", "application/ld+json", "application/xml",
                                          "application/rss+xml", "application/atom+xml", "image/svg+xml",
                                          "application/javascript", "application/manifest+json"}) {
        if (EqualsIgnoreCase(type, compressible)) return true;
    }
    return false;
}

}  // namespace broadsheet::http
