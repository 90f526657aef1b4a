// `broadsheet ingest` on a mixed folder: all four formats, an update, a kill and a
// malformed file. The summary is right and the site shows the right result.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <thread>
#include <fstream>
#include <regex>

#include "http_client.h"
#include "process.h"
#include "serve_process.h"

namespace broadsheet::testing {
namespace {

namespace fs = std::filesystem;
const std::string kBinary = BROADSHEET_BINARY;

std::string NewsML(const std::string& version, const std::string& status, const std::string& headline) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<ns0:newsItem xmlns:ns0="http://iptc.org/std/nar/2006-10-01/" guid="urn:mixed:newsml" version=")" + version +
           R"(" standard="NewsML-G2" standardversion="2.35">
 <ns0:itemMeta><ns0:itemClass qcode="ninat:text"/><ns0:provider literal="Reuters"/>
  <ns0:versionCreated>2024-11-16T0)" + version + R"(:00:00Z</ns0:versionCreated><ns0:pubStatus qcode="stat:)" + status +
           R"("/></ns0:itemMeta>
 <ns0:contentMeta><ns0:headline>)" + headline + R"(</ns0:headline><ns0:located><ns0:name>London</ns0:name></ns0:located>
  <ns0:subject qcode="medtop:11000000"><ns0:name>Politics</ns0:name></ns0:subject></ns0:contentMeta>
 <ns0:contentSet><ns0:inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
  <p>Parliament met on Saturday.</p><script>alert(1)</script></body></html></ns0:inlineXML></ns0:contentSet>
</ns0:newsItem>)";
}

TEST(MixedIngestTest, AllFormatsUpdatesKillsAndBadFiles) {
    fs::path dir = fs::temp_directory_path() / ("bs-e2e-" + std::to_string(::getpid()) + "-mixed");
    fs::remove_all(dir);
    fs::create_directories(dir / "wire");
    auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir / "wire" / name) << text; };
    write("01-ninjs.json", R"({"uri":"urn:mixed:ninjs","version":"1","versioncreated":"2024-11-16T01:00:00Z",
        "headlines":[{"value":"Ninjs story first version"}],"bodies":[{"contenttype":"text/html","value":"<p>One.</p>"}],
        "subjects":[{"name":"Markets"}]})");
    write("02-newsml.xml", NewsML("1", "usable", "NewsML story about to be killed"));
    write("03-rss.xml", R"(<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example Wire</title>
 <item><title>RSS story one</title><guid isPermaLink="false">urn:mixed:rss:1</guid>
  <pubDate>Sat, 16 Nov 2024 03:00:00 GMT</pubDate><description>First RSS item</description>
  <content:encoded><![CDATA[<p>Caf)" "\xE9" R"( society &amp; <b>markets</b>.</p>]]></content:encoded></item>
 <item><title>RSS story two</title><guid isPermaLink="false">urn:mixed:rss:2</guid>
  <pubDate>16 Nov 2024 03:30 +0000</pubDate><description>Second RSS item &hellip; with words</description></item>
</channel></rss>)");
    write("04-atom.xml", R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:mixed:atom</id>
 <updated>2024-11-16T04:00:00Z</updated><author><name>Atom Desk</name></author>
 <entry><id>urn:mixed:atom:1</id><title type="html">Atom story &lt;em&gt;one&lt;/em&gt;</title>
  <updated>2024-11-16T04:00:00Z</updated><published>2024-11-16T04:00:00Z</published>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Atom body words.</p></div></content></entry>
</feed>)");
    write("05-ninjs-update.json", R"({"uri":"urn:mixed:ninjs","version":"2","versioncreated":"2024-11-16T05:00:00Z",
        "headlines":[{"value":"Ninjs story second version"}],"bodies":[{"contenttype":"text/html","value":"<p>Two.</p>"}],
        "subjects":[{"name":"Markets"}]})");
    write("06-newsml-kill.xml", NewsML("2", "canceled", "NewsML story about to be killed"));
    write("07-broken.json", R"({"uri": "urn:mixed:broken", "headline": )");

    std::string data = (dir / "data").string();
    // A routing rule makes market stories premium.
    // No free premium stories: a visitor gets the teaser (the meter has its own tests).
    std::ofstream(dir / "broadsheet.toml") << "[server]\naccess_log = false\n\n[paywall]\nfree_stories_per_month = 0\n"
                                              "registration_bonus = 0\n\n[[rules]]\nsubject = \"Markets\"\n"
                                              "premium = true\n";
    std::string config = (dir / "broadsheet.toml").string();
    Completed run = RunCommand({kBinary, "ingest", "--config", config, "--data", data, (dir / "wire").string()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "ingested 5, updated 2, unchanged 0, rejected 1\n") << run.err;
    EXPECT_NE(run.err.find("07-broken.json"), std::string::npos) << run.err;

    ServeProcess child(kBinary, {"--config", config, "--data", data, "--no-demo"});
    ASSERT_GT(child.port(), 0);
    std::string base = child.Url("");
    HttpResponse home = HttpGet(base + "/");
    for (const char* shown : {"Ninjs story second version", "RSS story one", "RSS story two", "Atom story one"}) {
        EXPECT_NE(home.body.find(shown), std::string::npos) << shown;
    }
    EXPECT_EQ(home.body.find("first version"), std::string::npos);
    EXPECT_EQ(home.body.find("about to be killed"), std::string::npos);

    // The killed story (the second stored) answers 410 with a page that helps the reader on.
    HttpResponse killed = HttpGet(base + "/world/newsml-story-about-to-be-killed-2");
    EXPECT_EQ(killed.status, 410);
    EXPECT_NE(killed.body.find("withdrawn"), std::string::npos);

    std::smatch link;
    ASSERT_TRUE(std::regex_search(home.body, link, std::regex(R"re(href="(/[a-z]+/rss-story-one-\d+)")re")));
    HttpResponse rss = HttpGet(base + link[1].str());
    EXPECT_EQ(rss.status, 200);
    EXPECT_NE(rss.body.find("Caf\xC3\xA9 society &amp; <b>markets</b>."), std::string::npos) << "Latin-1 decoded";
    EXPECT_NE(rss.body.find("Example Wire"), std::string::npos) << "the channel is the provider";
    // The premium story's body never reaches a visitor without free stories.
    std::smatch premium;
    ASSERT_TRUE(std::regex_search(home.body, premium, std::regex(R"re(href="(/markets/ninjs-story-first-version-\d+)")re")));
    HttpResponse locked = HttpGet(base + premium[1].str());
    EXPECT_EQ(locked.status, 200);
    EXPECT_NE(locked.body.find("This is a premium story."), std::string::npos);
    EXPECT_EQ(locked.body.find("<p>Two.</p>"), std::string::npos);
    EXPECT_EQ(locked.body.find("class=\"story__body\""), std::string::npos);
    EXPECT_NE(locked.body.find("\"isAccessibleForFree\":false"), std::string::npos);
    EXPECT_EQ(child.Stop(), 0);
    fs::remove_all(dir);
}

