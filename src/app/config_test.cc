#include "app/config.h"

#include <gtest/gtest.h>

namespace broadsheet::app {
namespace {

bool SamePlans(const std::vector<Plan>& a, const std::vector<Plan>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].id != b[i].id || a[i].name != b[i].name || !(a[i].price == b[i].price) ||
            a[i].months != b[i].months || a[i].list_price != b[i].list_price || a[i].perks != b[i].perks) {
            return false;
        }
    }
    return true;
}

TEST(ConfigTest, TheExampleFileSpellsOutTheDefaults) {
    auto parsed = LoadConfig(BROADSHEET_SOURCE_DIR "/config/broadsheet.example.toml");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    Config defaults = DefaultConfig();
    EXPECT_EQ(parsed->site.name, defaults.site.name);
    EXPECT_EQ(parsed->site.timezone, "Asia/Kolkata");
    EXPECT_EQ(parsed->server.listen, defaults.server.listen);
    EXPECT_EQ(parsed->offer.headline, defaults.offer.headline);
    ASSERT_EQ(parsed->sections.size(), defaults.sections.size());
    for (size_t i = 0; i < defaults.sections.size(); ++i) {
        EXPECT_EQ(parsed->sections[i].slug, defaults.sections[i].slug);
        EXPECT_EQ(parsed->sections[i].name, defaults.sections[i].name);
    }
    ASSERT_EQ(parsed->perks.size(), 9u);
    for (size_t i = 0; i < defaults.perks.size(); ++i) {
        EXPECT_EQ(parsed->perks[i].id, defaults.perks[i].id);
        EXPECT_EQ(parsed->perks[i].title, defaults.perks[i].title);
        EXPECT_EQ(parsed->perks[i].description, defaults.perks[i].description);
        EXPECT_EQ(parsed->perks[i].eligible_after_months, defaults.perks[i].eligible_after_months);
    }
    EXPECT_TRUE(SamePlans(parsed->plans, defaults.plans));
    EXPECT_EQ(parsed->server.page_cache_mb, defaults.server.page_cache_mb);
    EXPECT_EQ(parsed->server.page_cache_seconds, defaults.server.page_cache_seconds);
    ASSERT_EQ(parsed->ads.size(), defaults.ads.size());
    for (size_t i = 0; i < defaults.ads.size(); ++i) {
        EXPECT_EQ(parsed->ads[i].position, defaults.ads[i].position);
        EXPECT_EQ(parsed->ads[i].width, defaults.ads[i].width);
        EXPECT_EQ(parsed->ads[i].height, defaults.ads[i].height);
    }
    ASSERT_EQ(defaults.plans.size(), 3u);
    EXPECT_EQ(defaults.plans[1].price.minor, 270000);
}

TEST(ConfigTest, EmptyFileKeepsEveryDefault) {
    auto parsed = ParseConfig("", "empty.toml");
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->site.timezone, "Asia/Kolkata");
    EXPECT_EQ(parsed->sections.size(), 5u);
    EXPECT_EQ(parsed->DefaultSection(), "world");
}

TEST(ConfigTest, OverridesWhatItNames) {
    auto parsed = ParseConfig(R"(
[site]
name = "Business Standard"
base_url = "https://www.example.com/"
[[sections]]
slug = "world-news"
name = "World News"
[ingest]
default_section = "world-news"
)",
                              "site.toml");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->site.name, "Business Standard");
    EXPECT_EQ(parsed->site.base_url, "https://www.example.com");
    ASSERT_EQ(parsed->sections.size(), 1u);
    EXPECT_EQ(parsed->DefaultSection(), "world-news");
    EXPECT_EQ(parsed->plans.size(), 3u);
}

TEST(ConfigTest, ErrorsNameTheFileLineAndKey) {
    struct Case {
        const char* toml;
        const char* expected;
    };
    const Case kCases[] = {
        {"[site]\nname = \"x\"\ncolour = \"red\"\n", "bad.toml:3: site.colour: unknown key"},
        {"[site]\nname = 42\n", "bad.toml:2: site.name: expected a string"},
        {"\n\n[server]\nthreads = \"four\"\n", "bad.toml:4: server.threads: expected an integer"},
        {"[server]\nlisten = \"nowhere\"\n", "bad.toml:2: server.listen: expected HOST:PORT"},
        {"[[plans]]\nid = \"p\"\nprice = -5\n", "bad.toml:3: plans.price: must be between"},
        {"[[plans]]\nid = \"p\"\nperks = [\"flying-car\"]\n", "bad.toml:3: plans.perks: unknown perk \"flying-car\""},
        {"[[sections]]\nslug = \"Bad Slug\"\n", "bad.toml:1: sections.slug: must be lower-case"},
        {"[[sections]]\nslug = \"topic\"\n", "sections.slug: \"topic\" is reserved"},
        {"[site]\nbase_url = \"ftp://x\"\n", "bad.toml:2: site.base_url: must start with http"},
        {"[ingest]\ndefault_section = \"nope\"\n", "bad.toml:2: ingest.default_section: names no configured section"},
        {"frobnicate = 1\n", "bad.toml:1: frobnicate: unknown key"},
        {"site = 3\n", "bad.toml:1: site: expected a table"},
        {"[site\n", "bad.toml:1: "},
    };
    for (const Case& c : kCases) {
        auto parsed = ParseConfig(c.toml, "bad.toml");
        ASSERT_FALSE(parsed.has_value()) << c.toml;
        EXPECT_NE(parsed.error().message.find(c.expected), std::string::npos)
            << "got: " << parsed.error().message << "\nwanted: " << c.expected;
    }
}

