// The lead picture of a feed item: Media RSS and image enclosures.
#include <utility>

#include "core/text.h"
#include "ingest/formats/feed_internal.h"

namespace broadsheet::ingest::feed {
namespace {

// The caption, credit and title (alt text) Media RSS gives at one level.
struct MediaText {
    std::string caption;
    std::string credit;
    std::string title;
};

std::string MediaTextValue(pugi::xml_node node) {
    bool html = AsciiLower(Attr(node, "type")) == "html";
    return html ? HtmlToText(InnerMarkup(node)) : CollapseWhitespace(Text(node));
}

// Fills what is still empty in `text` from media:description/credit/title under `parent`.
void ReadMediaText(pugi::xml_node parent, MediaText& text) {
    for (pugi::xml_node child : parent.children()) {
        if (child.type() != pugi::node_element || !IsMediaNs(NamespaceOf(child))) continue;
        std::string_view local = LocalName(child);
        std::string* field = local == "description" ? &text.caption
                             : local == "credit"    ? &text.credit
                             : local == "title"     ? &text.title
                                                    : nullptr;
        if (field != nullptr && field->empty()) *field = MediaTextValue(child);
    }
}

bool IsImageContent(pugi::xml_node content, std::string_view url) {
    std::string medium = AsciiLower(Attr(content, "medium"));
    if (!medium.empty()) return medium == "image";
    return IsImage(Attr(content, "type"), url);
}

Rendition MediaRendition(pugi::xml_node node, std::string name, std::string_view base) {
    Rendition r;
    r.name = std::move(name);
    r.href = ResolveUrl(base, Attr(node, "url"));
    r.mime = Attr(node, "type");
    r.width = Dimension(Attr(node, "width"));
    r.height = Dimension(Attr(node, "height"));
    return r;
}

// The image media:content and media:thumbnail children of `parent`, in document order.
// Remembers the first image media:content in `first`.
void CollectMedia(pugi::xml_node parent, std::string_view base, std::vector<Rendition>& contents,
                  std::vector<Rendition>& thumbnails, pugi::xml_node& first) {
    for (pugi::xml_node child : parent.children()) {
        if (child.type() != pugi::node_element || !IsMediaNs(NamespaceOf(child))) continue;
        std::string_view local = LocalName(child);
        std::string url = Attr(child, "url");
        if (url.empty()) continue;
        if (local == "content" && IsImageContent(child, url)) {
            contents.push_back(MediaRendition(child, "media:content", base));
            if (!first) first = child;
        } else if (local == "thumbnail") {
            thumbnails.push_back(MediaRendition(child, "media:thumbnail", base));
        }
    }
}

}  // namespace

std::optional<WirePicture> ReadPicture(pugi::xml_node item, std::string_view base,
                                       std::vector<Rendition> enclosures) {
    std::vector<Rendition> contents;
    std::vector<Rendition> thumbnails;
    pugi::xml_node first;
    // The first media:group holding an image: its renditions are one picture's sizes.
    for (pugi::xml_node child : item.children()) {
        if (child.type() != pugi::node_element || LocalName(child) != "group" ||
            !IsMediaNs(NamespaceOf(child))) {
            continue;
        }
        CollectMedia(child, base, contents, thumbnails, first);
        if (!contents.empty()) break;
    }
    // Item-level media:content elements are usually sizes of one picture too (a gallery
    // would be several pictures, but a WireItem has one lead picture).
    CollectMedia(item, base, contents, thumbnails, first);
    for (Rendition& enclosure : enclosures) contents.push_back(std::move(enclosure));
    // Thumbnails only when there is nothing bigger: their known widths would otherwise win
    // over full-size renditions whose width the feed does not give.
    std::vector<Rendition>& renditions = contents.empty() ? thumbnails : contents;
    if (renditions.empty()) return std::nullopt;

    MediaText text;
    if (first) {
        ReadMediaText(first, text);
        if (IsMediaNs(NamespaceOf(first.parent())) && LocalName(first.parent()) == "group") {
            ReadMediaText(first.parent(), text);
        }
    }
    ReadMediaText(item, text);
    WirePicture picture;
    picture.uri = renditions.front().href;
    picture.alt_text = std::move(text.title);
    picture.caption = std::move(text.caption);
    picture.credit = std::move(text.credit);
    picture.renditions = std::move(renditions);
    return picture;
}

void ReadMediaCategories(pugi::xml_node item, std::vector<WireSubject>& subjects) {
    auto read = [&](pugi::xml_node parent) {
        for (pugi::xml_node child : parent.children()) {
            if (child.type() != pugi::node_element || LocalName(child) != "category" ||
                !IsMediaNs(NamespaceOf(child))) {
                continue;
            }
            std::string text = CollapseWhitespace(Text(child));
            std::string label = CollapseWhitespace(child.attribute("label").value());
            std::string scheme = Attr(child, "scheme");
            if (text.empty() && label.empty()) continue;
            std::string code = !scheme.empty() ? SchemeCode(scheme, text)
                               : label.empty() ? std::string()
                                               : text;
            subjects.push_back(
                {label.empty() ? std::move(text) : std::move(label), std::move(code)});
        }
    };
    read(item);
    for (pugi::xml_node child : item.children()) {
        if (child.type() == pugi::node_element && LocalName(child) == "group" &&
            IsMediaNs(NamespaceOf(child)))
            read(child);
    }
}

}  // namespace broadsheet::ingest::feed
