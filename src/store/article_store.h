#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/article.h"
#include "core/result.h"

namespace broadsheet::store {

/// A version of an article to store, from the wire or a writer.
struct NewArticleVersion {
    std::string uri;           ///< Identity across versions. Never empty.
    std::string wire_version;  ///< As the wire sent it; may be empty.
    std::optional<Timestamp> first_created;    ///< Wire firstcreated, if any.
    std::optional<Timestamp> version_created;  ///< Wire versioncreated, if any.
    std::string section;       ///< Section slug; used when the article is created.
    std::string slug;          ///< URL slug; used when the article is created (fixed after).
    bool syndicated = true;
    bool premium = false;  ///< Used when the article is created (placement; editors change it later).
    bool held = false;     ///< Created waiting for an editor; used when the article is created.
    /// Withheld until then (status kWithheld); ReleaseEmbargoes publishes it when it passes.
    std::optional<Timestamp> embargo_until;
    ArticleStatus status = ArticleStatus::kPublished;
    ArticleContent content;
};

/// What Upsert did.
enum class UpsertOutcome { kCreated, kUpdated, kUnchanged };

struct UpsertResult {
    ArticleId id;
    UpsertOutcome outcome = UpsertOutcome::kUnchanged;
};

/// Which articles a listing wants, newest first by first publication.
struct ListQuery {
    std::optional<std::string> section;  ///< Section slug.
    std::optional<std::string> topic;    ///< Topic slug.
    std::optional<ArticleId> exclude;    ///< Leave this one out (the article being read).
    int limit = 20;
    int offset = 0;
};

/// Which articles the newsroom lists: any status, newest change first.
struct NewsroomQuery {
    std::optional<std::string> section;         ///< Section slug.
    std::optional<ArticleStatus> status;        ///< With `held`: kPublished means published and not held.
    std::optional<bool> held;                   ///< Only held (true) or not held (false) stories.
    std::optional<bool> syndicated;             ///< Wire copy (true) or staff copy (false).
    std::string text;                           ///< Words in the headline (the editor's or the wire's).
    int limit = 50;
    int offset = 0;
};

/// A row of the newsroom's article list.
struct NewsroomArticle {
    ArticleSummary summary;  ///< With the headline readers see.
    ArticleStatus status = ArticleStatus::kPublished;
    bool held = false;
    bool premium = false;
    bool syndicated = true;
    bool overridden = false;  ///< An editor changed the headline or picture.
    std::string provider;
};

/// One entry of the store's change log: the article and the change sequence number of its
/// latest write. Every write to an article (a new version, an editor's change, an embargo
/// released...) gives it the next number, in the write's own transaction.
struct ArticleChange {
    ArticleId id;
    int64_t seq = 0;
};

/// Articles and every version of each. Implemented in store/sqlite. Thread-safe.
class ArticleStore {
public:
    virtual ~ArticleStore() = default;

    /// Stores `version` as a new version of the article with its uri, or creates the
    /// article. A version that is not newer than the stored one (CompareWireVersions)
    /// changes nothing. Atomic: readers see the old or the new article, never half.
    virtual Result<UpsertResult> Upsert(const NewArticleVersion& version, Timestamp now) = 0;

    /// Upserts each version in order, as Upsert would, in one transaction: readers see none
    /// of them or all of them; an item that fails leaves no trace and the others still go
    /// in. One result per version.
    virtual std::vector<Result<UpsertResult>> UpsertMany(const std::vector<NewArticleVersion>& versions,
                                                         Timestamp now) = 0;

    /// The article with its latest content. kNotFound when there is none.
    virtual Result<Article> FindById(ArticleId id) const = 0;

    /// Every version, oldest first.
    virtual Result<std::vector<ArticleVersion>> Versions(ArticleId id) const = 0;

    /// Published articles matching `query`, newest first.
    virtual Result<std::vector<ArticleSummary>> List(const ListQuery& query) const = 0;

    /// The next older published story in the same section, if any.
    virtual Result<std::optional<ArticleSummary>> NextInSection(const Article& article) const = 0;

    /// A topic by slug. kNotFound when no article ever had it.
    virtual Result<Topic> FindTopic(std::string_view slug) const = 0;

    /// Sets (or, with nullopt, clears) the editor's headline and lead picture, which readers
    /// see instead of the wire's. Later wire versions keep them. kNotFound for no such article.
    virtual Result<void> SetOverrides(ArticleId id, const std::optional<std::string>& headline,
                                      const std::optional<Picture>& picture) = 0;

