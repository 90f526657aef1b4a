// Atom 1.0 (RFC 4287) and Atom 0.3 entries, and RFC 6721 tombstones, to WireItems.
#include <cstdint>
#include <utility>

#include "core/text.h"
#include "ingest/formats/dates.h"
#include "ingest/formats/feed_internal.h"
#include "ingest/formats/xml_text.h"
#include "ingest/sanitizer.h"

namespace broadsheet::ingest::feed {
namespace {

// What the feed lends its entries.
struct FeedInfo {
    std::string_view atom_ns;  // Atom 1.0's or 0.3's.
    std::string title;
    std::string authors;
    std::string base;  // The feed's alternate link: the base when there is no xml:base.
};

enum class TextKind { kText, kHtml, kXhtml, kOther };

// A text construct's kind and value: plain text for kText, markup for kHtml and kXhtml.
struct Construct {
    TextKind kind = TextKind::kOther;
    std::string value;
};

std::string DecodeBase64(std::string_view in) {
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : in) {
        int v = c >= 'A' && c <= 'Z'   ? c - 'A'
                : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '+' || c == '-' ? 62
                : c == '/' || c == '_' ? 63
                                       : -1;
        if (c == '=') break;
        if (v < 0) continue;  // Whitespace and line breaks.
        bits = (bits << 6) | static_cast<std::uint32_t>(v);
        if (++count == 4) {
            out += static_cast<char>(bits >> 16);
            out += static_cast<char>(bits >> 8);
            out += static_cast<char>(bits);
            bits = 0;
            count = 0;
        }
    }
    if (count >= 2) out += static_cast<char>(bits >> (count == 2 ? 4 : 10));
    if (count == 3) out += static_cast<char>(bits >> 2);
    return out;
}

// Atom 1.0 says `type` text/html/xhtml or a MIME type; Atom 0.3 a MIME type and a `mode`
// (xml, escaped or base64). Other MIME types are base64 data in Atom 1.0: never a body.
Construct ReadConstruct(pugi::xml_node node) {
    std::string type = AsciiLower(Attr(node, "type"));
    Construct c;
    if (type.empty() || type == "text" || type.starts_with("text/")) {
        c.kind = TextKind::kText;
    }
    if (type == "html" || type == "text/html") c.kind = TextKind::kHtml;
    if (type == "xhtml" || type == "application/xhtml+xml") c.kind = TextKind::kXhtml;
    if (c.kind == TextKind::kOther) return c;
    if (AsciiLower(Attr(node, "mode")) == "base64") {
        c.value = XmlToUtf8(DecodeBase64(Text(node)), "utf-8").value_or(std::string());
        if (c.kind == TextKind::kXhtml) c.kind = TextKind::kHtml;
        return c;
    }
    switch (c.kind) {
        case TextKind::kText: c.value = Text(node); break;
        case TextKind::kXhtml: c.value = InnerMarkup(node, true); break;
        case TextKind::kHtml: {
            // TypePad wraps escaped HTML in an XHTML div: the div's text is the HTML.
            pugi::xml_node div;
            int elements = 0;
            for (pugi::xml_node child : node.children()) {
                if (child.type() != pugi::node_element) continue;
                div = child;
                ++elements;
            }
            bool wrapper =
                elements == 1 && Is(div, ns::kXhtml, "div") &&
                !div.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
            c.value = wrapper ? Text(div) : InnerMarkup(node);
            break;
        }
        case TextKind::kOther: break;
    }
    return c;
}

// A text construct as HTML (for bodies).
std::string ConstructHtml(pugi::xml_node node) {
    Construct c = ReadConstruct(node);
    return c.kind == TextKind::kText ? TextToHtml(c.value) : std::move(c.value);
}

// A text construct as plain text (for headlines and summaries).
std::string ConstructText(pugi::xml_node node) {
    Construct c = ReadConstruct(node);
    return c.kind == TextKind::kText ? std::string(TrimWhitespace(c.value)) : HtmlToText(c.value);
}

// The names of the authors directly under `parent`, joined by ", ".
std::string AuthorNames(pugi::xml_node parent, std::string_view atom_ns) {
    std::string names;
    for (pugi::xml_node child : parent.children()) {
        if (!Is(child, atom_ns, "author")) continue;
        std::string name = CollapseWhitespace(Text(Child(child, atom_ns, "name")));
        if (name.empty()) continue;
        if (!names.empty()) names += ", ";
        names += name;
    }
    return names;
}

// The elements of one entry this parser maps, the first of each kind.
struct EntryElements {
    pugi::xml_node id, title, summary, content, updated, published, created, source;
    std::vector<pugi::xml_node> links, categories, dc_subjects, dc_creators;
};

// Where an element goes: the first of its kind (`first`), or all of them (`all`).
struct Slot {
    std::string_view uri;  // "" stands for the feed's Atom namespace.
    std::string_view local;
    pugi::xml_node EntryElements::*first = nullptr;
    std::vector<pugi::xml_node> EntryElements::*all = nullptr;
};

using E = EntryElements;
constexpr Slot kSlots[] = {
    {"", "id", &E::id},
    {"", "title", &E::title},
    {"", "summary", &E::summary},
    {"", "content", &E::content},
    {"", "updated", &E::updated},
    {"", "modified", &E::updated},  // Atom 0.3
    {"", "published", &E::published},
    {"", "issued", &E::published},  // Atom 0.3
    {"", "created", &E::created},   // Atom 0.3
    {"", "source", &E::source},
    {"", "link", nullptr, &E::links},
    {"", "category", nullptr, &E::categories},
    {ns::kDc, "subject", nullptr, &E::dc_subjects},
    {ns::kDc, "creator", nullptr, &E::dc_creators},
};

EntryElements Gather(pugi::xml_node entry, std::string_view atom_ns) {
    EntryElements e;
    for (pugi::xml_node child : entry.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string_view local = LocalName(child);
        std::string_view uri = NamespaceOf(child);
        for (const Slot& slot : kSlots) {
            if (slot.local != local || uri != (slot.uri.empty() ? atom_ns : slot.uri)) continue;
            if (slot.all != nullptr) {
                (e.*slot.all).push_back(child);
            } else if (!(e.*slot.first)) {
                e.*slot.first = child;
            }
            break;
        }
    }
    if (!e.published) e.published = e.created;
    return e;
}

void ReadLinks(const EntryElements& e, std::string_view doc_base, WireItem& item,
               std::vector<Rendition>& enclosures) {
    for (pugi::xml_node link : e.links) {
        std::string rel = Attr(link, "rel");
        if (rel.empty()) rel = "alternate";
        std::string href = Attr(link, "href");
        if (href.empty()) continue;
        href = ResolveUrl(BaseOf(link, doc_base), href);
        if ((rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate") &&
            item.link.empty()) {
            item.link = href;
        } else if (rel == "enclosure" && IsImage(Attr(link, "type"), href)) {
            enclosures.push_back({"enclosure", href, Attr(link, "type"), 0, 0});
        }
    }
}

void ReadSubjects(const EntryElements& e, WireItem& item) {
    for (pugi::xml_node category : e.categories) {
        std::string term = Attr(category, "term");
        std::string scheme = Attr(category, "scheme");
        std::string label = CollapseWhitespace(category.attribute("label").value());
        if (term.empty()) term = CollapseWhitespace(Text(category));  // Atom 0.3 style.
        if (term.empty() && label.empty()) continue;
        WireSubject subject;
        subject.name = label.empty() ? term : label;
        subject.code = !scheme.empty() ? SchemeCode(scheme, term)
                       : label.empty() ? std::string()
                                       : term;
        item.subjects.push_back(std::move(subject));
    }
    for (pugi::xml_node subject : e.dc_subjects) {
        std::string name = CollapseWhitespace(Text(subject));
        if (!name.empty()) item.subjects.push_back({std::move(name), {}});
    }
}

std::optional<WireItem> ReadEntry(pugi::xml_node entry, const FeedInfo& feed, std::size_t index,
                                  std::vector<std::string>& rejected) {
    EntryElements e = Gather(entry, feed.atom_ns);
    WireItem item;
    item.type = "text";
    std::vector<Rendition> enclosures;
    ReadLinks(e, feed.base, item, enclosures);
    // Ids are compared character by character (RFC 4287 §4.2.6): kept verbatim, but for
    // the whitespace around them, which is not part of an IRI.
    item.uri = TrimmedText(e.id);
    if (item.uri.empty()) item.uri = item.link;
    if (item.uri.empty()) {
        rejected.push_back("atom entry " + std::to_string(index + 1) +
                           ": has neither an id nor an alternate link");
        return std::nullopt;
    }
    if (e.title) item.headline = CollapseWhitespace(ConstructText(e.title));
    if (e.summary) item.summary = ConstructText(e.summary);
    if (e.content && Attr(e.content, "src").empty()) item.body_html = ConstructHtml(e.content);
    if (TrimWhitespace(item.body_html).empty() && e.summary) {
        item.body_html = ConstructHtml(e.summary);
    }
    if (TrimWhitespace(item.body_html).empty()) item.body_html.clear();
    std::string updated = TrimmedText(e.updated);
    item.version = updated.empty() ? ContentHash(item) : updated;
    item.first_created = ParseFeedDate(Text(e.published));
    item.version_created = ParseFeedDate(updated);
    if (!item.version_created) item.version_created = item.first_created;
    item.byline = AuthorNames(entry, feed.atom_ns);
    if (item.byline.empty() && e.source) item.byline = AuthorNames(e.source, feed.atom_ns);
    if (item.byline.empty()) item.byline = feed.authors;
    for (pugi::xml_node creator : e.dc_creators) {
        if (!item.byline.empty()) break;
        item.byline = CollapseWhitespace(Text(creator));
    }
    if (e.source) {
        item.provider = AuthorNames(e.source, feed.atom_ns);
        if (item.provider.empty()) {
            item.provider =
                CollapseWhitespace(ConstructText(Child(e.source, feed.atom_ns, "title")));
        }
    }
    if (item.provider.empty()) item.provider = !feed.authors.empty() ? feed.authors : feed.title;
    item.language = LangOf(entry);
    ReadSubjects(e, item);
    ReadMediaCategories(entry, item.subjects);
    item.picture = ReadPicture(entry, BaseOf(entry, feed.base), std::move(enclosures));
    return item;
}

// An RFC 6721 at:deleted-entry: a kill of the entry whose id is @ref.
std::optional<WireItem> ReadTombstone(pugi::xml_node node, std::vector<std::string>& rejected) {
    WireItem item;
    item.uri = Attr(node, "ref");
    if (item.uri.empty()) {
        rejected.push_back("at:deleted-entry without a ref");
        return std::nullopt;
    }
    item.pub_status = PubStatus::kCanceled;
    item.version = Attr(node, "when");
    item.version_created = ParseFeedDate(item.version);
    return item;
}

}  // namespace

void ReadAtom(pugi::xml_node root, ParsedDocument& out) {
    FeedInfo feed;
    feed.atom_ns = NamespaceOf(root);
    if (LocalName(root) == "entry") {
        if (auto item = ReadEntry(root, feed, 0, out.rejected)) {
            out.items.push_back(std::move(*item));
        }
        return;
    }
    if (pugi::xml_node title = Child(root, feed.atom_ns, "title")) {
        feed.title = CollapseWhitespace(ConstructText(title));
    }
    feed.authors = AuthorNames(root, feed.atom_ns);
    for (pugi::xml_node link : root.children()) {
        if (!Is(link, feed.atom_ns, "link")) continue;
        std::string rel = Attr(link, "rel");
        if (rel.empty() || rel == "alternate") {
            feed.base = ResolveUrl(BaseOf(root, ""), Attr(link, "href"));
            break;
        }
    }
    std::size_t index = 0;
    for (pugi::xml_node child : root.children()) {
        if (Is(child, feed.atom_ns, "entry")) {
            if (auto item = ReadEntry(child, feed, index++, out.rejected)) {
                out.items.push_back(std::move(*item));
            }
        } else if (Is(child, ns::kTombstones, "deleted-entry")) {
            if (auto item = ReadTombstone(child, out.rejected)) {
                out.items.push_back(std::move(*item));
            }
        }
    }
}

}  // namespace broadsheet::ingest::feed
