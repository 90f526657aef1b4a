// RSS 0.9x / 2.0 (root `rss`) and RSS 0.90 / 1.0 (root `rdf:RDF`) items to WireItems.
#include <utility>

#include "core/text.h"
#include "ingest/formats/dates.h"
#include "ingest/formats/feed_internal.h"

namespace broadsheet::ingest::feed {
namespace {

// What the channel lends its items.
struct Channel {
    std::string_view core_ns;  // The namespace of the core elements (RSS 2.0: none).
    bool rdf = false;
    std::string title;
    std::string language;
    std::string base;  // The channel link: relative item links resolve against it.
};

// The elements of one item this parser maps, the first of each kind.
struct ItemElements {
    pugi::xml_node title, link, description, guid, author, pub_date, source, encoded, xhtml_body;
    pugi::xml_node dc_date, dc_language, modified, issued, created, atom_updated, atom_published;
    std::vector<pugi::xml_node> creators, categories, dc_subjects, enclosures;
};

bool IsCore(std::string_view uri, const Channel& channel) {
    return uri == channel.core_ns || (channel.rdf && (uri == ns::kRss10 || uri == ns::kRss090));
}

// Where an element goes: the first of its kind (`first`), or all of them (`all`).
struct Slot {
    std::string_view uri;  // "" stands for the channel's core namespace.
    std::string_view local;
    pugi::xml_node ItemElements::*first = nullptr;
    std::vector<pugi::xml_node> ItemElements::*all = nullptr;
};

using E = ItemElements;
constexpr Slot kSlots[] = {
    {"", "title", &E::title},
    {"", "link", &E::link},
    {"", "description", &E::description},
    {"", "guid", &E::guid},
    {"", "author", &E::author},
    {"", "pubDate", &E::pub_date},
    {"", "source", &E::source},
    {"", "category", nullptr, &E::categories},
    {"", "enclosure", nullptr, &E::enclosures},
    {ns::kDc, "creator", nullptr, &E::creators},
    {ns::kDc, "author", nullptr, &E::creators},  // Not Dublin Core, but common.
    {ns::kDc, "date", &E::dc_date},
    {ns::kDc, "subject", nullptr, &E::dc_subjects},
    {ns::kDc, "language", &E::dc_language},
    {ns::kDc, "title", &E::title},
    {ns::kDc, "description", &E::description},
    {ns::kDcTerms, "modified", &E::modified},
    {ns::kDcTerms, "issued", &E::issued},
    {ns::kDcTerms, "created", &E::created},
    {ns::kContent, "encoded", &E::encoded},
    {ns::kXhtml, "body", &E::xhtml_body},
    {ns::kAtom, "updated", &E::atom_updated},
    {ns::kAtom, "published", &E::atom_published},
};

ItemElements Gather(pugi::xml_node item, const Channel& channel) {
    ItemElements e;
    for (pugi::xml_node child : item.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string_view local = LocalName(child);
        std::string_view uri = NamespaceOf(child);
        bool core = IsCore(uri, channel);
        for (const Slot& slot : kSlots) {
            if (slot.local != local || (slot.uri.empty() ? !core : slot.uri != uri)) continue;
            if (slot.all != nullptr) {
                (e.*slot.all).push_back(child);
            } else if (!(e.*slot.first)) {
                e.*slot.first = child;
            }
            break;
        }
    }
    return e;
}

// The name in an RSS `author`, which the spec makes an e-mail address: "jane@x.com (Jane
// Doe)", "Jane Doe (jane@x.com)" and "Jane Doe <jane@x.com>" give "Jane Doe"; a bare
// address gives "" (never a byline).
std::string AuthorName(std::string_view author) {
    author = TrimWhitespace(author);
    std::size_t open = author.find('(');
    std::size_t close = author.rfind(')');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        std::string_view inside = author.substr(open + 1, close - open - 1);
        if (author.substr(0, open).find('@') != std::string_view::npos) {
            return std::string(TrimWhitespace(inside));
        }
        if (inside.find('@') != std::string_view::npos) {  // "Jane Doe (jane@x.com)"
            return CollapseWhitespace(std::string(author.substr(0, open)) + " " +
                                      std::string(author.substr(close + 1)));
        }
    }
    std::size_t angle = author.find('<');
    if (angle != std::string_view::npos && angle > 0) {
        return std::string(TrimWhitespace(author.substr(0, angle)));
    }
    if (author.find('@') != std::string_view::npos && author.find(' ') == std::string_view::npos) {
        return {};
    }
    return std::string(author);
}

std::optional<Timestamp> DateOf(pugi::xml_node node) {
    return node ? ParseFeedDate(Text(node)) : std::nullopt;
}

// The first of `nodes` holding a date.
std::optional<Timestamp> FirstDate(std::initializer_list<pugi::xml_node> nodes) {
    for (pugi::xml_node node : nodes) {
        if (auto t = DateOf(node)) return t;
    }
    return std::nullopt;
}

void ReadDates(const ItemElements& e, WireItem& item) {
    item.first_created = FirstDate({e.pub_date, e.atom_published, e.issued, e.created, e.dc_date});
    item.version_created = FirstDate({e.atom_updated, e.modified, e.dc_date});
    if (!item.version_created) item.version_created = item.first_created;
}

void ReadSubjects(const ItemElements& e, WireItem& item) {
    for (pugi::xml_node category : e.categories) {
        std::string name = CollapseWhitespace(Text(category));
        if (name.empty()) continue;
        std::string domain = Attr(category, "domain");
        item.subjects.push_back({name, domain.empty() ? std::string() : SchemeCode(domain, name)});
    }
    for (pugi::xml_node subject : e.dc_subjects) {
        std::string name = CollapseWhitespace(Text(subject));
        if (!name.empty()) item.subjects.push_back({std::move(name), {}});
    }
}

std::vector<Rendition> ImageEnclosures(const ItemElements& e, std::string_view base) {
    std::vector<Rendition> out;
    for (pugi::xml_node enclosure : e.enclosures) {
        Rendition r;
        r.name = "enclosure";
        r.href = ResolveUrl(base, Attr(enclosure, "url"));
        r.mime = Attr(enclosure, "type");
        if (!r.href.empty() && IsImage(r.mime, r.href)) out.push_back(std::move(r));
    }
    return out;
}

std::string ReadByline(const ItemElements& e) {
    std::string byline;
    for (pugi::xml_node creator : e.creators) {
        std::string name = AuthorName(CollapseWhitespace(Text(creator)));
        if (name.empty()) continue;
        if (!byline.empty()) byline += ", ";
        byline += name;
    }
    if (byline.empty() && e.author) byline = AuthorName(CollapseWhitespace(Text(e.author)));
    return byline;
}

// The item's identity: guid, else (RSS 1.0) rdf:about, else its link; "" if none.
std::string ReadIdentity(pugi::xml_node node, const ItemElements& e, const WireItem& item) {
    if (std::string guid = TrimmedText(e.guid); !guid.empty()) return guid;
    for (pugi::xml_attribute a : node.attributes()) {
        std::string_view name = a.name();
        if (name == "about" || (name.ends_with(":about") && name.find(':') == name.rfind(':'))) {
            std::string about(TrimWhitespace(a.value()));
            if (!about.empty()) return about;
        }
    }
    return item.link;
}

std::string Describe(std::size_t index, const WireItem& item) {
    std::string out = "rss item " + std::to_string(index + 1);
    if (!item.uri.empty()) out += " (" + item.uri + ")";
    return out;
}

std::optional<WireItem> ReadItem(pugi::xml_node node, const Channel& channel, std::size_t index,
                                 std::vector<std::string>& rejected) {
    ItemElements e = Gather(node, channel);
    WireItem item;
    item.type = "text";
    std::string base = BaseOf(node, channel.base);
    if (std::string link = TrimmedText(e.link); !link.empty()) {
        item.link = ResolveUrl(base, link);
    } else if (std::string guid = TrimmedText(e.guid);
               AsciiLower(Attr(e.guid, "isPermaLink")) != "false" && guid.starts_with("http")) {
        item.link = guid;
    }
    item.uri = ReadIdentity(node, e, item);
    if (e.title) item.headline = CollapseWhitespace(FlexibleText(e.title));
    std::string description = e.description ? InnerMarkup(e.description) : std::string();
    item.summary = LooksLikeHtml(description) ? HtmlToText(description)
                                              : std::string(TrimWhitespace(description));
    if (e.encoded) item.body_html = AsHtml(InnerMarkup(e.encoded));
    if (item.body_html.empty() && e.xhtml_body) item.body_html = InnerMarkup(e.xhtml_body);
    if (item.body_html.empty()) item.body_html = AsHtml(description);
    if (item.headline.empty() && item.summary.empty() && item.body_html.empty()) {
        rejected.push_back(Describe(index, item) + ": has neither a title nor a description");
        return std::nullopt;
    }
    if (item.uri.empty()) item.uri = "urn:broadsheet:feed-item:" + ContentHash(item);
    item.version = ContentHash(item);
    ReadDates(e, item);
    item.byline = ReadByline(e);
    item.provider = e.source ? CollapseWhitespace(Text(e.source)) : std::string();
    if (item.provider.empty()) item.provider = channel.title;
    item.language = TrimmedText(e.dc_language);
    if (item.language.empty()) item.language = channel.language;
    if (item.language.empty()) item.language = LangOf(node);
    ReadSubjects(e, item);
    ReadMediaCategories(node, item.subjects);
    item.picture = ReadPicture(node, base, ImageEnclosures(e, base));
    return item;
}

Channel ReadChannel(pugi::xml_node root, pugi::xml_node channel_node, std::string_view core_ns,
                    bool rdf) {
    Channel channel;
    channel.core_ns = core_ns;
    channel.rdf = rdf;
    if (pugi::xml_node title = Child(channel_node, core_ns, "title")) {
        channel.title = CollapseWhitespace(FlexibleText(title));
    }
    channel.language = TrimmedText(Child(channel_node, core_ns, "language"));
    if (channel.language.empty()) {
        channel.language = TrimmedText(Child(channel_node, ns::kDc, "language"));
    }
    std::string link = TrimmedText(Child(channel_node, core_ns, "link"));
    channel.base = ResolveUrl(BaseOf(channel_node ? channel_node : root, ""), link);
    if (channel.base.empty()) channel.base = BaseOf(channel_node ? channel_node : root, "");
    return channel;
}

}  // namespace

