#include "newsroom/pictures.h"

#include <array>
#include <cstring>

#include "core/text.h"
#include "media/media_store.h"

namespace broadsheet::newsroom {
namespace {

Error Malformed(std::string_view type) { return Fail(ErrorCode::kInvalidInput, "the " + std::string(type) + " file is malformed"); }

uint32_t ReadBig32(std::string_view b, size_t at) {
    return (uint32_t{static_cast<unsigned char>(b[at])} << 24) | (uint32_t{static_cast<unsigned char>(b[at + 1])} << 16) |
           (uint32_t{static_cast<unsigned char>(b[at + 2])} << 8) | uint32_t{static_cast<unsigned char>(b[at + 3])};
}

uint32_t ReadLittle32(std::string_view b, size_t at) {
    return uint32_t{static_cast<unsigned char>(b[at])} | (uint32_t{static_cast<unsigned char>(b[at + 1])} << 8) |
           (uint32_t{static_cast<unsigned char>(b[at + 2])} << 16) | (uint32_t{static_cast<unsigned char>(b[at + 3])} << 24);
}

void AppendLittle32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

Result<std::string> StripJpeg(std::string_view b) {
    if (b.size() < 4 || static_cast<unsigned char>(b[0]) != 0xFF || static_cast<unsigned char>(b[1]) != 0xD8) {
        return Malformed("JPEG");
    }
    std::string out(b.substr(0, 2));
    size_t at = 2;
    while (at + 4 <= b.size()) {
        if (static_cast<unsigned char>(b[at]) != 0xFF) return Malformed("JPEG");
        const unsigned char marker = static_cast<unsigned char>(b[at + 1]);
        if (marker == 0xFF) {  // Fill byte.
            ++at;
            continue;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            return Malformed("JPEG");  // No standalone markers belong before the scan.
        }
        if (marker == 0xD9) break;
        const size_t length = (size_t{static_cast<unsigned char>(b[at + 2])} << 8) | static_cast<unsigned char>(b[at + 3]);
        if (length < 2 || at + 2 + length > b.size()) return Malformed("JPEG");
        const std::string_view segment = b.substr(at, 2 + length);
        const std::string_view payload = segment.substr(4);
        bool keep = true;
        if (marker >= 0xE0 && marker <= 0xEF) {
            // Keep what decoding needs: JFIF (APP0), the ICC profile (APP2), Adobe's colour
            // transform (APP14). Everything else there is metadata (EXIF/XMP in APP1, IPTC in APP13).
            keep = (marker == 0xE0 && payload.starts_with(std::string_view("JFIF\0", 5))) ||
                   (marker == 0xE2 && payload.starts_with(std::string_view("ICC_PROFILE\0", 12))) ||
                   (marker == 0xEE && payload.starts_with("Adobe"));
        } else if (marker == 0xFE) {
            keep = false;  // Comment.
        }
        if (keep) out.append(segment);
        at += 2 + length;
        if (marker == 0xDA) {
            out.append(b.substr(at));  // The entropy-coded scans and everything after, as they are.
            return out;
        }
    }
    return Malformed("JPEG");
}

Result<std::string> StripPng(std::string_view b) {
    constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
    if (!b.starts_with(kSignature)) return Malformed("PNG");
    std::string out(kSignature);
    size_t at = kSignature.size();
    while (at + 12 <= b.size()) {
        const uint32_t length = ReadBig32(b, at);
        if (length > b.size() - at - 12) return Malformed("PNG");
        const std::string_view type = b.substr(at + 4, 4);
        const bool drop = type == "eXIf" || type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "tIME";
        if (!drop) out.append(b.substr(at, 12 + length));
        at += 12 + length;
        if (type == "IEND") return out;
    }
    return Malformed("PNG");
}

Result<std::string> StripWebp(std::string_view b) {
    if (b.size() < 12 || !b.starts_with("RIFF") || b.substr(8, 4) != "WEBP") return Malformed("WebP");
    const size_t riff_end = std::min<size_t>(b.size(), size_t{ReadLittle32(b, 4)} + 8);
    std::string chunks;
    size_t at = 12;
    while (at + 8 <= riff_end) {
        const std::string_view fourcc = b.substr(at, 4);
        const size_t size = ReadLittle32(b, at + 4);
        const size_t padded = size + (size & 1);
        if (padded > riff_end - at - 8) return Malformed("WebP");
        if (fourcc != "EXIF" && fourcc != "XMP ") {
            std::string chunk(b.substr(at, 8 + padded));
            if (fourcc == "VP8X" && size >= 1) chunk[8] = static_cast<char>(chunk[8] & ~0x0C);  // EXIF, XMP flags.
            chunks += chunk;
        }
        at += 8 + padded;
    }
    if (chunks.empty()) return Malformed("WebP");
    std::string out = "RIFF";
    AppendLittle32(out, static_cast<uint32_t>(chunks.size() + 4));
    out += "WEBP";
    out += chunks;
    return out;
}

std::string Clip(std::string_view text, size_t max) {
    std::string trimmed(TrimWhitespace(text));
    if (trimmed.size() > max) trimmed.resize(max);
    return trimmed;
}

}  // namespace

Result<std::string> StripImageMetadata(std::string_view bytes, std::string_view mime) {
    if (mime == "image/jpeg") return StripJpeg(bytes);
    if (mime == "image/png") return StripPng(bytes);
    if (mime == "image/webp") return StripWebp(bytes);
    return Fail(ErrorCode::kUnsupported, "only JPEG, PNG and WebP pictures are accepted");
}

PictureLibrary::PictureLibrary(const media::MediaStore& media, store::EditorialStore& editorial, const Clock& clock,
                               size_t max_bytes)
    : media_(media), editorial_(editorial), clock_(clock), max_bytes_(max_bytes) {}

Result<store::PictureRecord> PictureLibrary::Upload(int64_t staff_id, std::string_view bytes,
                                                    const PictureDetails& details) {
    if (bytes.size() > max_bytes_) {
        return Fail(ErrorCode::kTooLarge, "the picture is larger than " + std::to_string(max_bytes_ >> 20) + " MiB");
    }
    if (bytes.empty()) return Fail(ErrorCode::kInvalidInput, "choose a picture to upload");
    store::PictureRecord record;
    record.picture.alt_text = Clip(details.alt_text, 500);
    record.picture.caption = Clip(details.caption, 1000);
    record.picture.credit = Clip(details.credit, 200);
    if (record.picture.alt_text.empty()) {
        return Fail(ErrorCode::kInvalidInput, "describe the picture for readers who cannot see it (alt text)");
    }
    // The type comes from the content, never from the file name or the browser's word.
    auto inspected = media::InspectImage(bytes);
    if (!inspected) return Fail(ErrorCode::kUnsupported, "only JPEG, PNG and WebP pictures are accepted");
    auto stripped = StripImageMetadata(bytes, inspected->mime);
    if (!stripped) return stripped.error();
    auto stored = media_.Put(*stripped, max_bytes_);
    if (!stored) return stored.error();
    record.picture.path = stored->path;
    record.picture.mime = stored->mime;
    record.picture.width = stored->width;
    record.picture.height = stored->height;
    record.uploaded_by = staff_id;
    record.uploaded_at = clock_.Now();
    auto id = editorial_.AddPicture(record);
    if (!id) return id.error();
    record.id = *id;
    return record;
}

Result<std::vector<store::PictureRecord>> PictureLibrary::List(int limit, int offset) const {
    return editorial_.ListPictures(limit, offset);
}

}  // namespace broadsheet::newsroom