TEST(ConfigTest, FeedsAreReadWithTheirDefaults) {
    EXPECT_TRUE(ParseConfig("", "empty.toml")->feeds.empty());
    auto parsed = ParseConfig(R"(
[[feeds]]
id = "ap-world"
name = "AP World"
format = "ninjs"
url = "https://wire.example.com/world.json"
interval = 60
section = "world"
auto_publish = false
premium = true
secret = "0123456789abcdef"

[[feeds]]
id = "pti"
folder = "/var/spool/broadsheet/pti"
)",
                              "feeds.toml");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    ASSERT_EQ(parsed->feeds.size(), 2u);
    const ingest::FeedConfig& ap = parsed->feeds[0];
    EXPECT_EQ(ap.id, "ap-world");
    EXPECT_EQ(ap.name, "AP World");
    EXPECT_EQ(ap.format, "ninjs");
    EXPECT_EQ(ap.url, "https://wire.example.com/world.json");
    EXPECT_EQ(ap.interval, std::chrono::seconds(60));
    EXPECT_EQ(ap.section, "world");
    EXPECT_FALSE(ap.auto_publish);
    EXPECT_TRUE(ap.premium);
    EXPECT_EQ(ap.secret, "0123456789abcdef");
    const ingest::FeedConfig& pti = parsed->feeds[1];
    EXPECT_EQ(pti.name, "pti") << "the name defaults to the id";
    EXPECT_EQ(pti.format, "auto");
    EXPECT_EQ(pti.folder, "/var/spool/broadsheet/pti");
    EXPECT_EQ(pti.interval, std::chrono::seconds(300));
    EXPECT_TRUE(pti.auto_publish);
    EXPECT_FALSE(pti.premium);
}

TEST(ConfigTest, FeedErrorsNameTheFileLineAndKey) {
    struct Case {
        const char* toml;
        const char* expected;
    };
    const Case kCases[] = {
        {"[[feeds]]\nfolder = \"/x\"\n", "bad.toml:1: feeds.id: is required"},
        {"[[feeds]]\nid = \"AP World\"\nfolder = \"/x\"\n", "bad.toml:2: feeds.id: is required: lower-case"},
        {"[[feeds]]\nid = \"a\"\nfolder = \"/x\"\n[[feeds]]\nid = \"a\"\nfolder = \"/y\"\n",
         "bad.toml:5: feeds.id: duplicate feed \"a\""},
        {"[[feeds]]\nid = \"a\"\nfolder = \"/x\"\nformat = \"rdf\"\n",
         "bad.toml:4: feeds.format: unknown format \"rdf\""},
        {"[[feeds]]\nid = \"a\"\nurl = \"ftp://wire/x\"\n", "bad.toml:3: feeds.url: must start with http"},
        {"[[feeds]]\nid = \"a\"\nurl = \"file:///etc/passwd\"\n", "bad.toml:3: feeds.url: must start with http"},
        {"[[feeds]]\nid = \"a\"\nfolder = \"/x\"\ninterval = 5\n",
         "bad.toml:4: feeds.interval: must be between 10 and 86400"},
        {"[[feeds]]\nid = \"a\"\nfolder = \"/x\"\ninterval = 90000\n", "bad.toml:4: feeds.interval: must be between"},
        {"[[feeds]]\nid = \"a\"\nfolder = \"/x\"\nsection = \"astrology\"\n",
         "bad.toml:4: feeds.section: names no configured section"},
        {"[[feeds]]\nid = \"a\"\nfolder = \"/x\"\nauto_publish = \"yes\"\n",
         "bad.toml:4: feeds.auto_publish: expected true"},
        {"[[feeds]]\nid = \"a\"\nsecret = \"short\"\n", "bad.toml:3: feeds.secret: must be at least 16 characters"},
        {"[[feeds]]\nid = \"a\"\nname = \"A\"\n", "bad.toml:1: feeds: feed \"a\" needs a url, a folder or a secret"},
        {"[[feeds]]\nid = \"a\"\nfolder = \"/x\"\ncolour = 1\n", "bad.toml:4: feeds.colour: unknown key"},
        {"feeds = 3\n", "bad.toml:1: feeds: expected an array of tables"},
    };
    for (const Case& c : kCases) {
        auto parsed = ParseConfig(c.toml, "bad.toml");
        ASSERT_FALSE(parsed.has_value()) << c.toml;
        EXPECT_NE(parsed.error().message.find(c.expected), std::string::npos)
            << "got: " << parsed.error().message << "\nwanted: " << c.expected;
    }
}

