#include "ingest/formats/feed.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace broadsheet::ingest {
namespace {

Timestamp At(const char* iso) { return ParseIsoDateTime(iso).value(); }

ParsedDocument Parse(std::string_view xml, std::string_view http_charset = {}) {
    Result<ParsedDocument> doc = ParseFeed(xml, http_charset);
    EXPECT_TRUE(doc.has_value()) << (doc ? "" : doc.error().message);
    return doc ? std::move(*doc) : ParsedDocument{};
}

constexpr const char* kRss2 = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
 <channel>
  <title>Example Wire</title><link>https://ex.com/news/</link><description>All the news</description>
  <language>en-gb</language>
  <item>
   <guid isPermaLink="false">urn:ex:123</guid>
   <link>https://ex.com/news/fed</link>
   <title>Fed holds
     rates</title>
   <pubDate>Tue, 21 Nov 2017 16:25:32 -0500</pubDate>
   <atom:updated>2017-11-21T23:00:00Z</atom:updated>
   <dc:creator>Jane Doe</dc:creator><dc:creator>John Roe</dc:creator>
   <author>desk@ex.com (The Desk)</author>
   <description>Short &lt;b&gt;teaser&lt;/b&gt; &amp;amp; more</description>
   <content:encoded><![CDATA[<p>Full <em>body</em></p>]]></content:encoded>
   <category domain="http://cv.iptc.org/newscodes/mediatopic/">20000350</category>
   <category>Economy</category>
   <media:group>
    <media:content url="https://ex.com/p-small.jpg" medium="image" type="image/jpeg" width="320" height="213"/>
    <media:content url="p-large.jpg" type="image/jpeg" width="1024" height="683"/>
    <media:thumbnail url="https://ex.com/p-thumb.jpg" width="80"/>
    <media:description>Jerome Powell speaks.</media:description>
    <media:credit role="photographer">Reuters/Jane Smith</media:credit>
    <media:title>Powell at the podium</media:title>
   </media:group>
  </item>
  <item>
   <link>/news/second</link>
   <title>Caf&eacute; &amp; bar&hellip; AT&T</title>
   <description>Line one.

Line two.</description>
   <author>jane@ex.com (Jane Roe)</author>
   <source url="https://other.example/rss">Other Agency</source>
   <enclosure url="https://ex.com/second.png" type="image/png" length="1234"/>
   <enclosure url="https://ex.com/second.mp3" type="audio/mpeg" length="99"/>
   <dc:date>2017-11-22T08:00:00+01:00</dc:date>
  </item>
  <item><pubDate>Tue, 21 Nov 2017 16:25:32 GMT</pubDate><guid>urn:ex:empty</guid></item>
  <item>
   <description>Only a description, no identity.</description>
   <author>anon@ex.com</author>
   <media:content url="https://ex.com/video.mp4" type="video/mp4"/>
   <media:thumbnail url="https://ex.com/video-thumb.jpg"/>
  </item>
 </channel>
</rss>)";

