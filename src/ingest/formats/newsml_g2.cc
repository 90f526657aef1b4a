#include "ingest/formats/newsml_g2.h"

#include <algorithm>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ingest/formats/newsml_g2_item.h"
#include "ingest/formats/newsml_g2_xml.h"
#include "ingest/formats/xml_text.h"

namespace broadsheet::ingest {
namespace {

using g2::ItemRef;
using g2::LocalName;
using g2::ParsedItem;
using g2::Vocabulary;

// "line 3, column 14" for a byte offset into UTF-8 text.
std::string Where(std::string_view text, std::ptrdiff_t offset) {
    std::string_view before = text.substr(
        0, std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(offset, 0)), text.size()));
    std::size_t line = 1 + static_cast<std::size_t>(std::ranges::count(before, '\n'));
    std::size_t line_start = before.rfind('\n');
    std::size_t column =
        before.size() - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool DeclaresNewsMLG2(pugi::xml_node element) {
    return g2::Attr(element, "standard") == "NewsML-G2";
}

// The namespace the document's NewsML-G2 elements are in, judged by the root: the NewsML-G2
// one, or "" for an un-namespaced newsMessage/newsItem/packageItem that (or one of whose
// items) declares standard="NewsML-G2". nullopt when the root is not NewsML-G2.
std::optional<std::string_view> VocabularyNamespace(pugi::xml_node root) {
    std::optional<std::string_view> ns = g2::NamespaceOf(root);
    if (ns == g2::kNarNamespace) return g2::kNarNamespace;
    std::string_view local = LocalName(root);
    if (ns != std::string_view() ||
        (local != "newsMessage" && local != "newsItem" && local != "packageItem")) {
        return std::nullopt;
    }
    if (DeclaresNewsMLG2(root)) return std::string_view();
    Vocabulary unqualified("");
    for (pugi::xml_node item_set : unqualified.Children(root, "itemSet")) {
        for (pugi::xml_node item : item_set.children()) {
            if (DeclaresNewsMLG2(item)) return std::string_view();
        }
    }
    return std::nullopt;
}

// `newsItem "guid"`, or `newsItem #2` without a guid, for messages.
std::string Describe(pugi::xml_node element, std::size_t index) {
    std::string guid = g2::Collapse(g2::Attr(element, "guid"));
    std::string name(LocalName(element));
    return guid.empty() ? name + " #" + std::to_string(index + 1) : name + " \"" + guid + "\"";
}

struct Entry {
    ParsedItem parsed;
    std::string description;  // Describe(), for rejections.
    bool consumed = false;    // Another item's picture or a package's main item: not returned.
};

// Resolves packages and links between the items of one document, and lists the results.
// Each item lends itself to at most one other: a picture goes to the first item that
// references it, an item to the first package that takes it as its main item. So nothing is
// copied, and the output is never larger than the input.
class Assembler final {
public:
    explicit Assembler(std::vector<Entry>& entries) : entries_(entries) {
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            if (!entries_[i].parsed.is_package) by_guid_.emplace(entries_[i].parsed.item.uri, i);
        }
    }

    void Run(ParsedDocument& out) {
        // Links first, so a package's main item arrives with its linked picture.
        for (Entry& entry : entries_) {
            if (entry.parsed.is_package || entry.parsed.is_picture) continue;
            for (const std::string& target : entry.parsed.linked) {
                Entry* linked = Find(target);
                if (linked == nullptr || !linked->parsed.is_picture) continue;
                linked->consumed = true;
                if (!entry.parsed.item.picture) entry.parsed.item.picture = TakePicture(*linked);
            }
        }
        std::vector<std::optional<WireItem>> packages(entries_.size());
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            if (entries_[i].parsed.is_package) packages[i] = ResolvePackage(entries_[i]);
        }
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            if (packages[i]) {
                out.items.push_back(std::move(*packages[i]));
            } else if (entries_[i].parsed.is_package) {
                out.rejected.push_back("newsml-g2: " + entries_[i].description +
                                       " has no guid and none of the items it references is in "
                                       "the document");
            } else if (!entries_[i].consumed) {
                out.items.push_back(std::move(entries_[i].parsed.item));
            }
        }
    }

