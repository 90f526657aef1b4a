#pragma once

// One NewsML-G2 newsItem or packageItem mapped to a WireItem, before the document-level
// step (newsml_g2.cc) resolves packages and links between items. Internal to ingest/formats.

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/formats/newsml_g2_xml.h"
#include "ingest/wire_item.h"

namespace broadsheet::ingest::g2 {

/// A packageItem's reference to another item (groupSet/group/itemRef), with the metadata the
/// reference itself carries.
struct ItemRef {
    std::string residref;
    std::string item_class;  ///< Mapped like WireItem::type ("text", "picture", ...); may be empty.
    std::string title;       ///< Plain text.
    std::string description;  ///< Plain text.
};

/// One parsed item.
struct ParsedItem {
    WireItem item;            ///< For a picture item, `item.picture` is the picture itself.
    bool is_package = false;  ///< A packageItem: `refs` says what it holds.
    bool is_picture = false;  ///< A picture or graphic newsItem.
    std::vector<std::string>
        linked;                 ///< itemMeta/link targets (@residref), previous versions excepted.
    std::vector<ItemRef> refs;  ///< A package's itemRefs, group by group in document order.
};

/// Maps one newsItem or packageItem element. Errors (kInvalidInput) say why the item cannot
/// be used: a newsItem without a guid (a package's `item.uri` may be empty), or a pubStatus
/// other than usable/withheld/canceled.
[[nodiscard]] Result<ParsedItem> ReadItem(const Vocabulary& g2, pugi::xml_node element);

}  // namespace broadsheet::ingest::g2
