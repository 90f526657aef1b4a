// ScanDropFolder on a real folder.
#include "ingest/sources/drop_folder.h"

#include <gtest/gtest.h>

#include "ingest/sources/sources_test_support.h"

namespace broadsheet::ingest {
namespace {

using testing::NinjsStory;
using testing::ReadFile;
using testing::WriteFile;
using testing::WriteSettledFile;
namespace fs = std::filesystem;

class DropFolderTest : public testing::SourcesTest {
protected:
    void SetUp() override {
        SourcesTest::SetUp();
        folder_ = dir_ / "drop";
        fs::create_directories(folder_);
    }

    FeedConfig Feed() const { return FeedConfig{.id = "pti", .folder = folder_.string(), .section = "markets"}; }

    IngestReport Scan() {
        auto report = ScanDropFolder(Feed(), *publisher_, 64 * 1024);
        EXPECT_TRUE(report.has_value()) << report.error().message;
        return report.value_or(IngestReport{});
    }

    fs::path folder_;
};

TEST_F(DropFolderTest, AGoodFileGoesInAndMovesToDone) {
    WriteSettledFile(folder_ / "story.json", NinjsStory("urn:test:1", "1", "Rupee at a record low"));
    IngestReport report = Scan();
    EXPECT_EQ(report.Summary(), "ingested 1, updated 0, unchanged 0, rejected 0");
    EXPECT_FALSE(fs::exists(folder_ / "story.json"));
    EXPECT_TRUE(fs::exists(folder_ / "done" / "story.json"));
    EXPECT_FALSE(fs::exists(folder_ / "failed"));
    auto listed = articles_->List(store::ListQuery{.section = "markets"});
    ASSERT_EQ(listed->size(), 1u) << "the feed's section is the fallback";
    // Each file once: the next scan finds nothing.
    EXPECT_EQ(Scan().Summary(), "ingested 0, updated 0, unchanged 0, rejected 0");
}

TEST_F(DropFolderTest, ABadFileMovesToFailedWithItsReason) {
    WriteSettledFile(folder_ / "broken.json", "{\"uri\": ");
    IngestReport report = Scan();
    EXPECT_EQ(report.rejected, 1);
    ASSERT_EQ(report.rejections.size(), 1u);
    EXPECT_EQ(report.rejections[0].first, (folder_ / "broken.json").string());
    EXPECT_FALSE(fs::exists(folder_ / "broken.json"));
    ASSERT_TRUE(fs::exists(folder_ / "failed" / "broken.json"));
    std::string reason = ReadFile(folder_ / "failed" / "broken.json.reason");
    EXPECT_EQ(reason, report.rejections[0].second + "\n");
    EXPECT_NE(reason.find("not valid JSON"), std::string::npos) << reason;
}

TEST_F(DropFolderTest, AFileTooLargeIsRefused) {
    WriteSettledFile(folder_ / "huge.json", std::string(70 * 1024, ' '));
    EXPECT_EQ(Scan().rejected, 1);
    EXPECT_NE(ReadFile(folder_ / "failed" / "huge.json.reason").find("over the limit"), std::string::npos);
}

TEST_F(DropFolderTest, FilesStillBeingWrittenWaitForTheNextScan) {
    WriteFile(folder_ / "fresh.json", NinjsStory("urn:test:fresh", "1", "Just in"));
    WriteSettledFile(folder_ / "upload.json.part", NinjsStory("urn:test:part", "1", "Half"));
    WriteSettledFile(folder_ / "upload.tmp", NinjsStory("urn:test:tmp", "1", "Half"));
    WriteSettledFile(folder_ / ".hidden.json", NinjsStory("urn:test:hidden", "1", "Hidden"));
    WriteSettledFile(folder_ / "notes.txt", "not a wire file");
    EXPECT_EQ(Scan().Summary(), "ingested 0, updated 0, unchanged 0, rejected 0");
    for (const char* name : {"fresh.json", "upload.json.part", "upload.tmp", ".hidden.json", "notes.txt"}) {
        EXPECT_TRUE(fs::exists(folder_ / name)) << name;
    }
    // Once it has settled, it goes in.
    fs::last_write_time(folder_ / "fresh.json", fs::file_time_type::clock::now() - std::chrono::seconds(5));
    EXPECT_EQ(Scan().ingested, 1);
    EXPECT_TRUE(fs::exists(folder_ / "done" / "fresh.json"));
}

TEST_F(DropFolderTest, APictureBesideTheFileIsUsed) {
    WriteFile(folder_ / "pictures" / "flag.png", testing::TinyPng());
    WriteSettledFile(folder_ / "story.json", NinjsStory("urn:test:pic", "1", "With a picture", "pictures/flag.png"));
    IngestReport report = Scan();
    EXPECT_EQ(report.ingested, 1);
    EXPECT_TRUE(report.warnings.empty()) << report.warnings[0].second;
    auto listed = articles_->List(store::ListQuery{});
    ASSERT_EQ(listed->size(), 1u);
    ASSERT_TRUE((*listed)[0].picture.has_value());
    EXPECT_TRUE(fs::exists(media_->root() / (*listed)[0].picture->path));
    EXPECT_TRUE(fs::exists(folder_ / "pictures" / "flag.png")) << "pictures stay where they are";
}

TEST_F(DropFolderTest, ANameTakenInDoneGetsANumber) {
    WriteSettledFile(folder_ / "story.json", NinjsStory("urn:test:1", "1", "First"));
    EXPECT_EQ(Scan().ingested, 1);
    WriteSettledFile(folder_ / "story.json", NinjsStory("urn:test:1", "2", "Second"));
    EXPECT_EQ(Scan().updated, 1);
    WriteSettledFile(folder_ / "story.json", NinjsStory("urn:test:1", "2", "Second"));
    EXPECT_EQ(Scan().unchanged, 1) << "a resend goes to done/ too";
    EXPECT_NE(ReadFile(folder_ / "done" / "story.json").find("First"), std::string::npos);
    EXPECT_NE(ReadFile(folder_ / "done" / "story-1.json").find("Second"), std::string::npos);
    EXPECT_TRUE(fs::exists(folder_ / "done" / "story-2.json"));
}

TEST_F(DropFolderTest, OldestFilesGoFirst) {
    // Version 2 arrived later but is named first: the older file must not win by name.
    WriteSettledFile(folder_ / "a.json", NinjsStory("urn:test:1", "2", "Newer"), std::chrono::seconds(10));
    WriteSettledFile(folder_ / "b.json", NinjsStory("urn:test:1", "1", "Older"), std::chrono::seconds(20));
    IngestReport report = Scan();
    EXPECT_EQ(report.Summary(), "ingested 1, updated 1, unchanged 0, rejected 0");
}

TEST_F(DropFolderTest, AMissingFolderIsAnError) {
    FeedConfig feed = Feed();
    feed.folder = (dir_ / "nowhere").string();
    auto report = ScanDropFolder(feed, *publisher_, 1024);
    ASSERT_FALSE(report.has_value());
    EXPECT_NE(report.error().message.find("nowhere"), std::string::npos);
}

}  // namespace
}  // namespace broadsheet::ingest
