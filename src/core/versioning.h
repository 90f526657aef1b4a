#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"

namespace broadsheet {

/// How an incoming version relates to the stored one.
enum class VersionOrder { kOlder, kSame, kNewer };

/// Orders wire versions: numerically when both version strings are whole numbers (they
/// may be huge and non-contiguous, as Reuters sends), else by version-created time; a
/// different non-numeric version at the same time (a content hash that changed, as for
/// RSS items) is newer. An incoming item with no version and no later time is kSame.
VersionOrder CompareWireVersions(std::string_view stored_version, std::optional<Timestamp> stored_time,
                                 std::string_view incoming_version,
                                 std::optional<Timestamp> incoming_time);

}  // namespace broadsheet
