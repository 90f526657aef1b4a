#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/article.h"
#include "search/index_document.h"

namespace broadsheet::search {

/// What the index keeps of a document to answer a hit without asking the store: the
/// document data of each Xapian document, in a compact binary form of our own.
struct StoredFields {
    ArticleId id;
    bool premium = false;
    Timestamp first_published;
    std::string section;
    std::string slug;
    std::string headline;
    std::string standfirst;
    std::string body_text;  ///< The first `body_limit` bytes (at a character boundary).
};

/// Encodes `document`'s stored fields, keeping at most `body_limit` bytes of body text.
std::string EncodeStoredFields(const IndexDocument& document, size_t body_limit);

/// Decodes what EncodeStoredFields wrote; nullopt for anything else.
std::optional<StoredFields> DecodeStoredFields(std::string_view data);

/// `text` cut to at most `limit` bytes without splitting a UTF-8 sequence.
std::string_view CutUtf8(std::string_view text, size_t limit);

}  // namespace broadsheet::search
