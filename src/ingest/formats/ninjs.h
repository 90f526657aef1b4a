#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "ingest/wire_item.h"

namespace broadsheet::ingest {

/// Larger ninjs documents are rejected with ErrorCode::kTooLarge.
inline constexpr std::size_t kMaxNinjsBytes = std::size_t{8} << 20;

/// Parses one IPTC ninjs document (1.x, 2.x, or 3.x camelCase) into a WireItem.
///
/// The generation comes from `standard.version` / `$standard.version`, else from the shape
/// (FORMATS.md §4); producers mix shapes, so every field is also looked for in the other
/// generations' spelling, after the detected one. Unknown keys are ignored. The identity is
/// `uri`; Superdesk's dialect, which replaces it with `guid`, is accepted too. The lead
/// picture is the first picture association (type picture/graphic, or named
/// featureimage/featuremedia, or with image renditions), preferring one with renditions;
/// failing that, a picture item supplies its own. Unparseable dates are left empty.
///
/// Errors (ErrorCode::kInvalidInput, messages start with "ninjs: "): not JSON (with line and
/// column), not an object, no uri, a pubstatus other than usable/withheld/canceled, or a
/// field this parser maps holding the wrong JSON type (the message names the field's path).
/// Thread-safe; never throws for any input.
[[nodiscard]] Result<WireItem> ParseNinjs(std::string_view json);

}  // namespace broadsheet::ingest
