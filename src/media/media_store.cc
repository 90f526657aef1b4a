#include "media/media_store.h"

#include <sodium.h>

#include <cstdio>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace broadsheet::media {
namespace {

uint32_t Be16(std::string_view b, size_t i) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(b[i])) << 8) | static_cast<unsigned char>(b[i + 1]);
}
uint32_t Be32(std::string_view b, size_t i) { return (Be16(b, i) << 16) | Be16(b, i + 2); }
uint32_t Le16(std::string_view b, size_t i) {
    return static_cast<unsigned char>(b[i]) | (static_cast<uint32_t>(static_cast<unsigned char>(b[i + 1])) << 8);
}
uint32_t Le24(std::string_view b, size_t i) { return Le16(b, i) | (static_cast<uint32_t>(static_cast<unsigned char>(b[i + 2])) << 16); }

// Walks JPEG segments to the first start-of-frame marker, which holds the size.
void JpegSize(std::string_view b, int& width, int& height) {
    size_t i = 2;
    while (i + 9 < b.size()) {
        if (static_cast<unsigned char>(b[i]) != 0xFF) return;
        unsigned char marker = static_cast<unsigned char>(b[i + 1]);
        if (marker == 0xFF) {
            ++i;
            continue;
        }
        uint32_t length = Be16(b, i + 2);
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            height = static_cast<int>(Be16(b, i + 5));
            width = static_cast<int>(Be16(b, i + 7));
            return;
        }
        if (length < 2) return;
        i += 2 + length;
    }
}

void WebpSize(std::string_view b, int& width, int& height) {
    if (b.size() < 30) return;
    std::string_view chunk = b.substr(12, 4);
    if (chunk == "VP8 " && b.size() >= 30) {
        width = static_cast<int>(Le16(b, 26) & 0x3FFF);
        height = static_cast<int>(Le16(b, 28) & 0x3FFF);
    } else if (chunk == "VP8L" && b.size() >= 25) {
        uint32_t bits = static_cast<unsigned char>(b[21]) | (static_cast<uint32_t>(static_cast<unsigned char>(b[22])) << 8) |
                        (static_cast<uint32_t>(static_cast<unsigned char>(b[23])) << 16) |
                        (static_cast<uint32_t>(static_cast<unsigned char>(b[24])) << 24);
        width = static_cast<int>((bits & 0x3FFF) + 1);
        height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
    } else if (chunk == "VP8X") {
        width = static_cast<int>(Le24(b, 24) + 1);
        height = static_cast<int>(Le24(b, 27) + 1);
    }
}

}  // namespace

Result<void> WriteFileAtomically(const std::filesystem::path& target, std::string_view bytes) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create " + target.parent_path().string() + ": " + ec.message());
    // The pid and a random number keep the temporary names of concurrent writers (threads or
    // processes) apart; a shared name would let one writer truncate another's half-written file.
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp-%d-%08x", static_cast<int>(::getpid()), randombytes_random());
    std::filesystem::path temp = target;
    temp += suffix;
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::filesystem::remove(temp, ec);
            return Fail(ErrorCode::kIo, "cannot write " + temp.string());
        }
    }
    std::filesystem::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        return Fail(ErrorCode::kIo, "cannot store " + target.string() + ": " + ec.message());
    }
    return {};
}

Result<StoredImage> InspectImage(std::string_view b) {
    StoredImage image;
    image.bytes = b.size();
    if (b.size() >= 4 && b.substr(0, 3) == "\xFF\xD8\xFF") {
        image.mime = "image/jpeg";
        JpegSize(b, image.width, image.height);
    } else if (b.size() >= 24 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n") {
        image.mime = "image/png";
        image.width = static_cast<int>(Be32(b, 16));
        image.height = static_cast<int>(Be32(b, 20));
    } else if (b.size() >= 10 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) {
        image.mime = "image/gif";
        image.width = static_cast<int>(Le16(b, 6));
        image.height = static_cast<int>(Le16(b, 8));
    } else if (b.size() >= 16 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") {
        image.mime = "image/webp";
        WebpSize(b, image.width, image.height);
    } else {
        return Fail(ErrorCode::kUnsupported, "not a JPEG, PNG, GIF or WebP image");
    }
    if (image.width < 0 || image.height < 0 || image.width > 100000 || image.height > 100000) {
        image.width = image.height = 0;
    }
    return image;
}

Result<StoredImage> MediaStore::Put(std::string_view bytes, size_t max_bytes) const {
    if (bytes.size() > max_bytes) {
        return Fail(ErrorCode::kTooLarge, "image of " + std::to_string(bytes.size()) + " bytes is over the limit of " +
                                              std::to_string(max_bytes));
    }
    auto inspected = InspectImage(bytes);
    if (!inspected) return inspected;
    StoredImage image = *inspected;

    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    std::string name(hex, 32);  // 128 bits is plenty to tell images apart.
    const char* extension = image.mime == "image/jpeg" ? ".jpg"
                            : image.mime == "image/png" ? ".png"
                            : image.mime == "image/gif" ? ".gif"
                                                        : ".webp";
    image.path = name.substr(0, 2) + "/" + name + extension;

    std::filesystem::path target = root_ / image.path;
    std::error_code ec;
    if (std::filesystem::exists(target, ec)) return image;
    if (auto written = WriteFileAtomically(target, bytes); !written) return written.error();
    return image;
}

}  // namespace broadsheet::media
