#include "newsroom/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace broadsheet::newsroom {
namespace {

constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink"};

struct ParserDeleter {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CharsDeleter {
    void operator()(char* chars) const { std::free(chars); }  // NOLINT: cmark's malloc'd string
};

// Safe mode is cmark-gfm's default; CMARK_OPT_UNSAFE is never set.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART;

/// Parses `markdown` with the GFM extensions attached; calls `render` with the document
/// and the parser's extension list.
template <typename Render>
std::string WithDocument(std::string_view markdown, Render render) {
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    if (markdown.size() > kMaxMarkdownBytes) markdown = markdown.substr(0, kMaxMarkdownBytes);
    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
    for (const char* name : kExtensions) {
        if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parser.get(), extension);
        }
    }
    cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
    std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parser_finish(parser.get()));
    if (!document) return {};
    std::unique_ptr<char, CharsDeleter> out(render(document.get(), cmark_parser_get_syntax_extensions(parser.get())));
    return out ? std::string(out.get()) : std::string();
}

}  // namespace

std::string RenderMarkdown(std::string_view markdown) {
    return WithDocument(markdown, [](cmark_node* document, cmark_llist* extensions) {
        return cmark_render_html(document, kOptions, extensions);
    });
}

std::string MarkdownText(std::string_view markdown) {
    return WithDocument(markdown, [](cmark_node* document, cmark_llist*) {
        // The plain-text renderer keeps block structure and drops markup; width 0: no wrapping.
        return cmark_render_plaintext(document, kOptions, 0);
    });
}

}  // namespace broadsheet::newsroom
