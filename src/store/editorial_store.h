#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {

/// A staff story as its writer keeps it: the Markdown and the fields around it. Published
/// copies live in the ArticleStore (uri "staff:<id>"); the draft keeps the source.
struct DraftRecord {
    int64_t id = 0;
    std::optional<ArticleId> article_id;  ///< Set once published (or scheduled).
    int64_t author_id = 0;                ///< The staff member who started it.
    std::string markdown;
    std::string headline;
    std::string standfirst;
    std::string byline;
    std::string section;  ///< Section slug.
    std::vector<Topic> topics;
    std::optional<Picture> picture;  ///< The lead picture, from the picture library.
    bool premium = false;
    std::optional<Timestamp> scheduled_at;  ///< When a scheduled story is to be published.
    int revision = 0;                       ///< Versions published so far (the next is revision + 1).
    Timestamp created_at;
    Timestamp updated_at;
};

/// A correction appended to a published story, shown dated to readers.
struct CorrectionRecord {
    int64_t id = 0;
    ArticleId article_id;
    Timestamp at;
    std::string text;  ///< Plain text.
    int64_t by = 0;    ///< Staff id.
};

/// A picture in the newsroom's library.
struct PictureRecord {
    int64_t id = 0;
    Picture picture;
    int64_t uploaded_by = 0;  ///< Staff id.
    Timestamp uploaded_at;
};

/// Drafts of staff stories, corrections, the picture library and site settings (migrations
/// 14 and 15). Implemented in store/sqlite. Thread-safe.
class EditorialStore {
public:
    virtual ~EditorialStore() = default;

    /// Stores a new draft (its id, created_at and updated_at are set here); the new id.
    virtual Result<int64_t> CreateDraft(const DraftRecord& draft, Timestamp now) = 0;
    /// Overwrites the draft with `draft.id` (updated_at becomes `now`). kNotFound for none.
    virtual Result<void> UpdateDraft(const DraftRecord& draft, Timestamp now) = 0;
    /// kNotFound when there is none.
    virtual Result<DraftRecord> FindDraft(int64_t id) const = 0;
    /// The draft an article was published from; kNotFound for wire copy.
    virtual Result<DraftRecord> FindDraftByArticle(ArticleId article) const = 0;
    /// Drafts newest change first; only `author`'s when given.
    virtual Result<std::vector<DraftRecord>> ListDrafts(std::optional<int64_t> author, int limit, int offset) const = 0;

    /// Appends a correction to a story; its id.
    virtual Result<int64_t> AddCorrection(ArticleId article, Timestamp at, std::string_view text, int64_t by) = 0;
    /// A story's corrections, oldest first.
    virtual Result<std::vector<CorrectionRecord>> Corrections(ArticleId article) const = 0;

    /// Adds a picture to the library; its id.
    virtual Result<int64_t> AddPicture(const PictureRecord& picture) = 0;
    /// kNotFound when there is none.
    virtual Result<PictureRecord> FindPicture(int64_t id) const = 0;
    /// The library, newest first.
    virtual Result<std::vector<PictureRecord>> ListPictures(int limit, int offset) const = 0;
};

}  // namespace broadsheet::store
