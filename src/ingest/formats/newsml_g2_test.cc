#include "ingest/formats/newsml_g2.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace broadsheet::ingest {
namespace {

Timestamp At(const char* iso) { return ParseIsoDateTime(iso).value(); }

ParsedDocument MustParse(std::string_view xml) {
    Result<ParsedDocument> parsed = ParseNewsMLG2(xml);
    EXPECT_TRUE(parsed) << parsed.error().message;
    return parsed ? *parsed : ParsedDocument{};
}

WireItem OnlyItem(std::string_view xml) {
    ParsedDocument doc = MustParse(xml);
    EXPECT_EQ(doc.items.size(), 1u);
    EXPECT_TRUE(doc.rejected.empty()) << (doc.rejected.empty() ? "" : doc.rejected.front());
    return doc.items.empty() ? WireItem{} : doc.items.front();
}

// Wraps item metadata and content in a newsItem (`P` is the NewsML-G2 prefix, e.g. "ns0:").
std::string NewsItem(const std::string& body, const std::string& attributes = {},
                     const std::string& p = {}) {
    std::string xmlns = p.empty() ? "xmlns" : "xmlns:" + p.substr(0, p.size() - 1);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + p + "newsItem " + xmlns +
           "=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:test:1\" " + attributes + ">" +
           body + "</" + p + "newsItem>";
}

// Every itemMeta/contentMeta/rightsInfo field the parser maps, with the prefix `p`.
std::string FullItem(const std::string& p) {
    auto e = [&](const std::string& name) { return p + name; };
    return NewsItem(
        "<" + e("rightsInfo") + "><" + e("copyrightHolder") + " literal=\"Example Agency\"/></" +
            e("rightsInfo") + "><" + e("itemMeta") + "><" + e("itemClass") +
            " qcode=\"ninat:text\"/><" + e("provider") + " qcode=\"nprov:EX\"/><" +
            e("versionCreated") + ">2024-10-22T10:33:06+02:00 </" + e("versionCreated") + "><" +
            e("firstCreated") + ">2024-10-22T09:00:00+02:00</" + e("firstCreated") + "><" +
            e("embargoed") + ">2024-10-22T19:00:00+02:00</" + e("embargoed") + "><" +
            e("pubStatus") + " qcode=\"stat:withheld\"/><" + e("edNote") + ">Corrects spelling</" +
            e("edNote") + "><" + e("signal") + " qcode=\"sig:correction\"/><" + e("link") +
            " rel=\"irel:previousVersion\" residref=\"urn:test:1\" version=\"2\"/></" +
            e("itemMeta") + "><" + e("contentMeta") + "><" + e("urgency") + ">3</" + e("urgency") +
            "><" + e("located") + " qcode=\"city:Moscow\"><" + e("name") + ">Moscow</" + e("name") +
            "></" + e("located") + "><" + e("creator") + "><" + e("name") + ">Creator Name</" +
            e("name") + "></" + e("creator") + "><" + e("language") + " tag=\"en-GB\"/><" +
            e("genre") + " qcode=\"genre:Current\"/><" + e("subject") +
            " qcode=\"medtop:20000350\"/><" + e("subject") + " qcode=\"ex:local\"><" + e("name") +
            " xml:lang=\"de\">Lokal</" + e("name") + "><" + e("name") + " xml:lang=\"en\">Local</" +
            e("name") + "></" + e("subject") + "><" + e("slugline") + ">Russia-Bank</" +
            e("slugline") + "><" + e("headline") + " role=\"hld:kicker\">Kicker</" + e("headline") +
            "><" + e("headline") + ">Bank holds rates</" + e("headline") + "><" + e("by") +
            ">By Jane Doe</" + e("by") + "><" + e("description") +
            " role=\"drol:summary\">Rates <h:b xmlns:h=\"" +
            "http://www.w3.org/1999/xhtml\">held</h:b> at 16%.</" + e("description") + "></" +
            e("contentMeta") + "><" + e("contentSet") + "><" + e("inlineXML") +
            " contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\">"
            "<head><title>T</title></head><body><p>Para "
            "<em>one</em></p><p>Two</p></body></html></" +
            e("inlineXML") + "></" + e("contentSet") + ">",
        "version=\"3\" standard=\"NewsML-G2\" standardversion=\"2.35\" xml:lang=\"en\"", p);
}

TEST(NewsMLG2Test, MapsEveryFieldOfATextItem) {
    WireItem item = OnlyItem(FullItem(""));
    EXPECT_EQ(item.uri, "urn:test:1");
    EXPECT_EQ(item.version, "3");
    EXPECT_EQ(item.type, "text");
    EXPECT_EQ(item.version_created, At("2024-10-22T08:33:06Z"));
    EXPECT_EQ(item.first_created, At("2024-10-22T07:00:00Z"));
    EXPECT_EQ(item.embargoed_until, At("2024-10-22T17:00:00Z"));
    EXPECT_EQ(item.pub_status, PubStatus::kWithheld);
    EXPECT_EQ(item.urgency, 3);
    EXPECT_EQ(item.language, "en-GB");
    EXPECT_EQ(item.headline, "Bank holds rates");
    EXPECT_EQ(item.summary, "Rates held at 16%.");
    EXPECT_EQ(item.body_html, "<p>Para <em>one</em></p><p>Two</p>");
    EXPECT_EQ(item.byline, "By Jane Doe");
    EXPECT_EQ(item.located, "Moscow");
    EXPECT_EQ(item.provider, "EX");
    EXPECT_EQ(item.copyright_holder, "Example Agency");
    EXPECT_EQ(item.slugline, "Russia-Bank");
    EXPECT_EQ(item.ed_note, "Corrects spelling");
    ASSERT_EQ(item.subjects.size(), 2u);
    EXPECT_EQ(item.subjects[0].name, "central bank");  // From the Media Topic table.
    EXPECT_EQ(item.subjects[0].code, "http://cv.iptc.org/newscodes/mediatopic/20000350");
    EXPECT_EQ(item.subjects[1].name, "Local");  // The name in the item's language.
    EXPECT_EQ(item.subjects[1].code, "ex:local");
    EXPECT_EQ(item.genres, std::vector<std::string>{"Current"});
    EXPECT_FALSE(item.picture);
}

TEST(NewsMLG2Test, MatchesByNamespaceNotPrefix) {
    WireItem plain = OnlyItem(FullItem(""));
    WireItem prefixed = OnlyItem(FullItem("ns0:"));
    EXPECT_EQ(prefixed.uri, plain.uri);
    EXPECT_EQ(prefixed.headline, plain.headline);
    EXPECT_EQ(prefixed.summary, plain.summary);
    EXPECT_EQ(prefixed.body_html, plain.body_html);
    EXPECT_EQ(prefixed.provider, plain.provider);
    EXPECT_EQ(prefixed.subjects.size(), plain.subjects.size());
    EXPECT_EQ(prefixed.version_created, plain.version_created);

    // The right local names in another namespace are not NewsML-G2 ...
    Result<ParsedDocument> foreign =
        ParseNewsMLG2(R"(<newsItem xmlns="urn:other" guid="g"><itemMeta/></newsItem>)");
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().code, ErrorCode::kInvalidInput);
    // ... and a foreign child of a NewsML-G2 item is not read as its namesake.
    WireItem item =
        OnlyItem(NewsItem(R"(<contentMeta><x:headline xmlns:x="urn:other">Wrong</x:headline>)"
                          R"(<headline>Right</headline></contentMeta>)"));
    EXPECT_EQ(item.headline, "Right");
}

