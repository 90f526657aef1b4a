#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace broadsheet::http {

/// A content coding this server produces (RFC 9110 §8.4.1).
enum class ContentCoding { kIdentity, kGzip, kBrotli };

/// "gzip", "br" or "identity".
std::string_view CodingName(ContentCoding coding);

/// The best coding `accept_encoding` (an Accept-Encoding header value) allows among those
/// this server offers: brotli, then gzip, then identity. Honours q-values ("gzip;q=0"
/// refuses gzip), "*" and "identity;q=0". An empty header means identity (RFC 9110
/// §12.5.3). Returns nullopt only when nothing acceptable remains (identity refused and no
/// other coding allowed); callers then send identity anyway, as most servers do.
std::optional<ContentCoding> NegotiateCoding(std::string_view accept_encoding);

/// `body` in gzip format (zlib, level 6). Empty on failure (never for valid input).
std::string GzipCompress(std::string_view body);
/// `body` in brotli format (quality 9, text mode). Empty on failure.
std::string BrotliCompress(std::string_view body);

/// Whether a Content-Type is worth compressing (text, JSON, XML, SVG, JavaScript).
bool IsCompressible(std::string_view content_type);

}  // namespace broadsheet::http
