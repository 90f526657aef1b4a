#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/time.h"

namespace broadsheet::store::sqlite {

/// Times are stored as whole seconds since the Unix epoch, UTC.
inline Timestamp FromSeconds(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
inline int64_t ToSeconds(Timestamp t) { return t.time_since_epoch().count(); }

/// A picture as the `picture` columns hold it (articles, versions, drafts): a JSON object
/// {path, mime, width, height, alt, caption, credit}; empty text for no picture.
std::string PictureToJson(const std::optional<Picture>& picture);
/// The picture in a `picture` column; nullopt for empty or unreadable text.
std::optional<Picture> PictureFromJson(const std::string& text);

/// Topics as the `topics` columns hold them: a JSON array of {slug, name}.
std::string TopicsToJson(const std::vector<Topic>& topics);
/// The topics in a `topics` column; empty for unreadable text.
std::vector<Topic> TopicsFromJson(const std::string& text);

}  // namespace broadsheet::store::sqlite