TEST(EmbargoTest, AnEmbargoedStoryAppearsWhenTheEmbargoPasses) {
    fs::path dir = fs::temp_directory_path() / ("bs-e2e-" + std::to_string(::getpid()) + "-embargo");
    fs::remove_all(dir);
    fs::create_directories(dir / "wire");
    std::time_t until = std::time(nullptr) + 5;  // Embargoed for five seconds.
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&until));
    std::ofstream(dir / "wire" / "embargoed.json")
        << R"({"uri":"urn:embargo:1","version":"1","embargoed":")" << stamp
        << R"(","headline":"Embargoed results","body_html":"<p>Numbers.</p>"})";
    std::string data = (dir / "data").string();
    Completed run = RunCommand({kBinary, "ingest", "--data", data, (dir / "wire").string()});
    ASSERT_EQ(run.out, "ingested 1, updated 0, unchanged 0, rejected 0\n") << run.err;
    std::ofstream(dir / "broadsheet.toml") << "[server]\naccess_log = false\n";
    ServeProcess child(kBinary, {"--config", (dir / "broadsheet.toml").string(), "--data", data, "--no-demo"});
    ASSERT_GT(child.port(), 0);
    EXPECT_EQ(HttpGet(child.Url("/")).body.find("Embargoed results"), std::string::npos);
    bool shown = false;
    for (int i = 0; i < 100 && !shown; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        shown = HttpGet(child.Url("/")).body.find("Embargoed results") != std::string::npos;
    }
    EXPECT_TRUE(shown) << "the story should appear once the embargo has passed";
    EXPECT_GE(std::time(nullptr), until);
    EXPECT_EQ(child.Stop(), 0);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace broadsheet::testing