TEST(ConfigTest, FeedSectionsAreCheckedAgainstTheConfiguredOnes) {
    auto parsed = ParseConfig(
        "[[sections]]\nslug = \"business\"\n[[feeds]]\nid = \"a\"\nfolder = \"/x\"\nsection = \"business\"\n",
        "ok.toml");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->feeds[0].section, "business");
}

TEST(ConfigTest, ReadsRoutingRules) {
    auto parsed = ParseConfig(R"(
[[feeds]]
id = "ap"
url = "https://wire.example/ap.xml"
[[rules]]
feed = "ap"
subject = "medtop:15000000"
section = "sports"
topics = ["Sport"]
premium = true
publish = "hold"
[[rules]]
keyword = "budget"
publish = "auto"
)",
                              "rules.toml");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    ASSERT_EQ(parsed->rules.size(), 2u);
    EXPECT_EQ(parsed->rules[0].feed, "ap");
    EXPECT_EQ(parsed->rules[0].section, "sports");
    EXPECT_EQ(parsed->rules[0].topics, std::vector<std::string>{"Sport"});
    EXPECT_EQ(parsed->rules[0].premium, true);
    EXPECT_EQ(parsed->rules[0].hold, true);
    EXPECT_EQ(parsed->rules[1].hold, false);
    EXPECT_FALSE(parsed->rules[1].section.has_value());

    for (auto [toml, expected] : {std::pair{"[[rules]]\nsection = \"astrology\"\n", "rules.toml:2: rules.section: names no configured section"},
                                  {"[[rules]]\npublish = \"later\"\n", "rules.toml:2: rules.publish: must be"},
                                  {"[[rules]]\nfeed = \"nope\"\n", "rules.toml:2: rules.feed: names no configured feed"},
                                  {"[[rules]]\nweather = 1\n", "rules.toml:2: rules.weather: unknown key"}}) {
        auto bad = ParseConfig(toml, "rules.toml");
        ASSERT_FALSE(bad.has_value()) << toml;
        EXPECT_NE(bad.error().message.find(expected), std::string::npos) << bad.error().message;
    }
}

TEST(ConfigTest, ReadsAdSlots) {
    auto parsed = ParseConfig(R"(
[[ads]]
position = "bottom"
width = 970
height = 250
)", "ads.toml");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    ASSERT_EQ(parsed->ads.size(), 1u);
    EXPECT_EQ(parsed->ads[0].position, "bottom");
    EXPECT_EQ(parsed->ads[0].width, 970);
    EXPECT_EQ(parsed->ads[0].height, 250);

    auto none = ParseConfig("ads = []\n", "ads.toml");
    ASSERT_TRUE(none.has_value()) << none.error().message;
    EXPECT_TRUE(none->ads.empty());

    auto bad = ParseConfig("[[ads]]\nposition = \"sidebar\"\nwidth = 300\nheight = 250\n", "ads.toml");
    ASSERT_FALSE(bad.has_value());
    EXPECT_NE(bad.error().message.find("ads.toml:1"), std::string::npos) << bad.error().message;
    EXPECT_NE(bad.error().message.find("ads.position"), std::string::npos) << bad.error().message;

    auto twice = ParseConfig("[[ads]]\nposition = \"top\"\nwidth = 1\nheight = 1\n"
                             "[[ads]]\nposition = \"top\"\nwidth = 2\nheight = 2\n", "ads.toml");
    ASSERT_FALSE(twice.has_value());
    EXPECT_NE(twice.error().message.find("repeated"), std::string::npos) << twice.error().message;

    auto sizeless = ParseConfig("[[ads]]\nposition = \"top\"\n", "ads.toml");
    EXPECT_FALSE(sizeless.has_value());
}

TEST(ConfigTest, MissingFileIsAClearError) {
    auto parsed = LoadConfig("/nonexistent/broadsheet.toml");
    ASSERT_FALSE(parsed.has_value());
    EXPECT_NE(parsed.error().message.find("/nonexistent/broadsheet.toml"), std::string::npos);
}

TEST(ParseListenAddressTest, SplitsHostAndPort) {
    auto v4 = ParseListenAddress("127.0.0.1:8080");
    ASSERT_TRUE(v4.has_value());
    EXPECT_EQ(v4->first, "127.0.0.1");
    EXPECT_EQ(v4->second, 8080);
    auto v6 = ParseListenAddress("[::1]:0");
    ASSERT_TRUE(v6.has_value());
    EXPECT_EQ(v6->first, "::1");
    EXPECT_EQ(v6->second, 0);
    for (const char* bad : {"", ":80", "host", "host:", "host:99999", "host:8o"}) {
        EXPECT_FALSE(ParseListenAddress(bad).has_value()) << bad;
    }
}

}  // namespace
}  // namespace broadsheet::app