    /// Makes a story premium (subscribers only) or free: placement, which editors may change
    /// even on syndicated copy. kNotFound for no such article.
    virtual Result<void> SetPremium(ArticleId id, bool premium) = 0;

    /// Holds a story for an editor (not visible to readers) or releases it. kNotFound for none.
    virtual Result<void> SetHeld(ArticleId id, bool held) = 0;

    /// Publishes, withholds or kills a story (an editor's decision; a later wire version sets
    /// the wire's status again). kNotFound for no such article.
    virtual Result<void> SetStatus(ArticleId id, ArticleStatus status) = 0;

    /// Moves a story to another section (placement; later wire versions keep it). kNotFound
    /// for no such article.
    virtual Result<void> SetSection(ArticleId id, const std::string& section) = 0;

    /// Sets the editor's topics, which readers see instead of the wire's and later wire
    /// versions keep; nullopt gives the wire's topics back. kNotFound for no such article.
    virtual Result<void> SetTopics(ArticleId id, const std::optional<std::vector<Topic>>& topics) = 0;

    /// Articles in any status for the newsroom, newest change first.
    virtual Result<std::vector<NewsroomArticle>> ListForNewsroom(const NewsroomQuery& query) const = 0;

    /// Distinct pictures stories have used (wire or editors'), newest first: the picture
    /// library editors choose from.
    virtual Result<std::vector<Picture>> RecentPictures(int limit) const = 0;

    /// Publishes every withheld story whose embargo has passed at `now`; how many.
    virtual Result<int> ReleaseEmbargoes(Timestamp now) = 0;

    /// How many articles are stored, in any status.
    virtual Result<int64_t> Count() const = 0;

    /// Articles whose latest write has a change sequence number above `seq`, in sequence
    /// order, at most `limit`: each article once, with the number of its latest write. Sees
    /// the writes of every process sharing the database, as they commit, in commit order, so
    /// following it from the last number seen misses nothing ("ChangedSince(last)").
    virtual Result<std::vector<ArticleChange>> ChangedSince(int64_t seq, int limit) const = 0;

    /// The highest change sequence number (0 for an empty store): where a follower that has
    /// everything up to now starts.
    virtual Result<int64_t> LatestChange() const = 0;

    /// Up to `limit` articles (any status, latest content as FindById gives it) with ids in
    /// (`after`, `last`], in id order: a keyset scan of the store in bounded pages (pass the
    /// last id of a page as the next `after`), never OFFSET, so each page costs the same.
    virtual Result<std::vector<Article>> ArticlesInRange(ArticleId after, ArticleId last, int limit) const = 0;

    /// The highest article id (0 for none).
    virtual Result<int64_t> MaxId() const = 0;

    /// A number that grows whenever a write through this object commits, so caches of
    /// rendered pages can tell they are stale. Cheap, lock-free. Writes by other processes
    /// sharing the database are not counted (caches bound their age for that).
    virtual uint64_t Generation() const = 0;

    /// The months ("2024-11", by first publication in UTC) that have published stories, each
    /// with the latest last_updated among them; newest month first.
    virtual Result<std::vector<std::pair<std::string, Timestamp>>> PublishedMonths() const = 0;

    /// Published, not held stories first published in [from, to), newest first.
    virtual Result<std::vector<ArticleSummary>> ListPublishedBetween(Timestamp from, Timestamp to, int limit,
                                                                     int offset) const = 0;

    /// When the oldest published, not held story first published at or after `from` was
    /// first published; nullopt when there is none. One lookup on the publication index.
    virtual Result<std::optional<Timestamp>> FirstPublishedFrom(Timestamp from) const = 0;

    /// When the newest published, not held story first published before `before` was first
    /// published; nullopt when there is none. One lookup on the publication index.
    virtual Result<std::optional<Timestamp>> LastPublishedBefore(Timestamp before) const = 0;

    /// How many published, not held stories were first published in each interval
    /// [boundaries[i], boundaries[i + 1]): one count fewer than `boundaries`, which must be
    /// ascending (an empty list for fewer than two). Counts on the publication index, so the
    /// work grows with the stories in [front, back): callers keep that span bounded (the
    /// archive asks for a month or a year of days).
    virtual Result<std::vector<int>> CountPublishedBetween(std::span<const Timestamp> boundaries) const = 0;

    /// The first publication time of the oldest published, not held story; nullopt for none.
    Result<std::optional<Timestamp>> OldestPublished() const { return FirstPublishedFrom(Timestamp::min()); }
    /// The first publication time of the newest published, not held story; nullopt for none.
    Result<std::optional<Timestamp>> NewestPublished() const { return LastPublishedBefore(Timestamp::max()); }
};

}  // namespace broadsheet::store
