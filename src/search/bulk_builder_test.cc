#include "search/bulk_builder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "search/index_dir.h"

namespace broadsheet::search {
namespace {

namespace fs = std::filesystem;

// A deterministic synthetic archive: a small Zipf-ish vocabulary, five sections, dates
// from 1997 on (one a few hours apart, so newest-first has no ties).
std::vector<IndexDocument> Archive(int count, uint32_t seed) {
    std::vector<std::string> vocabulary;
    const char* const syllables[] = {"ka",  "lo",  "mi", "ren", "tu", "sa",
                                     "vor", "bel", "qu", "dan", "pe", "zo"};
    for (const char* a : syllables) {
        for (const char* b : syllables) vocabulary.push_back(std::string(a) + b);
    }
    const char* const sections[] = {"world", "business", "science", "sport", "culture"};
    uint32_t state = seed;
    auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    auto word = [&] {
        // Skewed: low indexes are much more common.
        uint32_t r = next() % 1000;
        return vocabulary[(r * r / 1000) * vocabulary.size() / 1000];
    };
    auto text = [&](int words) {
        std::string out;
        for (int i = 0; i < words; ++i) out += (i ? " " : "") + word();
        return out;
    };
    std::vector<IndexDocument> docs;
    for (int i = 1; i <= count; ++i) {
        IndexDocument doc;
        doc.id = ArticleId{i};
        doc.section = sections[next() % 5];
        doc.slug = "story-" + std::to_string(i);
        doc.topics = {"topic-" + std::to_string(next() % 40)};
        doc.by = {next() % 3 == 0 ? "ap" : "staff-" + std::to_string(next() % 10)};
        doc.premium = next() % 4 == 0;
        doc.first_published = Timestamp{std::chrono::seconds{852076800 + int64_t{i} * 300'000}};
        doc.headline = text(6);
        doc.standfirst = text(15);
        doc.body_text = text(60);
        docs.push_back(std::move(doc));
    }
    return docs;
}

ShardSource SourceOf(const std::vector<IndexDocument>& docs) {
    return [&docs](int shard, int shards, const AddDocument& add) -> Result<void> {
        for (const IndexDocument& doc : docs) {
            if (doc.id.value % shards != shard) continue;
            if (auto added = add(doc); !added) return added;
        }
        return {};
    };
}

class BulkBuilderTest : public testing::Test {
protected:
    void SetUp() override {
        base_ = fs::path(testing::TempDir()) /
                ("bulk-builder-test-" + std::to_string(::getpid()) + "-" +
                 std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(base_);
    }
    void TearDown() override { fs::remove_all(base_); }

    fs::path base_;
};

SearchResults SearchFor(const SearchIndex& index, std::string_view text,
                        std::string_view order = "") {
    auto query = ParseQuery({.text = text, .order = order});
    EXPECT_TRUE(query) << text;
    auto results = index.Search({.query = *query, .page = 1, .page_size = 100});
    EXPECT_TRUE(results) << text << ": " << results.error().message;
    return results ? *results : SearchResults{};
}

// Hits as (score, id), best first; scores are compared to 1e-9 and the hits tied with the
// last one are left out (which of them make the page depends on docid order).
std::vector<std::pair<double, int64_t>> Ranked(const SearchResults& results) {
    std::vector<std::pair<double, int64_t>> ranked;
    for (const SearchHit& hit : results.hits)
        ranked.emplace_back(std::round(hit.score * 1e9) / 1e9, hit.id.value);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (ranked.size() == 100) {
        double last = ranked.back().first;
        std::erase_if(ranked, [last](const auto& hit) { return hit.first == last; });
    }
    return ranked;
}

TEST_F(BulkBuilderTest, BulkBuildEqualsIncrementalBuild) {
    const std::vector<IndexDocument> docs = Archive(3000, 7);
    // Facets counted over every match, so both indexes give exact, comparable counts (a
    // sample's counts depend on the order documents were numbered in).
    const XapianIndexOptions exact{.facet_sample = 100'000};
    auto incremental = XapianIndex::Open(base_ / "incremental", exact);
    ASSERT_TRUE(incremental);
    for (const IndexDocument& doc : docs) ASSERT_TRUE((*incremental)->Add(doc));
    ASSERT_TRUE((*incremental)->Commit());

    std::atomic<int64_t> progress{0};
    BulkBuilder builder(
        base_ / "bulk",
        {.shards = 4, .threads = 2, .commit_every = 500, .on_progress = [&](int64_t n) {
             progress = std::max<int64_t>(progress, n);
         }});
    auto report = builder.Build(SourceOf(docs));
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->documents, 3000);
    EXPECT_EQ(progress.load(), 3000);
    EXPECT_EQ(report->index_dir, "index-000001");
    EXPECT_EQ(report->previous_dir, "");
    auto bulk = XapianIndex::Open(base_ / "bulk", exact);
    ASSERT_TRUE(bulk);
    EXPECT_EQ(*(*bulk)->Count(), 3000);

    const std::string w0 = docs[0].headline.substr(0, docs[0].headline.find(' '));
    const std::string phrase = docs[10].body_text.substr(0, docs[10].body_text.find(' ', 6));
    const std::vector<std::pair<std::string, std::string>> queries = {
        {"kaka", ""},
        {"kaka", "newest"},
        {"kaka lomi", ""},
        {"\"" + phrase + "\"", ""},
        {"kaka OR mimi -lolo", ""},
        {"section:science kaka", ""},
        {"topic:topic-7", ""},
        {"by:ap 1999..2003", "newest"},
        {"kaka 2005-03-01..2007-06-30", ""},
        {w0 + " renmi", ""},
        {"kakka lomy", ""},
        {"zzzz", ""},
    };
    for (const auto& [text, order] : queries) {
        SearchResults a = SearchFor(**incremental, text, order);
        SearchResults b = SearchFor(**bulk, text, order);
        EXPECT_EQ(a.total_estimate, b.total_estimate) << text;
        EXPECT_EQ(a.did_you_mean, b.did_you_mean) << text;
        ASSERT_EQ(a.hits.size(), b.hits.size()) << text;
        if (order == "newest") {
            for (size_t i = 0; i < a.hits.size(); ++i) {
                EXPECT_EQ(a.hits[i].id, b.hits[i].id) << text << " #" << i;
                EXPECT_EQ(a.hits[i].snippet_html, b.hits[i].snippet_html) << text << " #" << i;
            }
        } else {
            EXPECT_EQ(Ranked(a), Ranked(b)) << text;
        }
        ASSERT_EQ(a.sections.size(), b.sections.size()) << text;
        for (size_t i = 0; i < a.sections.size(); ++i) {
            EXPECT_EQ(a.sections[i].value, b.sections[i].value) << text;
            EXPECT_EQ(a.sections[i].count, b.sections[i].count) << text;
        }
        ASSERT_EQ(a.years.size(), b.years.size()) << text;
        for (size_t i = 0; i < a.years.size(); ++i)
            EXPECT_EQ(a.years[i].count, b.years[i].count) << text;
    }
    // The queries above are not vacuous.
    EXPECT_GT(SearchFor(**bulk, "kaka").total_estimate, 100);
    EXPECT_FALSE(SearchFor(**bulk, "kakka lomy").did_you_mean.empty());
    EXPECT_EQ(SearchFor(**bulk, "\"" + phrase + "\"").hits.empty(), false);
}

TEST_F(BulkBuilderTest, SwapsInWhileAnOpenIndexKeepsServing) {
    const fs::path root = base_ / "root";
    std::vector<IndexDocument> first = Archive(400, 1);
    for (IndexDocument& doc : first) doc.headline += " alphaword";
    std::vector<IndexDocument> second = Archive(300, 2);
    for (IndexDocument& doc : second) doc.headline += " betaword";

    BulkBuilder builder(root, {.shards = 3, .threads = 2});
    ASSERT_TRUE(builder.Build(SourceOf(first)));
    auto index = XapianIndex::Open(root);
    ASSERT_TRUE(index);
    EXPECT_EQ(SearchFor(**index, "alphaword").total_estimate, 400);

    // Searches run throughout the next build and its swap; none may fail.
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::atomic<int> searches{0};
    std::thread reader([&] {
        auto query = ParseQuery({.text = "alphaword OR betaword"});
        while (!done) {
            auto results = (*index)->Search({.query = *query, .page_size = 10});
            if (!results || results->total_estimate == 0) ++failures;
            ++searches;
        }
    });
    auto report = builder.Build(SourceOf(second));
    done = true;
    reader.join();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(failures.load(), 0);
    EXPECT_GT(searches.load(), 0);
    EXPECT_EQ(report->index_dir, "index-000002");
    EXPECT_EQ(report->previous_dir, "index-000001");

    // The open index follows the swap for reads and writes.
    EXPECT_EQ(SearchFor(**index, "alphaword").total_estimate, 0);
    EXPECT_EQ(SearchFor(**index, "betaword").total_estimate, 300);
    EXPECT_EQ((*(*index)->CurrentDirectory()).filename(), "index-000002");
    IndexDocument live = second[0];
    live.id = ArticleId{100'000};
    live.headline = "gammaword";
    ASSERT_TRUE((*index)->Replace(live));
    ASSERT_TRUE((*index)->Commit());
    EXPECT_EQ(SearchFor(**index, "gammaword").total_estimate, 1);

    // A third build keeps the one it replaced and deletes the older one.
    auto third = builder.Build(SourceOf(first));
    ASSERT_TRUE(third);
    EXPECT_EQ(third->removed, 1);
    EXPECT_FALSE(fs::exists(root / "index-000001"));
    EXPECT_TRUE(fs::exists(root / "index-000002"));
    EXPECT_TRUE(fs::exists(root / "index-000003"));
    EXPECT_EQ(**ReadCurrent(root), "index-000003");
    EXPECT_EQ(SearchFor(**index, "alphaword").total_estimate, 400);
}

TEST_F(BulkBuilderTest, AFailedBuildLeavesTheCurrentIndexAlone) {
    const fs::path root = base_ / "root";
    std::vector<IndexDocument> docs = Archive(200, 3);
    BulkBuilder builder(root, {.shards = 3, .threads = 2});
    ASSERT_TRUE(builder.Build(SourceOf(docs)));

    ShardSource failing = [&](int shard, int shards, const AddDocument& add) -> Result<void> {
        if (shard == 1) return Fail(ErrorCode::kIo, "the store went away");
        return SourceOf(docs)(shard, shards, add);
    };
    auto failed = builder.Build(failing);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().message, "the store went away");
    EXPECT_EQ(**ReadCurrent(root), "index-000001");
    EXPECT_FALSE(fs::exists(root / "index-000002.build"));
    EXPECT_FALSE(fs::exists(root / "index-000002"));

    ShardSource throwing = [](int, int, const AddDocument&) -> Result<void> {
        throw std::runtime_error("bug");
    };
    EXPECT_THROW((void)builder.Build(throwing), std::runtime_error);
    EXPECT_EQ(**ReadCurrent(root), "index-000001");

    // One build at a time.
    auto lock = FileLock::Acquire(root / "build.lock", false);
    ASSERT_TRUE(lock);
    auto concurrent = builder.Build(SourceOf(docs));
    ASSERT_FALSE(concurrent);
    EXPECT_EQ(concurrent.error().code, ErrorCode::kConflict);

    auto index = XapianIndex::Open(root);
    ASSERT_TRUE(index);
    EXPECT_EQ(*(*index)->Count(), 200);
}

}  // namespace
}  // namespace broadsheet::search
