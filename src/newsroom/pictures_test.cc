#include "newsroom/pictures.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "media/media_store.h"
#include "store/sqlite/sqlite_editorial_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::newsroom {
namespace {

const Timestamp kNow = Timestamp{std::chrono::seconds{1731752820}};
constexpr std::string_view kSecret = "GPS 35.6762N 139.6503E Camera serial 0xC0FFEE";

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string Segment(unsigned char marker, std::string_view payload) {
    std::string s{'\xFF', static_cast<char>(marker)};
    size_t length = payload.size() + 2;
    s.push_back(static_cast<char>(length >> 8));
    s.push_back(static_cast<char>(length & 0xFF));
    return s + std::string(payload);
}

/// A real JPEG with an EXIF APP1, an XMP APP1 and a comment inserted after SOI.
std::string JpegWithExif() {
    std::string jpeg = ReadFile(std::filesystem::path(BROADSHEET_SOURCE_DIR) / "fixtures/demo/pictures/japan-flag.jpg");
    EXPECT_GT(jpeg.size(), 100u);
    std::string extra = Segment(0xE1, std::string("Exif\0\0", 6) + std::string(kSecret)) +
                        Segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>secret</x:xmpmeta>") +
                        Segment(0xFE, "a comment");
    return jpeg.substr(0, 2) + extra + jpeg.substr(2);
}

std::string Chunk(std::string_view type, std::string_view data) {
    std::string s;
    for (int shift : {24, 16, 8, 0}) s.push_back(static_cast<char>((data.size() >> shift) & 0xFF));
    return s + std::string(type) + std::string(data) + std::string(4, '\0');  // CRC, unchecked.
}

std::string WebpChunk(std::string_view fourcc, std::string_view data) {
    std::string s(fourcc);
    for (int shift : {0, 8, 16, 24}) s.push_back(static_cast<char>((data.size() >> shift) & 0xFF));
    s += data;
    if (data.size() % 2) s.push_back('\0');
    return s;
}

TEST(StripImageMetadataTest, JpegLosesExifXmpAndCommentsKeepsTheImage) {
    const std::string original = JpegWithExif();
    auto stripped = StripImageMetadata(original, "image/jpeg");
    ASSERT_TRUE(stripped.has_value()) << stripped.error().message;
    EXPECT_EQ(stripped->find(kSecret), std::string::npos);
    EXPECT_EQ(stripped->find("xmpmeta"), std::string::npos);
    EXPECT_EQ(stripped->find("a comment"), std::string::npos);
    auto image = media::InspectImage(*stripped);
    ASSERT_TRUE(image.has_value());
    auto before = media::InspectImage(original);
    EXPECT_EQ(image->width, before->width);
    EXPECT_EQ(image->height, before->height);
    // Stripping again changes nothing.
    EXPECT_EQ(StripImageMetadata(*stripped, "image/jpeg").value(), *stripped);
}

TEST(StripImageMetadataTest, PngDropsTextAndExifChunks) {
    std::string ihdr("\0\0\0\x10\0\0\0\x09\x08\x02\0\0\0", 13);
    std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + Chunk("IHDR", ihdr) + Chunk("tEXt", kSecret) +
                      Chunk("eXIf", kSecret) + Chunk("IDAT", "pixels") + Chunk("IEND", "");
    auto stripped = StripImageMetadata(png, "image/png");
    ASSERT_TRUE(stripped.has_value()) << stripped.error().message;
    EXPECT_EQ(stripped->find(kSecret), std::string::npos);
    EXPECT_NE(stripped->find("IDAT"), std::string::npos);
    EXPECT_FALSE(StripImageMetadata(png.substr(0, png.size() - 6), "image/png").has_value());
}

TEST(StripImageMetadataTest, WebpDropsExifAndXmpAndTheirFlags) {
    std::string vp8x("\x0C\0\0\0\x0F\0\0\x0F\0\0", 10);
    std::string body = WebpChunk("VP8X", vp8x) + WebpChunk("VP8 ", "frame") + WebpChunk("EXIF", kSecret) +
                       WebpChunk("XMP ", "xmp!");
    std::string webp = "RIFF";
    for (int shift : {0, 8, 16, 24}) webp.push_back(static_cast<char>(((body.size() + 4) >> shift) & 0xFF));
    webp += "WEBP" + body;
    auto stripped = StripImageMetadata(webp, "image/webp");
    ASSERT_TRUE(stripped.has_value()) << stripped.error().message;
    EXPECT_EQ(stripped->find(kSecret), std::string::npos);
    EXPECT_EQ(stripped->find("XMP "), std::string::npos);
    EXPECT_EQ((*stripped)[20] & 0x0C, 0);  // VP8X flags.
    const uint32_t riff = static_cast<unsigned char>((*stripped)[4]) | (static_cast<unsigned char>((*stripped)[5]) << 8);
    EXPECT_EQ(riff + 8, stripped->size());
}

TEST(StripImageMetadataTest, RejectsOtherTypesAndMalformedFiles) {
    EXPECT_EQ(StripImageMetadata("GIF89a......", "image/gif").error().code, ErrorCode::kUnsupported);
    EXPECT_EQ(StripImageMetadata("\xFF\xD8\xFF\xE1\x00", "image/jpeg").error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(StripImageMetadata("RIFF\0\0\0\0WEBP", "image/webp").error().code, ErrorCode::kInvalidInput);
}

class PictureLibraryTest : public ::testing::Test {
protected:
    store::sqlite::TestDatabase db_;
    store::sqlite::SqliteEditorialStore editorial_{db_.pool()};
    media::MediaStore media_{db_.dir() / "media"};
    FixedClock clock_{kNow};
    PictureLibrary library_{media_, editorial_, clock_, 1 << 20};
};

TEST_F(PictureLibraryTest, StoresTheStrippedPictureAndListsIt) {
    auto record = library_.Upload(5, JpegWithExif(), {"Japan's flag", "Flying in Tokyo", "Staff"});
    ASSERT_TRUE(record.has_value()) << record.error().message;
    EXPECT_EQ(record->picture.mime, "image/jpeg");
    EXPECT_GT(record->picture.width, 0);
    const std::string stored = ReadFile(media_.root() / record->picture.path);
    EXPECT_EQ(stored.find(kSecret), std::string::npos);
    auto list = library_.List(10, 0);
    ASSERT_TRUE(list.has_value());
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->front().picture.alt_text, "Japan's flag");
    EXPECT_EQ(list->front().uploaded_by, 5);
}

TEST_F(PictureLibraryTest, RefusesOtherTypesTooLargeAndMissingAlt) {
    EXPECT_EQ(library_.Upload(5, "<svg xmlns='http://www.w3.org/2000/svg'/>", {"alt", "", ""}).error().code,
              ErrorCode::kUnsupported);
    EXPECT_EQ(library_.Upload(5, std::string("GIF89a\x01\0\x01\0\0\0\0;", 14), {"alt", "", ""}).error().code,
              ErrorCode::kUnsupported);
    EXPECT_EQ(library_.Upload(5, std::string((1 << 20) + 1, 'x'), {"alt", "", ""}).error().code, ErrorCode::kTooLarge);
    EXPECT_EQ(library_.Upload(5, JpegWithExif(), {"  ", "", ""}).error().code, ErrorCode::kInvalidInput);
    EXPECT_TRUE(library_.List(10, 0)->empty());
}

}  // namespace
}  // namespace broadsheet::newsroom
