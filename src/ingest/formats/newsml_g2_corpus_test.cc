// ParseNewsMLG2 over the NewsML-G2 samples in ../shared/corpora (read in place, never copied).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/formats/newsml_g2.h"

namespace broadsheet::ingest {
namespace {

namespace fs = std::filesystem;

fs::path Corpora() { return fs::path(BROADSHEET_SHARED_DIR) / "corpora"; }

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::vector<fs::path> Files(const fs::path& dir, bool only_xml_extension) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        if (only_xml_extension && entry.path().extension() != ".xml") continue;
        out.push_back(entry.path());
    }
    std::ranges::sort(out);
    return out;
}

// The local name of the document element, as a plain XML parser sees it.
std::string RootName(const std::string& xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size())) return {};
    std::string name = doc.document_element().name();
    return name.substr(name.find(':') + 1);
}

struct Tally {
    int files = 0, items = 0, rejected = 0, errors = 0, empty = 0;
};

// Every document whose root is a newsMessage/newsItem/packageItem parses, and yields an item
// when it holds a text item or a package; other NewsML-G2 items are rejected with a reason;
// anything else (fragments of the guide, NITF) is an error.
Tally CheckDocuments(const std::vector<fs::path>& files) {
    Tally tally;
    for (const fs::path& path : files) {
        std::string xml = ReadFile(path);
        std::string root = RootName(xml);
        Result<ParsedDocument> parsed = ParseNewsMLG2(xml);
        ++tally.files;
        if (!parsed) {
            ++tally.errors;
            EXPECT_NE(root, "newsItem") << path << ": " << parsed.error().message;
            EXPECT_NE(root, "packageItem") << path << ": " << parsed.error().message;
            EXPECT_NE(root, "newsMessage") << path << ": " << parsed.error().message;
            continue;
        }
        tally.items += static_cast<int>(parsed->items.size());
        tally.rejected += static_cast<int>(parsed->rejected.size());
        if (parsed->items.empty()) ++tally.empty;
        for (const WireItem& item : parsed->items) EXPECT_FALSE(item.uri.empty()) << path;
        for (const std::string& reason : parsed->rejected) {
            EXPECT_TRUE(reason.starts_with("newsml-g2: ")) << path << ": " << reason;
        }
        bool has_text = xml.find(":text\"") != std::string::npos ||
                        xml.find("packageItem") != std::string::npos;
        if ((root == "newsItem" || root == "packageItem" || root == "newsMessage") && has_text) {
            EXPECT_FALSE(parsed->items.empty()) << path;
        } else if (root != "newsItem" && root != "packageItem" && root != "newsMessage") {
            EXPECT_TRUE(parsed->items.empty()) << path;
            EXPECT_FALSE(parsed->rejected.empty()) << path;
        }
    }
    return tally;
}

void Print(const char* name, const Tally& t) {
    std::cout << "[ corpus   ] " << name << ": " << t.files << " files, " << t.items << " items, "
              << t.rejected << " rejected items, " << t.empty << " documents without items, "
              << t.errors << " errors\n";
}

TEST(NewsMLG2CorpusTest, GuideExamples) {
    Tally t = CheckDocuments(Files(Corpora() / "newsml-g2" / "examples", true));
    Print("newsml-g2/examples", t);
    // 35 samples: 5 are fragments of the guide (groupSets, a contentSet, a contentMeta).
    EXPECT_EQ(t.files, 35);
    EXPECT_EQ(t.errors, 5);
    EXPECT_EQ(t.items, 23);
    EXPECT_EQ(t.rejected, 10);  // Concept, knowledge, planning and catalog items.
}

TEST(NewsMLG2CorpusTest, PythonLibraryTestFiles) {
    Tally t = CheckDocuments(Files(Corpora() / "newsml-g2-python" / "tests" / "test_files", true));
    Print("newsml-g2-python/tests/test_files", t);
    EXPECT_EQ(t.files, 13);
    EXPECT_EQ(t.errors, 0);
    EXPECT_EQ(t.items, 6);
    EXPECT_EQ(t.rejected, 7);
}

