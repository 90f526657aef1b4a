#include "ingest/formats/ninjs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace broadsheet::ingest {
namespace {

namespace fs = std::filesystem;

Timestamp At(const char* iso) { return ParseIsoDateTime(iso).value(); }

// Every field the parser maps, 1.x shape, plus things it must skip or tolerate.
constexpr const char* kNinjs1 = R"({
  "$standard": {"name": "ninjs", "version": "1.6"},
  "uri": "urn:test:one",
  "version": "3",
  "type": "text",
  "firstcreated": "2024-11-16T10:00:00Z",
  "versioncreated": "2024-11-16T15:57:00+05:30",
  "embargoed": "2024-11-17T00:00:00+0000",
  "pubstatus": "withheld",
  "urgency": 2,
  "language": "en",
  "headline": "Main headline",
  "headline_alt": "Not the headline",
  "description_text": "Plain summary.",
  "description_html": "<p>HTML summary</p>",
  "body_html": "<p>Body</p>",
  "body_text": "Ignored when there is HTML",
  "byline": "Jane Doe",
  "located": "Kyiv",
  "infosource": [
    {"name": "Susan Smith", "rel": "http://cv.iptc.org/newscodes/contentprodpartyrole/Interviewee"},
    {"name": "AP"}
  ],
  "copyrightholder": "The Agency",
  "slugline": "budget-vote",
  "ednote": "Corrects the spelling of a name",
  "subject": [
    {"name": "Economy", "scheme": "http://cv.iptc.org/newscodes/mediatopic/", "code": "04000000"},
    {"name": "Local", "scheme": "custom", "code": "loc"},
    {"code": "code-only"},
    {"rel": "about"}
  ],
  "genre": [{"name": "Current"}, {"scheme": "genre", "code": "Analysis"}],
  "associations": {
    "clip": {"type": "video", "renditions": {"v": {"href": "v.mp4", "mimetype": "video/mp4"}}},
    "mainpic": {
      "uri": "urn:picture:one",
      "type": "picture",
      "headline": "Picture headline",
      "headline_alt": "A crowd outside parliament",
      "description_text": "Protesters gather on Tuesday.",
      "byline": "Photographer/Agency",
      "renditions": {
        "original": {"href": "pictures/original.jpg", "mimetype": "image/jpeg",
                     "width": 4000, "height": 3000},
        "thumb": {"href": "https://cdn.example/thumb.jpg", "mimetype": "image/jpeg",
                  "width": "200", "height": "150"},
        "nohref": {"mimetype": "image/jpeg", "width": 10, "height": 10},
        "empty": null
      }
    }
  },
  "x-unknown": {"anything": [1, 2, {"goes": true}]}
})";

TEST(NinjsTest, MapsEveryField1x) {
    Result<WireItem> parsed = ParseNinjs(kNinjs1);
    ASSERT_TRUE(parsed) << parsed.error().message;
    const WireItem& item = *parsed;
    EXPECT_EQ(item.uri, "urn:test:one");
    EXPECT_EQ(item.version, "3");
    EXPECT_EQ(item.type, "text");
    EXPECT_EQ(item.first_created, At("2024-11-16T10:00:00Z"));
    EXPECT_EQ(item.version_created, At("2024-11-16T10:27:00Z"));
    EXPECT_EQ(item.embargoed_until, At("2024-11-17T00:00:00Z"));
    EXPECT_EQ(item.pub_status, PubStatus::kWithheld);
    EXPECT_EQ(item.urgency, 2);
    EXPECT_EQ(item.language, "en");
    EXPECT_EQ(item.headline, "Main headline");
    EXPECT_EQ(item.summary, "Plain summary.");
    EXPECT_EQ(item.body_html, "<p>Body</p>");
    EXPECT_EQ(item.byline, "Jane Doe");
    EXPECT_EQ(item.located, "Kyiv");
    EXPECT_EQ(item.provider, "AP");  // The interviewee is a source of facts, not the agency.
    EXPECT_EQ(item.copyright_holder, "The Agency");
    EXPECT_EQ(item.slugline, "budget-vote");
    EXPECT_EQ(item.ed_note, "Corrects the spelling of a name");
    ASSERT_EQ(item.subjects.size(), 3u);
    EXPECT_EQ(item.subjects[0].name, "Economy");
    EXPECT_EQ(item.subjects[0].code, "http://cv.iptc.org/newscodes/mediatopic/04000000");
    EXPECT_EQ(item.subjects[1].code, "custom:loc");
    EXPECT_EQ(item.subjects[2].name, "");
    EXPECT_EQ(item.subjects[2].code, "code-only");
    EXPECT_EQ(item.genres, (std::vector<std::string>{"Current", "genre:Analysis"}));
    ASSERT_TRUE(item.picture.has_value());
    const WirePicture& picture = *item.picture;
    EXPECT_EQ(picture.uri, "urn:picture:one");
    EXPECT_EQ(picture.alt_text, "A crowd outside parliament");
    EXPECT_EQ(picture.caption, "Protesters gather on Tuesday.");
    EXPECT_EQ(picture.credit, "Photographer/Agency");
    ASSERT_EQ(picture.renditions.size(), 2u);  // "nohref" and the null one are skipped.
    EXPECT_EQ(picture.renditions[0].name, "original");
    EXPECT_EQ(picture.renditions[0].href, "pictures/original.jpg");  // Relative: kept as is.
    EXPECT_EQ(picture.renditions[0].mime, "image/jpeg");
    EXPECT_EQ(picture.renditions[0].width, 4000);
    EXPECT_EQ(picture.renditions[0].height, 3000);
    EXPECT_EQ(picture.renditions[1].width, 200);  // Numbers sent as strings.
    EXPECT_EQ(picture.renditions[1].height, 150);
}