TEST(NewsMLG2Test, AcceptsTheUnnamespacedDialectOnlyWhenItSaysNewsMLG2) {
    WireItem item = OnlyItem(R"(<newsMessage><itemSet>
        <newsItem guid="tt:1" standard="NewsML-G2"><contentMeta><headline>TT</headline>
        </contentMeta></newsItem></itemSet></newsMessage>)");
    EXPECT_EQ(item.headline, "TT");
    EXPECT_FALSE(ParseNewsMLG2(R"(<newsItem guid="x"><contentMeta/></newsItem>)"));
}

TEST(NewsMLG2Test, PicksHeadlinesAndDescriptionsByRole) {
    WireItem item = OnlyItem(NewsItem(R"(<contentMeta>
        <headline role="hld:subHeadline">Sub</headline><headline role="main">Main</headline>
        <description role="drol:caption">Caption</description>
        <description>Plain description</description></contentMeta>)"));
    EXPECT_EQ(item.headline, "Main");
    EXPECT_EQ(item.summary, "Plain description");
    item = OnlyItem(NewsItem(R"(<contentMeta><headline rank="3">Only ranked</headline>
        <dateline>London (dpa) - </dateline></contentMeta>)"));
    EXPECT_EQ(item.headline, "Only ranked");
    EXPECT_EQ(item.located, "London");  // No located: the dateline's place.
}

TEST(NewsMLG2Test, ProviderAndCopyrightFallBackThroughNameLiteralAndQcode) {
    struct Case {
        const char* provider;
        const char* expected;
    };
    constexpr Case kCases[] = {
        {R"(<provider qcode="nprov:AP"/>)", "AP"},
        {R"(<provider qcode="nprov:AP"><name>Associated Press</name></provider>)",
         "Associated Press"},
        {R"(<provider literal="reuters.com"/>)", "reuters.com"},
        {R"(<provider uri="http://example.com/"/>)", "http://example.com/"},
    };
    for (const Case& c : kCases) {
        WireItem item = OnlyItem(NewsItem(std::string("<itemMeta>") + c.provider + "</itemMeta>"));
        EXPECT_EQ(item.provider, c.expected) << c.provider;
    }
    WireItem item = OnlyItem(NewsItem(R"(<rightsInfo><copyrightHolder qcode="nprov:dpa">
        <name>dpa GmbH</name></copyrightHolder></rightsInfo><contentMeta><creator><name>A</name>
        </creator><creator literal="ignored"/><creator><name>B</name></creator></contentMeta>)"));
    EXPECT_EQ(item.copyright_holder, "dpa GmbH");
    EXPECT_EQ(item.byline, "A, B");
}

TEST(NewsMLG2Test, MapsPubStatusAndRejectsUnknownOnes) {
    EXPECT_EQ(OnlyItem(NewsItem("")).pub_status, PubStatus::kUsable);
    EXPECT_EQ(
        OnlyItem(NewsItem(R"(<itemMeta><pubStatus qcode="stat:canceled"/></itemMeta>)")).pub_status,
        PubStatus::kCanceled);
    EXPECT_EQ(OnlyItem(NewsItem(R"(<itemMeta><pubStatus
        uri="http://cv.iptc.org/newscodes/pubstatusg2/withheld"/></itemMeta>)"))
                  .pub_status,
              PubStatus::kWithheld);
    ParsedDocument doc =
        MustParse(NewsItem(R"(<itemMeta><pubStatus qcode="stat:maybe"/></itemMeta>)"));
    EXPECT_TRUE(doc.items.empty());
    ASSERT_EQ(doc.rejected.size(), 1u);
    EXPECT_NE(doc.rejected[0].find("stat:maybe"), std::string::npos) << doc.rejected[0];
}

TEST(NewsMLG2Test, EmptyEmbargoHoldsTheItemIndefinitely) {
    EXPECT_EQ(OnlyItem(NewsItem("<itemMeta><embargoed/></itemMeta>")).embargoed_until,
              kEmbargoedIndefinitely);
    EXPECT_EQ(
        OnlyItem(NewsItem("<itemMeta><embargoed> soon </embargoed></itemMeta>")).embargoed_until,
        kEmbargoedIndefinitely);
    EXPECT_EQ(FormatIsoUtc(kEmbargoedIndefinitely), "9999-12-31T23:59:59Z");
    EXPECT_FALSE(OnlyItem(NewsItem("")).embargoed_until);
}

TEST(NewsMLG2Test, ConvertsNitfBodiesToHtml) {
    WireItem item = OnlyItem(NewsItem(R"(<contentSet><inlineXML contenttype="application/nitf+xml">
      <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body>
        <body.head><hedline><hl1>NITF headline</hl1></hedline></body.head>
        <body.content><block><p>One &amp; <em>two</em></p><hl2>Sub</hl2>
          <media media-type="image"><media-reference source="p.jpg" alternate-text="Alt"/>
          <media-caption>Cap</media-caption><media-metadata name="x" value="y"/></media>
          <bq><block><p>Quote</p></block><credit>Her</credit></bq></block></body.content>
      </body></nitf></inlineXML></contentSet>)"));
    EXPECT_EQ(item.headline, "NITF headline");  // No contentMeta headline.
    EXPECT_EQ(item.body_html,
              "<p>One &amp; <em>two</em></p><h2>Sub</h2>\n          <figure><img src=\"p.jpg\" "
              "alt=\"Alt\">\n          <figcaption>Cap</figcaption></figure>\n          "
              "<blockquote><p>Quote</p><cite>Her</cite></blockquote>");
}

TEST(NewsMLG2Test, TakesXhtmlBodiesWhateverTheirPrefix) {
    WireItem item =
        OnlyItem(NewsItem(R"(<contentSet><inlineXML contenttype="application/xhtml+html">
      <html:html xmlns:html="http://www.w3.org/1999/xhtml"><html:head><html:title/></html:head>
      <html:body><html:p xml:lang="en" class="x">A<html:br/>B</html:p></html:body></html:html>
      </inlineXML></contentSet>)"));
    EXPECT_EQ(item.body_html, R"(<p lang="en" class="x">A<br>B</p>)");
    // SportsML and other vocabularies are not bodies.
    item = OnlyItem(NewsItem(R"(<contentSet><inlineXML contenttype="application/sportsml+xml">
      <sports-content><p>no</p></sports-content></inlineXML></contentSet>)"));
    EXPECT_EQ(item.body_html, "");
}

TEST(NewsMLG2Test, ConvertsInlineData) {
    WireItem item = OnlyItem(NewsItem(R"(<contentSet>
        <inlineData contenttype="text/plain">First &lt;line&gt;
Second

Third</inlineData></contentSet>)"));
    EXPECT_EQ(item.type, "text");  // No itemClass: inferred from the content.
    EXPECT_EQ(item.body_html, "<p>First &lt;line&gt;<br>Second</p>\n<p>Third</p>");
    item =
        OnlyItem(NewsItem(R"(<contentSet><inlineData contenttype="text/html"><![CDATA[<p>Hi</p>]]>
        </inlineData></contentSet>)"));
    EXPECT_EQ(item.body_html, "<p>Hi</p>\n        ");
    item = OnlyItem(NewsItem(R"(<contentSet><inlineData contenttype="text/plain"
        encoding="base64">PHA+</inlineData></contentSet>)"));
    EXPECT_EQ(item.body_html, "");
}

constexpr const char* kPicture = R"(<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
    guid="urn:pic:1" version="2"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
  <contentMeta><headline>Picture headline</headline><by>Photographer</by>
    <creditline>Agency/Photographer</creditline>
    <description role="drol:caption">The caption.</description></contentMeta>
  <contentSet>
    <remoteContent rendition="rnd:highRes" href="http://x/hi.jpg" contenttype="image/jpeg"
      width="4000" height="3000"/>
    <remoteContent rendition="rnd:thumb" residref="urn:bin:thumb" contenttype="image/jpeg"
      width="200" height="big"/>
  </contentSet></newsItem>)";

TEST(NewsMLG2Test, MapsPictureItems) {
    WireItem item = OnlyItem(kPicture);
    EXPECT_EQ(item.type, "picture");
    ASSERT_TRUE(item.picture);
    EXPECT_EQ(item.picture->uri, "urn:pic:1");
    EXPECT_EQ(item.picture->alt_text, "Picture headline");
    EXPECT_EQ(item.picture->caption, "The caption.");
    EXPECT_EQ(item.picture->credit, "Agency/Photographer");
    ASSERT_EQ(item.picture->renditions.size(), 2u);
    const Rendition& hi = item.picture->renditions[0];
    EXPECT_EQ(hi.name, "rnd:highRes");
    EXPECT_EQ(hi.href, "http://x/hi.jpg");
    EXPECT_EQ(hi.mime, "image/jpeg");
    EXPECT_EQ(hi.width, 4000);
    EXPECT_EQ(hi.height, 3000);
    EXPECT_EQ(item.picture->renditions[1].href, "urn:bin:thumb");
    EXPECT_EQ(item.picture->renditions[1].height, 0);
}

std::string Message(const std::string& items) {
    return R"(<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>)"
           R"(2024-01-01T00:00:00Z</sent></header><itemSet>)" +
           items + "</itemSet></newsMessage>";
}

std::string TextItem(const std::string& guid, const std::string& item_meta = {}) {
    return R"(<newsItem guid=")" + guid + R"("><itemMeta><itemClass qcode="ninat:text"/>)" +
           item_meta + "</itemMeta><contentMeta><headline>" + guid +
           R"(</headline></contentMeta><contentSet><inlineData contenttype="text/plain">Body)"
           "</inlineData></contentSet></newsItem>";
}

std::string StripXmlDeclaration(const std::string& xml) {
    return xml.starts_with("<?xml") ? xml.substr(xml.find("?>") + 2) : xml;
}

TEST(NewsMLG2Test, PackageGivesItsTextItemTheFirstPicture) {
    std::string package = R"(<packageItem guid="urn:pkg" version="1"><itemMeta>
        <itemClass qcode="ninat:composite"/></itemMeta><groupSet root="G1">
        <group id="G1" role="group:main"><itemRef residref="urn:text"/><groupRef idref="G2"/></group>
        <group id="G2"><itemRef residref="urn:pic:1"/><itemRef residref="urn:pic:2"/></group>
        </groupSet></packageItem>)";
    std::string second_picture = R"(<newsItem guid="urn:pic:2"><itemMeta>
        <itemClass qcode="ninat:picture"/></itemMeta></newsItem>)";
    ParsedDocument doc =
        MustParse(Message(package + TextItem("urn:text") + kPicture + second_picture));
    ASSERT_EQ(doc.items.size(), 1u);  // Both pictures are the package's: not returned.
    const WireItem& item = doc.items[0];
    EXPECT_EQ(item.uri, "urn:text");
    EXPECT_EQ(item.type, "text");
    ASSERT_TRUE(item.picture);
    EXPECT_EQ(item.picture->uri, "urn:pic:1");
    EXPECT_EQ(item.picture->renditions.size(), 2u);
}

TEST(NewsMLG2Test, AnItemServesOnePackageOnly) {
    auto package = [](const std::string& guid) {
        return R"(<packageItem guid=")" + guid +
               R"("><groupSet><group><itemRef residref="urn:text"/>)"
               R"(<itemRef residref="urn:pic:1"/></group></groupSet></packageItem>)";
    };
    ParsedDocument doc = MustParse(
        Message(package("urn:pkg:1") + package("urn:pkg:2") + TextItem("urn:text") + kPicture));
    ASSERT_EQ(doc.items.size(), 2u);
    EXPECT_EQ(doc.items[0].uri, "urn:text");
    EXPECT_TRUE(doc.items[0].picture);
    EXPECT_EQ(doc.items[1].uri, "urn:pkg:2");  // Left with only its own metadata.
    EXPECT_EQ(doc.items[1].type, "composite");
    EXPECT_FALSE(doc.items[1].picture);
}

TEST(NewsMLG2Test, PackageWhoseItemsAreElsewhereBecomesAComposite) {
    WireItem item = OnlyItem(R"(<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/"
        guid="urn:pkg" version="4"><itemMeta><itemClass qcode="ninat:composite"/></itemMeta>
        <groupSet root="G1"><group id="G1">
        <itemRef residref="urn:t"><itemClass qcode="ninat:text"/><title>Story title</title>
          <description role="drol:summary">Story summary</description></itemRef>
        <itemRef residref="urn:p"><itemClass qcode="ninat:picture"/><title>Pic</title>
          <description role="drol:caption">Pic caption</description></itemRef>
        </group></groupSet></packageItem>)");
    EXPECT_EQ(item.uri, "urn:pkg");
    EXPECT_EQ(item.version, "4");
    EXPECT_EQ(item.type, "composite");
    EXPECT_EQ(item.headline, "Story title");
    EXPECT_EQ(item.summary, "Story summary");
    ASSERT_TRUE(item.picture);
    EXPECT_EQ(item.picture->uri, "urn:p");
    EXPECT_EQ(item.picture->caption, "Pic caption");
    // Without a guid, such a package is rejected.
    ParsedDocument doc = MustParse(Message(R"(<packageItem><itemRef residref="elsewhere"/>
        </packageItem>)"));
    EXPECT_TRUE(doc.items.empty());
    ASSERT_EQ(doc.rejected.size(), 1u);
    EXPECT_NE(doc.rejected[0].find("packageItem #1"), std::string::npos) << doc.rejected[0];
}

TEST(NewsMLG2Test, NewsMessageLinksPicturesAndReturnsTheRest) {
    std::string loose_picture = R"(<newsItem guid="urn:pic:loose"><itemMeta>
        <itemClass qcode="ninat:picture"/></itemMeta></newsItem>)";
    ParsedDocument doc = MustParse(Message(
        TextItem("urn:a", R"(<link rel="irel:seeAlso" residref="urn:pic:1"/>)") +
        StripXmlDeclaration(kPicture) +
        TextItem("urn:b", R"(<link rel="irel:seeAlso" residref="urn:pic:1"/>)") + loose_picture +
        R"(<newsItem><itemMeta/></newsItem><conceptItem guid="urn:concept"/>)"));
    ASSERT_EQ(doc.items.size(), 3u);
    EXPECT_EQ(doc.items[0].uri, "urn:a");
    ASSERT_TRUE(doc.items[0].picture);
    EXPECT_EQ(doc.items[0].picture->caption, "The caption.");
    EXPECT_EQ(doc.items[1].uri, "urn:b");
    EXPECT_FALSE(doc.items[1].picture);  // A picture goes to the first item that wants it.
    EXPECT_EQ(doc.items[2].uri, "urn:pic:loose");
    EXPECT_EQ(doc.items[2].type, "picture");
    ASSERT_EQ(doc.rejected.size(), 2u);
    EXPECT_EQ(doc.rejected[0], "newsml-g2: newsItem #5: no guid");
    EXPECT_EQ(doc.rejected[1],
              "newsml-g2: conceptItem \"urn:concept\" is not a news or package item; skipped");
}

TEST(NewsMLG2Test, RejectsNonNewsRootsWithAReason) {
    ParsedDocument doc = MustParse(R"(<knowledgeItem xmlns="http://iptc.org/std/nar/2006-10-01/"
        guid="urn:k"/>)");
    EXPECT_TRUE(doc.items.empty());
    ASSERT_EQ(doc.rejected.size(), 1u);
    EXPECT_NE(doc.rejected[0].find("knowledgeItem \"urn:k\""), std::string::npos);
}

TEST(NewsMLG2Test, DecodesDeclaredSingleByteEncodings) {
    WireItem item = OnlyItem(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
        "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\"><contentMeta>"
        "<headline>Caf\xE9 \x93quoted\x94</headline></contentMeta></newsItem>");
    EXPECT_EQ(item.headline, "Caf\u00E9 \u201Cquoted\u201D");
    std::u16string utf16 =
        u"\uFEFF<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" "
        u"guid=\"g\"><contentMeta><headline>\u00DCber</headline>"
        u"</contentMeta></newsItem>";
    item = OnlyItem(std::string_view(reinterpret_cast<const char*>(utf16.data()),
                                     utf16.size() * sizeof(char16_t)));
    EXPECT_EQ(item.headline, "\u00DCber");
}

TEST(NewsMLG2Test, NeverExpandsEntities) {
    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE newsItem [\n<!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int j = 0; j < 10; ++j)
            laughs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
        laughs += "\">\n";
    }
    laughs +=
        "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
        "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\"><contentMeta>"
        "<headline>&lol9;&xxe;</headline></contentMeta></newsItem>";
    auto start = std::chrono::steady_clock::now();
    Result<ParsedDocument> parsed = ParseNewsMLG2(laughs);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->items.size(), 1u);
    EXPECT_LT(parsed->items[0].headline.size(), 32u) << "entities were expanded";
}

TEST(NewsMLG2Test, RejectsWhatIsNotNewsMLG2) {
    struct Case {
        std::string input;
        ErrorCode code;
        const char* message_part;
    };
    const Case cases[] = {
        {"", ErrorCode::kInvalidInput, "not well-formed"},
        {"not xml at all", ErrorCode::kInvalidInput, "not well-formed"},
        {"<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\">\n<itemMeta>",
         ErrorCode::kInvalidInput, "line 2"},
        {R"(<rss version="2.0"><channel><item><title>T</title></item></channel></rss>)",
         ErrorCode::kInvalidInput, "<rss>"},
        {R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>)", ErrorCode::kInvalidInput,
         "<feed>"},
        {std::string(kMaxNewsMLG2Bytes + 1, ' '), ErrorCode::kTooLarge, "16 MiB"},
    };
    for (const Case& c : cases) {
        Result<ParsedDocument> parsed = ParseNewsMLG2(c.input);
        ASSERT_FALSE(parsed) << c.input.substr(0, 60);
        EXPECT_EQ(parsed.error().code, c.code) << parsed.error().message;
        EXPECT_NE(parsed.error().message.find(c.message_part), std::string::npos)
            << parsed.error().message;
        EXPECT_TRUE(parsed.error().message.starts_with("newsml-g2: ")) << parsed.error().message;
    }
}

TEST(NewsMLG2Test, SurvivesDeepNestingAndRefusesAttributeFloods) {
    std::string deep;
    for (int i = 0; i < 200000; ++i) deep += "<div>";
    deep += "x";
    for (int i = 0; i < 200000; ++i) deep += "</div>";
    WireItem item =
        OnlyItem(NewsItem("<contentSet><inlineXML contenttype=\"text/html\"><html><body>" + deep +
                          "</body></html></inlineXML></contentSet>"));
    EXPECT_EQ(item.body_html.size(), deep.size());
    std::string attributes;
    for (int i = 0; i < 300; ++i) attributes += " a" + std::to_string(i) + "=\"\"";
    Result<ParsedDocument> flood = ParseNewsMLG2(NewsItem("", attributes));
    ASSERT_FALSE(flood);
    EXPECT_NE(flood.error().message.find("more than 256 attributes"), std::string::npos);
}

}  // namespace
}  // namespace broadsheet::ingest
