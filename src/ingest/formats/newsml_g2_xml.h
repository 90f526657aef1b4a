#pragma once

// XML helpers for the NewsML-G2 parser (pugixml): namespace-aware navigation, text
// flattening, XHTML/NITF to HTML. Internal to ingest/formats.

#include <cstddef>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace broadsheet::ingest::g2 {

inline constexpr std::string_view kNarNamespace = "http://iptc.org/std/nar/2006-10-01/";
inline constexpr std::string_view kXhtmlNamespace = "http://www.w3.org/1999/xhtml";
inline constexpr std::string_view kNitfNamespace = "http://iptc.org/std/NITF/2006-10-18/";

/// The part of an element or attribute name after its prefix ("ns0:newsItem" -> "newsItem").
std::string_view LocalName(std::string_view qualified_name);
inline std::string_view LocalName(pugi::xml_node node) { return LocalName(node.name()); }

/// The namespace URI of `element`, resolved from the xmlns declarations on it and its
/// ancestors: "" for an unprefixed name with no default namespace in scope, nullopt for an
/// undeclared prefix. Costs the attributes of the ancestors it climbs (see kMaxAttributes).
std::optional<std::string_view> NamespaceOf(pugi::xml_node element);

/// Documents with an element carrying more attributes than this are refused, which bounds
/// the cost of NamespaceOf.
inline constexpr std::size_t kMaxAttributes = 256;

/// Whether any element of `doc` carries more than kMaxAttributes attributes. Iterative.
bool HasElementWithTooManyAttributes(const pugi::xml_document& doc);

/// The elements of one document's NewsML-G2 vocabulary: local name plus namespace, where the
/// namespace is the NewsML-G2 one, or "" for the un-namespaced dialect (TT sends it).
class Vocabulary final {
public:
    explicit Vocabulary(std::string_view ns) : ns_(ns) {}

    bool Is(pugi::xml_node node, std::string_view local) const;
    /// The first child element `local`; a null node if none.
    pugi::xml_node Child(pugi::xml_node parent, std::string_view local) const;
    /// The child elements `local`, in document order.
    std::vector<pugi::xml_node> Children(pugi::xml_node parent, std::string_view local) const;

private:
    std::string_view ns_;
};

/// The first child element named `local` in any namespace (for XHTML and NITF bodies, which
/// producers put in their own namespace, in NewsML-G2's, or in none).
pugi::xml_node ChildByLocalName(pugi::xml_node parent, std::string_view local);

/// Attribute `name` of `node`, verbatim; "" when absent.
std::string_view Attr(pugi::xml_node node, const char* name);

/// `text` with runs of XML whitespace collapsed to one space, trimmed.
std::string Collapse(std::string_view text);

/// The text content of `node` and its descendants, collapsed like Collapse; block elements
/// (p, div, br, li, ...) separate words. Flattens XHTML held in metadata. Iterative.
std::string Text(pugi::xml_node node);

/// The markup vocabularies ChildrenToHtml understands.
enum class Markup { kXhtml, kNitf };

/// The child nodes of `parent` serialised as an HTML fragment, element names without
/// prefixes, text escaped, comments dropped. kNitf maps NITF to HTML (hl1/hl2 -> h2,
/// bq -> blockquote, media -> figure/img/figcaption; block unwrapped; metadata dropped).
/// The result is NOT sanitised. Iterative, so nesting depth cannot exhaust the stack.
std::string ChildrenToHtml(pugi::xml_node parent, Markup markup);

}  // namespace broadsheet::ingest::g2
