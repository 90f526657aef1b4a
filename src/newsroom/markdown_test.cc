#include "newsroom/markdown.h"

#include <gtest/gtest.h>

#include <string>

namespace broadsheet::newsroom {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(RenderMarkdownTest, CommonMarkAndGithubExtensions) {
    std::string html = RenderMarkdown(
        "## Talks\n\nThe *minister* met **officials**.\n\n- one\n- two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ and www.example.com\n");
    EXPECT_TRUE(Contains(html, "<h2>Talks</h2>")) << html;
    EXPECT_TRUE(Contains(html, "<em>minister</em>")) << html;
    EXPECT_TRUE(Contains(html, "<strong>officials</strong>")) << html;
    EXPECT_TRUE(Contains(html, "<li>one</li>")) << html;
    EXPECT_TRUE(Contains(html, "<table>")) << html;
    EXPECT_TRUE(Contains(html, "<del>old</del>")) << html;
    EXPECT_TRUE(Contains(html, "href=\"http://www.example.com\"")) << html;
}

TEST(RenderMarkdownTest, NoRawHtmlOrScriptLinksPassThrough) {
    struct Case {
        const char* markdown;
        const char* forbidden;
    };
    const Case kCases[] = {
        {"<script>alert(1)</script>", "<script"},
        {"Hello <img src=x onerror=alert(1)>", "<img"},
        {"[click](javascript:alert(1))", "javascript:"},
        {"[click](JAVASCRIPT:alert(1))", "JAVASCRIPT:"},
        {"![x](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html"},
        {"<div onclick=\"x()\">a</div>", "<div"},
    };
    for (const Case& c : kCases) {
        std::string html = RenderMarkdown(c.markdown);
        EXPECT_FALSE(Contains(html, c.forbidden)) << c.markdown << " -> " << html;
    }
}

TEST(RenderMarkdownTest, InvalidUtf8IsReplacedAndEmptyIsEmpty) {
    EXPECT_EQ(RenderMarkdown(""), "");
    std::string html = RenderMarkdown("caf\xC3 x");
    EXPECT_TRUE(Contains(html, "\xEF\xBF\xBD")) << html;
}

TEST(MarkdownTextTest, TextWithoutMarkup) {
    std::string text = MarkdownText("# Title\n\nSome *emphasis* and a [link](https://x.org).\n");
    EXPECT_TRUE(Contains(text, "Title")) << text;
    EXPECT_TRUE(Contains(text, "Some emphasis and a link.")) << text;
    EXPECT_FALSE(Contains(text, "*")) << text;
}

}  // namespace
}  // namespace broadsheet::newsroom
