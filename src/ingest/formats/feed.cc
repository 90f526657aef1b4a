#include "ingest/formats/feed.h"

#include <algorithm>
#include <pugixml.hpp>
#include <string>

#include "ingest/formats/feed_internal.h"
#include "ingest/formats/xml_text.h"

namespace broadsheet::ingest {
namespace {

// No DTD (parse_doctype off: no entities are declared or expanded), no comments or
// processing instructions; whitespace-only text is kept because it separates inline
// elements in XHTML content.
constexpr unsigned kParseOptions = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol |
                                   pugi::parse_wconv_attribute | pugi::parse_ws_pcdata;

std::string Position(std::string_view text, std::ptrdiff_t offset) {
    auto end = static_cast<std::size_t>(
        std::clamp<std::ptrdiff_t>(offset, 0, static_cast<std::ptrdiff_t>(text.size())));
    std::string_view before = text.substr(0, end);
    std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    std::size_t line_start = before.rfind('\n');
    std::size_t column = end - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

Result<ParsedDocument> ParseFeed(std::string_view bytes, std::string_view http_charset) {
    if (bytes.size() > kMaxFeedBytes) {
        return Fail(ErrorCode::kTooLarge, "feed: the document is " + std::to_string(bytes.size()) +
                                              " bytes; the limit is " +
                                              std::to_string(kMaxFeedBytes) + " bytes (16 MiB)");
    }
    Result<std::string> text = XmlToUtf8(bytes, http_charset);
    if (!text) return Fail(text.error().code, "feed: " + text.error().message);
    // pugixml keeps undefined references such as &hellip; verbatim instead of failing, so
    // the usual defects are repaired up front rather than after a failed first attempt.
    if (auto repaired = RepairXmlReferences(*text)) *text = std::move(*repaired);

    pugi::xml_document doc;
    pugi::xml_parse_result parsed =
        doc.load_buffer(text->data(), text->size(), kParseOptions, pugi::encoding_utf8);
    if (!parsed) {
        return Fail(ErrorCode::kInvalidInput, std::string("feed: not well-formed XML: ") +
                                                  parsed.description() + " at " +
                                                  Position(*text, parsed.offset));
    }
    pugi::xml_node root = doc.document_element();
    std::string_view local = feed::LocalName(root);
    std::string_view uri = feed::NamespaceOf(root);
    ParsedDocument out;
    if (local == "rss" && uri != feed::ns::kUndeclared) {
        feed::ReadRss(root, out);
    } else if (local == "RDF" && uri == feed::ns::kRdf) {
        feed::ReadRss(root, out);
    } else if ((local == "feed" &&
                (uri == feed::ns::kAtom || uri == feed::ns::kAtom03 || uri.empty())) ||
               (local == "entry" && uri == feed::ns::kAtom)) {
        feed::ReadAtom(root, out);
    } else {
        std::string what = "<" + std::string(root.name()).substr(0, 64) + ">";
        if (!uri.empty() && uri != feed::ns::kUndeclared) {
            what += " in " + std::string(uri.substr(0, 200));
        }
        return Fail(ErrorCode::kUnsupported,
                    "feed: not an RSS or Atom feed: the root element is " + what);
    }
    return out;
}

}  // namespace broadsheet::ingest