TEST(NewsMLG2CorpusTest, SuperdeskFixtures) {
    std::vector<fs::path> files;
    for (const fs::path& path : Files(Corpora() / "superdesk-fixtures", false)) {
        if (ReadFile(path).find("http://iptc.org/std/nar/2006-10-01") != std::string::npos) {
            files.push_back(path);
        }
    }
    Tally t = CheckDocuments(files);
    Print("superdesk-fixtures (NewsML-G2 files)", t);
    EXPECT_EQ(t.files, 36);
    EXPECT_EQ(t.errors, 1);  // mapping_test.xml is NITF that merely declares the namespace.
    EXPECT_EQ(t.items, 39);
    EXPECT_EQ(t.rejected, 1);  // scoop.xml's package references an item by the wrong guid.
}

TEST(NewsMLG2CorpusTest, TTSample) {
    Tally t = CheckDocuments({Corpora() / "ninjs" / "tools" / "xslt" / "TT_newsmlg2_sample.xml"});
    EXPECT_EQ(t.items, 1);
}

fs::path Fixtures() { return Corpora() / "superdesk-fixtures" / "tests" / "io" / "fixtures"; }

ParsedDocument ParseFile(const fs::path& path) {
    Result<ParsedDocument> parsed = ParseNewsMLG2(ReadFile(path));
    EXPECT_TRUE(parsed) << path << ": " << parsed.error().message;
    return parsed ? *parsed : ParsedDocument{};
}

Timestamp At(const char* iso) { return ParseIsoDateTime(iso).value(); }

TEST(NewsMLG2CorpusTest, ReutersTextItem) {
    ParsedDocument doc = ParseFile(Fixtures() / "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5");
    ASSERT_EQ(doc.items.size(), 1u);
    const WireItem& item = doc.items[0];
    EXPECT_EQ(item.uri, "tag_reuters.com_2014_newsml_KBN0FL0NN");
    EXPECT_EQ(item.version, "5");
    EXPECT_EQ(item.type, "text");
    EXPECT_EQ(item.headline, "Confident Assad launches new term in stronger position");
    EXPECT_EQ(item.version_created, At("2014-07-16T15:53:10Z"));
    EXPECT_EQ(item.provider, "reuters.com");
    EXPECT_EQ(item.copyright_holder, "Thomson Reuters");
    EXPECT_EQ(item.byline, "By Marwan Makdisi");
    EXPECT_EQ(item.language, "en-US");
    EXPECT_NE(item.body_html.find("<p>DAMASCUS (Reuters) - Bashar al-Assad"), std::string::npos);
}

TEST(NewsMLG2CorpusTest, ReutersVersionsShareTheUriAndIncrease) {
    ParsedDocument first =
        ParseFile(Fixtures() / "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838");
    ParsedDocument kill =
        ParseFile(Fixtures() / "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538");
    ASSERT_EQ(first.items.size(), 1u);
    ASSERT_EQ(kill.items.size(), 1u);
    EXPECT_EQ(first.items[0].uri,
              "tag:reuters.com,0000:newsml_L1N14N0FF");  // Written ns0:newsItem.
    EXPECT_EQ(kill.items[0].uri, first.items[0].uri);
    EXPECT_LT(std::stoll(first.items[0].version), std::stoll(kill.items[0].version));
    EXPECT_EQ(first.items[0].pub_status, PubStatus::kUsable);
    EXPECT_EQ(kill.items[0].pub_status, PubStatus::kCanceled);
    EXPECT_NE(first.items[0].body_html.find("Mississippi"), std::string::npos);
}

