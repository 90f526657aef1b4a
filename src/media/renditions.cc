#include "media/renditions.h"

// The only file that sees libvips (and, through it, glib): its headers are large and its
// macros noisy, so they stay out of every header.
#include <vips/vips.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "media/media_store.h"

namespace broadsheet::media {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kOriginalExtensions[] = {".jpg", ".png", ".gif", ".webp"};

struct GObjectUnref {
    void operator()(void* object) const { g_object_unref(object); }
};
using Image = std::unique_ptr<VipsImage, GObjectUnref>;

struct GFree {
    void operator()(void* memory) const { g_free(memory); }
};

// libvips keeps one error buffer per process; take its text and clear it in one step.
std::string VipsError() {
    std::unique_ptr<char, GFree> text(vips_error_buffer_copy());
    std::string message = text ? text.get() : "";
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return message.empty() ? "libvips failed" : message;
}

void InitVipsOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (VIPS_INIT("broadsheet") != 0)
            throw std::runtime_error("cannot initialise libvips: " + VipsError());
        // Each rendition is made once and then served from disk, so libvips' cache of recent
        // operations would only hold memory.
        vips_cache_set_max(0);
    });
}

bool IsAllowedWidth(int width) {
    return std::find(Renditions::kWidths.begin(), Renditions::kWidths.end(), width) !=
           Renditions::kWidths.end();
}

// "ab/abcd…": '/'-separated segments of letters, digits, '-' and '_' — so no "." or ".."
// segment, no extension, nothing absolute — and not below "r/", where renditions live.
bool IsValidStem(std::string_view stem) {
    if (stem.empty() || stem.size() > 200 || stem.front() == '/' || stem.back() == '/')
        return false;
    if (stem == "r" || stem.starts_with("r/")) return false;
    char previous = '/';
    for (char c : stem) {
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
        if (!word && !(c == '/' && previous != '/')) return false;
        previous = c;
    }
    return true;
}

std::string_view ExtensionOf(RenditionFormat format) {
    return format == RenditionFormat::kWebp ? ".webp" : ".jpg";
}

// The original with this stem, if one is stored: a regular file that resolves below the root.
std::optional<fs::path> FindOriginal(const fs::path& root, std::string_view stem) {
    std::error_code ec;
    const fs::path canonical_root = fs::canonical(root, ec);
    if (ec) return std::nullopt;
    for (std::string_view extension : kOriginalExtensions) {
        fs::path candidate = root / (std::string(stem) + std::string(extension));
        if (!fs::is_regular_file(candidate, ec)) continue;
        fs::path resolved = fs::canonical(candidate, ec);
        if (ec) continue;
        auto [root_end, unused] = std::mismatch(canonical_root.begin(), canonical_root.end(),
                                                resolved.begin(), resolved.end());
        if (root_end == canonical_root.end()) return resolved;
    }
    return std::nullopt;
}

