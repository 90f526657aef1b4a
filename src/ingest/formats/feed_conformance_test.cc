// Runs ParseFeed over third-party feed test corpora (read in place, never copied):
//  * the Universal Feed Parser's tests: every file's "Expect:" expression is evaluated
//    (feed_expectation.h) where it concerns fields Broadsheet maps;
//  * ROME's and gofeed's test feeds: each must parse (or be refused) without crashing.
// Set BROADSHEET_FEED_CONFORMANCE_VERBOSE=1 to list every failed expectation.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "core/text.h"
#include "ingest/formats/feed.h"
#include "ingest/formats/feed_expectation.h"
#include "ingest/formats/xml_text.h"

namespace broadsheet::ingest {
namespace {

namespace fs = std::filesystem;
using conformance::Evaluation;
using conformance::Strength;
using conformance::Verdict;

const fs::path kCorpora = fs::path(BROADSHEET_SHARED_DIR) / "corpora";
// Generous for a Release build under load; a hang or a quadratic blow-up is far slower.
constexpr std::chrono::milliseconds kTimeBound{3000};

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// The test's header comment: "Description:", "Expect:" and an HTTP "Header:" charset.
struct Header {
    std::string description;
    std::string expect;
    std::string http_charset;
};

std::string LineValue(std::string_view comment, std::string_view key) {
    std::size_t at = comment.find(key);
    if (at == std::string_view::npos) return {};
    std::size_t end = comment.find('\n', at);
    return std::string(TrimWhitespace(comment.substr(
        at + key.size(), end == std::string_view::npos ? end : end - at - key.size())));
}

Header ReadHeader(const std::string& bytes) {
    Result<std::string> text = XmlToUtf8(bytes);
    std::string_view s = text ? std::string_view(*text) : std::string_view(bytes);
    std::size_t open = s.find("<!--");
    std::size_t close = s.find("-->", open);
    Header header;
    if (open == std::string_view::npos || close == std::string_view::npos) return header;
    std::string_view comment = s.substr(open, close - open);
    header.description = LineValue(comment, "Description:");
    header.expect = LineValue(comment, "Expect:");
    std::string content_type = AsciiLower(LineValue(comment, "Content-type:"));
    std::size_t charset = content_type.find("charset");
    if (charset != std::string::npos) {
        std::size_t eq = content_type.find_first_not_of(' ', charset + 7);
        if (eq != std::string::npos && content_type[eq] == '=') {
            std::string value = content_type.substr(eq + 1, content_type.find(';', eq) - eq - 1);
            value.erase(std::remove_if(value.begin(), value.end(),
                                       [](char c) { return c == '"' || c == '\'' || c == ' '; }),
                        value.end());
            header.http_charset = value;
        }
    }
    return header;
}

struct Counts {
    int files = 0;
    int parsed = 0;
    int refused = 0;  // Well-formed but not a feed, or an unknown encoding.
    int errors = 0;   // Not well-formed even after repair.
    int applicable = 0;
    int passed_as_is = 0;
    int passed_supplied = 0;  // Once the entry's missing id/title is supplied (see SupplyRequired).
    int exact = 0, normalized = 0, text_only = 0;  // Strength of the passes.
    int skipped = 0;                               // Only unmapped fields or `bozo`.
    long max_ms = 0;
    // ROME / gofeed: what the parsed documents held.
    int items = 0;
    int rejected_items = 0;