void ReadRss(pugi::xml_node root, ParsedDocument& out) {
    bool rdf = LocalName(root) == "RDF";
    // RSS 2.0's core elements have no namespace; Userland's variants put them in the
    // root's default namespace. RSS 0.90/1.0 put them in their own, under rdf:RDF.
    std::string_view core_ns = rdf ? ns::kRss10 : NamespaceOf(root);
    pugi::xml_node channel_node;
    for (pugi::xml_node child : root.children()) {
        if (child.type() == pugi::node_element && LocalName(child) == "channel") {
            channel_node = child;
            if (rdf) core_ns = NamespaceOf(child);
            break;
        }
    }
    Channel channel = ReadChannel(root, channel_node, core_ns, rdf);
    // Items sit in the channel (RSS 2.0) or beside it (RSS 1.0); broken feeds mix both.
    std::size_t index = 0;
    for (pugi::xml_node parent : {channel_node, root}) {
        if (!parent) continue;
        for (pugi::xml_node child : parent.children()) {
            if (child.type() != pugi::node_element || LocalName(child) != "item" ||
                !IsCore(NamespaceOf(child), channel)) {
                continue;
            }
            if (auto item = ReadItem(child, channel, index++, out.rejected)) {
                out.items.push_back(std::move(*item));
            }
        }
    }
}

}  // namespace broadsheet::ingest::feed
