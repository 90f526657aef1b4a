#include "ingest/formats/xml_text.h"

#include <gtest/gtest.h>

#include <string>

namespace broadsheet::ingest {
namespace {

using namespace std::string_literals;

std::string Utf8(std::string_view bytes, std::string_view http_charset = {}) {
    Result<std::string> text = XmlToUtf8(bytes, http_charset);
    EXPECT_TRUE(text.has_value()) << (text ? "" : text.error().message);
    return text ? *text : std::string();
}

// `ascii` as UTF-16 (each byte widened), little- or big-endian.
std::string Widen16(std::string_view ascii, bool little_endian) {
    std::string out;
    for (char c : ascii) out += little_endian ? std::string{c, '\0'} : std::string{'\0', c};
    return out;
}

std::string Widen32(std::string_view ascii, bool little_endian) {
    std::string out;
    for (char c : ascii) {
        out += little_endian ? std::string{c, '\0', '\0', '\0'} : std::string{'\0', '\0', '\0', c};
    }
    return out;
}

TEST(XmlToUtf8Test, HonoursByteOrderMarks) {
    EXPECT_EQ(Utf8("\xEF\xBB\xBF<a>caf\xC3\xA9</a>"), "<a>caf\xC3\xA9</a>");
    // é is U+00E9; € (U+20AC) needs two UTF-16 bytes of its own.
    EXPECT_EQ(Utf8("\xFF\xFE" + Widen16("<a>", true) + "\xE9\x00\xAC\x20"s + Widen16("</a>", true)),
              "<a>\xC3\xA9\xE2\x82\xAC</a>");
    EXPECT_EQ(Utf8("\xFE\xFF" + Widen16("<a>", false) + "\x00\xE9"s + Widen16("</a>", false)),
              "<a>\xC3\xA9</a>");
    EXPECT_EQ(Utf8("\xFF\xFE\x00\x00"s + Widen32("<a>", true) + "\xE9\x00\x00\x00"s +
                   Widen32("</a>", true)),
              "<a>\xC3\xA9</a>");
    EXPECT_EQ(Utf8("\x00\x00\xFE\xFF"s + Widen32("<a>", false) + "\x00\x00\x00\xE9"s +
                   Widen32("</a>", false)),
              "<a>\xC3\xA9</a>");
    // A UTF-16 surrogate pair (U+1F600).
    EXPECT_EQ(Utf8("\xFF\xFE" + Widen16("<a>", true) + "\x3D\xD8\x00\xDE"s), "<a>\xF0\x9F\x98\x80");
    // The BOM wins over the HTTP charset and the declaration.
    EXPECT_EQ(Utf8("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xC3\xA9</a>",
                   "windows-1252"),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xC3\xA9</a>");
}

TEST(XmlToUtf8Test, DetectsUtf16And32WithoutABom) {
    std::string doc = "<?xml version=\"1.0\" encoding=\"utf-16\"?><a/>";
    EXPECT_EQ(Utf8(Widen16(doc, true)), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>");
    EXPECT_EQ(Utf8(Widen16(doc, false)), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>");
    EXPECT_EQ(Utf8(Widen32("<a/>", true)), "<a/>");
    EXPECT_EQ(Utf8(Widen32("<a/>", false)), "<a/>");
    // A UTF-16 declaration in an 8-bit document cannot be true: ignored.
    EXPECT_EQ(Utf8("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>\xC3\xA9</a>"),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xC3\xA9</a>");
}

TEST(XmlToUtf8Test, DecodesDeclaredLatin1AndWindows1252) {
    // 0x80 is € and 0x93/0x94 are curly quotes in Windows-1252; Latin-1 is read the same way.
    for (const char* name : {"iso-8859-1", "ISO-8859-1", "latin1", "windows-1252", "cp1252"}) {
        std::string doc = "<?xml version='1.0' encoding='" + std::string(name) +
                          "'?><a>\x80 \x93hi\x94 caf\xE9</a>";
        EXPECT_EQ(Utf8(doc),
                  "<?xml version='1.0' encoding='UTF-8'?><a>\xE2\x82\xAC "
                  "\xE2\x80\x9Chi\xE2\x80\x9D caf\xC3\xA9</a>")
            << name;
    }
    EXPECT_EQ(Utf8("<?xml version=\"1.0\" encoding=\"iso-8859-15\"?><a>\xA4\xBD</a>"),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xE2\x82\xAC\xC5\x93</a>");
}

TEST(XmlToUtf8Test, LetsTheHttpCharsetOverrideTheDeclaration) {
    EXPECT_EQ(Utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?><a>\xE9\x93</a>", "iso-8859-1"),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xC3\xA9\xE2\x80\x9C</a>");
    EXPECT_EQ(Utf8("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xC3\xA9</a>", "\"UTF-8\""),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xC3\xA9</a>");
    // An HTTP charset of UTF-16 for 8-bit bytes is ignored, like such a declaration.
    EXPECT_EQ(Utf8("<a>x</a>", "utf-16"), "<a>x</a>");
}

TEST(XmlToUtf8Test, UsesIconvForOtherEncodings) {
    EXPECT_EQ(Utf8("<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>\xC1</a>"),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xD0\xB0</a>");
    EXPECT_EQ(Utf8("<a>\x83j\x83\x85\x81[\x83X</a>", "Shift_JIS"),
              "<a>\xE3\x83\x8B\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xB9</a>");
}

TEST(XmlToUtf8Test, RejectsUnknownEncodings) {
    Result<std::string> declared = XmlToUtf8("<?xml version=\"1.0\" encoding=\"x-bogus-42\"?><a/>");
    ASSERT_FALSE(declared.has_value());
    EXPECT_EQ(declared.error().code, ErrorCode::kUnsupported);
    EXPECT_NE(declared.error().message.find("x-bogus-42"), std::string::npos);
    Result<std::string> http = XmlToUtf8("<a/>", "no-such-charset");
    ASSERT_FALSE(http.has_value());
    EXPECT_EQ(http.error().code, ErrorCode::kUnsupported);
}

TEST(XmlToUtf8Test, RepairsBadBytesLeniently) {
    // Latin-1 labelled UTF-8: the stray bytes are read as Windows-1252.
    EXPECT_EQ(Utf8("<a>caf\xE9 \x93ok\x94</a>"), "<a>caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D</a>");
    // Overlong forms and NUL cannot reach the XML parser.
    EXPECT_EQ(Utf8("<a>\xC0\xAF</a>"), "<a>\xC3\x80\xC2\xAF</a>");
    EXPECT_EQ(Utf8("<a>x\0y</a>"s), "<a>x\xEF\xBF\xBDy</a>");
    // C1 controls, which feeds never mean, are the Windows-1252 characters.
    EXPECT_EQ(Utf8("<a>don\xC2\x92t</a>"), "<a>don\xE2\x80\x99t</a>");
    // Truncated UTF-16.
    EXPECT_EQ(Utf8("\xFF\xFE" + Widen16("<a/>", true) + "\x41"), "<a/>\xEF\xBF\xBD");
}

TEST(RepairXmlReferencesTest, FixesUndefinedEntitiesAndBareAmpersands) {
    struct Case {
        const char* in;
        const char* out;
    };
    constexpr Case kCases[] = {
        {"<t>Wait&hellip;</t>", "<t>Wait&#8230;</t>"},
        {"<t>a&nbsp;b &eacute; &Eacute;</t>", "<t>a&#160;b &#233; &#201;</t>"},
        {"<t>AT&T</t>", "<t>AT&amp;T</t>"},
        {"<t>a & b</t>", "<t>a &amp; b</t>"},
        {"<a href=\"?x=1&y=2\"/>", "<a href=\"?x=1&amp;y=2\"/>"},
        {"<t>&bogus;</t>", "<t>&amp;bogus;</t>"},
        {"<t>&#146;&#x93;</t>", "<t>&#8217;&#8220;</t>"},
        {"<t>&#0;&#xD800;&#1114112;</t>", "<t>&#65533;&#65533;&#65533;</t>"},
        {"<t>&#;&#x;</t>", "<t>&amp;#;&amp;#x;</t>"},
        {"<t>a < b <= c</t>", "<t>a &lt; b &lt;= c</t>"},
        {"<t>&hellip;</t><![CDATA[&hellip; <]]>", "<t>&#8230;</t><![CDATA[&hellip; <]]>"},
    };
    for (const Case& c : kCases) {
        std::optional<std::string> repaired = RepairXmlReferences(c.in);
        ASSERT_TRUE(repaired.has_value()) << c.in;
        EXPECT_EQ(*repaired, c.out) << c.in;
    }
}

TEST(RepairXmlReferencesTest, LeavesWellFormedXmlAlone) {
    constexpr const char* kCases[] = {
        "<t>&amp;&lt;&gt;&quot;&apos;&#169;&#x2026;</t>",
        "<t><![CDATA[&hellip; & < >]]></t>",
        "<!-- &hellip; & < --><t/>",
        "<?pi & < ?><t/>",
        "<!DOCTYPE t [ <!ENTITY e \"&amp; &#38; [x]\"> ]><t/>",
        "<a:t xmlns:a=\"urn:x\"/>",
    };
    for (const char* xml : kCases) EXPECT_FALSE(RepairXmlReferences(xml).has_value()) << xml;
}

TEST(HtmlEntityCodePointTest, KnowsHtml4Names) {
    EXPECT_EQ(HtmlEntityCodePoint("hellip"), char32_t{0x2026});
    EXPECT_EQ(HtmlEntityCodePoint("nbsp"), char32_t{0xA0});
    EXPECT_EQ(HtmlEntityCodePoint("Aacute"), char32_t{0xC1});
    EXPECT_EQ(HtmlEntityCodePoint("aacute"), char32_t{0xE1});
    EXPECT_EQ(HtmlEntityCodePoint("zwnj"), char32_t{0x200C});
    EXPECT_FALSE(HtmlEntityCodePoint("AACUTE").has_value());
    EXPECT_FALSE(HtmlEntityCodePoint("bogus").has_value());
    EXPECT_FALSE(HtmlEntityCodePoint("").has_value());
}

}  // namespace
}  // namespace broadsheet::ingest