    int failed() const { return applicable - passed_as_is - passed_supplied; }
    void Add(const Counts& o) {
        files += o.files, parsed += o.parsed, refused += o.refused, errors += o.errors;
        applicable += o.applicable, passed_as_is += o.passed_as_is,
            passed_supplied += o.passed_supplied;
        exact += o.exact, normalized += o.normalized, text_only += o.text_only,
            skipped += o.skipped;
        max_ms = std::max(max_ms, o.max_ms), items += o.items, rejected_items += o.rejected_items;
    }
    void CountPass(const Evaluation& e, bool supplied) {
        ++(supplied ? passed_supplied : passed_as_is);
        ++(e.strength == Strength::kExact        ? exact
           : e.strength == Strength::kNormalized ? normalized
                                                 : text_only);
    }
};

std::vector<fs::path> FilesUnder(const fs::path& dir, std::string_view extension) {
    std::vector<fs::path> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() &&
            (extension.empty() || entry.path().extension() == extension)) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// The document with what the parser requires supplied where it was missing: an id in each
// Atom entry without one, a title in each RSS item with neither title nor description. The
// feedparser tests are minimal (often one element per entry), so without this the mapping
// of most fields in rejected entries would go untested. nullopt when nothing was rejected.
std::optional<std::string> SupplyRequired(const std::string& bytes, const ParsedDocument& doc) {
    if (doc.rejected.empty() || bytes.find('\0') != std::string::npos) return std::nullopt;
    bool atom = doc.rejected[0].starts_with("atom entry");
    std::string_view tag = atom ? "entry" : "item";
    std::string out;
    std::size_t copied = 0;
    int supplied = 0;
    for (std::size_t at = bytes.find('<'); at != std::string::npos; at = bytes.find('<', at + 1)) {
        std::size_t name_end = bytes.find_first_of(" \t\r\n/>", at);
        if (name_end == std::string::npos) break;
        std::string_view name = std::string_view(bytes).substr(at + 1, name_end - at - 1);
        if (name != tag && !name.ends_with(":" + std::string(tag))) continue;
        std::size_t open_end = bytes.find('>', at);
        if (open_end == std::string::npos || bytes[open_end - 1] == '/') continue;
        std::size_t close = bytes.find("</", open_end);
        std::string_view body = std::string_view(bytes).substr(
            open_end, close == std::string::npos ? close : close - open_end);
        bool has = atom ? body.find("id>") != std::string_view::npos
                        : body.find("title") != std::string_view::npos ||
                              body.find("description") != std::string_view::npos;
        if (has) continue;
        out += bytes.substr(copied, open_end + 1 - copied);
        out += atom ? "<id>urn:broadsheet:conformance:" + std::to_string(++supplied) + "</id>"
                    : "<title>(supplied)</title>";
        copied = open_end + 1;
    }
    if (copied == 0) return std::nullopt;
    return out + bytes.substr(copied);
}

// Parses one file within the time bound; counts how it went.
Result<ParsedDocument> TimedParse(const fs::path& path, const std::string& bytes,
                                  std::string_view charset, Counts& counts) {
    auto start = std::chrono::steady_clock::now();
    Result<ParsedDocument> doc = ParseFeed(bytes, charset);
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    EXPECT_LT(elapsed, kTimeBound) << path;
    counts.max_ms = std::max(counts.max_ms, static_cast<long>(elapsed.count()));
    ++counts.files;
    if (doc) {
        ++counts.parsed;
    } else {
        EXPECT_FALSE(doc.error().message.empty()) << path;
        ++(doc.error().code == ErrorCode::kInvalidInput ? counts.errors : counts.refused);
    }
    return doc;
}

void Print(const std::string& name, const Counts& c) {
    std::cout << "  " << name << std::string(name.size() < 27 ? 27 - name.size() : 1, ' ')
              << c.files << " files (" << c.parsed << " parsed, " << c.refused << " refused, "
              << c.errors << " ill-formed) | " << c.applicable
              << " applicable: " << c.passed_as_is + c.passed_supplied << " passed ("
              << c.passed_as_is << " as is + " << c.passed_supplied << " with id/title supplied; "
              << c.exact << " exact, " << c.normalized << " normalized, " << c.text_only
              << " text-only), " << c.failed() << " failed | " << c.skipped << " skipped | max "
              << c.max_ms << " ms\n";
}

// Parses one feedparser test file and evaluates its expectation into `counts`.
void RunFeedparserTest(const fs::path& path, const std::string& name, Counts& counts,
                       bool verbose) {
    static const std::vector<WireItem> kNone;
    std::string bytes = ReadFile(path);
    Header header = ReadHeader(bytes);
    Result<ParsedDocument> doc = TimedParse(path, bytes, header.http_charset, counts);
    Evaluation e = conformance::EvaluateExpectation(header.expect, doc ? doc->items : kNone);
    if (e.verdict == Verdict::kNotApplicable || e.verdict == Verdict::kIgnored) {
        ++counts.skipped;
        return;
    }
    ++counts.applicable;
    if (e.verdict == Verdict::kPass) return counts.CountPass(e, false);
    // The entry was rejected by design (no id / no title or description): check the rest of
    // its mapping with the required element supplied.
    if (auto supplied = e.missing_entry && doc ? SupplyRequired(bytes, *doc) : std::nullopt) {
        Result<ParsedDocument> again = ParseFeed(*supplied, header.http_charset);
        Evaluation e2 =
            conformance::EvaluateExpectation(header.expect, again ? again->items : kNone);
        if (e2.verdict == Verdict::kPass) return counts.CountPass(e2, true);
        if (e2.verdict == Verdict::kFail) e = e2;
    }
    if (!verbose) return;
    std::cout << "FAIL " << name << " [" << header.description << "] " << e.detail;
    if (!doc) std::cout << " (" << doc.error().message << ")";
    if (doc && !doc->rejected.empty()) std::cout << " (rejected: " << doc->rejected[0] << ")";
    std::cout << "\n";
}

TEST(FeedConformanceTest, UniversalFeedParserSuite) {
    const fs::path root = kCorpora / "feedparser" / "tests";
    if (!fs::is_directory(root)) GTEST_SKIP() << "no corpus at " << root;
    bool verbose = std::getenv("BROADSHEET_FEED_CONFORMANCE_VERBOSE") != nullptr;
    std::map<std::string, Counts> folders;
    for (const char* top : {"wellformed", "illformed", "encoding", "entities"}) {
        for (const fs::path& path : FilesUnder(root / top, "")) {
            fs::path relative = fs::relative(path, root);
            std::string folder = relative.begin()->string();
            if (folder == "wellformed") folder += "/" + std::next(relative.begin())->string();
            RunFeedparserTest(path, relative.string(), folders[folder], verbose);
        }
    }
    Counts total;
    std::cout << "Universal Feed Parser tests (" << root.string() << "):\n";
    for (const auto& [name, counts] : folders) {
        Print(name, counts);
        total.Add(counts);
    }
    Print("total", total);
    // Regression floors, a little under what the parser achieves today (809 of 888 pass, 239
    // of them as is): raise them when the parser improves; never lower them to make a change pass.
    EXPECT_GE(total.files, 2100);
    EXPECT_GE(total.passed_as_is, 235);
    EXPECT_GE(total.passed_as_is + total.passed_supplied, 800);
}

TEST(FeedConformanceTest, RomeAndGofeedFeedsParse) {
    Counts total;
    for (const fs::path& dir : {kCorpora / "rome", kCorpora / "gofeed" / "testdata"}) {
        if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
        Counts counts;
        for (const fs::path& path : FilesUnder(dir, ".xml")) {
            Result<ParsedDocument> doc = TimedParse(path, ReadFile(path), {}, counts);
            if (!doc) continue;
            counts.items += static_cast<int>(doc->items.size());
            counts.rejected_items += static_cast<int>(doc->rejected.size());
        }
        std::cout << "  " << fs::relative(dir, kCorpora).string() << ": " << counts.files
                  << " xml files: " << counts.parsed << " parsed (" << counts.items << " items, "
                  << counts.rejected_items << " items rejected), " << counts.refused
                  << " refused (not RSS/Atom), " << counts.errors << " ill-formed; max "
                  << counts.max_ms << " ms\n";
        total.Add(counts);
    }
    EXPECT_GE(total.parsed, 570);  // 574 of 582 today; the others are ill-formed or not RSS/Atom.
}

}  // namespace
}  // namespace broadsheet::ingest
