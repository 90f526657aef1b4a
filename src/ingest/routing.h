#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/wire_item.h"

namespace broadsheet::ingest {

/// One routing rule (`[[rules]]` in the config). Every condition given must match; a rule
/// with no condition matches everything. Rules apply in order: later ones override the
/// section, premium flag and hold of earlier ones; topics accumulate.
struct RoutingRule {
    std::string feed;     ///< Only items from this feed; empty = any source.
    std::string subject;  ///< A subject or category: its name, code or Media Topic number (case-insensitive).
    std::string keyword;  ///< A word or phrase in the headline or summary (case-insensitive).
    std::optional<std::string> section;  ///< Section slug to file the item under.
    std::vector<std::string> topics;     ///< Topic names to add.
    std::optional<bool> premium;         ///< Make the story premium (or not).
    std::optional<bool> hold;            ///< Hold for an editor instead of publishing (or publish).
};

/// What the rules decided for one item.
struct RoutingDecision {
    std::optional<std::string> section;
    std::vector<std::string> topics;
    std::optional<bool> premium;
    std::optional<bool> hold;
};

/// Applies `rules` to `item` from feed `feed_id` (empty for `broadsheet ingest`). Pure.
RoutingDecision ApplyRules(const std::vector<RoutingRule>& rules, const WireItem& item, std::string_view feed_id);

}  // namespace broadsheet::ingest