constexpr const char* kNinjs2 = R"({
  "standard": {"name": "ninjs", "version": "2.1",
               "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"},
  "uri": "urn:test:two",
  "version": "5",
  "type": "text",
  "firstcreated": "2019-05-10T14:00:00+02:00",
  "versioncreated": "2019-05-10T16:02:28+02:00",
  "embargoed": "not a date",
  "urgency": 4,
  "language": "de",
  "headlines": [{"role": "sub", "value": "Sub"}, {"role": "main", "value": "Main headline"}],
  "descriptions": [
    {"role": "caption", "value": "Not a summary"},
    {"role": "summary", "contenttype": "text/html", "value": "<p>Summary <b>in bold</b></p>"}
  ],
  "bodies": [
    {"role": "text", "contenttype": "text/plain", "value": "Plain body"},
    {"role": "html5", "contenttype": "text/html", "value": "<p>HTML body</p>"}
  ],
  "by": "Max Mustermann",
  "located": "Berlin",
  "infosources": [{"name": "Photo desk", "role": "photographer"},
                  {"name": "dpa", "role": "cpprole:source"}],
  "copyrightholder": "dpa-Verlag",
  "slugline": "derby",
  "ednote": "Embargo lifted",
  "subjects": [
    {"name": "Politics", "uri": "http://cv.iptc.org/newscodes/mediatopic/11000000"},
    {"name": "Literature", "literal": "medtop:20000350"}
  ],
  "genres": [{"name": "News"}, {"literal": "INR"}, {"uri": "http://example.com/genre/1"}],
  "associations": [
    {"name": "related", "type": "text", "uri": "urn:related"},
    {"name": "logo", "type": "graphic", "uri": "urn:logo", "renditions": [{"name": "thumbnail"}]},
    {
      "name": "a001",
      "type": "picture",
      "uri": "urn:picture:two",
      "headlines": [{"value": "Picture headline"}],
      "descriptions": [
        {"role": "drol:alternativeText", "value": "Two players argue"},
        {"role": "creditline", "value": "dpa / Bernd Thissen"},
        {"value": "The referee points to the spot."}
      ],
      "renditions": [
        {"name": "r00", "href": "https://cdn.example/r00.jpg", "contenttype": "image/jpeg",
         "width": 1024, "height": 683},
        {"name": "r01", "href": "r01.jpg", "contenttype": "image/jpeg",
         "width": 256, "height": 171},
        {"name": "r02", "contenttype": "image/jpeg"}
      ]
    }
  ]
})";

