#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"
#include "newsroom/diff.h"
#include "store/article_store.h"
#include "store/editorial_store.h"

namespace broadsheet::newsroom {

/// Who acts on a story, as the story rules see them.
struct Actor {
    int64_t staff_id = 0;
    bool editor = false;  ///< Editor or admin: may publish, schedule, unpublish and correct any story.
};

/// What a writer fills in on the story form.
struct StoryInput {
    std::string headline;
    std::string standfirst;
    std::string byline;
    std::string section;  ///< A configured section's slug.
    std::string topics;   ///< Topic names separated by commas: "Ukraine, Diplomacy".
    std::string markdown;
    std::optional<int64_t> picture_id;  ///< From the picture library; nullopt: no lead picture.
    bool premium = false;
};

/// Where a staff story stands, from its draft and its article.
enum class StoryState { kDraft, kScheduled, kPublished, kUnpublished };

/// A story for the newsroom's pages: its draft and, once it went out, its article.
struct Story {
    store::DraftRecord draft;
    std::optional<Article> article;
    StoryState state = StoryState::kDraft;
};

/// A word-level comparison of two published versions of a story.
struct RevisionDiff {
    ArticleVersion from;
    ArticleVersion to;
    std::vector<DiffSegment> headline;
    std::vector<DiffSegment> standfirst;
    std::vector<DiffSegment> body;  ///< Of the visible text, paragraphs on their own lines.
};

/// The rules for staff stories: drafts in the EditorialStore, published copies in the
/// ArticleStore (uri "staff:<draft id>", one version per publication, so Last Updated
/// moves), corrections, revisions. Writers keep their own drafts; only editors publish,
/// schedule, unpublish and correct (kForbidden otherwise). Thread-safe (the stores are).
class StoryService final {
public:
    /// The sections stories may go in, asked on each use (settings change them live).
    using SectionsProvider = std::function<std::vector<Section>()>;

    /// The stores and clock must outlive the service.
    StoryService(store::ArticleStore& articles, store::EditorialStore& editorial, const Clock& clock,
                 SectionsProvider sections);

    /// Starts a draft owned by `actor`; its id. kInvalidInput for a bad form.
    Result<int64_t> Create(const Actor& actor, const StoryInput& input);
    /// Saves the draft's fields (not what readers see until published again).
    Result<void> Save(const Actor& actor, int64_t draft_id, const StoryInput& input);
    /// The story, if `actor` may see it (its author or an editor).
    Result<Story> Find(const Actor& actor, int64_t draft_id) const;
    /// The story published as `article`, if `actor` may see it; kNotFound for wire copy.
    Result<Story> FindByArticle(const Actor& actor, ArticleId article) const;
    /// Stories newest change first: a writer's own, every one for an editor.
    Result<std::vector<Story>> List(const Actor& actor, int limit, int offset) const;

    /// Publishes the draft now (first publication, or an update: a new version). Editors only.
    Result<ArticleId> Publish(const Actor& actor, int64_t draft_id);
    /// Publishes the draft at `at` (withheld until then; the embargo release publishes it).
    /// Only for a story not yet published; `at` must be in the future. Editors only.
    Result<ArticleId> Schedule(const Actor& actor, int64_t draft_id, Timestamp at);
    /// Takes a published or scheduled story off the site (404 for readers). Editors only.
    Result<void> Unpublish(const Actor& actor, int64_t draft_id);
    /// Adds a dated correction to a published story and publishes the draft with it (an
    /// update: Last Updated moves). Editors only.
    Result<void> Correct(const Actor& actor, int64_t draft_id, std::string_view text);
    /// The corrections of a story, oldest first.
    Result<std::vector<store::CorrectionRecord>> Corrections(const Actor& actor, int64_t draft_id) const;

    /// Every published version of the story, oldest first (empty before publication).
    Result<std::vector<ArticleVersion>> Revisions(const Actor& actor, int64_t draft_id) const;
    /// Compares versions number `from` and `to` of the story. kNotFound for a missing one.
    Result<RevisionDiff> Compare(const Actor& actor, int64_t draft_id, int from, int to) const;

    /// The HTML readers would see for `markdown` (rendered, then sanitized).
    static std::string RenderBody(std::string_view markdown);

private:
    Result<store::DraftRecord> Editable(const Actor& actor, int64_t draft_id) const;
    Result<void> Fill(const StoryInput& input, store::DraftRecord& draft) const;
    Result<ArticleId> Push(store::DraftRecord draft, std::optional<Timestamp> at);
    StoryState StateOf(const store::DraftRecord& draft, const std::optional<Article>& article) const;

    store::ArticleStore& articles_;      // Not owned.
    store::EditorialStore& editorial_;   // Not owned.
    const Clock& clock_;                 // Not owned.
    SectionsProvider sections_;
};

/// "staff:<id>", the article uri of a staff story.
std::string StaffUri(int64_t draft_id);

}  // namespace broadsheet::newsroom