TEST(NewsMLG2CorpusTest, ApNitfItems) {
    ParsedDocument doc = ParseFile(Fixtures() / "ap.xml");
    ASSERT_EQ(doc.items.size(), 3u);
    const WireItem& item = doc.items[0];
    EXPECT_EQ(item.uri, "tag:ap.org,2011:5e565888b587889c5c8bd62b6164118c-text");
    EXPECT_EQ(item.headline, "Nutrisystem beats 4Q earnings and revenue expectations");
    EXPECT_EQ(item.version_created, At("2018-02-26T21:20:34Z"));
    EXPECT_EQ(item.provider, "Automated Insights");
    EXPECT_EQ(item.located, "Pittsburgh");
    EXPECT_EQ(item.ed_note, "Eds: Adds full-year results.");
    EXPECT_EQ(item.urgency, 4);
    EXPECT_NE(item.body_html.find("<p>FORT WASHINGTON, Pa. (AP) _ Nutrisystem"), std::string::npos);
    EXPECT_EQ(item.body_html.find("block"), std::string::npos);  // NITF <block> unwrapped.
}

TEST(NewsMLG2CorpusTest, DpaXhtmlItem) {
    ParsedDocument doc = ParseFile(Fixtures() / "dpa.xml");
    ASSERT_EQ(doc.items.size(), 1u);
    const WireItem& item = doc.items[0];
    EXPECT_EQ(item.headline,
              "Eintracht in London: Hintereggers Tr\u00E4nen und Attacke auf Reporter");
    EXPECT_EQ(item.provider, "Deutsche Presse-Agentur GmbH");
    EXPECT_EQ(item.language, "de");
    EXPECT_EQ(item.located, "London");
    EXPECT_NE(item.body_html.find("2019 gab es bittere Tr\u00E4nen"), std::string::npos);
}

TEST(NewsMLG2CorpusTest, PackagesAndSiblingItems) {
    // TT: a package of a text item and a picture item, in no namespace.
    ParsedDocument tt =
        ParseFile(Corpora() / "ninjs" / "tools" / "xslt" / "TT_newsmlg2_sample.xml");
    ASSERT_EQ(tt.items.size(), 1u);
    EXPECT_EQ(tt.items[0].uri, "http://tt.se/media/text/210919-janguillou-879f202b");
    ASSERT_TRUE(tt.items[0].picture);
    EXPECT_EQ(tt.items[0].picture->uri, "http://tt.se/media/image/sdlm1btzmKu8WU");
    EXPECT_EQ(tt.items[0].picture->renditions.size(), 4u);
    // Reuters video package: the text item gets the picture; video and audio stay separate.
    ParsedDocument video = ParseFile(Fixtures() / "video.xml");
    ASSERT_EQ(video.items.size(), 3u);
    EXPECT_EQ(video.items[0].headline, "Cardinals arrive for pre-conclave meeting");
    ASSERT_TRUE(video.items[0].picture);
    EXPECT_EQ(video.items[0].picture->uri, "tag:reuters.com,2013:newsml_LOVE9230WHZNR");
    EXPECT_EQ(video.items[1].type, "video");
    EXPECT_EQ(video.items[2].type, "audio");
}

TEST(NewsMLG2CorpusTest, SchemaUnitTestFilesNeverCrash) {
    for (const char* kind : {"should_pass", "should_fail"}) {
        Tally t;
        for (const fs::path& dir :
             Files(Corpora() / "newsml-g2" / "tests" / "unit_test_files", false)) {
            if (dir.parent_path().filename() != kind) continue;
            Result<ParsedDocument> parsed = ParseNewsMLG2(ReadFile(dir));
            ++t.files;
            if (!parsed) {
                ++t.errors;
                continue;
            }
            t.items += static_cast<int>(parsed->items.size());
            t.rejected += static_cast<int>(parsed->rejected.size());
            if (parsed->items.empty()) ++t.empty;
        }
        Print(kind, t);
        EXPECT_GT(t.files, 0);
        // Schema violations are not parse errors: every file is well-formed NewsML-G2.
        EXPECT_EQ(t.errors, 0) << kind;
    }
}

}  // namespace
}  // namespace broadsheet::ingest
