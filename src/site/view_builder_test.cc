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
    EXPECT_EQ(view.body_html, "<p>Secret body</p>");
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
    EXPECT_EQ(locked.body_html, "");
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

TEST(ArticlePathTest, JoinsSectionSlugAndId) {
    EXPECT_EQ(Site::ArticlePath("world", "japans-minister", ArticleId{12}), "/world/japans-minister-12");
}

}  // namespace
}  // namespace broadsheet::site
