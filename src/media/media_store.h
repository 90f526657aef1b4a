#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace broadsheet::media {

/// What the media store knows of a stored image.
struct StoredImage {
    std::string path;  ///< Relative to the store root: "ab/ab12…ef.jpg". Also its URL below /media/.
    std::string mime;  ///< Detected from the content, never from a name or header.
    int width = 0;     ///< From the image header; 0 if it could not be read.
    int height = 0;
    size_t bytes = 0;
};

/// The type and pixel size of an image, from its first bytes. kUnsupported for anything
/// but JPEG, PNG, GIF and WebP.
Result<StoredImage> InspectImage(std::string_view bytes);

/// Writes `bytes` to `target` atomically: to a temporary file of a name unique to this call
/// beside it, then renamed over it, so readers see the whole file or none and concurrent
/// writers of the same target never interleave. Creates the parent folders.
Result<void> WriteFileAtomically(const std::filesystem::path& target, std::string_view bytes);

/// Content-addressed image files under a folder of the data dir. Storing the same bytes
/// twice stores them once. Thread-safe (writes are atomic renames).
class MediaStore final {
public:
    explicit MediaStore(std::filesystem::path root) : root_(std::move(root)) {}

    /// Checks `bytes` is an image (by content) no larger than `max_bytes`, and stores it.
    Result<StoredImage> Put(std::string_view bytes, size_t max_bytes) const;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
};

}  // namespace broadsheet::media
