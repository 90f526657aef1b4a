#include "search/xapian_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>

#include <xapian.h>

#include "paywall/access.h"

namespace broadsheet::search {
namespace {

namespace fs = std::filesystem;
using std::chrono::sys_days;
using std::chrono::year;

Timestamp Day(int y, unsigned m, unsigned d) {
    return Timestamp{sys_days{year{y} / m / d}} + std::chrono::hours{9};
}

IndexDocument Doc(int64_t id, std::string headline, std::string standfirst, std::string body,
                  std::string section = "world", Timestamp published = Day(2024, 11, 16)) {
    IndexDocument doc;
    doc.id = ArticleId{id};
    doc.section = std::move(section);
    doc.slug = "story-" + std::to_string(id);
    doc.first_published = published;
    doc.headline = std::move(headline);
    doc.standfirst = std::move(standfirst);
    doc.body_text = std::move(body);
    return doc;
}

class XapianIndexTest : public testing::Test {
protected:
    void SetUp() override {
        root_ = fs::path(testing::TempDir()) /
                ("xapian-index-test-" + std::to_string(::getpid()) + "-" +
                 std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(root_);
        auto index = XapianIndex::Open(root_);
        ASSERT_TRUE(index) << index.error().message;
        index_ = std::move(*index);
    }
    void TearDown() override {
        index_.reset();
        fs::remove_all(root_);
    }

    void Index(const std::vector<IndexDocument>& docs) {
        for (const IndexDocument& doc : docs) ASSERT_TRUE(index_->Replace(doc));
        ASSERT_TRUE(index_->Commit());
    }

    SearchResults Search(std::string_view text, QueryInput input = {},
                         MayReadPremium may_read = {}) {
        input.text = text;
        auto query = ParseQuery(input);
        EXPECT_TRUE(query) << text << ": " << query.error().message;
        if (!query) return {};
        SearchRequest request{
            .query = *query, .page = 1, .page_size = 50, .may_read_premium = std::move(may_read)};
        auto results = index_->Search(request);
        EXPECT_TRUE(results) << text << ": " << results.error().message;
        return results ? *results : SearchResults{};
    }

    // The ids found, sorted (for checks that do not care about order).
    std::vector<int64_t> Ids(std::string_view text, QueryInput input = {}) {
        std::vector<int64_t> ids;
        for (const SearchHit& hit : Search(text, input).hits) ids.push_back(hit.id.value);
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    // Newest first looks at the newest month, 3, 12 and 24 months of the index first: whichever
    // window fills the page, or none (then every match is sorted), the pages and the totals
    // are those of sorting every match by date. Indexes `docs` (all "Harbour news") and checks
    // each {page, page size}.
    void ExpectNewestFirstPagesLikeAFullSort(const std::vector<IndexDocument>& docs,
                                             const std::vector<std::pair<int, int>>& pages) {
        Index(docs);
        std::vector<IndexDocument> by_date = docs;
        std::stable_sort(by_date.begin(), by_date.end(), [](const IndexDocument& a, const IndexDocument& b) {
            return a.first_published > b.first_published;
        });
        auto query = ParseQuery({.text = "harbour", .order = "newest"});
        ASSERT_TRUE(query);
        for (const auto& [page, page_size] : pages) {
            auto results = index_->Search({.query = *query, .page = page, .page_size = page_size});
            ASSERT_TRUE(results) << results.error().message;
            EXPECT_EQ(results->total_estimate, static_cast<int64_t>(docs.size()));
            const size_t first = static_cast<size_t>((page - 1) * page_size);
            ASSERT_EQ(results->hits.size(), std::min<size_t>(static_cast<size_t>(page_size), docs.size() - first));
            for (size_t i = 0; i < results->hits.size(); ++i) {
                // Stories of the same day rank by relevance, which is equal here; compare dates.
                EXPECT_EQ(results->hits[i].first_published, by_date[first + i].first_published)
                    << "page size " << page_size << ", page " << page << " #" << i;
            }
        }
    }

    fs::path root_;
    std::unique_ptr<XapianIndex> index_;
};

TEST_F(XapianIndexTest, PhraseVersusWords) {
    Index({Doc(1, "Prime minister resigns", "", ""),
           Doc(2, "Minister says prime rates rise", "", ""), Doc(3, "Rates", "", "nothing else")});
    EXPECT_EQ(Ids("prime minister"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(Ids("\"prime minister\""), (std::vector<int64_t>{1}));
    EXPECT_EQ(Ids("\"minister prime\""), (std::vector<int64_t>{}));
}

TEST_F(XapianIndexTest, PhrasesDoNotSpanFields) {
    Index({Doc(1, "Talks end with prime", "minister unhappy", "")});
    EXPECT_EQ(Ids("prime minister"), (std::vector<int64_t>{1}));
    EXPECT_EQ(Ids("\"prime minister\""), (std::vector<int64_t>{}));
}

TEST_F(XapianIndexTest, StemmingFindsOtherFormsWhateverTheCase) {
    Index({Doc(1, "The minister spoke", "", ""), Doc(2, "Ministers meet", "", ""),
           Doc(3, "Trade talks", "", "")});
    EXPECT_EQ(Ids("ministers"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(Ids("Ministers"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(Ids("minister"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(Ids("talking"), (std::vector<int64_t>{3}));
    // Phrases are stems in order, like words: other forms match, other orders do not.
    EXPECT_EQ(Ids("\"ministers meet\""), (std::vector<int64_t>{2}));
    EXPECT_EQ(Ids("\"minister meets\""), (std::vector<int64_t>{2}));
    EXPECT_EQ(Ids("\"meet ministers\""), (std::vector<int64_t>{}));
}

TEST_F(XapianIndexTest, RecordsItsFormatAndKnowsAnOlderOne) {
    Index({Doc(1, "Trade talks", "", "")});
    auto in_format = index_->InCurrentFormat();
    ASSERT_TRUE(in_format) << in_format.error().message;
    EXPECT_TRUE(*in_format);
    // A database of the first format: documents, and no format recorded.
    auto directory = index_->CurrentDirectory();
    ASSERT_TRUE(directory);
    index_.reset();
    {
        Xapian::WritableDatabase db(directory->string(), Xapian::DB_OPEN);
        db.set_metadata(kIndexFormatKey, "");
        db.commit();
    }
    auto reopened = XapianIndex::Open(root_);
    ASSERT_TRUE(reopened) << reopened.error().message;
    in_format = (*reopened)->InCurrentFormat();
    ASSERT_TRUE(in_format);
    EXPECT_FALSE(*in_format);
}

TEST_F(XapianIndexTest, HeadlineWeighsMoreThanBody) {
    Index({Doc(1, "Weather report", "", "A volcano was mentioned once in passing here."),
           Doc(2, "Volcano erupts", "", "Ash fell on the town after the eruption began.")});
    auto results = Search("volcano");
    ASSERT_EQ(results.hits.size(), 2u);
    EXPECT_EQ(results.hits[0].id, ArticleId{2});
}

TEST_F(XapianIndexTest, ExclusionAndOr) {
    Index({Doc(1, "Japan trade", "", ""), Doc(2, "Korea trade", "", ""),
           Doc(3, "China trade", "", ""), Doc(4, "Japan and Korea talks", "", "")});
    EXPECT_EQ(Ids("trade -korea"), (std::vector<int64_t>{1, 3}));
    EXPECT_EQ(Ids("japan -\"korea talks\""), (std::vector<int64_t>{1}));
    EXPECT_EQ(Ids("japan OR korea"), (std::vector<int64_t>{1, 2, 4}));
    EXPECT_EQ(Ids("japan OR china trade"), (std::vector<int64_t>{1, 3}));
    EXPECT_EQ(Ids("-japan"), (std::vector<int64_t>{2, 3}));
}

TEST_F(XapianIndexTest, FieldFilters) {
    IndexDocument a = Doc(1, "Election results", "", "", "world");
    a.topics = {"japan"};
    a.by = {"ap", "jane-smith"};
    IndexDocument b = Doc(2, "Election results", "", "", "business");
    b.topics = {"north-korea"};
    b.by = {"reuters"};
    IndexDocument c = Doc(3, "Election results", "", "", "sport");
    Index({a, b, c});
    EXPECT_EQ(Ids("election section:world"), (std::vector<int64_t>{1}));
    EXPECT_EQ(Ids("election -section:sport"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(Ids("topic:\"North Korea\""), (std::vector<int64_t>{2}));
    EXPECT_EQ(Ids("election by:AP"), (std::vector<int64_t>{1}));
    EXPECT_EQ(Ids("by:\"Jane Smith\""), (std::vector<int64_t>{1}));
    EXPECT_EQ(Ids("section:world OR section:business"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(Ids("election section:nowhere"), (std::vector<int64_t>{}));
    // A filter ORed with a word.
    EXPECT_EQ(Ids("results topic:japan OR section:sport"), (std::vector<int64_t>{1, 3}));
}

TEST_F(XapianIndexTest, DateRanges) {
    Index({Doc(1, "Budget", "", "", "world", Day(1997, 3, 1)),
           Doc(2, "Budget", "", "", "world", Day(2001, 12, 31)),
           Doc(3, "Budget", "", "", "world", Day(2002, 1, 1)),
           Doc(4, "Budget", "", "", "world", Day(2024, 11, 1)),
           Doc(5, "Budget", "", "", "world", Day(2024, 11, 16)),
           Doc(6, "Budget", "", "", "world", Day(2024, 11, 17))});
    EXPECT_EQ(Ids("budget 1997..2001"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(Ids("budget 2024-11-01..2024-11-16"), (std::vector<int64_t>{4, 5}));
    EXPECT_EQ(Ids("budget 2002.."), (std::vector<int64_t>{3, 4, 5, 6}));
    EXPECT_EQ(Ids("budget ..2001-12-31"), (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(Ids("budget", {.from = "2024-11-16"}), (std::vector<int64_t>{5, 6}));
    EXPECT_EQ(Ids("budget", {.from = "2001-12", .to = "2002-01"}), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(Ids("", {.from = "2024-11"}), (std::vector<int64_t>{4, 5, 6}));
}

TEST_F(XapianIndexTest, NewestFirstAndRelevance) {
    Index({Doc(1, "Flood warning flood flood", "", "", "world", Day(2001, 1, 1)),
           Doc(2, "Flood", "", "Long text about other things entirely, and more of it.", "world",
               Day(2024, 1, 1)),
           Doc(3, "River flood", "", "", "world", Day(2010, 1, 1))});
    auto newest = Search("flood", {.order = "newest"});
    ASSERT_EQ(newest.hits.size(), 3u);
    EXPECT_EQ(newest.hits[0].id, ArticleId{2});
    EXPECT_EQ(newest.hits[1].id, ArticleId{3});
    EXPECT_EQ(newest.hits[2].id, ArticleId{1});
    auto relevant = Search("flood");
    ASSERT_EQ(relevant.hits.size(), 3u);
    EXPECT_EQ(relevant.hits[0].id, ArticleId{1});
    EXPECT_GE(relevant.hits[0].score, relevant.hits[1].score);
    // With no words to rank by, a filter lists the newest first.
    auto browse = Search("section:world");
    ASSERT_EQ(browse.hits.size(), 3u);
    EXPECT_EQ(browse.hits[0].id, ArticleId{2});
}

TEST_F(XapianIndexTest, NewestFirstPagesAreTheSameWhetherTheLastYearFillsThemOrNot) {
    std::vector<IndexDocument> docs;
    // 30 stories in the last year (one a week, newest id 30), 40 in the years before.
    for (int i = 1; i <= 40; ++i)
        docs.push_back(Doc(i, "Harbour news", "", "", i % 2 ? "world" : "business", Day(1990 + i % 30, 3, 1)));
    for (int i = 1; i <= 30; ++i)
        docs.push_back(Doc(100 + i, "Harbour news", "", "", "world",
                           Day(2024, 11, 16) - std::chrono::days{7 * (30 - i)}));
    ExpectNewestFirstPagesLikeAFullSort(docs, {{1, 20}, {2, 20}, {3, 20}});
    // The facets count every match, whichever pass gave the page.
    auto query = ParseQuery({.text = "harbour", .order = "newest"});
    ASSERT_TRUE(query);
    auto results = index_->Search({.query = *query, .page = 1, .page_size = 20});
    ASSERT_TRUE(results);
    EXPECT_EQ(results->years.size(), 31u);
}

TEST_F(XapianIndexTest, NewestFirstPagesAreExactWhicheverRecentWindowFillsThem) {
    // Daily stories for the last 70 days (the newest on 2024-11-16: 16 in the newest month),
    // and 30 in older years; the page sizes make each window in turn the first to fill.
    std::vector<IndexDocument> docs;
    for (int i = 1; i <= 70; ++i)
        docs.push_back(Doc(i, "Harbour news", "", "", "world", Day(2024, 11, 16) - std::chrono::days{70 - i}));
    for (int i = 1; i <= 30; ++i) docs.push_back(Doc(200 + i, "Harbour news", "", "", "world", Day(1997 + i % 20, 6, 1)));
    std::vector<std::pair<int, int>> pages;
    for (int page_size : {10, 16, 17, 50, 80, 100}) {
        pages.emplace_back(1, page_size);
        pages.emplace_back(2, page_size);
    }
    ExpectNewestFirstPagesLikeAFullSort(docs, pages);
}

TEST_F(XapianIndexTest, FacetsCountSectionsAndYears) {
    Index({Doc(1, "Storm", "", "", "world", Day(1999, 5, 1)),
           Doc(2, "Storm", "", "", "world", Day(2024, 5, 1)),
           Doc(3, "Storm", "", "", "science", Day(2024, 6, 1)),
           Doc(4, "Storm", "", "", "world", Day(2023, 1, 1)),
           Doc(5, "Calm", "", "", "sport", Day(2024, 1, 1))});
    auto results = Search("storm");
    EXPECT_EQ(results.total_estimate, 4);
    EXPECT_TRUE(results.total_exact);
    ASSERT_EQ(results.sections.size(), 2u);
    EXPECT_EQ(results.sections[0].value, "world");
    EXPECT_EQ(results.sections[0].count, 3);
    EXPECT_EQ(results.sections[1].value, "science");
    EXPECT_EQ(results.sections[1].count, 1);
    ASSERT_EQ(results.years.size(), 3u);
    EXPECT_EQ(results.years[0].value, "1999");
    EXPECT_EQ(results.years[1].value, "2023");
    EXPECT_EQ(results.years[2].value, "2024");
    EXPECT_EQ(results.years[2].count, 2);
}

// A large result's facets come from a uniform sample: every year and section estimated
// alike (a sample of the first matches by docid would give the oldest year nearly all).
TEST_F(XapianIndexTest, FacetsOfALargeResultAreAnEvenSampleScaledUp) {
    std::vector<IndexDocument> docs;
    const std::vector<std::string> sections = {"world", "business", "sport"};
    for (int i = 1; i <= 3000; ++i) {
        docs.push_back(Doc(i, "Tide tables", "", "", sections[i % 3], Day(2010 + (i - 1) / 300, 1 + i % 12, 1 + i % 28)));
    }
    Index(docs);
    auto sampled = XapianIndex::Open(root_, XapianIndexOptions{.facet_sample = 200});
    ASSERT_TRUE(sampled);
    for (const char* order : {"relevance", "newest"}) {
        auto query = ParseQuery({.text = "tide", .order = order});
        ASSERT_TRUE(query);
        auto results = (*sampled)->Search({.query = *query, .page = 1, .page_size = 20});
        ASSERT_TRUE(results) << results.error().message;
        EXPECT_TRUE(results->facets_estimated) << order;
        EXPECT_NEAR(static_cast<double>(results->total_estimate), 3000, 3000 * 0.25) << order;
        ASSERT_EQ(results->years.size(), 10u) << order;
        for (const FacetCount& year : results->years)
            EXPECT_NEAR(static_cast<double>(year.count), 300, 300 * 0.6) << order << " " << year.value;
        ASSERT_EQ(results->sections.size(), 3u) << order;
        for (const FacetCount& section : results->sections)
            EXPECT_NEAR(static_cast<double>(section.count), 1000, 1000 * 0.4) << order << " " << section.value;
    }
    // A sample larger than the result: counted exactly.
    auto exact = XapianIndex::Open(root_, XapianIndexOptions{.facet_sample = 5000});
    ASSERT_TRUE(exact);
    auto query = ParseQuery({.text = "tide"});
    ASSERT_TRUE(query);
    auto results = (*exact)->Search({.query = *query, .page = 1, .page_size = 20});
    ASSERT_TRUE(results);
    EXPECT_FALSE(results->facets_estimated);
    EXPECT_EQ(results->total_estimate, 3000);
    ASSERT_EQ(results->years.size(), 10u);
    for (const FacetCount& year : results->years) EXPECT_EQ(year.count, 300) << year.value;
}

// Facet counts come from a table of each document's year and section, made on the first
// search: documents added later are counted too.
TEST_F(XapianIndexTest, FacetsCountDocumentsAddedAfterTheFirstSearch) {
    Index({Doc(1, "Storm", "", "", "world", Day(1999, 5, 1)), Doc(2, "Storm", "", "", "world", Day(2024, 5, 1))});
    auto before = Search("storm");
    ASSERT_EQ(before.sections.size(), 1u);
    Index({Doc(3, "Storm", "", "", "science", Day(2025, 6, 1)), Doc(4, "Storm", "", "", "science", Day(2025, 7, 1))});
    auto after = Search("storm");
    EXPECT_EQ(after.total_estimate, 4);
    ASSERT_EQ(after.sections.size(), 2u);
    EXPECT_EQ(after.sections[0].value, "science");
    EXPECT_EQ(after.sections[0].count, 2);
    EXPECT_EQ(after.sections[1].value, "world");
    EXPECT_EQ(after.sections[1].count, 2);
    ASSERT_EQ(after.years.size(), 3u);
    EXPECT_EQ(after.years[2].value, "2025");
    EXPECT_EQ(after.years[2].count, 2);
}

TEST_F(XapianIndexTest, PagesAndTheirLimits) {
    std::vector<IndexDocument> docs;
    for (int i = 1; i <= 25; ++i)
        docs.push_back(Doc(i, "Market update", "", "", "business", Day(2000 + i, 1, 1)));
    Index(docs);
    auto query = ParseQuery({.text = "market", .order = "newest"});
    ASSERT_TRUE(query);
    auto page2 = index_->Search({.query = *query, .page = 2, .page_size = 10});
    ASSERT_TRUE(page2);
    EXPECT_EQ(page2->total_estimate, 25);
    ASSERT_EQ(page2->hits.size(), 10u);
    EXPECT_EQ(page2->hits[0].id, ArticleId{15});
    auto page3 = index_->Search({.query = *query, .page = 3, .page_size = 10});
    ASSERT_TRUE(page3);
    EXPECT_EQ(page3->hits.size(), 5u);
    for (SearchRequest bad :
         {SearchRequest{.query = *query, .page = 0}, SearchRequest{.query = *query, .page_size = 0},
          SearchRequest{.query = *query, .page_size = kMaxPageSize + 1},
          SearchRequest{.query = *query, .page = 1000, .page_size = 20}}) {
        auto results = index_->Search(bad);
        ASSERT_FALSE(results);
        EXPECT_EQ(results.error().code, ErrorCode::kInvalidInput);
    }
}

TEST_F(XapianIndexTest, DidYouMean) {
    Index({Doc(1, "Parliament debates the budget", "Ministers disagree", ""),
           Doc(2, "Budget vote in parliament", "", "")});
    EXPECT_EQ(Search("parliment").did_you_mean, "parliament");
    EXPECT_EQ(Search("parliment budgte section:world").did_you_mean,
              "parliament budget section:world");
    EXPECT_EQ(Search("\"ministers disgaree\"").did_you_mean, "\"ministers disagree\"");
    EXPECT_EQ(Search("parliament budget").did_you_mean, "");
    EXPECT_EQ(Search("xqzvy").did_you_mean, "");
}

TEST_F(XapianIndexTest, SnippetsHighlightMatchesAndEscapeHtml) {
    Index({Doc(1, "Cabinet", "Tom & Jerry <script>alert(1)</script> met the minister \"today\"",
               "")});
    auto results = Search("ministers");
    ASSERT_EQ(results.hits.size(), 1u);
    const std::string& snippet = results.hits[0].snippet_html;
    EXPECT_NE(snippet.find("<mark>minister</mark>"), std::string::npos) << snippet;
    EXPECT_NE(snippet.find("Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;"),
              std::string::npos)
        << snippet;
    EXPECT_EQ(snippet.find("<script>"), std::string::npos) << snippet;
    EXPECT_EQ(results.hits[0].headline, "Cabinet");
    EXPECT_EQ(results.hits[0].slug, "story-1");
}

// The paywall rule for snippets: the body of a premium story never reaches a reader who may
// not read it, even when the match is in the body.
TEST_F(XapianIndexTest, PremiumSnippetsShowTheStandfirstUnlessTheReaderMayRead) {
    const std::string body =
        "The zebrafish quokka axolotl memorandum was leaked by pangolin sources.";
    IndexDocument premium = Doc(1, "Cabinet reshuffle", "A reshuffle is expected this week.", body);
    premium.premium = true;
    IndexDocument free_story =
        Doc(2, "Open report", "A free story.", "The zebrafish escaped the tank.");
    Index({premium, free_story});

    auto paywall_says = [](bool entitled) -> MayReadPremium {
        return [entitled](ArticleId id) {
            return paywall::Decide(true, entitled, nullptr, id).access == paywall::Access::kFull;
        };
    };
    std::istringstream words(body);
    std::vector<std::string> body_words;
    for (std::string word; words >> word;) {
        if (word != "The" && word != "was" && word != "by")
            body_words.push_back(word.substr(0, word.find('.')));
    }
    for (const MayReadPremium& may_read : {MayReadPremium{}, paywall_says(false)}) {
        auto results = Search("zebrafish", {}, may_read);
        ASSERT_EQ(results.hits.size(), 2u);  // The premium story is found by its body...
        for (const SearchHit& hit : results.hits) {
            if (hit.id != ArticleId{1}) continue;
            EXPECT_TRUE(hit.premium);
            EXPECT_EQ(hit.snippet_html, "A reshuffle is expected this week.");
            for (const std::string& word : body_words) {  // ...but shows none of it.
                EXPECT_EQ(hit.snippet_html.find(word), std::string::npos) << word;
            }
        }
        for (const SearchHit& hit :
             Search("\"pangolin sources\" OR reshuffle", {}, may_read).hits) {
            EXPECT_EQ(hit.snippet_html.find("pangolin"), std::string::npos);
        }
    }
    auto entitled = Search("zebrafish", {}, paywall_says(true));
    for (const SearchHit& hit : entitled.hits) {
        EXPECT_NE(hit.snippet_html.find("<mark>zebrafish</mark>"), std::string::npos)
            << hit.snippet_html;
    }
}

TEST_F(XapianIndexTest, ReplaceRemoveAndCommit) {
    Index({Doc(1, "Old headline", "", ""), Doc(2, "Other story", "", "")});
    ASSERT_TRUE(index_->Replace(Doc(1, "New headline", "", "")));
    ASSERT_TRUE(index_->Remove(ArticleId{2}));
    ASSERT_TRUE(index_->Remove(ArticleId{99}));        // Not there: nothing happens.
    EXPECT_EQ(Ids("old"), (std::vector<int64_t>{1}));  // Not committed yet.
    ASSERT_TRUE(index_->Commit());
    EXPECT_EQ(Ids("old"), (std::vector<int64_t>{}));
    EXPECT_EQ(Ids("new"), (std::vector<int64_t>{1}));
    EXPECT_EQ(Ids("other"), (std::vector<int64_t>{}));
    EXPECT_EQ(*index_->Count(), 1);
}

TEST_F(XapianIndexTest, SurvivesReopening) {
    Index({Doc(1, "Durable story", "", "")});
    index_.reset();
    auto reopened = XapianIndex::Open(root_);
    ASSERT_TRUE(reopened);
    index_ = std::move(*reopened);
    EXPECT_EQ(Ids("durable"), (std::vector<int64_t>{1}));
    EXPECT_TRUE(fs::exists(root_ / "CURRENT"));
    EXPECT_EQ((*index_->CurrentDirectory()).filename(), "index-000001");
}

TEST_F(XapianIndexTest, QueriesWithNothingSearchableFindNothing) {
    Index({Doc(1, "Story & more", "", "")});
    EXPECT_EQ(Ids("&"), (std::vector<int64_t>{}));
    EXPECT_EQ(Ids("\"& &\""), (std::vector<int64_t>{}));
    EXPECT_EQ(Ids("& story"), (std::vector<int64_t>{1}));
}

}  // namespace
}  // namespace broadsheet::search
