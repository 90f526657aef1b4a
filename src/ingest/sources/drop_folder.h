#pragma once

#include <chrono>
#include <stop_token>

#include "core/result.h"
#include "ingest/feed_config.h"
#include "ingest/ingest_files.h"

namespace broadsheet::ingest {

/// A file modified more recently than this may still be being written: it waits for the
/// next scan.
inline constexpr std::chrono::seconds kDropFolderSettleTime{2};

/// Scans `feed.folder` once and publishes each wire file in it through IngestDocument, oldest
/// first, in the feed's format with its section as the fallback. Pictures with relative
/// hrefs are read from below the drop folder.
///
/// Wire files are the regular files (not symlinks) directly in the folder named *.json,
/// *.xml, *.rss or *.atom; hidden files, names ending .tmp or .part, and files modified less
/// than kDropFolderSettleTime ago (by the file system's clock) are left for later; anything
/// else (pictures, sub-folders) is left alone. After publishing, a file moves to `done/`
/// when something of it went in (or it held nothing to reject), else to `failed/` with a
/// `<name>.reason` file beside it holding the reasons, one per line; both folders are
/// created as needed, and a name already taken gets a numeric suffix ("story-1.json").
/// A file that cannot be moved is reported as a warning and seen again next scan (the store
/// ignores versions it already has). Stops between files when `stop` is requested.
///
/// An Error only when the folder itself cannot be read (then nothing was done).
Result<IngestReport> ScanDropFolder(const FeedConfig& feed, const Publisher& publisher, size_t max_item_bytes,
                                    const std::stop_token& stop = {});

}  // namespace broadsheet::ingest
