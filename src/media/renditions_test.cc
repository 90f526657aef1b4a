#include "media/renditions.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "media/media_store.h"

namespace broadsheet::media {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = "Broadsheet-EXIF-marker";

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A demo picture (1200x675 JPEG) with an EXIF segment inserted after SOI: a little-endian
// TIFF header and one IFD0 entry, Artist = kMarker.
std::string JpegWithExif() {
    std::string jpeg =
        ReadFile(fs::path(BROADSHEET_SOURCE_DIR) / "fixtures/demo/pictures/japan-flag.jpg");
    std::string artist = std::string(kMarker) + '\0';
    std::string tiff("II\x2A\0\x08\0\0\0", 8);
    tiff += std::string("\x01\0", 2);          // One entry.
    tiff += std::string("\x3B\x01\x02\0", 4);  // Artist, ASCII.
    tiff += std::string(1, static_cast<char>(artist.size())) + std::string(3, '\0');  // Count.
    tiff += std::string("\x1A\0\0\0", 4);  // Value at offset 26.
    tiff += std::string(4, '\0');          // No next IFD.
    tiff += artist;
    std::string payload = std::string("Exif\0\0", 6) + tiff;
    size_t length = payload.size() + 2;
    std::string segment = "\xFF\xE1";
    segment += static_cast<char>(length >> 8);
    segment += static_cast<char>(length & 0xFF);
    segment += payload;
    return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

std::string StemOf(const std::string& path) { return path.substr(0, path.rfind('.')); }

class RenditionsTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("bs-renditions-" + std::to_string(::getpid()));
        fs::remove_all(root_);
        auto stored = MediaStore(root_).Put(JpegWithExif(), 1 << 20);
        ASSERT_TRUE(stored.has_value()) << stored.error().message;
        ASSERT_EQ(stored->width, 1200);
        original_ = stored->path;
        ASSERT_NE(ReadFile(root_ / original_).find(kMarker), std::string::npos)
            << "the fixture carries EXIF";
    }
    void TearDown() override { fs::remove_all(root_); }

    fs::path root_;
    std::string original_;
};

TEST_F(RenditionsTest, MakesEachWidthAndFormatWithoutMetadata) {
    Renditions renditions(root_);
    struct Case {
        int width;
        RenditionFormat format;
        std::string_view magic;
        std::string_view mime;
        std::string_view extension;
    };
    const Case kCases[] = {
        {320, RenditionFormat::kJpeg, "\xFF\xD8\xFF", "image/jpeg", ".jpg"},
        {640, RenditionFormat::kWebp, "RIFF", "image/webp", ".webp"},
        {960, RenditionFormat::kJpeg, "\xFF\xD8\xFF", "image/jpeg", ".jpg"},
        {960, RenditionFormat::kWebp, "RIFF", "image/webp", ".webp"},
    };
    for (const Case& c : kCases) {
        auto made = renditions.Ensure(StemOf(original_), c.width, c.format);
        ASSERT_TRUE(made.has_value()) << c.width << ": " << made.error().message;
        EXPECT_EQ(*made, root_ / ("r/" + std::to_string(c.width) + "/" + StemOf(original_) +
                                  std::string(c.extension)));
        std::string bytes = ReadFile(*made);
        EXPECT_TRUE(bytes.starts_with(c.magic)) << c.width;
        auto inspected = InspectImage(bytes);
        ASSERT_TRUE(inspected.has_value()) << c.width;
        EXPECT_EQ(inspected->mime, c.mime);
        EXPECT_EQ(inspected->width, c.width);
        EXPECT_EQ(inspected->height, c.width * 675 / 1200) << c.width;
        EXPECT_EQ(bytes.find(kMarker), std::string::npos) << "EXIF kept at " << c.width;
        EXPECT_EQ(bytes.find("Exif"), std::string::npos) << c.width;
        EXPECT_EQ(bytes.find("EXIF"), std::string::npos) << c.width;  // WebP's metadata chunk.
        EXPECT_LT(bytes.size(), ReadFile(root_ / original_).size()) << c.width;
    }
}

TEST_F(RenditionsTest, NeverEnlargesTheOriginal) {
    Renditions renditions(root_);
    auto made = renditions.Ensure(StemOf(original_), 1600, RenditionFormat::kWebp);
    ASSERT_TRUE(made.has_value()) << made.error().message;
    EXPECT_EQ(InspectImage(ReadFile(*made))->width, 1200);
}