private:
    Entry* Find(const std::string& guid) {
        auto it = by_guid_.find(guid);
        return it == by_guid_.end() ? nullptr : &entries_[it->second];
    }

    static std::optional<WirePicture> TakePicture(Entry& picture) {
        return std::exchange(picture.parsed.item.picture, std::nullopt);
    }

    // The package's main item (the first referenced text item in the document, else the
    // first other non-picture one) with the first referenced picture; else a composite made
    // of the package and its references. nullopt when neither can be made (no guid).
    std::optional<WireItem> ResolvePackage(Entry& package) {
        Entry* main = nullptr;
        Entry* other = nullptr;
        Entry* picture = nullptr;
        const ItemRef* main_ref = nullptr;
        const ItemRef* picture_ref = nullptr;
        for (const ItemRef& ref : package.parsed.refs) {
            Entry* target = Find(ref.residref);
            if (target != nullptr && target->parsed.is_picture) {
                target->consumed = true;
                if (picture == nullptr && target->parsed.item.picture) picture = target;
            } else if (target != nullptr) {
                if (target->consumed) continue;  // Another package's main item.
                if (main == nullptr && target->parsed.item.type == "text") main = target;
                if (other == nullptr) other = target;
            } else if (ref.item_class == "picture" || ref.item_class == "graphic") {
                if (picture_ref == nullptr) picture_ref = &ref;
            } else if (main_ref == nullptr) {
                main_ref = &ref;
            }
        }
        if (main == nullptr) main = other;
        WireItem result;
        if (main != nullptr) {
            main->consumed = true;
            result = std::move(main->parsed.item);
        } else if (!package.parsed.item.uri.empty()) {
            result = std::move(package.parsed.item);
            if (main_ref != nullptr && result.headline.empty()) result.headline = main_ref->title;
            if (main_ref != nullptr && result.summary.empty()) {
                result.summary = main_ref->description;
            }
        } else {
            return std::nullopt;
        }
        if (picture != nullptr) {
            result.picture = TakePicture(*picture);
        } else if (!result.picture && picture_ref != nullptr) {
            result.picture = WirePicture{.uri = picture_ref->residref,
                                         .alt_text = picture_ref->title,
                                         .caption = picture_ref->description,
                                         .credit = {},
                                         .renditions = {}};
        }
        return result;
    }

    std::vector<Entry>& entries_;
    std::unordered_map<std::string, std::size_t> by_guid_;  // First item with each guid.
};

// Reads the newsItems and packageItems among `elements`; other items are rejected.
std::vector<Entry> ReadItems(const Vocabulary& g2, const std::vector<pugi::xml_node>& elements,
                             ParsedDocument& out) {
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        pugi::xml_node element = elements[i];
        std::string description = Describe(element, i);
        if (!g2.Is(element, "newsItem") && !g2.Is(element, "packageItem")) {
            out.rejected.push_back("newsml-g2: " + description +
                                   " is not a news or package item; skipped");
            continue;
        }
        Result<ParsedItem> parsed = g2::ReadItem(g2, element);
        if (!parsed) {
            out.rejected.push_back("newsml-g2: " + description + ": " + parsed.error().message);
            continue;
        }
        entries.push_back(Entry{std::move(*parsed), std::move(description)});
    }
    return entries;
}

}  // namespace

Result<ParsedDocument> ParseNewsMLG2(std::string_view xml) {
    if (xml.size() > kMaxNewsMLG2Bytes) {
        return Fail(ErrorCode::kTooLarge, "newsml-g2: the document is " +
                                              std::to_string(xml.size()) + " bytes; the limit is " +
                                              std::to_string(kMaxNewsMLG2Bytes) +
                                              " bytes (16 MiB)");
    }
    // pugixml decodes only UTF-8/16/32 and Latin-1; XmlToUtf8 knows the encodings feeds use.
    Result<std::string> utf8 = XmlToUtf8(xml);
    if (!utf8) return Fail(utf8.error().code, "newsml-g2: " + utf8.error().message);
    // No parse_doctype: the DTD is skipped, so its entities are never declared or expanded.
    constexpr unsigned kFlags =
        (pugi::parse_default | pugi::parse_ws_pcdata) & ~pugi::parse_doctype;
    pugi::xml_document doc;
    pugi::xml_parse_result loaded =
        doc.load_buffer(utf8->data(), utf8->size(), kFlags, pugi::encoding_utf8);
    if (!loaded) {
        return Fail(ErrorCode::kInvalidInput, "newsml-g2: not well-formed XML at " +
                                                  Where(*utf8, loaded.offset) + ": " +
                                                  loaded.description());
    }
    if (g2::HasElementWithTooManyAttributes(doc)) {
        return Fail(ErrorCode::kInvalidInput, "newsml-g2: an element has more than " +
                                                  std::to_string(g2::kMaxAttributes) +
                                                  " attributes");
    }
    pugi::xml_node root = doc.document_element();
    std::optional<std::string_view> ns = VocabularyNamespace(root);
    if (!ns) {
        std::string name = root.name();
        if (name.size() > 64) {  // Cut a silly long name, at a character boundary.
            std::size_t cut = 64;
            while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
            name = name.substr(0, cut) + "...";
        }
        return Fail(ErrorCode::kInvalidInput,
                    "newsml-g2: the root element <" + name +
                        "> is not a NewsML-G2 newsMessage, newsItem or packageItem (namespace " +
                        std::string(g2::kNarNamespace) + ")");
    }
    Vocabulary g2(*ns);
    ParsedDocument out;
    std::vector<pugi::xml_node> elements;
    if (g2.Is(root, "newsMessage")) {
        for (pugi::xml_node item_set : g2.Children(root, "itemSet")) {
            for (pugi::xml_node child : item_set.children()) {
                if (child.type() == pugi::node_element && g2::NamespaceOf(child) == *ns) {
                    elements.push_back(child);
                }
            }
        }
    } else {
        elements.push_back(root);
    }
    std::vector<Entry> entries = ReadItems(g2, elements, out);
    Assembler(entries).Run(out);
    return out;
}

}  // namespace broadsheet::ingest
