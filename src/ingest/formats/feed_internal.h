#pragma once

// Internals of the feed parser (feed.cc, feed_rss.cc, feed_atom.cc, feed_media.cc,
// feed_xml.cc): namespace-aware access to a pugixml tree and the format readers. Not part
// of the ingest API.

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/formats/media_topics.h"
#include "ingest/formats/parsed_document.h"
#include "ingest/wire_item.h"

namespace broadsheet::ingest::feed {

/// Namespace URIs. Elements are always matched by these, never by prefix.
namespace ns {
inline constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kAtom03 = "http://purl.org/atom/ns#";
inline constexpr std::string_view kRss10 = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kRss090 = "http://my.netscape.com/rdf/simple/0.9/";
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
inline constexpr std::string_view kDc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kDcTerms = "http://purl.org/dc/terms/";
inline constexpr std::string_view kMedia = "http://search.yahoo.com/mrss/";
inline constexpr std::string_view kTombstones = "http://purl.org/atompub/tombstones/1.0";
inline constexpr std::string_view kXhtml = "http://www.w3.org/1999/xhtml";
inline constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
/// What an undeclared prefix resolves to: matches nothing.
inline constexpr std::string_view kUndeclared = "urn:broadsheet:undeclared-prefix";
}  // namespace ns

/// The namespace URI of an element: its prefix resolved through the xmlns declarations in
/// scope. An undeclared prefix resolves to ns::kUndeclared, except the conventional
/// prefixes of the extensions feeds use (dc, dcterms, content, media, atom), which resolve
/// to their usual URIs: producers forget to declare them. The view lives as long as the
/// document.
std::string_view NamespaceOf(pugi::xml_node element);

/// The name without its prefix.
std::string_view LocalName(pugi::xml_node element);

/// Whether `node` is an element named `local` in namespace `uri`.
bool Is(pugi::xml_node node, std::string_view uri, std::string_view local);

/// Whether `uri` is the Media RSS namespace (with or without its trailing slash).
bool IsMediaNs(std::string_view uri);

/// The first child element named `local` in `uri`; an empty node if none.
pugi::xml_node Child(pugi::xml_node parent, std::string_view uri, std::string_view local);

/// The value of the unprefixed attribute `name`, trimmed; "" if absent.
std::string Attr(pugi::xml_node element, const char* name);

/// All character data below `node`, as XPath string() gives it (markup dropped).
std::string Text(pugi::xml_node node);

/// Text(node) trimmed.
std::string TrimmedText(pugi::xml_node node);

/// The content of `node` as markup: its character data when it has no child elements,
/// else its children serialized as HTML (prefixes and xmlns attributes dropped, text
/// escaped). When `unwrap_div` is set and the only child element is an XHTML div (Atom's
/// xhtml wrapper), the div's children.
std::string InnerMarkup(pugi::xml_node node, bool unwrap_div = false);

/// The base URI in effect at `node`: `document_base` with every xml:base from the root
/// down resolved onto it.
std::string BaseOf(pugi::xml_node node, std::string_view document_base);

/// The language in effect at `node` (the nearest xml:lang); "" if none.
std::string LangOf(pugi::xml_node node);

/// Resolves the URI reference `ref` against `base` (RFC 3986 §5.2). `ref` unchanged when
/// it is absolute or `base` is not an absolute URI.
std::string ResolveUrl(std::string_view base, std::string_view ref);

/// Whether `text` contains HTML: a tag (`<p`, `</`, `<!`) or a character reference.
bool LooksLikeHtml(std::string_view text);

/// The visible text of an HTML fragment (the sanitizer's view), trimmed.
std::string HtmlToText(std::string_view html);

/// `text` with runs of whitespace made single spaces, trimmed.
std::string CollapseWhitespace(std::string_view text);

/// `markup` as HTML: as it is when it looks like HTML, else as paragraphs of text.
std::string AsHtml(std::string_view markup);

/// A text field that may carry entity-escaped markup (RSS title, description): its text.
std::string FlexibleText(pugi::xml_node node);

/// A short content hash, "h" and 16 hex digits: never a whole number, so the store never
/// orders two of them numerically.
std::string ContentHash(const WireItem& item);


/// Parses a non-negative integer attribute value; 0 when absent or not a number.
int Dimension(std::string_view value);

/// Whether a rendition is an image: its MIME type says image/, or, with no type, its URL
/// ends in a common image extension.
bool IsImage(std::string_view mime, std::string_view url);

/// The lead picture of an item or entry from Media RSS (media:group, media:content,
/// media:thumbnail, media:description/credit/title) and `enclosures` (image enclosures
/// already read by the caller). Relative URLs are resolved against `base`.
std::optional<WirePicture> ReadPicture(pugi::xml_node item, std::string_view base,
                                       std::vector<Rendition> enclosures);

/// Appends the media:category elements of `item` (and of its media:groups) to `subjects`:
/// name = @label, else the text; code = @scheme + the text (the text alone when there is a
/// label but no scheme).
void ReadMediaCategories(pugi::xml_node item, std::vector<WireSubject>& subjects);

/// Reads an RSS 0.9x/2.0 document (root `rss`) or an RSS 0.90/1.0 one (root `rdf:RDF`).
void ReadRss(pugi::xml_node root, ParsedDocument& out);

/// Reads an Atom 1.0 (or 0.3) feed or entry document, including RFC 6721 tombstones.
void ReadAtom(pugi::xml_node root, ParsedDocument& out);

}  // namespace broadsheet::ingest::feed
