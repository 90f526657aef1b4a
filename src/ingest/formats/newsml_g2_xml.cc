#include "ingest/formats/newsml_g2_xml.h"

#include <algorithm>

#include "core/text.h"
#include "ingest/sanitizer.h"

namespace broadsheet::ingest::g2 {
namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool OneOf(std::string_view value, std::initializer_list<std::string_view> candidates) {
    return std::ranges::find(candidates, value) != candidates.end();
}

// Visits the descendants of `root` in document order without recursion. `enter(node)` runs
// for each node and returns whether to visit its children; if it does, `leave(node)` runs
// after them.
template <typename Enter, typename Leave>
void Walk(pugi::xml_node root, Enter enter, Leave leave) {
    pugi::xml_node node = root.first_child();
    while (node) {
        if (enter(node)) {
            if (pugi::xml_node child = node.first_child()) {
                node = child;
                continue;
            }
            leave(node);
        }
        while (!node.next_sibling()) {
            node = node.parent();
            if (node == root) return;
            leave(node);
        }
        node = node.next_sibling();
    }
}

// Appends text, collapsing whitespace runs to one space and dropping leading/trailing ones.
class TextBuilder final {
public:
    void Append(std::string_view text) {
        for (char c : text) {
            if (IsXmlSpace(c)) {
                space_ = true;
                continue;
            }
            if (space_ && !out_.empty()) out_ += ' ';
            space_ = false;
            out_ += c;
        }
    }
    void Break() { space_ = true; }
    std::string Take() { return std::move(out_); }

private:
    std::string out_;
    bool space_ = false;
};

bool IsBlock(std::string_view local) {
    return OneOf(
        local,
        {"p",          "div",    "br",         "li",  "ul",      "ol",     "h1",     "h2",
         "h3",         "h4",     "h5",         "h6",  "section", "header", "footer", "article",
         "blockquote", "tr",     "td",         "th",  "dt",      "dd",     "table",  "pre",
         "hr",         "figure", "figcaption", "hl1", "hl2",     "block",  "bq",     "title"});
}

bool IsVoid(std::string_view local) {
    return OneOf(local, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                         "param", "source", "track", "wbr"});
}

enum class Action { kKeep, kUnwrap, kDrop, kVoid, kNitfImage };

struct Mapping {
    Action action;
    std::string_view name;
    bool attributes = true;  // Whether the element keeps its attributes.
};

Mapping MapElement(pugi::xml_node element, Markup markup) {
    std::string_view local = LocalName(element);
    if (local.empty()) return {Action::kUnwrap, {}};  // "p:" is no name; pugixml lets it pass.
    if (markup == Markup::kNitf) {
        struct Rename {
            std::string_view from, to;
        };
        static constexpr Rename kRenames[] = {{"hl1", "h2"},
                                              {"hl2", "h2"},
                                              {"bq", "blockquote"},
                                              {"credit", "cite"},
                                              {"tagline", "p"},
                                              {"media", "figure"},
                                              {"media-caption", "figcaption"},
                                              {"media-producer", "span"}};
        for (const Rename& r : kRenames) {
            // NITF attributes (media-type, class) mean nothing on the HTML element.
            if (local == r.from) return {Action::kKeep, r.to, false};
        }
        if (OneOf(local, {"block", "nitf-table", "body.content", "fn"}))
            return {Action::kUnwrap, {}};
        if (OneOf(local, {"media-metadata", "media-object", "nitf-table-metadata", "body.head",
                          "body.end"})) {
            return {Action::kDrop, {}};
        }
        // A non-publishable advisory note is for editors only.
        if (local == "note")
            return {Attr(element, "type") == "npa" ? Action::kDrop : Action::kUnwrap, {}};
        if (local == "media-reference") return {Action::kNitfImage, "img"};
    }
    if (OneOf(local, {"script", "style", "head"})) return {Action::kDrop, {}};
    return {IsVoid(local) ? Action::kVoid : Action::kKeep, local};
}

void AppendAttribute(std::string& out, std::string_view name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    out += EscapeHtml(value);
    out += '"';
}

void AppendOpenTag(std::string& out, const Mapping& mapping, pugi::xml_node element) {
    out += '<';
    out += mapping.name;
    for (pugi::xml_attribute attribute : element.attributes()) {
        if (!mapping.attributes) break;
        std::string_view attribute_name = attribute.name();
        if (attribute_name == "xmlns" || attribute_name.starts_with("xmlns:")) continue;
        std::size_t colon = attribute_name.find(':');
        if (colon != std::string_view::npos) {
            // xml:lang stays as lang; other prefixed attributes mean nothing in HTML.
            if (attribute_name.substr(0, colon) != "xml") continue;
            attribute_name.remove_prefix(colon + 1);
        }
        if (attribute_name.empty()) continue;
        AppendAttribute(out, attribute_name, attribute.value());
    }
    out += '>';
}