TEST(ParseFeedTest, MapsRss2Items) {
    ParsedDocument doc = Parse(kRss2);
    ASSERT_EQ(doc.items.size(), 3u);
    ASSERT_EQ(doc.rejected.size(), 1u);
    EXPECT_EQ(doc.rejected[0], "rss item 3 (urn:ex:empty): has neither a title nor a description");

    const WireItem& a = doc.items[0];
    EXPECT_EQ(a.uri, "urn:ex:123");
    EXPECT_EQ(a.link, "https://ex.com/news/fed");
    EXPECT_EQ(a.type, "text");
    EXPECT_EQ(a.headline, "Fed holds rates");
    EXPECT_EQ(a.summary, "Short teaser & more");
    EXPECT_EQ(a.body_html, "<p>Full <em>body</em></p>");
    EXPECT_EQ(a.byline, "Jane Doe, John Roe");
    EXPECT_EQ(a.first_created, At("2017-11-21T21:25:32Z"));
    EXPECT_EQ(a.version_created, At("2017-11-21T23:00:00Z"));
    EXPECT_EQ(a.provider, "Example Wire");
    EXPECT_EQ(a.language, "en-gb");
    EXPECT_EQ(a.pub_status, PubStatus::kUsable);
    ASSERT_EQ(a.subjects.size(), 2u);
    EXPECT_EQ(a.subjects[0].name, "20000350");
    EXPECT_EQ(a.subjects[0].code, "http://cv.iptc.org/newscodes/mediatopic/20000350");
    EXPECT_EQ(a.subjects[1].name, "Economy");
    EXPECT_EQ(a.subjects[1].code, "");
    ASSERT_TRUE(a.picture.has_value());
    EXPECT_EQ(a.picture->uri, "https://ex.com/p-small.jpg");
    EXPECT_EQ(a.picture->caption, "Jerome Powell speaks.");
    EXPECT_EQ(a.picture->credit, "Reuters/Jane Smith");
    EXPECT_EQ(a.picture->alt_text, "Powell at the podium");
    ASSERT_EQ(a.picture->renditions.size(), 2u);  // The thumbnail is not needed.
    EXPECT_EQ(a.picture->renditions[1].href, "https://ex.com/news/p-large.jpg");
    EXPECT_EQ(a.picture->renditions[1].mime, "image/jpeg");
    EXPECT_EQ(a.picture->renditions[1].width, 1024);
    EXPECT_EQ(a.picture->renditions[1].height, 683);

    const WireItem& b = doc.items[1];
    EXPECT_EQ(b.uri, "https://ex.com/news/second");  // No guid: the (resolved) link.
    EXPECT_EQ(b.link, "https://ex.com/news/second");
    EXPECT_EQ(b.headline, "Caf\xC3\xA9 & bar\xE2\x80\xA6 AT&T");
    EXPECT_EQ(b.summary, "Line one.\n\nLine two.");
    EXPECT_EQ(b.body_html, "<p>Line one.</p>\n<p>Line two.</p>");
    EXPECT_EQ(b.byline, "Jane Roe");
    EXPECT_EQ(b.provider, "Other Agency");
    EXPECT_EQ(b.first_created, At("2017-11-22T07:00:00Z"));
    EXPECT_EQ(b.version_created, At("2017-11-22T07:00:00Z"));
    ASSERT_TRUE(b.picture.has_value());
    ASSERT_EQ(b.picture->renditions.size(), 1u);
    EXPECT_EQ(b.picture->renditions[0].name, "enclosure");
    EXPECT_EQ(b.picture->renditions[0].href, "https://ex.com/second.png");
    EXPECT_EQ(b.picture->renditions[0].mime, "image/png");

    const WireItem& c = doc.items[2];
    EXPECT_EQ(c.uri.rfind("urn:broadsheet:feed-item:h", 0), 0u) << c.uri;
    EXPECT_EQ(c.headline, "");
    EXPECT_EQ(c.summary, "Only a description, no identity.");
    EXPECT_EQ(c.byline, "");  // A bare e-mail address is never a byline.
    EXPECT_FALSE(c.first_created.has_value());
    ASSERT_TRUE(c.picture.has_value());  // The video's thumbnail, for want of anything else.
    EXPECT_EQ(c.picture->uri, "https://ex.com/video-thumb.jpg");
}

TEST(ParseFeedTest, VersionsRssItemsByContent) {
    ParsedDocument first = Parse(kRss2);
    ParsedDocument again = Parse(kRss2);
    std::string edited(kRss2);
    edited.replace(edited.find("Full <em>body"), 4, "Whole");
    ParsedDocument changed = Parse(edited);
    ASSERT_EQ(changed.items.size(), 3u);
    const std::string& version = first.items[0].version;
    EXPECT_EQ(version.size(), 17u);
    EXPECT_EQ(version[0], 'h');
    EXPECT_EQ(again.items[0].version, version);
    EXPECT_NE(changed.items[0].version, version);
    EXPECT_EQ(changed.items[0].uri, first.items[0].uri);
    EXPECT_EQ(changed.items[1].version, first.items[1].version);
}