TEST(NinjsTest, MapsEveryField2x) {
    Result<WireItem> parsed = ParseNinjs(kNinjs2);
    ASSERT_TRUE(parsed) << parsed.error().message;
    const WireItem& item = *parsed;
    EXPECT_EQ(item.uri, "urn:test:two");
    EXPECT_EQ(item.version, "5");
    EXPECT_EQ(item.first_created, At("2019-05-10T12:00:00Z"));
    EXPECT_EQ(item.version_created, At("2019-05-10T14:02:28Z"));
    EXPECT_EQ(item.embargoed_until, std::nullopt);   // Unparseable: left empty, not rejected.
    EXPECT_EQ(item.pub_status, PubStatus::kUsable);  // Absent means usable.
    EXPECT_EQ(item.urgency, 4);
    EXPECT_EQ(item.language, "de");
    EXPECT_EQ(item.headline, "Main headline");
    EXPECT_EQ(item.summary, "Summary in bold");
    EXPECT_EQ(item.body_html, "<p>HTML body</p>");
    EXPECT_EQ(item.byline, "Max Mustermann");
    EXPECT_EQ(item.located, "Berlin");
    EXPECT_EQ(item.provider, "dpa");
    EXPECT_EQ(item.copyright_holder, "dpa-Verlag");
    EXPECT_EQ(item.slugline, "derby");
    EXPECT_EQ(item.ed_note, "Embargo lifted");
    ASSERT_EQ(item.subjects.size(), 2u);
    EXPECT_EQ(item.subjects[0].code, "http://cv.iptc.org/newscodes/mediatopic/11000000");
    EXPECT_EQ(item.subjects[1].name, "Literature");
    EXPECT_EQ(item.subjects[1].code, "medtop:20000350");
    EXPECT_EQ(item.genres, (std::vector<std::string>{"News", "INR", "http://example.com/genre/1"}));
    ASSERT_TRUE(item.picture.has_value());  // The logo has no usable rendition: skipped.
    const WirePicture& picture = *item.picture;
    EXPECT_EQ(picture.uri, "urn:picture:two");
    EXPECT_EQ(picture.alt_text, "Two players argue");
    EXPECT_EQ(picture.caption, "The referee points to the spot.");
    EXPECT_EQ(picture.credit, "dpa / Bernd Thissen");
    ASSERT_EQ(picture.renditions.size(), 2u);
    EXPECT_EQ(picture.renditions[1].href, "r01.jpg");
    EXPECT_EQ(picture.renditions[1].mime, "image/jpeg");
    EXPECT_EQ(picture.renditions[1].width, 256);
    EXPECT_EQ(picture.renditions[1].height, 171);
}

TEST(NinjsTest, MapsCamelCase3x) {
    Result<WireItem> parsed = ParseNinjs(R"({
      "uri": "urn:test:three", "versionCreated": "2023-10-08T10:00:00Z",
      "firstCreated": "2023-10-08T09:00:00Z", "embargoedUntil": "2023-10-09T00:00:00Z",
      "pubStatus": "canceled", "copyrightHolder": "ADDB", "edNote": "Killed",
      "infoSources": [{"name": "ADDB"}], "headlines": [{"value": "H"}], "by": "B",
      "bodies": [{"contentType": "text/plain", "value": "one\n\ntwo"}],
      "associations": [{"name": "featureimage", "renditions": [
        {"name": "r", "href": "x.jpg", "contentType": "image/jpeg", "width": 10, "height": 5}]}]
    })");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->version_created, At("2023-10-08T10:00:00Z"));
    EXPECT_EQ(parsed->first_created, At("2023-10-08T09:00:00Z"));
    EXPECT_EQ(parsed->embargoed_until, At("2023-10-09T00:00:00Z"));
    EXPECT_EQ(parsed->pub_status, PubStatus::kCanceled);
    EXPECT_EQ(parsed->copyright_holder, "ADDB");
    EXPECT_EQ(parsed->provider, "ADDB");
    EXPECT_EQ(parsed->ed_note, "Killed");
    EXPECT_EQ(parsed->byline, "B");
    EXPECT_EQ(parsed->body_html, "<p>one</p>\n<p>two</p>");
    ASSERT_TRUE(parsed->picture.has_value());  // Untyped, but named featureimage.
    EXPECT_EQ(parsed->picture->renditions.at(0).mime, "image/jpeg");
}