TEST_F(RenditionsTest, ServesWhatIsOnDiskWithoutMakingItAgain) {
    Renditions renditions(root_);
    auto first = renditions.Ensure(StemOf(original_), 320, RenditionFormat::kWebp);
    ASSERT_TRUE(first.has_value());
    std::ofstream(*first, std::ios::trunc) << "cached";
    auto second = renditions.Ensure(StemOf(original_), 320, RenditionFormat::kWebp);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(*second, *first);
    EXPECT_EQ(ReadFile(*second), "cached");
}

TEST_F(RenditionsTest, RefusesOtherWidthsMissingOriginalsAndBadNames) {
    Renditions renditions(root_);
    for (int width : {0, -320, 100, 321, 500, 999, 2000, 4800}) {
        auto result = renditions.Ensure(StemOf(original_), width, RenditionFormat::kJpeg);
        ASSERT_FALSE(result.has_value()) << width;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput) << width;
    }
    for (std::string_view stem : {"", "..", "../x", "/etc/passwd", "ab/../cd", "ab//cd",
                                  "ab/cd.jpg", "r/320/ab/cd", "ab/cd/", "ab\\cd", "ab/c%2e"}) {
        auto result = renditions.Ensure(stem, 320, RenditionFormat::kJpeg);
        ASSERT_FALSE(result.has_value()) << stem;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput) << stem;
    }
    auto missing =
        renditions.Ensure("ab/0123456789abcdef0123456789abcdef", 320, RenditionFormat::kJpeg);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

    fs::create_directories(root_ / "cd");
    std::ofstream(root_ / "cd" / "broken.jpg") << "\xFF\xD8\xFF not really a picture";
    auto broken = renditions.Ensure("cd/broken", 320, RenditionFormat::kWebp);
    ASSERT_FALSE(broken.has_value());
    EXPECT_EQ(broken.error().code, ErrorCode::kUnsupported);

    // Nothing was made for any of them.
    EXPECT_FALSE(fs::exists(root_ / "r"));
}

TEST_F(RenditionsTest, RefusesOriginalsOverThePixelLimit) {
    Renditions renditions(root_, RenditionOptions{.max_pixels = 1200 * 675 - 1});
    auto result = renditions.Ensure(StemOf(original_), 320, RenditionFormat::kJpeg);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kUnsupported);
}

TEST_F(RenditionsTest, ConcurrentFirstRequestsAllGetTheWholeFile) {
    Renditions renditions(root_);
    std::vector<std::thread> threads;
    std::vector<int> ok(6, 0);
    for (size_t i = 0; i < ok.size(); ++i) {
        threads.emplace_back([&, i] {
            auto made = renditions.Ensure(StemOf(original_), 640, RenditionFormat::kJpeg);
            ok[i] = made.has_value() &&
                    InspectImage(ReadFile(*made)).value_or(StoredImage{}).width == 640;
        });
    }
    for (std::thread& thread : threads) thread.join();
    for (int each : ok) EXPECT_TRUE(each);
    // Only the rendition is left in its folder: no temporary files.
    fs::path folder =
        (root_ / Renditions::PathFor(original_, 640, RenditionFormat::kJpeg)).parent_path();
    EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1);
}

TEST(RenditionPathTest, PathForAndParseAreInverses) {
    EXPECT_EQ(Renditions::PathFor("ab/abcd.jpg", 640, RenditionFormat::kWebp),
              "r/640/ab/abcd.webp");
    EXPECT_EQ(Renditions::PathFor("ab/abcd.png", 320, RenditionFormat::kJpeg), "r/320/ab/abcd.jpg");
    for (int width : Renditions::kWidths) {
        for (RenditionFormat format : {RenditionFormat::kJpeg, RenditionFormat::kWebp}) {
            auto key = Renditions::Parse(Renditions::PathFor("ab/abcd.gif", width, format));
            ASSERT_TRUE(key.has_value()) << width;
            EXPECT_EQ(key->original_stem, "ab/abcd");
            EXPECT_EQ(key->width, width);
            EXPECT_EQ(key->format, format);
        }
    }
}

TEST(RenditionPathTest, ParseRefusesEverythingElse) {
    for (std::string_view path :
         {"ab/abcd.jpg", "r/640/ab/abcd.png", "r/640/ab/abcd", "r/999/ab/abcd.webp",
          "r/0640/ab/abcd.webp", "r/+640/ab/abcd.webp", "r/640", "r/640/", "r/640/.webp",
          "r/640/../abcd.webp", "r/640/ab/../../x.webp", "r/640/r/640/ab/abcd.webp",
          "r/640//ab.webp", "r/640/ab/abcd.jpg.webp", "r//ab/abcd.webp"}) {
        EXPECT_FALSE(Renditions::Parse(path).has_value()) << path;
    }
}

}  // namespace
}  // namespace broadsheet::media
