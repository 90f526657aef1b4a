#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace broadsheet::media {

/// The encodings a rendition is made in.
enum class RenditionFormat { kJpeg, kWebp };

/// How renditions are encoded, and which originals are refused.
struct RenditionOptions {
    int jpeg_quality = 78;            ///< libvips Q, 1–100.
    int webp_quality = 75;            ///< libvips Q, 1–100.
    int64_t max_pixels = 50'000'000;  ///< Larger originals are refused (decompression bombs).
};

/// What a rendition path names: the original (its path below the media root without the
/// extension, "ab/abcd…"), a width and a format.
struct RenditionKey {
    std::string original_stem;
    int width = 0;
    RenditionFormat format = RenditionFormat::kJpeg;
};

/// Smaller copies of stored pictures for `srcset`, made with libvips on first request and
/// kept below the media root as "r/<width>/<original stem>.<jpg|webp>", which is also their
/// URL below /media/. Only the widths in kWidths are made, each at most once per original
/// and format, so disk use is bounded by the originals. Thread-safe: files are written
/// atomically, so concurrent first requests for one rendition each make it and the last
/// rename wins with identical bytes. libvips itself is confined to renditions.cc.
class Renditions final {
public:
    /// The widths made, narrowest first. A rendition is never wider than its original.
    static constexpr std::array<int, 5> kWidths{320, 640, 960, 1280, 1600};

    /// Touches no files. libvips is initialised once per process, on the first rendition made
    /// (thread-safe); failing that throws std::runtime_error.
    explicit Renditions(std::filesystem::path media_root, RenditionOptions options = {});

    /// "r/640/ab/abcd….webp" for the stored picture "ab/abcd….jpg": the rendition's path below
    /// the media root and its URL below /media/. `width` should be one of kWidths.
    static std::string PathFor(std::string_view original_path, int width, RenditionFormat format);

    /// The inverse of PathFor, for a path below the media root such as "r/640/ab/abcd….webp";
    /// nullopt for any other width, extension or shape (nothing with "." or ".." segments, no
    /// rendition of a rendition).
    static std::optional<RenditionKey> Parse(std::string_view relative);

    /// The rendition's file, made now when it is not on disk yet: the original scaled to
    /// `width` pixels wide (never wider than the original), auto-rotated, in sRGB, metadata
    /// (EXIF, XMP, ICC, comments) stripped. Fails with kInvalidInput for a width not in kWidths
    /// or a malformed stem, kNotFound when no original (JPEG, PNG, GIF or WebP) has that stem,
    /// kUnsupported when libvips cannot decode it or it is over max_pixels, kIo when the file
    /// cannot be written. May take tens of milliseconds on first request.
    Result<std::filesystem::path> Ensure(std::string_view original_stem, int width,
                                         RenditionFormat format) const;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
    RenditionOptions options_;
};

}  // namespace broadsheet::media
