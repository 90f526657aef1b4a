#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace broadsheet::ingest {

/// The URI every IPTC Media Topic code is appended to.
inline constexpr std::string_view kMediaTopicUriPrefix = "http://cv.iptc.org/newscodes/mediatopic/";

/// The eight digits of an IPTC Media Topic code written as "medtop:20000350", "20000350" or
/// "http(s)://cv.iptc.org/newscodes/mediatopic/20000350" (surrounding whitespace allowed);
/// nullopt for anything else. The view points into `code`. Pure; thread-safe.
std::optional<std::string_view> MediaTopicDigits(std::string_view code);

/// The English name of an IPTC Media Topic, for a code in any form MediaTopicDigits accepts.
///
/// The table is PARTIAL: the 17 top-level topics, plus the topics that the NewsML-G2 and
/// ninjs samples on this machine send with an English name (or, for two, with a name in
/// another language whose IPTC English label is unambiguous). Anything else is nullopt, so
/// callers must cope with unnamed codes. Pure; thread-safe.
std::optional<std::string_view> MediaTopicName(std::string_view code);

/// Media Topic names by their eight digits, loaded from an operator's vocabulary file.
using MediaTopicNames = std::unordered_map<std::string, std::string>;

/// Reads a vocabulary file: one topic a line, its code (any form MediaTopicDigits accepts)
/// and its name separated by a tab; blank lines and lines starting with '#' are skipped.
/// Errors name the file and line.
Result<MediaTopicNames> LoadMediaTopicNames(const std::filesystem::path& path);

/// A subject's "scheme" + "code" as one identifier, in every format: concatenated after a
/// URI-like scheme ("http://cv.iptc.org/newscodes/mediatopic/" + "20000350"), else joined by
/// ':' ("medtop" + "20000350" -> "medtop:20000350"); "" without a code.
std::string SchemeCode(std::string_view scheme, std::string_view code);

}  // namespace broadsheet::ingest
