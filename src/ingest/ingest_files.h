#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ingest/formats/parsed_document.h"
#include "ingest/publisher.h"

namespace broadsheet::ingest {

/// The wire formats Broadsheet reads.
enum class WireFormat { kAuto, kNinjs, kNewsMLG2, kRss, kAtom };

/// "auto", "ninjs", "newsml-g2", "rss", "atom"; kInvalidInput for anything else.
Result<WireFormat> ParseWireFormat(std::string_view name);

/// Parses one wire document in `format`, or detects it (JSON: ninjs; XML: by its root).
Result<ParsedDocument> ParseWireDocument(std::string_view bytes, WireFormat format = WireFormat::kAuto);

/// What one ingest run did.
struct IngestReport {
    int ingested = 0;   ///< New articles.
    int updated = 0;    ///< New versions of existing articles.
    int unchanged = 0;  ///< Same or older versions: nothing changed.
    int rejected = 0;   ///< Documents or items that could not go in.
    std::vector<std::pair<std::string, std::string>> rejections;  ///< (source, reason)
    std::vector<std::pair<std::string, std::string>> warnings;    ///< (source, warning)

    /// "ingested N, updated N, unchanged N, rejected N"
    std::string Summary() const;
    /// Adds another report's counts and messages to this one.
    void Add(const IngestReport& other);
};

/// Parses `bytes` and publishes each item on its own, so a bad item is reported and the
/// others still go in. `source` names the document in messages. Every source (files, drop
/// folders, polled feeds, pushes) comes through here.
IngestReport IngestDocument(std::string_view bytes, const std::string& source, WireFormat format,
                            const Publisher& publisher, const PublishContext& context);

/// Ingests wire files and folders (folders: their `*.json` and `*.xml` files, recursively,
/// in name order; hidden files and folders skipped). Files over `max_item_bytes` are
/// rejected. Each file's pictures are read relative to its own folder. Files are handled
/// by `threads` threads at once (0 = one per core); the report lists them in name order.
IngestReport IngestPaths(const std::vector<std::filesystem::path>& paths, const Publisher& publisher,
                         const PublishContext& context, size_t max_item_bytes, int threads = 0);

/// Reads a whole file, refusing one over `max_bytes`.
Result<std::string> ReadWireFile(const std::filesystem::path& path, size_t max_bytes);

}  // namespace broadsheet::ingest