TEST(NinjsTest, AltTextRoles) {
    struct Case {
        const char* array;
        const char* role;
    };
    constexpr Case kCases[] = {
        {"headlines", "alt"},
        {"headlines", "ALTTEXT"},
        {"descriptions", "alt"},
        {"descriptions", "alttext"},
        {"descriptions", "alternativeText"},
        {"descriptions", "drol:alternativeText"},
        {"headlines", "alternativetext"},
    };
    for (const Case& c : kCases) {
        std::string json = std::string(R"({"uri": "u", "associations": [{"type": "picture",)") +
                           R"("headlines": [{"value": "Picture headline"}], ")" + c.array +
                           R"(": [{"role": ")" + c.role + R"(", "value": "The alt text"}],)" +
                           R"("renditions": [{"href": "p.jpg"}]}]})";
        Result<WireItem> parsed = ParseNinjs(json);
        ASSERT_TRUE(parsed) << parsed.error().message;
        ASSERT_TRUE(parsed->picture.has_value()) << c.role;
        EXPECT_EQ(parsed->picture->alt_text, "The alt text") << c.array << " " << c.role;
    }
    // No alt role: the picture's headline; 1.x role-suffixed keys count too.
    Result<WireItem> plain = ParseNinjs(
        R"({"uri": "u", "associations": {"p": {"type": "picture", "headline": "Picture headline",
            "description_alttext": "Suffix alt", "renditions": {"r": {"href": "p.jpg"}}}}})");
    ASSERT_TRUE(plain && plain->picture);
    EXPECT_EQ(plain->picture->alt_text, "Suffix alt");
    Result<WireItem> fallback = ParseNinjs(
        R"({"uri": "u", "associations": {"p": {"type": "picture", "headline": "Picture headline",
            "renditions": {"r": {"href": "p.jpg"}}}}})");
    ASSERT_TRUE(fallback && fallback->picture);
    EXPECT_EQ(fallback->picture->alt_text, "Picture headline");
}

TEST(NinjsTest, VersionNumbersBecomeStrings) {
    EXPECT_EQ(ParseNinjs(R"({"uri": "u", "version": 42})")->version, "42");
    EXPECT_EQ(ParseNinjs(R"({"uri": "u", "version": 1.2})")->version, "1.2");
    EXPECT_EQ(ParseNinjs(R"({"uri": "u", "version": "978556838"})")->version, "978556838");
    EXPECT_EQ(ParseNinjs(R"({"uri": "u"})")->version, "");
}

TEST(NinjsTest, PubStatus) {
    struct Case {
        const char* value;
        PubStatus status;
    };
    constexpr Case kCases[] = {
        {"usable", PubStatus::kUsable},     {"withheld", PubStatus::kWithheld},
        {"canceled", PubStatus::kCanceled}, {"cancelled", PubStatus::kCanceled},
        {"Canceled", PubStatus::kCanceled}, {"stat:canceled", PubStatus::kCanceled}};
    for (const Case& c : kCases) {
        Result<WireItem> parsed =
            ParseNinjs(std::string(R"({"uri": "u", "pubstatus": ")") + c.value + "\"}");
        ASSERT_TRUE(parsed) << c.value;
        EXPECT_EQ(parsed->pub_status, c.status) << c.value;
    }
    Result<WireItem> unknown = ParseNinjs(R"({"uri": "u", "pubstatus": "replaced"})");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(unknown.error().message.find("replaced"), std::string::npos);
}

TEST(NinjsTest, BodyTextBecomesParagraphs) {
    Result<WireItem> parsed =
        ParseNinjs(R"({"uri": "u", "body_text": "First line\nsecond <line>\n\nNext"})");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->body_html, "<p>First line<br>second &lt;line&gt;</p>\n<p>Next</p>");
}

TEST(NinjsTest, SuperdeskGuidStandsInForUri) {
    Result<WireItem> parsed = ParseNinjs(R"({"guid": "urn:newsml:localhost:1", "headline": "h"})");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->uri, "urn:newsml:localhost:1");
}

TEST(NinjsTest, PictureItemIsItsOwnPicture) {
    Result<WireItem> parsed = ParseNinjs(R"({"uri": "urn:p", "type": "picture",
        "descriptions": [{"role": "caption", "value": "Cap"}],
        "renditions": [{"name": "main", "href": "p.jpg", "width": 3, "height": 2}]})");
    ASSERT_TRUE(parsed && parsed->picture);
    EXPECT_EQ(parsed->picture->uri, "urn:p");
    EXPECT_EQ(parsed->picture->caption, "Cap");
    EXPECT_EQ(parsed->picture->renditions.size(), 1u);
}

