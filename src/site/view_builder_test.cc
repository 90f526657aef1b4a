#include "site/view_builder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "site/site.h"

namespace broadsheet::site {
namespace {

SiteOptions Options() {
    SiteOptions options{.timezone = SiteTimeZone::Find("Asia/Kolkata").value()};
    options.name = "Business Standard";
    options.sections = {{"world", "World"}};
    options.offer_headline = "Subscribe to {site} digital";
    options.perks = {{"premium", "Premium stories", "Daily", 0},
                     {"epaper", "{site} Epaper", "Replica of {site}", 0},
                     {"nyt-2", "Complimentary New York Times access for the 2nd year", "", 12}};
    options.plans = {
        Plan{"q", "Smart Quarterly", Money{90000, "INR"}, 3, Money{120000, "INR"}, {"premium", "epaper"}},
        Plan{"e", "Smart Essential", Money{270000, "INR"}, 12, Money{500000, "INR"}, {"premium", "nyt-2"}},
        Plan{"s", "Super Saver", Money{390000, "INR"}, 24, std::nullopt, {"premium"}},
    };
    return options;
}

TEST(MakeOfferTest, ShowsThePlansAsTheReferencePageDoes) {
    OfferView offer = MakeOffer(Options());
    EXPECT_EQ(offer.headline, "Subscribe to Business Standard digital");
    ASSERT_EQ(offer.plans.size(), 3u);
    EXPECT_EQ(offer.plans[0].price, "₹900");
    EXPECT_EQ(offer.plans[0].period, "3 Months");
    EXPECT_EQ(offer.plans[0].per_month, "₹300/Month");
    EXPECT_EQ(offer.plans[0].saving, "SAVE 25%");
    EXPECT_EQ(offer.plans[1].price, "₹2,700");
    EXPECT_EQ(offer.plans[1].period, "1 Year");
    EXPECT_EQ(offer.plans[1].per_month, "₹225/Month");
    EXPECT_EQ(offer.plans[1].saving, "SAVE 46%");
    ASSERT_EQ(offer.plans[1].notes.size(), 1u);
    EXPECT_EQ(offer.plans[1].notes[0],
              "*Complimentary New York Times access for the 2nd year will be given after 12 months");
    EXPECT_EQ(offer.plans[2].price, "₹3,900");
    EXPECT_EQ(offer.plans[2].period, "2 Years");
    EXPECT_EQ(offer.plans[2].per_month, "₹162/Month");
    EXPECT_EQ(offer.plans[2].saving, "");
    // Tenure perks are notes on plans, not list items.
    ASSERT_EQ(offer.perks.size(), 2u);
    EXPECT_EQ(offer.perks[1].title, "Business Standard Epaper");
    EXPECT_EQ(offer.perks[1].description, "Replica of Business Standard");
}

TEST(SyndicationNoticeTest, NamesTheSite) {
    EXPECT_EQ(SyndicationNotice("Business Standard"),
              "(Only the headline and picture of this report may have been reworked by the Business Standard staff; "
              "the rest of the content is auto-generated from a syndicated feed.)");
}

TEST(WithSiteNameTest, ReplacesEveryPlaceholder) {
    EXPECT_EQ(WithSiteName("{site} and {site}", "X"), "X and X");
    EXPECT_EQ(WithSiteName("none", "X"), "none");
    EXPECT_EQ(WithSiteName("{sit", "X"), "{sit");
}

TEST(MakeArticleViewTest, FormatsDatesReadTimeAndLinks) {
    Article article;
    article.id = ArticleId{7};
    article.section = "world";
    article.slug = "japans-minister";
    article.syndicated = true;
    article.first_published = Timestamp{std::chrono::seconds{1731752820}};
    article.last_updated = article.first_published + std::chrono::hours(10);
    article.content.headline = "Japan's minister";
    article.content.word_count = 277;
    article.content.topics = {{"north-korea", "North Korea"}};
    article.content.body_html = "<p>Secret body</p>";
    ArticleView view = MakeArticleView(article, {}, std::nullopt, Options(), true);
    ASSERT_EQ(view.body.size(), 1u);
    EXPECT_EQ(view.body[0].html, "<p>Secret body</p>");
    EXPECT_FALSE(view.locked);
    EXPECT_EQ(view.read_time, "2 min read");
    EXPECT_EQ(view.first_published, "Nov 16 2024 | 3:57 PM IST");
    EXPECT_EQ(view.last_updated, "Nov 17 2024 | 1:57 AM IST");
    EXPECT_EQ(view.section.url, "/world");
    ASSERT_EQ(view.topics.size(), 1u);
    EXPECT_EQ(view.topics[0].url, "/topic/north-korea");
    EXPECT_NE(view.syndication_notice.find("Business Standard staff"), std::string::npos);
    article.syndicated = false;
    EXPECT_EQ(MakeArticleView(article, {}, std::nullopt, Options(), true).syndication_notice, "");
    ArticleView locked = MakeArticleView(article, {}, std::nullopt, Options(), false);
    EXPECT_TRUE(locked.locked);
    EXPECT_TRUE(locked.body.empty());
    EXPECT_EQ(locked.teaser_html, "");  // One paragraph is the whole story: no teaser text.
    article.content.body_html = "\n<p>First paragraph.</p>\n<p>SECOND-PARAGRAPH</p><p>Third.</p>";
    ArticleView teaser = MakeArticleView(article, {}, std::nullopt, Options(), false);
    EXPECT_EQ(teaser.teaser_html, "<p>First paragraph.</p>");
    EXPECT_TRUE(teaser.body.empty());
}

TEST(TopLevelParagraphEndsTest, CountsOnlyTopLevelParagraphs) {
    std::string html =
        "<p>One</p><blockquote><p>Quoted</p></blockquote><p title=\"a</p>\">Two<br>x</p>"
        "<ul><li><p>In a list</p></li></ul><!-- </p> --><p>Three<img src=\"x.jpg\" alt=\"\"></p>";
    std::vector<size_t> ends = TopLevelParagraphEnds(html);
    ASSERT_EQ(ends.size(), 3u);
    EXPECT_EQ(html.substr(0, ends[0]), "<p>One</p>");
    EXPECT_TRUE(html.substr(0, ends[1]).ends_with("Two<br>x</p>"));
    EXPECT_EQ(ends[2], html.size());
    EXPECT_TRUE(TopLevelParagraphEnds("").empty());
    EXPECT_TRUE(TopLevelParagraphEnds("plain text <p unterminated").empty());
}

ArticleView ViewWithParagraphs(int n) {
    ArticleView view;
    std::string html;
    for (int i = 1; i <= n; ++i) html += "<p>P" + std::to_string(i) + "</p>";
    view.body.push_back({html, std::nullopt, std::nullopt});
    return view;
}

// The body with its inserts marked, to compare in one string.
std::string Flatten(const ArticleView& view) {
    std::string out;
    for (const ArticleView::BodyPart& part : view.body) {
        out += part.html;
        if (part.related) out += "[related:" + part.related->headline + "]";
        if (part.ad) out += "[ad]";
    }
    return out;
}

TEST(PlaceInBodyTest, PutsTheAdAndRelatedLinkBetweenParagraphs) {
    StoryCardView related;
    related.headline = "Russia strikes Kyiv";
    AdView ad{"article", 300, 250};

    ArticleView nine = ViewWithParagraphs(9);
    PlaceInBody(nine, related, ad);
    EXPECT_EQ(Flatten(nine),
              "<p>P1</p><p>P2</p><p>P3</p>[ad]<p>P4</p><p>P5</p>[related:Russia strikes Kyiv]<p>P6</p><p>P7</p>"
              "<p>P8</p><p>P9</p>");

    ArticleView five = ViewWithParagraphs(5);
    PlaceInBody(five, related, ad);
    EXPECT_EQ(Flatten(five), "<p>P1</p><p>P2</p><p>P3</p>[ad]<p>P4</p>[related:Russia strikes Kyiv]<p>P5</p>");

    ArticleView two = ViewWithParagraphs(2);
    PlaceInBody(two, related, ad);  // Too short for an ad; the link goes at the end.
    EXPECT_EQ(Flatten(two), "<p>P1</p><p>P2</p>[related:Russia strikes Kyiv]");

    ArticleView none = ViewWithParagraphs(0);
    none.body[0].html = "<ul><li>Only a list</li></ul>";
    PlaceInBody(none, related, std::nullopt);
    EXPECT_EQ(Flatten(none), "<ul><li>Only a list</li></ul>[related:Russia strikes Kyiv]");

    ArticleView plain = ViewWithParagraphs(6);
    PlaceInBody(plain, std::nullopt, std::nullopt);
    EXPECT_EQ(Flatten(plain), "<p>P1</p><p>P2</p><p>P3</p><p>P4</p><p>P5</p><p>P6</p>");

    ArticleView locked;
    locked.locked = true;
    PlaceInBody(locked, related, ad);
    EXPECT_TRUE(locked.body.empty());
}

TEST(ShareLinksTest, EncodesTheUrlAndHeadline) {
    std::vector<LinkView> links = ShareLinks("https://news.example/world/a-1?x=1", "Japan & Ukraine: talks");
    ASSERT_EQ(links.size(), 5u);
    EXPECT_EQ(links[0].text, "X");
    EXPECT_EQ(links[0].url,
              "https://x.com/intent/post?url=https%3A%2F%2Fnews.example%2Fworld%2Fa-1%3Fx%3D1"
              "&text=Japan%20%26%20Ukraine%3A%20talks");
    EXPECT_EQ(links[4].url, "mailto:?subject=Japan%20%26%20Ukraine%3A%20talks&body=https%3A%2F%2Fnews.example%2Fworld%2Fa-1%3Fx%3D1");
}

TEST(ArticleJsonLdTest, DescribesTheArticleWithoutItsBody) {
    Article article;
    article.id = ArticleId{7};
    article.section = "world";
    article.slug = "s";
    article.first_published = Timestamp{std::chrono::seconds{1731752820}};
    article.last_updated = article.first_published + std::chrono::hours(1);
    article.content.headline = "Headline </script><script>alert(1)</script>";
    article.content.standfirst = "Standfirst";
    article.content.body_html = "<p>SECRET-BODY</p>";
    article.content.provider = "AP";
    article.content.topics = {{"japan", "Japan"}};
    article.content.picture = Picture{.path = "ab/abc.jpg", .width = 1200, .height = 675};
    SiteOptions options = Options();
    options.base_url = "https://news.example";
    std::string text = ArticleJsonLd(article, options, "https://news.example/world/s-7", "https://news.example/logo.svg");
    EXPECT_EQ(text.find("</"), std::string::npos) << "must not close the <script> element";
    EXPECT_EQ(text.find("SECRET-BODY"), std::string::npos);
    auto ld = nlohmann::json::parse(text);
    const auto& news = ld["@graph"][0];
    EXPECT_EQ(news["@type"], "NewsArticle");
    EXPECT_EQ(news["headline"], "Headline </script><script>alert(1)</script>");
    EXPECT_EQ(news["datePublished"], "2024-11-16T10:27:00Z");
    EXPECT_EQ(news["dateModified"], "2024-11-16T11:27:00Z");
    EXPECT_EQ(news["author"][0]["name"], "AP");
    EXPECT_EQ(news["publisher"]["name"], "Business Standard");
    EXPECT_EQ(news["publisher"]["logo"]["url"], "https://news.example/logo.svg");
    EXPECT_EQ(news["mainEntityOfPage"]["@id"], "https://news.example/world/s-7");
    EXPECT_EQ(news["articleSection"], "World");
    EXPECT_EQ(news["keywords"][0], "Japan");
    EXPECT_EQ(news["image"][0]["url"], "https://news.example/media/ab/abc.jpg");
    EXPECT_EQ(news["isAccessibleForFree"], true);
    EXPECT_FALSE(news.contains("hasPart"));
    EXPECT_EQ(ld["@graph"][1]["@type"], "BreadcrumbList");
    EXPECT_EQ(ld["@graph"][1]["itemListElement"].size(), 3u);

    article.premium = true;
    auto premium = nlohmann::json::parse(ArticleJsonLd(article, options, "https://news.example/world/s-7", "x"));
    EXPECT_EQ(premium["@graph"][0]["isAccessibleForFree"], false);
    EXPECT_EQ(premium["@graph"][0]["hasPart"]["cssSelector"], ".story__body");
    EXPECT_EQ(premium["@graph"][0]["hasPart"]["isAccessibleForFree"], false);
}

TEST(MakePictureViewTest, OffersRenditionsNarrowerThanTheOriginalThenTheOriginal) {
    Picture picture{.path = "ab/abc.jpg", .mime = "image/jpeg", .width = 1200, .height = 675, .alt_text = "Flag"};
    PictureView view = MakePictureView(picture, PictureSlot::kArticle);
    EXPECT_EQ(view.src, "/media/ab/abc.jpg");
    EXPECT_EQ(view.alt, "Flag");
    EXPECT_EQ(view.width, 1200);
    EXPECT_EQ(view.height, 675);
    EXPECT_EQ(view.srcset,
              "/media/r/320/ab/abc.jpg 320w, /media/r/640/ab/abc.jpg 640w, /media/r/960/ab/abc.jpg 960w, "
              "/media/ab/abc.jpg 1200w");
    // The widest WebP is the 1280 rendition, which is the original's 1200 pixels.
    EXPECT_EQ(view.webp_srcset,
              "/media/r/320/ab/abc.webp 320w, /media/r/640/ab/abc.webp 640w, /media/r/960/ab/abc.webp 960w, "
              "/media/r/1280/ab/abc.webp 1200w");
    EXPECT_EQ(view.sizes, "(min-width: 44rem) 42rem, calc(100vw - 2rem)");
}

TEST(MakePictureViewTest, WidthsDependOnTheOriginal) {
    struct Case {
        std::string mime;
        int width;
        std::string srcset;
        std::string webp_srcset;
    };
    const Case kCases[] = {
        {"image/png", 2400,
         "/media/r/320/ab/abc.jpg 320w, /media/r/640/ab/abc.jpg 640w, /media/r/960/ab/abc.jpg 960w, "
         "/media/r/1280/ab/abc.jpg 1280w, /media/r/1600/ab/abc.jpg 1600w, /media/ab/abc.png 2400w",
         "/media/r/320/ab/abc.webp 320w, /media/r/640/ab/abc.webp 640w, /media/r/960/ab/abc.webp 960w, "
         "/media/r/1280/ab/abc.webp 1280w, /media/r/1600/ab/abc.webp 1600w, /media/ab/abc.png 2400w"},
        {"image/jpeg", 1600,
         "/media/r/320/ab/abc.jpg 320w, /media/r/640/ab/abc.jpg 640w, /media/r/960/ab/abc.jpg 960w, "
         "/media/r/1280/ab/abc.jpg 1280w, /media/ab/abc.jpg 1600w",
         "/media/r/320/ab/abc.webp 320w, /media/r/640/ab/abc.webp 640w, /media/r/960/ab/abc.webp 960w, "
         "/media/r/1280/ab/abc.webp 1280w, /media/r/1600/ab/abc.webp 1600w"},
        {"image/webp", 641, "/media/r/320/ab/abc.jpg 320w, /media/r/640/ab/abc.jpg 640w, /media/ab/abc.webp 641w",
         "/media/r/320/ab/abc.webp 320w, /media/r/640/ab/abc.webp 640w, /media/r/960/ab/abc.webp 641w"},
        {"image/jpeg", 321, "/media/r/320/ab/abc.jpg 320w, /media/ab/abc.jpg 321w",
         "/media/r/320/ab/abc.webp 320w, /media/r/640/ab/abc.webp 321w"},
        {"image/jpeg", 320, "", ""},   // Nothing narrower to offer.
        {"image/jpeg", 0, "", ""},     // Width unknown.
        {"image/gif", 1200, "", ""},   // Renditions would stop an animation.
    };
    for (const Case& c : kCases) {
        std::string extension = c.mime.substr(6) == "jpeg" ? "jpg" : c.mime.substr(6);
        Picture picture{.path = "ab/abc." + extension, .mime = c.mime, .width = c.width, .height = 100};
        PictureView view = MakePictureView(picture, PictureSlot::kCard);
        EXPECT_EQ(view.srcset, c.srcset) << c.mime << " " << c.width;
        EXPECT_EQ(view.webp_srcset, c.webp_srcset) << c.mime << " " << c.width;
        EXPECT_EQ(view.sizes.empty(), c.srcset.empty()) << c.width;
        EXPECT_EQ(view.src, "/media/ab/abc." + extension);
    }
}

TEST(MakePictureViewTest, SizesFollowWhereThePictureIsShown) {
    // Each slot names every breakpoint of site.css it depends on and a fallback for phones.
    EXPECT_EQ(PictureSizes(PictureSlot::kLead),
              "(min-width: 76rem) 701px, (min-width: 64rem) calc(60vw - 29px), calc(100vw - 2rem)");
    EXPECT_EQ(PictureSizes(PictureSlot::kCard),
              "(min-width: 76rem) 379px, (min-width: 64rem) calc(33.3vw - 27px), (min-width: 40rem) calc(50vw - 28px), "
              "7.5rem");
    EXPECT_EQ(PictureSizes(PictureSlot::kCompactCard),
              "(min-width: 76rem) 278px, (min-width: 64rem) calc(25vw - 26px), (min-width: 40rem) calc(50vw - 28px), "
              "7.5rem");

    ArticleSummary summary;
    summary.section = "world";
    summary.slug = "s";
    summary.id = ArticleId{3};
    summary.picture = Picture{.path = "ab/abc.jpg", .mime = "image/jpeg", .width = 1200, .height = 675};
    StoryCardView card = MakeStoryCard(summary, Options());
    ASSERT_TRUE(card.picture.has_value());
    EXPECT_EQ(card.picture->sizes, PictureSizes(PictureSlot::kCard));
    EXPECT_FALSE(card.eager);
    EXPECT_EQ(MakeStoryCard(summary, Options(), PictureSlot::kLead).picture->sizes, PictureSizes(PictureSlot::kLead));

    Article article;
    article.section = "world";
    article.content.picture = summary.picture;
    ArticleView view = MakeArticleView(article, {}, std::nullopt, Options(), true);
    ASSERT_TRUE(view.picture.has_value());
    EXPECT_EQ(view.picture->sizes, PictureSizes(PictureSlot::kArticle));
    EXPECT_NE(view.picture->webp_srcset.find("/media/r/960/ab/abc.webp 960w"), std::string::npos);
    // Social previews keep the original.
    SiteOptions options = Options();
    options.base_url = "https://news.example";
    EXPECT_EQ(ArticleMeta(article, options, "https://news.example/world/s-3", "x").image_url,
              "https://news.example/media/ab/abc.jpg");
}

TEST(ArticlePathTest, JoinsSectionSlugAndId) {
    EXPECT_EQ(Site::ArticlePath("world", "japans-minister", ArticleId{12}), "/world/japans-minister-12");
}

}  // namespace
}  // namespace broadsheet::site