TEST(ParseFeedTest, MatchesByNamespaceNotPrefix) {
    constexpr const char* kXml =
        R"(<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/"
        xmlns:m="http://search.yahoo.com/mrss/" xmlns:dc="urn:not-dublin-core">
      <channel><title>T</title>
        <item><guid>g1</guid><title>One</title><c:encoded>&lt;p&gt;Body&lt;/p&gt;</c:encoded>
          <dc:creator>Not a creator</dc:creator><foo:title>Undeclared</foo:title>
          <m:content url="https://ex.com/a.jpg"/></item>
      </channel></rss>)";
    ParsedDocument doc = Parse(kXml);
    ASSERT_EQ(doc.items.size(), 1u);
    EXPECT_EQ(doc.items[0].headline, "One");
    EXPECT_EQ(doc.items[0].body_html, "<p>Body</p>");
    EXPECT_EQ(doc.items[0].byline, "");
    ASSERT_TRUE(doc.items[0].picture.has_value());
    EXPECT_EQ(doc.items[0].picture->uri, "https://ex.com/a.jpg");
}

TEST(ParseFeedTest, AcceptsUndeclaredConventionalPrefixes) {
    ParsedDocument doc = Parse(
        "<rss version=\"2.0\"><channel><item><title>x</title><dc:creator>Ann Lee</dc:creator>"
        "<content:encoded>&lt;p&gt;b&lt;/p&gt;</content:encoded></item></channel></rss>");
    ASSERT_EQ(doc.items.size(), 1u);
    EXPECT_EQ(doc.items[0].byline, "Ann Lee");
    EXPECT_EQ(doc.items[0].body_html, "<p>b</p>");
}

TEST(ParseFeedTest, MapsRss1Items) {
    constexpr const char* kXml = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel rdf:about="https://ex.org/"><title>RDF Wire</title><link>https://ex.org/</link>
    <dc:language>fr</dc:language>
    <items><rdf:Seq><rdf:li rdf:resource="https://ex.org/1"/></rdf:Seq></items></channel>
  <item rdf:about="https://ex.org/1">
    <title>Premier</title><link>https://ex.org/1.html</link>
    <description>R&#233;sum&#233;</description>
    <content:encoded>&lt;p&gt;Corps&lt;/p&gt;</content:encoded>
    <dc:creator>Marie Curie</dc:creator><dc:date>2004-02-28T18:14:55-08:00</dc:date>
    <dc:subject>Science</dc:subject>
  </item>
  <item rdf:about="https://ex.org/2"><title>Second</title></item>
</rdf:RDF>)";
    ParsedDocument doc = Parse(kXml);
    ASSERT_EQ(doc.items.size(), 2u);
    const WireItem& a = doc.items[0];
    EXPECT_EQ(a.uri, "https://ex.org/1");
    EXPECT_EQ(a.link, "https://ex.org/1.html");
    EXPECT_EQ(a.headline, "Premier");
    EXPECT_EQ(a.summary, "R\xC3\xA9sum\xC3\xA9");
    EXPECT_EQ(a.body_html, "<p>Corps</p>");
    EXPECT_EQ(a.byline, "Marie Curie");
    EXPECT_EQ(a.first_created, At("2004-02-29T02:14:55Z"));
    EXPECT_EQ(a.version_created, At("2004-02-29T02:14:55Z"));
    EXPECT_EQ(a.provider, "RDF Wire");
    EXPECT_EQ(a.language, "fr");
    ASSERT_EQ(a.subjects.size(), 1u);
    EXPECT_EQ(a.subjects[0].name, "Science");
    EXPECT_EQ(doc.items[1].uri, "https://ex.org/2");
}

TEST(ParseFeedTest, ReadsUserlandNamespacedRss) {
    ParsedDocument doc = Parse(
        "<rss xmlns=\"http://backend.userland.com/rss2\" version=\"2.0\"><channel><title>U</title>"
        "<item><title>In a namespace</title><guid>u1</guid></item></channel></rss>");
    ASSERT_EQ(doc.items.size(), 1u);
    EXPECT_EQ(doc.items[0].headline, "In a namespace");
    EXPECT_EQ(doc.items[0].provider, "U");
}

TEST(ParseFeedTest, RepairsEntityAndAmpersandDefects) {
    ParsedDocument doc = Parse(
        "<rss><channel><title>Q&A</title><item><title>Ben &amp; Jerry&rsquo;s&nbsp;&mdash; 1 < "
        "2</title>"
        "<link>https://ex.com/?a=1&b=2</link><description>&lt;p&gt;x&lt;/p&gt; "
        "&bogus;</description>"
        "</item></channel></rss>");
    ASSERT_EQ(doc.items.size(), 1u);
    EXPECT_EQ(doc.items[0].headline, "Ben & Jerry\xE2\x80\x99s\xC2\xA0\xE2\x80\x94 1 < 2");
    EXPECT_EQ(doc.items[0].link, "https://ex.com/?a=1&b=2");
    EXPECT_EQ(doc.items[0].provider, "Q&A");
}