uint32_t ReadLe32(std::string_view b, size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(b[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

void WriteLe32(std::string& b, size_t at, uint32_t value) {
    for (int i = 0; i < 4; ++i)
        b[at + static_cast<size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

// libvips 8.14's webpsave writes an EXIF chunk of its own (resolution, orientation) even with
// "strip"; this drops the EXIF, XMP and ICC chunks of a WebP file and their flags in the VP8X
// header. Leaves anything it does not understand as it was.
std::string WithoutWebpMetadata(std::string webp) {
    if (webp.size() < 12 || webp.compare(0, 4, "RIFF") != 0 || webp.compare(8, 4, "WEBP") != 0)
        return webp;
    std::string out = webp.substr(0, 12);
    size_t at = 12;
    while (at + 8 <= webp.size()) {
        std::string_view fourcc(webp.data() + at, 4);
        size_t length = ReadLe32(webp, at + 4);
        size_t padded = 8 + length + (length & 1);
        if (at + padded > webp.size()) return webp;  // Truncated: not ours to repair.
        if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
            size_t start = out.size();
            out.append(webp, at, padded);
            // VP8X flags: ICC 0x20, EXIF 0x08, XMP 0x04.
            if (fourcc == "VP8X" && length >= 1)
                out[start + 8] = static_cast<char>(out[start + 8] & ~0x2C);
        }
        at += padded;
    }
    if (at != webp.size()) return webp;
    WriteLe32(out, 4, static_cast<uint32_t>(out.size() - 8));
    return out;
}

// Scales, strips and encodes; the bytes of the new file.
Result<std::string> Render(const fs::path& original, int width, RenditionFormat format,
                           const RenditionOptions& options) {
    // The header alone (libvips decodes lazily) tells the size before any pixel is read.
    Image header(vips_image_new_from_file(original.c_str(), nullptr));
    if (!header)
        return Fail(ErrorCode::kUnsupported,
                    "cannot read " + original.filename().string() + ": " + VipsError());
    const int64_t pixels = static_cast<int64_t>(vips_image_get_width(header.get())) *
                           vips_image_get_height(header.get());
    if (pixels > options.max_pixels) {
        return Fail(ErrorCode::kUnsupported,
                    original.filename().string() + " has " + std::to_string(pixels) +
                        " pixels, over the limit of " + std::to_string(options.max_pixels));
    }
    header.reset();

    // thumbnail shrinks on load where the format allows (JPEG), turns the image upright by its
    // EXIF orientation and converts an embedded colour profile to sRGB. A height far larger
    // than any picture makes the width the only constraint; "down" never enlarges.
    VipsImage* scaled_raw = nullptr;
    if (vips_thumbnail(original.c_str(), &scaled_raw, width, "height", VIPS_MAX_COORD, "size",
                       VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, nullptr) != 0) {
        return Fail(ErrorCode::kUnsupported,
                    "cannot scale " + original.filename().string() + ": " + VipsError());
    }
    Image scaled(scaled_raw);

    void* buffer = nullptr;
    size_t length = 0;
    int failed = 0;
    if (format == RenditionFormat::kWebp) {
        failed = vips_webpsave_buffer(scaled.get(), &buffer, &length, "Q", options.webp_quality,
                                      "strip", TRUE, nullptr);
    } else {
        // JPEG has no transparency: put a transparent PNG or WebP on white, not libvips' black.
        if (vips_image_hasalpha(scaled.get())) {
            VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
            VipsImage* flat_raw = nullptr;
            int flatten_failed =
                vips_flatten(scaled.get(), &flat_raw, "background", white, nullptr);
            vips_area_unref(reinterpret_cast<VipsArea*>(white));
            if (flatten_failed != 0)
                return Fail(ErrorCode::kUnsupported, "cannot flatten: " + VipsError());
            scaled.reset(flat_raw);
        }
        failed =
            vips_jpegsave_buffer(scaled.get(), &buffer, &length, "Q", options.jpeg_quality, "strip",
                                 TRUE, "optimize_coding", TRUE, "interlace", TRUE, nullptr);
    }
    std::unique_ptr<void, GFree> owned(buffer);
    if (failed != 0) return Fail(ErrorCode::kUnsupported, "cannot encode: " + VipsError());
    std::string bytes(static_cast<const char*>(buffer), length);
    return format == RenditionFormat::kWebp ? WithoutWebpMetadata(std::move(bytes)) : bytes;
}

}  // namespace

Renditions::Renditions(fs::path media_root, RenditionOptions options)
    : root_(std::move(media_root)), options_(options) {}

std::string Renditions::PathFor(std::string_view original_path, int width, RenditionFormat format) {
    size_t dot = original_path.rfind('.');
    size_t slash = original_path.rfind('/');
    std::string_view stem = original_path;
    if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
        stem = original_path.substr(0, dot);
    }
    return "r/" + std::to_string(width) + "/" + std::string(stem) +
           std::string(ExtensionOf(format));
}

std::optional<RenditionKey> Renditions::Parse(std::string_view relative) {
    if (!relative.starts_with("r/")) return std::nullopt;
    relative.remove_prefix(2);
    size_t slash = relative.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    std::string_view digits = relative.substr(0, slash);
    RenditionKey key;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), key.width);
    // Exactly the decimal spelling PathFor writes: no sign, no leading zero.
    if (ec != std::errc() || end != digits.data() + digits.size() ||
        std::to_string(key.width) != digits || !IsAllowedWidth(key.width)) {
        return std::nullopt;
    }
    std::string_view file = relative.substr(slash + 1);
    if (file.ends_with(".webp")) {
        key.format = RenditionFormat::kWebp;
        file.remove_suffix(5);
    } else if (file.ends_with(".jpg")) {
        key.format = RenditionFormat::kJpeg;
        file.remove_suffix(4);
    } else {
        return std::nullopt;
    }
    if (!IsValidStem(file)) return std::nullopt;
    key.original_stem = std::string(file);
    return key;
}

Result<fs::path> Renditions::Ensure(std::string_view original_stem, int width,
                                    RenditionFormat format) const {
    if (!IsAllowedWidth(width)) {
        return Fail(ErrorCode::kInvalidInput,
                    "no renditions " + std::to_string(width) + " pixels wide");
    }
    if (!IsValidStem(original_stem))
        return Fail(ErrorCode::kInvalidInput, "not a stored picture's name");
    fs::path target = root_ / PathFor(original_stem, width, format);
    std::error_code ec;
    if (fs::is_regular_file(target, ec)) return target;

    std::optional<fs::path> original = FindOriginal(root_, original_stem);
    if (!original)
        return Fail(ErrorCode::kNotFound, "no stored picture " + std::string(original_stem));
    InitVipsOnce();
    auto bytes = Render(*original, width, format, options_);
    if (!bytes) return bytes.error();
    if (auto written = WriteFileAtomically(target, *bytes); !written) return written.error();
    return target;
}

}  // namespace broadsheet::media
