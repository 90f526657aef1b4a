#pragma once

#include <string>
#include <vector>

#include "ingest/wire_item.h"

namespace broadsheet::ingest {

/// What one document yields: the items it holds, and a reason for each item it had to reject.
struct ParsedDocument {
    std::vector<WireItem> items;
    std::vector<std::string> rejected;
};

}  // namespace broadsheet::ingest