TEST(ParseFeedTest, DecodesByTheHttpCharset) {
    ParsedDocument doc = Parse(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><item>"
        "<title>\x93"
        "Caf\xE9\x94 \x80</title></item></channel></rss>",
        "windows-1252");
    ASSERT_EQ(doc.items.size(), 1u);
    EXPECT_EQ(doc.items[0].headline,
              "\xE2\x80\x9C"
              "Caf\xC3\xA9\xE2\x80\x9D \xE2\x82\xAC");
}

TEST(ParseFeedTest, ReportsIllFormedXmlWithAPosition) {
    Result<ParsedDocument> doc =
        ParseFeed("<rss><channel>\n<item><title>x</title></channel></rss>");
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(doc.error().message.rfind("feed: not well-formed XML: ", 0), 0u)
        << doc.error().message;
    EXPECT_NE(doc.error().message.find("line 2"), std::string::npos) << doc.error().message;
    for (const char* bad : {"", "   ", "{\"uri\": \"x\"}", "<rss><channel><item><title><![CD"}) {
        Result<ParsedDocument> r = ParseFeed(bad);
        ASSERT_FALSE(r.has_value()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput) << bad;
    }
}

TEST(ParseFeedTest, RejectsDocumentsThatAreNotFeeds) {
    for (const char* xml :
         {"<html><body><p>Hi</p></body></html>", "<feed xmlns=\"urn:not-atom\"><entry/></feed>",
          "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"/>",
          "<foo:rss xmlns:bar=\"urn:x\"/>"}) {
        Result<ParsedDocument> doc = ParseFeed(xml);
        ASSERT_FALSE(doc.has_value()) << xml;
        EXPECT_EQ(doc.error().code, ErrorCode::kUnsupported) << xml;
        EXPECT_EQ(doc.error().message.rfind("feed: not an RSS or Atom feed", 0), 0u)
            << doc.error().message;
    }
}

TEST(ParseFeedTest, RejectsOversizedDocuments) {
    std::string big(kMaxFeedBytes + 1, ' ');
    Result<ParsedDocument> doc = ParseFeed(big);
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().code, ErrorCode::kTooLarge);
}

TEST(ParseFeedTest, NeverExpandsDtdEntities) {
    // Billion laughs: 10^9 "lol"s if entities were expanded.
    std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
    xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
    for (int i = 2; i <= 9; ++i) {
        std::string prev = "&lol" + std::to_string(i - 1) + ";";
        xml += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) xml += prev;
        xml += "\">\n";
    }
    xml += "<!ENTITY ext SYSTEM \"file:///etc/passwd\">\n]>\n";
    xml +=
        "<rss><channel><item><title>&lol9;</title><description>&ext;</description></item></"
        "channel></rss>";
    auto start = std::chrono::steady_clock::now();
    Result<ParsedDocument> doc = ParseFeed(xml);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    ASSERT_TRUE(doc.has_value()) << doc.error().message;
    ASSERT_EQ(doc->items.size(), 1u);
    EXPECT_EQ(doc->items[0].headline, "&lol9;");
    EXPECT_EQ(doc->items[0].summary, "&ext;");
}

TEST(ParseFeedTest, SurvivesDeepNesting) {
    std::string xml = "<rss><channel><item><title>deep</title><description>";
    for (int i = 0; i < 200000; ++i) xml += "<b>";
    xml += "x";
    for (int i = 0; i < 200000; ++i) xml += "</b>";
    xml += "</description></item></channel></rss>";
    Result<ParsedDocument> doc = ParseFeed(xml);
    ASSERT_TRUE(doc.has_value()) << doc.error().message;
    ASSERT_EQ(doc->items.size(), 1u);
    EXPECT_EQ(doc->items[0].headline, "deep");
}

}  // namespace
}  // namespace broadsheet::ingest