TEST(NinjsTest, Rejects) {
    struct Case {
        const char* json;
        const char* message_part;
    };
    constexpr Case kCases[] = {
        {"", "not valid JSON"},
        {"{not json", "line 1, column"},
        {"{\"uri\": \"u\",\n \"headline\": }", "line 2"},
        {"[1, 2]", "must be a JSON object, not an array"},
        {"\"text\"", "not a string"},
        {"{}", "missing \"uri\""},
        {R"({"headline": "no id"})", "missing \"uri\""},
        {R"({"uri": "  "})", "\"uri\" is empty"},
        {R"({"uri": 7})", "\"uri\" must be a string, not a number"},
        {R"({"uri": "u", "headline": 5})", "\"headline\" must be a string, not a number"},
        {R"({"uri": "u", "headlines": {"value": "x"}})", "\"headlines\" must be an array"},
        {R"({"uri": "u", "headlines": ["x"]})", "\"headlines[0]\" must be an object, not a string"},
        {R"({"uri": "u", "firstcreated": 2019})", "\"firstcreated\" must be a string"},
        {R"({"uri": "u", "urgency": "soon"})", nullptr},
        {R"({"uri": "u", "urgency": [1]})", "\"urgency\" must be a number"},
        {R"({"uri": "u", "version": true})", "\"version\" must be a string, not a boolean"},
        {R"({"uri": "u", "subjects": [{"name": 1}]})", "\"subjects[0].name\""},
        {R"({"uri": "u", "associations": {"p": {"type": "picture",
            "renditions": {"r": {"href": "x.jpg", "width": {}}}}}})",
         "\"associations.p.renditions.r.width\" must be a number, not an object"},
        {R"({"uri": "u", "associations": "p"})", "\"associations\" must be an object or an array"},
    };
    for (const Case& c : kCases) {
        Result<WireItem> parsed = ParseNinjs(c.json);
        if (c.message_part == nullptr) {  // Lenient: unreadable text is "no urgency".
            ASSERT_TRUE(parsed) << c.json;
            continue;
        }
        ASSERT_FALSE(parsed) << c.json;
        EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput) << c.json;
        EXPECT_NE(parsed.error().message.find(c.message_part), std::string::npos)
            << c.json << " -> " << parsed.error().message;
        EXPECT_EQ(parsed.error().message.rfind("ninjs: ", 0), 0u) << parsed.error().message;
    }
}

TEST(NinjsTest, RejectsOversizedDocuments) {
    std::string json = R"({"uri": "u", "body_text": ")" + std::string(kMaxNinjsBytes, 'a') + "\"}";
    Result<WireItem> parsed = ParseNinjs(json);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(parsed.error().message.find("8 MiB"), std::string::npos);
}

TEST(NinjsTest, SurvivesDeepNesting) {
    std::string deep(200000, '[');
    deep += std::string(200000, ']');
    EXPECT_FALSE(ParseNinjs(deep));
    EXPECT_FALSE(ParseNinjs(std::string(200000, '{')));
    std::string nested =
        R"({"uri": "u", "x": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
    EXPECT_TRUE(ParseNinjs(nested));
}

// ---- The shared corpus ------------------------------------------------------------------

