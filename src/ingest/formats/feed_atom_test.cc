#include <gtest/gtest.h>

#include <string>

#include "ingest/formats/feed.h"

namespace broadsheet::ingest {
namespace {

Timestamp At(const char* iso) { return ParseIsoDateTime(iso).value(); }

ParsedDocument Parse(std::string_view xml) {
    Result<ParsedDocument> doc = ParseFeed(xml);
    EXPECT_TRUE(doc.has_value()) << (doc ? "" : doc.error().message);
    return doc ? std::move(*doc) : ParsedDocument{};
}

constexpr const char* kAtom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0"
      xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en" xml:base="https://ex.com/wire/">
 <id>tag:ex.com,2024:wire</id><title>Wire</title><updated>2024-05-02T10:00:00Z</updated>
 <link rel="alternate" href="https://ex.com/"/>
 <author><name>Example Agency</name></author>
 <entry>
  <id> tag:ex.com,2024:123 </id>
  <title type="html">Fed holds &lt;em&gt;rates&lt;/em&gt; &amp;amp; waits</title>
  <published>2024-05-02T09:00:00Z</published><updated>2024-05-02T09:45:00+01:00</updated>
  <author><name>Jane Doe</name><email>jane@ex.com</email></author>
  <author><name>John Roe</name></author>
  <category scheme="http://cv.iptc.org/newscodes/mediatopic/" term="20000350" label="central bank"/>
  <category term="economy"/>
  <category term="ECO" label="Economy"/>
  <link rel="self" href="https://ex.com/api/123"/>
  <link href="stories/123"/>
  <link rel="enclosure" type="image/jpeg" href="/img/123.jpg" length="5000"/>
  <link rel="enclosure" type="audio/mpeg" href="/audio/123.mp3" length="5000"/>
  <summary>A plain summary &lt;not markup&gt;.</summary>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body <b>bold</b> &amp; <a href="/x">link</a></p><br/></div></content>
 </entry>
 <entry xml:lang="de">
  <id>tag:ex.com,2024:124</id><title type="text">A &lt;b&gt; is text</title>
  <updated>2024-05-03T10:00:00Z</updated>
  <content type="text">Line one.
Line two.</content>
 </entry>
 <entry>
  <id>tag:ex.com,2024:125</id><title>Out of line</title><updated>2024-05-04T10:00:00Z</updated>
  <summary type="html">&lt;p&gt;Teaser&lt;/p&gt;</summary>
  <content src="https://ex.com/125.pdf" type="application/pdf"/>
  <source><title>Origin Feed</title></source>
  <media:thumbnail url="https://ex.com/125-thumb.jpg" width="100" height="60"/>
 </entry>
 <entry><title>No identity</title><content>Body</content></entry>
 <at:deleted-entry ref="tag:ex.com,2024:99" when="2024-05-02T11:00:00Z"/>
</feed>)";

TEST(ParseFeedAtomTest, MapsEntries) {
    ParsedDocument doc = Parse(kAtom);
    ASSERT_EQ(doc.items.size(), 4u);
    ASSERT_EQ(doc.rejected.size(), 1u);
    EXPECT_EQ(doc.rejected[0], "atom entry 4: has neither an id nor an alternate link");

    const WireItem& a = doc.items[0];
    EXPECT_EQ(a.uri, "tag:ex.com,2024:123");
    EXPECT_EQ(a.version, "2024-05-02T09:45:00+01:00");
    EXPECT_EQ(a.link, "https://ex.com/wire/stories/123");
    EXPECT_EQ(a.headline, "Fed holds rates & waits");
    EXPECT_EQ(a.summary, "A plain summary <not markup>.");
    EXPECT_EQ(a.body_html, "<p>Body <b>bold</b> &amp; <a href=\"/x\">link</a></p><br />");
    EXPECT_EQ(a.first_created, At("2024-05-02T09:00:00Z"));
    EXPECT_EQ(a.version_created, At("2024-05-02T08:45:00Z"));
    EXPECT_EQ(a.byline, "Jane Doe, John Roe");
    EXPECT_EQ(a.provider, "Example Agency");
    EXPECT_EQ(a.language, "en");
    ASSERT_EQ(a.subjects.size(), 3u);
    EXPECT_EQ(a.subjects[0].name, "central bank");
    EXPECT_EQ(a.subjects[0].code, "http://cv.iptc.org/newscodes/mediatopic/20000350");
    EXPECT_EQ(a.subjects[1].name, "economy");
    EXPECT_EQ(a.subjects[1].code, "");
    EXPECT_EQ(a.subjects[2].name, "Economy");
    EXPECT_EQ(a.subjects[2].code, "ECO");
    ASSERT_TRUE(a.picture.has_value());
    ASSERT_EQ(a.picture->renditions.size(), 1u);
    EXPECT_EQ(a.picture->renditions[0].href, "https://ex.com/img/123.jpg");
    EXPECT_EQ(a.picture->renditions[0].mime, "image/jpeg");

    const WireItem& b = doc.items[1];
    EXPECT_EQ(b.headline, "A <b> is text");
    EXPECT_EQ(b.body_html, "<p>Line one.<br>Line two.</p>");
    EXPECT_EQ(b.summary, "");
    EXPECT_EQ(b.byline, "Example Agency");  // The feed's author.
    EXPECT_EQ(b.language, "de");
    EXPECT_FALSE(b.first_created.has_value());
    EXPECT_EQ(b.version_created, At("2024-05-03T10:00:00Z"));
    EXPECT_FALSE(b.picture.has_value());

    const WireItem& c = doc.items[2];
    EXPECT_EQ(c.summary, "Teaser");
    EXPECT_EQ(c.body_html, "<p>Teaser</p>");  // Out-of-line content: the summary stands in.
    EXPECT_EQ(c.provider, "Origin Feed");
    ASSERT_TRUE(c.picture.has_value());
    EXPECT_EQ(c.picture->renditions[0].width, 100);

    const WireItem& kill = doc.items[3];
    EXPECT_EQ(kill.uri, "tag:ex.com,2024:99");
    EXPECT_EQ(kill.pub_status, PubStatus::kCanceled);
    EXPECT_EQ(kill.version, "2024-05-02T11:00:00Z");
    EXPECT_EQ(kill.version_created, At("2024-05-02T11:00:00Z"));
}

TEST(ParseFeedAtomTest, ReadsPrefixedAtomAndEntryDocuments) {
    ParsedDocument prefixed = Parse(
        "<a:feed "
        "xmlns:a=\"http://www.w3.org/2005/Atom\"><a:title>P</a:title><a:entry><a:id>urn:p:1</a:id>"
        "<a:title>Prefixed</a:title><a:content type=\"html\">&lt;p&gt;x&lt;/p&gt;</a:content>"
        "<title>not atom</title></a:entry></a:feed>");
    ASSERT_EQ(prefixed.items.size(), 1u);
    EXPECT_EQ(prefixed.items[0].uri, "urn:p:1");
    EXPECT_EQ(prefixed.items[0].headline, "Prefixed");
    EXPECT_EQ(prefixed.items[0].body_html, "<p>x</p>");
    EXPECT_EQ(prefixed.items[0].provider, "P");

    ParsedDocument entry = Parse(
        "<entry xmlns=\"http://www.w3.org/2005/Atom\"><id>urn:e:1</id><title>Alone</title>"
        "<updated>2024-01-01T00:00:00Z</updated></entry>");
    ASSERT_EQ(entry.items.size(), 1u);
    EXPECT_EQ(entry.items[0].headline, "Alone");
    EXPECT_EQ(entry.items[0].version, "2024-01-01T00:00:00Z");
}

TEST(ParseFeedAtomTest, KeepsEntriesWithoutTextAndReadsUnnamespacedFeeds) {
    // Whether there is enough to publish is the publisher's decision, not the parser's.
    ParsedDocument doc = Parse(
        "<feed><entry><id>urn:x:1</id></entry><entry><link href=\"https://ex.com/2\"/>"
        "<title>ok</title></entry></feed>");
    ASSERT_EQ(doc.items.size(), 2u);
    EXPECT_EQ(doc.items[0].uri, "urn:x:1");
    EXPECT_EQ(doc.items[0].headline, "");
    EXPECT_EQ(doc.items[1].uri, "https://ex.com/2");  // No id: the alternate link.
    EXPECT_TRUE(doc.rejected.empty());
}

TEST(ParseFeedAtomTest, ReadsAtom03) {
    ParsedDocument doc = Parse(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
      <title>Old</title><author><name>Old Agency</name></author>
      <entry><id>urn:old:1</id><title>Legacy</title>
        <issued>2004-01-01T10:00:00Z</issued><modified>2004-01-02T10:00:00Z</modified>
        <content type="text/html" mode="escaped">&lt;p&gt;Escaped&lt;/p&gt;</content></entry>
      <entry><id>urn:old:2</id><title>Inline</title>
        <content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Inline</p></div></content></entry>
      <entry><id>urn:old:3</id><title>Binary</title>
        <content type="text/html" mode="base64">PHA+eDwvcD4=</content></entry>
    </feed>)");
    ASSERT_EQ(doc.items.size(), 3u);
    EXPECT_EQ(doc.items[0].body_html, "<p>Escaped</p>");
    EXPECT_EQ(doc.items[0].first_created, At("2004-01-01T10:00:00Z"));
    EXPECT_EQ(doc.items[0].version_created, At("2004-01-02T10:00:00Z"));
    EXPECT_EQ(doc.items[0].byline, "Old Agency");
    EXPECT_EQ(doc.items[1].body_html, "<p>Inline</p>");
    EXPECT_EQ(doc.items[2].body_html, "<p>x</p>");  // mode="base64" is only a transfer encoding.
}

}  // namespace
}  // namespace broadsheet::ingest
