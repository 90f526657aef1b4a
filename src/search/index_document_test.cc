#include "search/index_document.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "search/index_dir.h"
#include "search/stored_fields.h"

namespace broadsheet::search {
namespace {

TEST(HtmlToTextTest, StripsTagsAndDecodesReferences) {
    struct Case {
        const char* html;
        const char* text;
    };
    const Case cases[] = {
        {"<p>Ministers met.</p><p>They agreed.</p>", "Ministers met. They agreed."},
        {"un<em>believ</em>able", "unbelievable"},
        {"Line<br>break<br/>here", "Line break here"},
        {"Fish &amp; chips &lt;b&gt; &#8217;n&#x2019; &nbsp;x", "Fish & chips <b> \u2019n\u2019 x"},
        {"AT&T &bogus; & more", "AT&T &bogus; & more"},
        {"<p>a</p><script>var x = '<p>secret</p>';</script><p>b</p>", "a b"},
        {"<ul><li>one</li><li>two</li></ul>", "one two"},
        {"torn <a href=\"x", "torn"},
        {"&#0; &#xD800; &#99999999;", "\uFFFD \uFFFD \uFFFD"},
    };
    for (const Case& c : cases) EXPECT_EQ(HtmlToText(c.html), c.text) << c.html;
}

TEST(BylineSlugsTest, NamesEachAuthor) {
    struct Case {
        const char* byline;
        std::vector<std::string> slugs;
    };
    const Case cases[] = {
        {"By Jane Smith", {"jane-smith"}},
        {"by Jane Smith and Ali Khan, AP", {"jane-smith", "ali-khan", "ap"}},
        {"Reuters / AFP", {"reuters", "afp"}},
        {"José Núñez; Jane Smith & Jane Smith", {"jose-nunez", "jane-smith"}},
        {"", {}},
        {" , ; ", {}},
    };
    for (const Case& c : cases) EXPECT_EQ(BylineSlugs(c.byline), c.slugs) << c.byline;
}

TEST(IndexDocumentFromTest, TakesWhatSearchNeeds) {
    Article article;
    article.id = ArticleId{42};
    article.section = "world";
    article.slug = "ministers-meet";
    article.premium = true;
    article.first_published = Timestamp{std::chrono::seconds{1731752820}};
    article.content.headline = "Ministers meet";
    article.content.standfirst = "A short summary.";
    article.content.body_html = "<p>Body &amp; more.</p>";
    article.content.byline = "By Jane Smith";
    article.content.located = "Tokyo";
    article.content.provider = "AP";
    article.content.topics = {{"japan", "Japan"}, {"nk", "North Korea"}};
    IndexDocument doc = IndexDocumentFrom(article);
    EXPECT_EQ(doc.id, ArticleId{42});
    EXPECT_EQ(doc.section, "world");
    EXPECT_EQ(doc.topics, (std::vector<std::string>{"japan", "nk", "north-korea"}));
    EXPECT_EQ(doc.by, (std::vector<std::string>{"ap", "jane-smith"}));
    EXPECT_TRUE(doc.premium);
    EXPECT_EQ(doc.body_text, "Body & more.");
    EXPECT_EQ(doc.extra_text, "By Jane Smith Tokyo AP");

    EXPECT_TRUE(Searchable(article));
    article.held = true;
    EXPECT_FALSE(Searchable(article));
    article.held = false;
    article.status = ArticleStatus::kKilled;
    EXPECT_FALSE(Searchable(article));
}

TEST(StoredFieldsTest, RoundTripsAndCutsTheBodyAtACharacter) {
    IndexDocument doc;
    doc.id = ArticleId{-7};
    doc.premium = true;
    doc.first_published = Timestamp{std::chrono::seconds{-86400 * 365}};
    doc.section = "world";
    doc.slug = "s";
    doc.headline = "H";
    doc.standfirst = "S";
    doc.body_text = "caf\xC3\xA9 au lait";
    auto fields = DecodeStoredFields(EncodeStoredFields(doc, 4));
    ASSERT_TRUE(fields);
    EXPECT_EQ(fields->id, doc.id);
    EXPECT_TRUE(fields->premium);
    EXPECT_EQ(fields->first_published, doc.first_published);
    EXPECT_EQ(fields->headline, "H");
    EXPECT_EQ(fields->body_text, "caf");  // Not half of the é.
    std::string data = EncodeStoredFields(doc, 100);
    EXPECT_FALSE(DecodeStoredFields(data.substr(0, data.size() - 1)));
    EXPECT_FALSE(DecodeStoredFields(data + "x"));
    EXPECT_FALSE(DecodeStoredFields(""));
}

TEST(IndexDirTest, NamesAndCurrent) {
    EXPECT_EQ(IndexDirName(3), "index-000003");
    auto root = std::filesystem::path(testing::TempDir()) /
                ("index-dir-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root / "index-000007.build");
    std::filesystem::create_directories(root / "index-000002");
    std::filesystem::create_directories(root / "other");
    EXPECT_EQ(NextIndexNumber(root), 8);
    EXPECT_FALSE(*ReadCurrent(root));
    ASSERT_TRUE(WriteCurrent(root, "index-000002"));
    EXPECT_EQ(**ReadCurrent(root), "index-000002");
    auto removed = RemoveIndexesExcept(root, {"index-000002"});
    ASSERT_TRUE(removed);
    EXPECT_EQ(*removed, 1);
    EXPECT_TRUE(std::filesystem::exists(root / "other"));
    auto lock = FileLock::Acquire(root / "build.lock", false);
    ASSERT_TRUE(lock);
    auto second = FileLock::Acquire(root / "build.lock", false);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::kConflict);
    std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace broadsheet::search
