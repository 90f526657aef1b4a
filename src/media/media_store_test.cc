#include "media/media_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace broadsheet::media {
namespace {

// A 3x2 PNG header (enough for InspectImage) followed by junk.
std::string TinyPng() {
    std::string png("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x03\0\0\0\x02\x08\x02\0\0\0", 29);
    return png + "rest";
}

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

TEST(InspectImageTest, DetectsTypeAndSizeByContent) {
    auto png = InspectImage(TinyPng());
    ASSERT_TRUE(png.has_value());
    EXPECT_EQ(png->mime, "image/png");
    EXPECT_EQ(png->width, 3);
    EXPECT_EQ(png->height, 2);

    std::string gif("GIF89a\x10\0\x20\0", 10);
    auto g = InspectImage(gif);
    ASSERT_TRUE(g.has_value());
    EXPECT_EQ(g->mime, "image/gif");
    EXPECT_EQ(g->width, 16);
    EXPECT_EQ(g->height, 32);

    // A JPEG with an APP0 segment, then SOF0 giving 1200x675.
    std::string jpeg("\xFF\xD8\xFF\xE0\x00\x04\x00\x00\xFF\xC0\x00\x11\x08\x02\xA3\x04\xB0", 17);
    jpeg += std::string(20, '\0');
    auto j = InspectImage(jpeg);
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ(j->mime, "image/jpeg");
    EXPECT_EQ(j->width, 1200);
    EXPECT_EQ(j->height, 675);
}

TEST(InspectImageTest, RejectsWhatIsNotAnImage) {
    for (std::string_view bytes : {std::string_view(""), std::string_view("<svg onload=alert(1)>"),
                                   std::string_view("#!/bin/sh\nrm -rf /"), std::string_view("\x89PNG")}) {
        auto result = InspectImage(bytes);
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code, ErrorCode::kUnsupported);
    }
}

TEST(MediaStoreTest, StoresByContentOnce) {
    auto root = std::filesystem::temp_directory_path() / ("bs-media-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    MediaStore store(root);
    auto first = store.Put(TinyPng(), 1024);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(first->path.substr(2, 1), "/");
    EXPECT_TRUE(first->path.ends_with(".png"));
    EXPECT_EQ(ReadFile(root / first->path), TinyPng());
    auto second = store.Put(TinyPng(), 1024);
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(second->path, first->path);
    EXPECT_EQ(store.Put(TinyPng(), 10).error().code, ErrorCode::kTooLarge);
    EXPECT_EQ(store.Put("not an image", 1024).error().code, ErrorCode::kUnsupported);
    std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace broadsheet::media