const fs::path kShared = BROADSHEET_SHARED_DIR;
const fs::path kNinjsCorpus = kShared / "corpora" / "ninjs";

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The *.json files under `dir` (recursively), sorted, skipping any path containing `skip`.
std::vector<fs::path> JsonFiles(const fs::path& dir, const std::string& skip = "") {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
        if (!skip.empty() && entry.path().string().find(skip) != std::string::npos) continue;
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// The suite folders validation/test_suite/<version>/<leaf>/.
std::vector<fs::path> SuiteFiles(const std::string& leaf) {
    std::vector<fs::path> files;
    for (const auto& version : fs::directory_iterator(kNinjsCorpus / "validation" / "test_suite")) {
        if (!version.is_directory() || !fs::is_directory(version.path() / leaf)) continue;
        for (const fs::path& file : JsonFiles(version.path() / leaf)) files.push_back(file);
    }
    return files;
}

struct Tally {
    int documents = 0;         // Single ninjs objects: must parse.
    int collection_items = 0;  // Objects inside a top-level array or a {"item": [...]} envelope.
    int not_ninjs = 0;         // Objects that are no ninjs document (a JSON Schema): no uri.
};

// The rule for files that should hold ninjs: an object with a `uri` (or Superdesk's `guid`)
// is one document and must parse. A top-level array, or an API envelope whose `item` is an
// array, is a collection: ParseNinjs takes one document, so each element must parse. Any
// other object (the corpus has one: a JSON Schema) is not a ninjs document and must be
// rejected for its missing uri.
Tally CheckParses(const std::vector<fs::path>& files) {
    Tally tally;
    for (const fs::path& file : files) {
        std::string text = ReadFile(file);
        nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        EXPECT_FALSE(json.is_discarded()) << file;
        const nlohmann::json* collection = nullptr;
        if (json.is_array()) collection = &json;
        if (json.is_object() && json.contains("item") && json["item"].is_array()) {
            collection = &json["item"];
        }
        if (collection != nullptr) {
            for (const nlohmann::json& element : *collection) {
                Result<WireItem> parsed = ParseNinjs(element.dump());
                EXPECT_TRUE(parsed) << file << ": " << (parsed ? "" : parsed.error().message);
                ++tally.collection_items;
            }
            continue;
        }
        Result<WireItem> parsed = ParseNinjs(text);
        if (json.is_object() && (json.contains("uri") || json.contains("guid"))) {
            EXPECT_TRUE(parsed) << file << ": " << (parsed ? "" : parsed.error().message);
            if (parsed) {
                EXPECT_FALSE(parsed->uri.empty()) << file;
            }
            ++tally.documents;
        } else {
            EXPECT_FALSE(parsed) << file;
            if (!parsed) {
                EXPECT_NE(parsed.error().message.find("missing \"uri\""), std::string::npos)
                    << file;
            }
            ++tally.not_ninjs;
        }
    }
    return tally;
}

// Documents meant to be schema-invalid may parse or be rejected, but never crash or throw.
std::pair<int, int> ParsedAndRejected(const std::vector<fs::path>& files) {
    int parsed_count = 0;
    int rejected = 0;
    for (const fs::path& file : files) {
        std::string text = ReadFile(file);
        EXPECT_NO_THROW({
            Result<WireItem> parsed = ParseNinjs(text);
            if (parsed) {
                ++parsed_count;
            } else {
                EXPECT_FALSE(parsed.error().message.empty()) << file;
                ++rejected;
            }
        }) << file;
    }
    return {parsed_count, rejected};
}

#define SKIP_WITHOUT_CORPUS() \
    if (!fs::is_directory(kNinjsCorpus)) GTEST_SKIP() << "no corpus at " << kNinjsCorpus

TEST(NinjsCorpusTest, ExamplesParse) {
    SKIP_WITHOUT_CORPUS();
    Tally tally = CheckParses(JsonFiles(kNinjsCorpus / "examples"));
    EXPECT_EQ(tally.documents, 41);
    EXPECT_EQ(tally.collection_items, 14);  // 3.0/collection/20231016-event-timeline-sample.json
    EXPECT_EQ(tally.not_ninjs, 1);          // 2.1/schema-extension/extension-schema.json
}

TEST(NinjsCorpusTest, DocumentationExamplesParse) {
    SKIP_WITHOUT_CORPUS();
    Tally tally = CheckParses(
        JsonFiles(kNinjsCorpus / "documentation" / "includes" / "examples", "not-valid"));
    EXPECT_EQ(tally.documents, 22);
    EXPECT_EQ(tally.collection_items, 0);
    EXPECT_EQ(tally.not_ninjs, 0);
}

TEST(NinjsCorpusTest, SchemaSuiteShouldPassParses) {
    SKIP_WITHOUT_CORPUS();
    Tally tally = CheckParses(SuiteFiles("should_pass"));
    EXPECT_EQ(tally.documents, 158);
    EXPECT_EQ(tally.collection_items, 0);
    EXPECT_EQ(tally.not_ninjs, 0);
}

TEST(NinjsCorpusTest, InvalidDocumentsDoNotCrash) {
    SKIP_WITHOUT_CORPUS();
    auto [not_valid_parsed, not_valid_rejected] = ParsedAndRejected(
        JsonFiles(kNinjsCorpus / "documentation" / "includes" / "examples" / "not-valid"));
    EXPECT_EQ(not_valid_parsed + not_valid_rejected, 1);
    auto [parsed, rejected] = ParsedAndRejected(SuiteFiles("should_fail"));
    // Schema-invalid is not unusable: most break rules the parser does not map (closed
    // schemas, enum values of unmapped fields). Rejected: bad JSON, no uri, bad pubstatus
    // and wrong types of mapped fields.
    EXPECT_EQ(parsed + rejected, 70);
    EXPECT_EQ(rejected, 12) << "parsed " << parsed;
}

TEST(NinjsCorpusTest, AgencySamples) {
    SKIP_WITHOUT_CORPUS();
    const fs::path v21 = kNinjsCorpus / "examples" / "2.1";
    Result<WireItem> tt = ParseNinjs(ReadFile(v21 / "tt_text_image_2.json"));
    ASSERT_TRUE(tt) << tt.error().message;
    EXPECT_EQ(tt->headline, "Militärövning i jätteformat hålls 2023");
    EXPECT_EQ(tt->provider, "TT");
    EXPECT_NE(tt->body_html.find("<html>"), std::string::npos);  // The text/html body, as sent.
    ASSERT_TRUE(tt->picture.has_value());
    EXPECT_EQ(tt->picture->uri, "http://tt.se/media/image/sdlk2sirkPaauM");
    EXPECT_EQ(tt->picture->credit, "Karl Melander/TT");
    EXPECT_EQ(tt->picture->caption.rfind("En stor internationell", 0), 0u);
    ASSERT_EQ(tt->picture->renditions.size(), 4u);
    for (const Rendition& r : tt->picture->renditions) {
        EXPECT_GT(r.width, 0) << r.name;
        EXPECT_GT(r.height, 0) << r.name;
        EXPECT_EQ(r.mime, "image/jpeg");
    }
    EXPECT_EQ(tt->picture->renditions[0].width, 4724);

    Result<WireItem> ap = ParseNinjs(ReadFile(v21 / "ap_image.json"));
    ASSERT_TRUE(ap) << ap.error().message;
    EXPECT_EQ(ap->type, "picture");
    EXPECT_EQ(ap->headline, "Turkey Islamic State");
    EXPECT_EQ(ap->provider, "DHA");
    EXPECT_EQ(ap->ed_note, "TURKEY OUT  NOV. 11, 2019 FILE PHOTO");
    ASSERT_TRUE(ap->picture.has_value());  // A picture item carries its own renditions.
    EXPECT_EQ(ap->picture->credit, "ASSOCIATED PRESS");
    EXPECT_EQ(ap->picture->caption.rfind("FILE - In this Monday", 0), 0u);

    Result<WireItem> dpa = ParseNinjs(ReadFile(v21 / "dpa_text.json"));
    ASSERT_TRUE(dpa) << dpa.error().message;
    EXPECT_EQ(dpa->headline, "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?");
    EXPECT_EQ(dpa->provider, "dpa");
    EXPECT_EQ(dpa->byline, "Von Christian Hollmann, dpa");
    EXPECT_EQ(dpa->version, "2");
    EXPECT_EQ(dpa->version_created, At("2019-05-10T14:02:28Z"));

    Result<WireItem> tt3 =
        ParseNinjs(ReadFile(kNinjsCorpus / "examples" / "3.0" / "tt_text_image_3.json"));
    ASSERT_TRUE(tt3 && tt3->picture);
    EXPECT_EQ(tt3->version_created, tt->version_created);
    EXPECT_EQ(tt3->copyright_holder, "TT");
    EXPECT_EQ(tt3->picture->renditions.size(), 4u);
}

TEST(NinjsCorpusTest, SuperdeskFixturesParse) {
    const fs::path dir = kShared / "corpora" / "superdesk-fixtures" / "tests" / "io" / "fixtures";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
    std::vector<fs::path> files;
    for (const fs::path& file : JsonFiles(dir)) {
        if (file.filename().string().find("ninjs") != std::string::npos) files.push_back(file);
    }
    // Seven use Superdesk's `guid` for `uri`; two bbc-* files are API envelopes {"item": [...]}.
    Tally tally = CheckParses(files);
    EXPECT_EQ(tally.documents, 9);
    EXPECT_EQ(tally.collection_items, 2);
    EXPECT_EQ(tally.not_ninjs, 0);

    Result<WireItem> embargoed = ParseNinjs(ReadFile(dir / "ninjs_embargoed.json"));
    ASSERT_TRUE(embargoed);
    EXPECT_EQ(embargoed->headline, "Trouble is brewing for the future of beer");
    EXPECT_TRUE(embargoed->version_created.has_value());  // "+0000", no colon.
}

}  // namespace
}  // namespace broadsheet::ingest