// NITF <media-reference source=... alternate-text=...> as <img>, for still images only.
void AppendNitfImage(std::string& out, pugi::xml_node reference) {
    std::string_view source = Attr(reference, "source");
    std::string media_type = AsciiLower(Attr(reference.parent(), "media-type"));
    std::string mime = AsciiLower(Attr(reference, "mime-type"));
    bool image =
        mime.empty() ? media_type.empty() || media_type == "image" : mime.starts_with("image/");
    if (source.empty() || !image) return;
    out += "<img";
    AppendAttribute(out, "src", source);
    if (auto alt = Attr(reference, "alternate-text"); !alt.empty())
        AppendAttribute(out, "alt", alt);
    for (const char* dimension : {"width", "height"}) {
        if (auto value = Attr(reference, dimension); !value.empty()) {
            AppendAttribute(out, dimension, value);
        }
    }
    out += '>';
}

}  // namespace

std::string_view LocalName(std::string_view qualified_name) {
    std::size_t colon = qualified_name.find(':');
    return colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1);
}

std::optional<std::string_view> NamespaceOf(pugi::xml_node element) {
    std::string_view name = element.name();
    std::size_t colon = name.find(':');
    std::string_view prefix = colon == std::string_view::npos ? "" : name.substr(0, colon);
    if (prefix == "xml") return kXmlNamespace;
    for (pugi::xml_node n = element; n.type() == pugi::node_element; n = n.parent()) {
        for (pugi::xml_attribute attribute : n.attributes()) {
            std::string_view declared = attribute.name();
            if (!declared.starts_with("xmlns")) continue;
            declared.remove_prefix(5);
            if (prefix.empty() ? declared.empty()
                               : declared.size() == prefix.size() + 1 && declared[0] == ':' &&
                                     declared.substr(1) == prefix) {
                return std::string_view(attribute.value());
            }
        }
    }
    if (prefix.empty()) return std::string_view();
    return std::nullopt;
}

bool HasElementWithTooManyAttributes(const pugi::xml_document& doc) {
    bool too_many = false;
    Walk(
        doc,
        [&](pugi::xml_node node) {
            if (too_many || node.type() != pugi::node_element) return false;
            std::size_t count = 0;
            for (pugi::xml_attribute attribute = node.first_attribute(); attribute;
                 attribute = attribute.next_attribute()) {
                if (++count > kMaxAttributes) {
                    too_many = true;
                    return false;
                }
            }
            return true;
        },
        [](pugi::xml_node) {});
    return too_many;
}

bool Vocabulary::Is(pugi::xml_node node, std::string_view local) const {
    return node.type() == pugi::node_element && LocalName(node) == local &&
           NamespaceOf(node) == ns_;
}

pugi::xml_node Vocabulary::Child(pugi::xml_node parent, std::string_view local) const {
    for (pugi::xml_node child : parent.children()) {
        if (Is(child, local)) return child;
    }
    return {};
}

std::vector<pugi::xml_node> Vocabulary::Children(pugi::xml_node parent,
                                                 std::string_view local) const {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node child : parent.children()) {
        if (Is(child, local)) out.push_back(child);
    }
    return out;
}

pugi::xml_node ChildByLocalName(pugi::xml_node parent, std::string_view local) {
    for (pugi::xml_node child : parent.children()) {
        if (child.type() == pugi::node_element && LocalName(child) == local) return child;
    }
    return {};
}

std::string_view Attr(pugi::xml_node node, const char* name) {
    return node.attribute(name).value();
}

std::string Collapse(std::string_view text) {
    TextBuilder builder;
    builder.Append(text);
    return builder.Take();
}

std::string Text(pugi::xml_node node) {
    TextBuilder builder;
    Walk(
        node,
        [&](pugi::xml_node n) {
            if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
                builder.Append(n.value());
                return false;
            }
            if (n.type() != pugi::node_element || OneOf(LocalName(n), {"script", "style"})) {
                return false;
            }
            if (IsBlock(LocalName(n))) builder.Break();
            return true;
        },
        [&](pugi::xml_node n) {
            if (IsBlock(LocalName(n))) builder.Break();
        });
    return builder.Take();
}

std::string ChildrenToHtml(pugi::xml_node parent, Markup markup) {
    std::string out;
    std::vector<std::string_view> closers;  // One per element being visited; "" if unwrapped.
    Walk(
        parent,
        [&](pugi::xml_node node) {
            if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
                out += EscapeHtml(node.value());
                return false;
            }
            if (node.type() != pugi::node_element) return false;
            Mapping mapping = MapElement(node, markup);
            switch (mapping.action) {
                case Action::kDrop: return false;
                case Action::kVoid: AppendOpenTag(out, mapping, node); return false;
                case Action::kNitfImage: AppendNitfImage(out, node); return false;
                case Action::kUnwrap: closers.emplace_back(); return true;
                case Action::kKeep:
                    AppendOpenTag(out, mapping, node);
                    closers.push_back(mapping.name);
                    return true;
            }
            return false;
        },
        [&](pugi::xml_node) {
            if (!closers.back().empty()) {
                out += "</";
                out += closers.back();
                out += '>';
            }
            closers.pop_back();
        });
    return out;
}

}  // namespace broadsheet::ingest::g2
