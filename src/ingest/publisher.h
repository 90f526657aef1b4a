#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"
#include "ingest/feed_config.h"
#include "ingest/formats/media_topics.h"
#include "ingest/routing.h"
#include "ingest/wire_item.h"
#include "store/article_store.h"
#include "store/wire_log_store.h"

namespace broadsheet::media {
class MediaStore;
}  // namespace broadsheet::media

namespace broadsheet::ingest {

class UrlFetcher;

/// What the publisher needs to know of the site.
struct PublisherOptions {
    std::vector<Section> sections;        ///< Configured sections.
    /// When set, the sections now (admins change them while serving), read once per item
    /// instead of `sections`. Must be thread-safe.
    std::function<std::vector<Section>()> live_sections;
    std::string default_section;          ///< Slug for items that name no section.
    size_t max_picture_bytes = 20 << 20;  ///< Larger pictures are skipped with a warning.
    std::chrono::seconds fetch_timeout{20};
    std::vector<RoutingRule> rules;       ///< Applied in order to every item.
    MediaTopicNames media_topic_names;    ///< Names for code-only subjects, over the built-in table.
    /// Where every item seen is logged (created, updated or rejected). Not owned; outlives
    /// the publisher. Null: no log.
    store::WireLogStore* wire_log = nullptr;
};

/// Where an item comes from and what its feed says about it.
struct PublishContext {
    std::filesystem::path base_dir;             ///< Relative rendition hrefs are read below it; empty = refused.
    std::optional<std::string> forced_section;  ///< `ingest --section`: wins over everything.
    std::string fallback_section;               ///< The feed's section, for items that name none.
    std::string feed_id;                        ///< For rules with a `feed` condition; empty for files.
    bool premium = false;                       ///< The feed's default; rules may change it.
    bool hold = false;                          ///< Hold new stories for an editor (feed not auto-publishing).
};

/// The context for items from `feed`: its id, section, premium default and publishing mode.
PublishContext FeedContext(const FeedConfig& feed);

/// What publishing one item did.
struct PublishOutcome {
    ArticleId id;
    store::UpsertOutcome outcome = store::UpsertOutcome::kUnchanged;
    std::vector<std::string> warnings;  ///< Problems that did not stop the item (a missing picture).
};

/// An item made ready to store: everything but the write.
struct PreparedVersion {
    store::NewArticleVersion version;
    std::vector<std::string> warnings;
    Timestamp prepared_at;
    std::string feed_id;  ///< The context's, for the wire log.
};

/// Turns a parsed wire item into a stored article version: routes it to a section, turns
/// subjects into topics, sanitizes the body, stores the lead picture in the media store.
/// Knows nothing about HTTP or file formats. Thread-safe.
class Publisher final {
public:
    Publisher(PublisherOptions options, store::ArticleStore& articles, const media::MediaStore& media,
              const UrlFetcher& fetcher, const Clock& clock);

    /// Publishes `item`. An item that cannot become an article (no headline, nothing to
    /// read) is an Error.
    Result<PublishOutcome> Publish(const WireItem& item, const PublishContext& context) const;

    /// Publish's first half, which may run on many threads at once: checks, routing,
    /// sanitizing, storing the picture. Nothing is written to the article store.
    Result<PreparedVersion> Prepare(const WireItem& item, const PublishContext& context) const;

    /// Publish's second half: stores a prepared version (one transaction).
    Result<PublishOutcome> Commit(const PreparedVersion& prepared) const;

    /// Stores prepared versions in order in one transaction (each item still all or
    /// nothing); one outcome per version. Much cheaper per item than Commit.
    std::vector<Result<PublishOutcome>> CommitMany(const std::vector<const PreparedVersion*>& prepared) const;

    /// Logs a document or item that never reached Prepare (unparseable, or dropped by its
    /// parser) in the wire log as rejected, named by `source`. Does nothing without a log.
    void LogRejected(const PublishContext& context, const std::string& source, const std::string& reason) const;

    /// The section an item goes to: the forced one, else a routing rule's, else a subject
    /// naming a configured section (by slug or name, case-insensitively), else the
    /// context's fallback, else the default.
    std::string RouteSection(const WireItem& item, const PublishContext& context,
                             const RoutingDecision& decision) const;

private:
    /// Prepare without the log.
    Result<PreparedVersion> PrepareItem(const WireItem& item, const PublishContext& context) const;
    /// Logs what storing `prepared` did, if there is a wire log. Never fails the ingest.
    void LogOutcomes(const std::vector<const PreparedVersion*>& prepared,
                     const std::vector<Result<store::UpsertResult>>& stored) const;
    std::optional<Picture> StorePicture(const WirePicture& picture, const std::filesystem::path& base_dir,
                                        std::vector<std::string>& warnings) const;
    /// The sections now: the live ones when there is a source, else the configured.
    std::vector<Section> Sections() const;
    static const Section* SectionNamedBy(const std::vector<Section>& sections, const WireSubject& subject);
    /// The name of a Media Topic code: the operator's vocabulary, else the built-in table.
    std::string MediaTopicNameFor(std::string_view code) const;

    const PublisherOptions options_;
    store::ArticleStore& articles_;   // Not owned; outlives *this (wired in app/).
    const media::MediaStore& media_;  // Not owned.
    const UrlFetcher& fetcher_;       // Not owned.
    const Clock& clock_;              // Not owned.
};

}  // namespace broadsheet::ingest
