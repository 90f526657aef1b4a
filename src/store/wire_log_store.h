#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {

/// What ingest did with one wire item.
enum class WireOutcome {
    kCreated,   ///< A new article.
    kUpdated,   ///< A new version of an article.
    kRejected,  ///< Could not become an article (the reason says why).
};

/// One item the ingest path saw. Same or older versions ("unchanged") are not logged: a
/// feed polled every few minutes would repeat them endlessly.
struct WireLogEntry {
    int64_t id = 0;
    Timestamp at;
    std::string feed;  ///< The feed id; empty for files ingested from the command line.
    std::string uri;   ///< The item's uri; for a document that never parsed, where it came from (a
                       ///< file, "feed ap").
    std::optional<ArticleId> article;
    WireOutcome outcome = WireOutcome::kCreated;
    std::string reason;  ///< Why it was rejected.
};

/// Where a wire item stands now, for the newsroom's queue.
enum class QueueStatus { kPublished, kHeld, kWithheld, kKilled, kRejected };

/// A wire log entry with its article as it is now.
struct WireQueueItem {
    WireLogEntry entry;
    QueueStatus status = QueueStatus::kRejected;
    std::string headline;  ///< What readers see (the editor's headline if any); "" when rejected.
    std::string section;
    bool premium = false;
    bool embargoed = false;   ///< Withheld until an embargo passes.
    bool overridden = false;  ///< An editor changed its headline or picture.
};

/// Which queue items to list, newest first.
struct WireQueueQuery {
    std::optional<std::string> feed;  ///< "" selects command-line files.
    std::optional<QueueStatus> status;
    int limit = 50;
    int offset = 0;
};

/// The log of every item the ingest path saw, and the queue view over it. Implemented in
/// store/sqlite (migration 13). Thread-safe.
class WireLogStore {
public:
    virtual ~WireLogStore() = default;
    /// Appends entries in one transaction.
    virtual Result<void> Append(const std::vector<WireLogEntry>& entries) = 0;
    /// Entries matching `query` with their articles' state now, newest first.
    virtual Result<std::vector<WireQueueItem>> Queue(const WireQueueQuery& query) const = 0;
    /// Every feed id that appears in the log, sorted.
    virtual Result<std::vector<std::string>> Feeds() const = 0;
};

/// "published", "held", "withheld", "killed", "rejected".
const char* QueueStatusName(QueueStatus status);
/// The status named `name`; nullopt for any other text.
std::optional<QueueStatus> ParseQueueStatus(std::string_view name);

}  // namespace broadsheet::store
