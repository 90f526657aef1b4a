#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/wire_item.h"

namespace broadsheet::ingest {

class Publisher;

/// Parses one wire document, detecting its format. Today: ninjs (JSON).
Result<WireItem> ParseWireDocument(std::string_view bytes);

/// What one ingest run did.
struct IngestReport {
    int ingested = 0;   ///< New articles.
    int updated = 0;    ///< New versions of existing articles.
    int unchanged = 0;  ///< Same or older versions: nothing changed.
    int rejected = 0;
    std::vector<std::pair<std::string, std::string>> rejections;  ///< (file, reason)
    std::vector<std::pair<std::string, std::string>> warnings;    ///< (file, warning)

    /// "ingested N, updated N, unchanged N, rejected N"
    std::string Summary() const;
};

/// Ingests wire files and folders (folders: their `*.json` files, recursively, in name
/// order; hidden files skipped). Each file is parsed and published on its own, so a bad
/// file is reported and the others still go in.
IngestReport IngestPaths(const std::vector<std::filesystem::path>& paths, const Publisher& publisher,
                         const std::optional<std::string>& section, size_t max_item_bytes);

}  // namespace broadsheet::ingest
