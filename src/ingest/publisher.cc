#include "ingest/publisher.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/text.h"
#include "ingest/sanitizer.h"
#include "ingest/sources/url_fetcher.h"
#include "media/media_store.h"

namespace broadsheet::ingest {
namespace {

bool IsHttpUrl(std::string_view href) {
    std::string lower = AsciiLower(href.substr(0, 8));
    return lower.starts_with("http://") || lower.starts_with("https://");
}

bool IsImageRendition(const Rendition& r) {
    if (!r.mime.empty()) return r.mime.starts_with("image/") && r.mime != "image/svg+xml";
    std::string lower = AsciiLower(r.href);
    for (const char* ext : {".jpg", ".jpeg", ".png", ".webp", ".gif"}) {
        if (lower.ends_with(ext)) return true;
    }
    return r.mime.empty();
}

// The rendition to store: the widest image up to 2400 px, else the narrowest larger one.
const Rendition* ChooseRendition(const std::vector<Rendition>& renditions) {
    const Rendition* best = nullptr;
    for (const Rendition& r : renditions) {
        if (r.href.empty() || !IsImageRendition(r)) continue;
        if (!best) {
            best = &r;
            continue;
        }
        bool r_fits = r.width <= 2400, best_fits = best->width <= 2400;
        if (r_fits && (!best_fits || r.width > best->width)) best = &r;
        if (!r_fits && !best_fits && r.width < best->width) best = &r;
    }
    return best;
}

// Reads a relative href below `base_dir`, refusing anything that climbs out of it.
Result<std::string> ReadRelative(const std::filesystem::path& base_dir, std::string_view href, size_t max_bytes) {
    if (base_dir.empty()) return Fail(ErrorCode::kForbidden, "relative picture paths need a wire file folder");
    std::filesystem::path relative{std::string(href)};
    if (href.find('\0') != std::string_view::npos || relative.is_absolute() || href.find(':') != std::string_view::npos) {
        return Fail(ErrorCode::kForbidden, "picture path \"" + std::string(href) + "\" is not a relative path");
    }
    for (const auto& part : relative) {
        if (part == "..") return Fail(ErrorCode::kForbidden, "picture path \"" + std::string(href) + "\" leaves the wire folder");
    }
    std::error_code ec;
    std::filesystem::path base = std::filesystem::weakly_canonical(base_dir, ec);
    std::filesystem::path full = std::filesystem::weakly_canonical(base / relative, ec);
    if (ec || !full.string().starts_with(base.string() + "/")) {
        return Fail(ErrorCode::kForbidden, "picture path \"" + std::string(href) + "\" leaves the wire folder");
    }
    auto size = std::filesystem::file_size(full, ec);
    if (ec) return Fail(ErrorCode::kNotFound, "picture " + full.string() + " not found");
    if (size > max_bytes) return Fail(ErrorCode::kTooLarge, "picture " + full.string() + " is over the size limit");
    std::ifstream in(full, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !in.eof()) return Fail(ErrorCode::kIo, "cannot read picture " + full.string());
    return bytes.str();
}

}  // namespace

PublishContext FeedContext(const FeedConfig& feed) {
    PublishContext context;
    context.fallback_section = feed.section;
    context.feed_id = feed.id;
    context.premium = feed.premium;
    context.hold = !feed.auto_publish;
    return context;
}

Publisher::Publisher(PublisherOptions options, store::ArticleStore& articles, const media::MediaStore& media,
                     const UrlFetcher& fetcher, const Clock& clock)
    : options_(std::move(options)), articles_(articles), media_(media), fetcher_(fetcher), clock_(clock) {}

std::string Publisher::MediaTopicNameFor(std::string_view code) const {
    std::optional<std::string_view> digits = MediaTopicDigits(code);
    if (!digits) return {};
    auto loaded = options_.media_topic_names.find(std::string(*digits));
    if (loaded != options_.media_topic_names.end()) return loaded->second;
    std::optional<std::string_view> built_in = MediaTopicName(*digits);
    return built_in ? std::string(*built_in) : std::string();
}

std::vector<Section> Publisher::Sections() const {
    return options_.live_sections ? options_.live_sections() : options_.sections;
}

const Section* Publisher::SectionNamedBy(const std::vector<Section>& sections, const WireSubject& subject) {
    std::string name = AsciiLower(TrimWhitespace(subject.name));
    std::string code = AsciiLower(TrimWhitespace(subject.code));
    for (const Section& section : sections) {
        if (!name.empty() && (name == AsciiLower(section.name) || name == section.slug)) return &section;
        if (!code.empty() && (code == section.slug || code.ends_with(":" + section.slug) ||
                              code.ends_with("/" + section.slug))) {
            return &section;
        }
    }
    return nullptr;
}

std::string Publisher::RouteSection(const WireItem& item, const PublishContext& context,
                                    const RoutingDecision& decision) const {
    if (context.forced_section) return *context.forced_section;
    if (decision.section) return *decision.section;
    const std::vector<Section> sections = Sections();
    for (const WireSubject& subject : item.subjects) {
        if (const Section* section = SectionNamedBy(sections, subject)) return section->slug;
    }
    return context.fallback_section.empty() ? options_.default_section : context.fallback_section;
}

std::optional<Picture> Publisher::StorePicture(const WirePicture& wire, const std::filesystem::path& base_dir,
                                               std::vector<std::string>& warnings) const {
    const Rendition* rendition = ChooseRendition(wire.renditions);
    if (!rendition) {
        warnings.push_back("picture has no usable image rendition");
        return std::nullopt;
    }
    Result<std::string> bytes = IsHttpUrl(rendition->href)
                                    ? fetcher_.Fetch(rendition->href, options_.max_picture_bytes, options_.fetch_timeout)
                                    : ReadRelative(base_dir, rendition->href, options_.max_picture_bytes);
    if (!bytes) {
        warnings.push_back("picture skipped: " + bytes.error().message);
        return std::nullopt;
    }
    auto stored = media_.Put(*bytes, options_.max_picture_bytes);
    if (!stored) {
        warnings.push_back("picture " + rendition->href + " skipped: " + stored.error().message);
        return std::nullopt;
    }
    Picture picture;
    picture.path = stored->path;
    picture.mime = stored->mime;
    picture.width = stored->width > 0 ? stored->width : rendition->width;
    picture.height = stored->height > 0 ? stored->height : rendition->height;
    picture.alt_text = std::string(TrimWhitespace(wire.alt_text));
    picture.caption = std::string(TrimWhitespace(wire.caption));
    picture.credit = std::string(TrimWhitespace(wire.credit));
    return picture;
}

Result<PublishOutcome> Publisher::Publish(const WireItem& item, const PublishContext& context) const {
    auto prepared = Prepare(item, context);
    if (!prepared) return prepared.error();
    return Commit(*prepared);
}

Result<PreparedVersion> Publisher::Prepare(const WireItem& item, const PublishContext& context) const {
    auto prepared = PrepareItem(item, context);
    if (!prepared && options_.wire_log) {
        store::WireLogEntry entry{.at = clock_.Now(),
                                  .feed = context.feed_id,
                                  .uri = std::string(TrimWhitespace(item.uri)),
                                  .outcome = store::WireOutcome::kRejected,
                                  .reason = prepared.error().message};
        if (auto logged = options_.wire_log->Append({entry}); !logged) {
            spdlog::warn("wire log: {}", logged.error().message);
        }
    }
    if (prepared) prepared->feed_id = context.feed_id;
    return prepared;
}

void Publisher::LogRejected(const PublishContext& context, const std::string& source,
                            const std::string& reason) const {
    if (!options_.wire_log) return;
    store::WireLogEntry entry{.at = clock_.Now(),
                              .feed = context.feed_id,
                              .uri = source,
                              .outcome = store::WireOutcome::kRejected,
                              .reason = reason};
    if (auto logged = options_.wire_log->Append({entry}); !logged) {
        spdlog::warn("wire log: {}", logged.error().message);
    }
}

void Publisher::LogOutcomes(const std::vector<const PreparedVersion*>& prepared,
                            const std::vector<Result<store::UpsertResult>>& stored) const {
    if (!options_.wire_log) return;
    std::vector<store::WireLogEntry> entries;
    const Timestamp now = clock_.Now();
    for (size_t i = 0; i < stored.size() && i < prepared.size(); ++i) {
        store::WireLogEntry entry{.at = now, .feed = prepared[i]->feed_id, .uri = prepared[i]->version.uri};
        if (!stored[i]) {
            entry.outcome = store::WireOutcome::kRejected;
            entry.reason = stored[i].error().message;
        } else if (stored[i]->outcome == store::UpsertOutcome::kUnchanged) {
            continue;  // A version we have: repeated by every poll, not news.
        } else {
            entry.article = stored[i]->id;
            entry.outcome = stored[i]->outcome == store::UpsertOutcome::kCreated ? store::WireOutcome::kCreated
                                                                                 : store::WireOutcome::kUpdated;
        }
        entries.push_back(std::move(entry));
    }
    if (auto logged = options_.wire_log->Append(entries); !logged) {
        spdlog::warn("wire log: {}", logged.error().message);
    }
}

Result<PreparedVersion> Publisher::PrepareItem(const WireItem& item, const PublishContext& context) const {
    if (TrimWhitespace(item.uri).empty()) return Fail(ErrorCode::kInvalidInput, "the item has no uri");
    if (!item.type.empty() && item.type != "text" && item.type != "composite") {
        return Fail(ErrorCode::kUnsupported, "a " + item.type + " item is not a story (only text items are published)");
    }
    bool killed = item.pub_status == PubStatus::kCanceled;
    std::string headline(TrimWhitespace(item.headline));
    SanitizedHtml body = SanitizeHtml(item.body_html);
    if (!killed) {
        if (headline.empty()) return Fail(ErrorCode::kInvalidInput, "the item has no headline");
        if (body.word_count == 0 && TrimWhitespace(item.summary).empty()) {
            return Fail(ErrorCode::kInvalidInput, "the item has no body and no summary");
        }
    }

    PreparedVersion prepared;
    store::NewArticleVersion& version = prepared.version;
    version.uri = std::string(TrimWhitespace(item.uri));
    version.wire_version = item.version;
    version.first_created = item.first_created;
    version.version_created = item.version_created;
    RoutingDecision decision = ApplyRules(options_.rules, item, context.feed_id);
    version.section = RouteSection(item, context, decision);
    version.premium = decision.premium.value_or(context.premium);
    version.held = decision.hold.value_or(context.hold);
    version.slug = Slugify(headline);
    version.syndicated = true;
    Timestamp now = clock_.Now();
    prepared.prepared_at = now;
    if (killed) {
        version.status = ArticleStatus::kKilled;
    } else if (item.pub_status == PubStatus::kWithheld) {
        version.status = ArticleStatus::kWithheld;
    } else if (item.embargoed_until && *item.embargoed_until > now) {
        version.status = ArticleStatus::kWithheld;
        version.embargo_until = item.embargoed_until;  // Released when it passes.
    }

    ArticleContent& content = version.content;
    content.headline = headline;
    content.standfirst = std::string(TrimWhitespace(item.summary));
    content.body_html = std::move(body.html);
    content.word_count = body.word_count;
    content.byline = std::string(TrimWhitespace(item.byline));
    content.located = std::string(TrimWhitespace(item.located));
    content.provider = std::string(TrimWhitespace(item.provider.empty() ? item.copyright_holder : item.provider));
    content.language = item.language;
    content.ed_note = item.ed_note;
    std::set<std::string> seen;
    const std::vector<Section> sections = Sections();
    for (const WireSubject& subject : item.subjects) {
        std::string name(TrimWhitespace(subject.name));
        if (name.empty()) name = MediaTopicNameFor(subject.code);
        if (name.empty() || SectionNamedBy(sections, subject)) continue;
        Topic topic{Slugify(name), name};
        if (seen.insert(topic.slug).second) content.topics.push_back(std::move(topic));
    }
    for (const std::string& name : decision.topics) {
        Topic topic{Slugify(name), name};
        if (seen.insert(topic.slug).second) content.topics.push_back(std::move(topic));
    }
    if (item.picture && !killed) {
        content.picture = StorePicture(*item.picture, context.base_dir, prepared.warnings);
        if (content.picture && content.picture->alt_text.empty()) {
            // Never an image without a text alternative: fall back to the caption, then the headline.
            content.picture->alt_text = content.picture->caption.empty() ? headline : content.picture->caption;
        }
    }

    return prepared;
}

std::vector<Result<PublishOutcome>> Publisher::CommitMany(const std::vector<const PreparedVersion*>& prepared) const {
    std::vector<store::NewArticleVersion> versions;
    versions.reserve(prepared.size());
    for (const PreparedVersion* one : prepared) versions.push_back(one->version);
    std::vector<Result<store::UpsertResult>> stored = articles_.UpsertMany(versions, clock_.Now());
    LogOutcomes(prepared, stored);
    std::vector<Result<PublishOutcome>> outcomes;
    for (size_t i = 0; i < stored.size(); ++i) {
        if (!stored[i]) {
            outcomes.emplace_back(stored[i].error());
            continue;
        }
        outcomes.push_back(PublishOutcome{stored[i]->id, stored[i]->outcome, prepared[i]->warnings});
    }
    return outcomes;
}

Result<PublishOutcome> Publisher::Commit(const PreparedVersion& prepared) const {
    auto stored = articles_.Upsert(prepared.version, prepared.prepared_at);
    LogOutcomes({&prepared}, {stored});
    if (!stored) return stored.error();
    PublishOutcome outcome;
    outcome.id = stored->id;
    outcome.outcome = stored->outcome;
    outcome.warnings = prepared.warnings;
    return outcome;
}

}  // namespace broadsheet::ingest
