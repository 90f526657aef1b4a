#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/editorial_store.h"

namespace broadsheet::media {
class MediaStore;
}  // namespace broadsheet::media

namespace broadsheet::newsroom {

/// `bytes` (a JPEG, PNG or WebP, given by `mime`) without its metadata: JPEG's APP1 (EXIF,
/// XMP), APP13 (IPTC) and comments, PNG's eXIf, text and time chunks, WebP's EXIF and XMP
/// chunks (and their VP8X flags). Lossless: the image data is copied byte for byte; colour
/// profiles (ICC, JFIF, Adobe) are kept. kInvalidInput when the structure is malformed.
/// The EXIF orientation goes with the EXIF, so a photo stored rotated shows as stored.
Result<std::string> StripImageMetadata(std::string_view bytes, std::string_view mime);

/// What an upload says about a picture besides its bytes.
struct PictureDetails {
    std::string alt_text;
    std::string caption;
    std::string credit;
};

/// The newsroom's picture library: uploads are checked by content (JPEG, PNG or WebP only),
/// stripped of metadata, stored in the media store (whose /media/r/<w>/ renditions serve
/// srcset) and listed in the EditorialStore. Thread-safe.
class PictureLibrary final {
public:
    /// The stores and clock must outlive the library. `max_bytes`: the upload size limit.
    PictureLibrary(const media::MediaStore& media, store::EditorialStore& editorial, const Clock& clock,
                   size_t max_bytes);

    /// Checks, strips and stores an upload. kUnsupported for another type, kTooLarge over the
    /// limit, kInvalidInput for a picture without alt text or a malformed file.
    Result<store::PictureRecord> Upload(int64_t staff_id, std::string_view bytes, const PictureDetails& details);
    /// The library, newest first.
    Result<std::vector<store::PictureRecord>> List(int limit, int offset) const;

    size_t max_bytes() const { return max_bytes_; }

private:
    const media::MediaStore& media_;     // Not owned.
    store::EditorialStore& editorial_;   // Not owned.
    const Clock& clock_;                 // Not owned.
    const size_t max_bytes_;
};

}  // namespace broadsheet::newsroom
