#include "newsroom/settings.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "store/settings_store.h"

namespace broadsheet::newsroom {
namespace {

using nlohmann::json;

// Paths that belong to other pages (the config file's list, plus the sitemap prefix).
constexpr std::array<std::string_view, 14> kReservedSlugs = {
    "topic",   "archive", "search",   "static",  "media",     "feeds",  "healthz",
    "metrics", "api",     "newsroom", "account", "subscribe", "epaper", "newsletters"};

// Characters, not bytes: a UTF-8 continuation byte does not start one.
size_t CharacterCount(std::string_view text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool HasControl(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7F;
    });
}

// Trimmed `text`, or why it will not do as `what`.
Result<std::string> CleanText(std::string_view text, std::string_view what, size_t max_length,
                              bool required) {
    std::string clean(TrimWhitespace(text));
    if (required && clean.empty())
        return Fail(ErrorCode::kInvalidInput, std::string(what) + " may not be empty");
    if (HasControl(clean)) {
        return Fail(ErrorCode::kInvalidInput,
                    std::string(what) + " may not contain line breaks or control characters");
    }
    if (CharacterCount(clean) > max_length) {
        return Fail(ErrorCode::kInvalidInput, std::string(what) + " may be at most " +
                                                  std::to_string(max_length) + " characters");
    }
    return clean;
}

bool IsSlug(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return s.front() != '-' && s.back() != '-';
}

Result<std::string> CheckNewSlug(const SiteSettings& settings, std::string_view text) {
    std::string slug(TrimWhitespace(text));
    if (slug.empty())
        return Fail(ErrorCode::kInvalidInput, "The section's address (slug) may not be empty");
    if (slug.size() > kMaxSectionSlugLength || !IsSlug(slug)) {
        return Fail(ErrorCode::kInvalidInput,
                    "The section's address \"" + slug +
                        "\" must be lower-case letters, digits and inner hyphens, at most " +
                        std::to_string(kMaxSectionSlugLength) + " characters");
    }
    if (std::find(kReservedSlugs.begin(), kReservedSlugs.end(), slug) != kReservedSlugs.end() ||
        slug.starts_with("sitemap")) {
        return Fail(
            ErrorCode::kInvalidInput,
            "\"/" + slug + "\" belongs to another page of the site; choose another address");
    }
    for (const Section& section : settings.sections) {
        if (section.slug == slug)
            return Fail(ErrorCode::kConflict, "There is already a section \"" + slug + "\"");
    }
    return slug;
}

Result<std::string> CheckSectionName(const SiteSettings& settings, std::string_view text,
                                     std::string_view except) {
    auto name = CleanText(text, "A section's name", kMaxSectionNameLength, true);
    if (!name) return name;
    for (const Section& section : settings.sections) {
        if (section.slug != except && AsciiLower(section.name) == AsciiLower(*name)) {
            return Fail(ErrorCode::kConflict, "The section \"" + section.slug +
                                                  "\" is already called \"" + section.name + "\"");
        }
    }
    return name;
}

// Where `slug` is in the list, or kNotFound.
Result<size_t> IndexOf(const SiteSettings& settings, std::string_view slug) {
    for (size_t i = 0; i < settings.sections.size(); ++i) {
        if (settings.sections[i].slug == slug) return i;
    }
    return Fail(ErrorCode::kNotFound, "There is no section \"" + std::string(slug) + "\"");
}

json SectionsJson(const std::vector<Section>& sections) {
    json list = json::array();
    for (const Section& section : sections)
        list.push_back({{"slug", section.slug}, {"name", section.name}});
    return list;
}

// The stored sections, if they still make a valid list.
std::optional<std::vector<Section>> SectionsFromJson(const json& list) {
    if (!list.is_array() || list.empty() || list.size() > kMaxSections) return std::nullopt;
    SiteSettings check;
    for (const json& item : list) {
        if (!item.is_object()) return std::nullopt;
        auto slug = CheckNewSlug(check, item.value("slug", ""));
        if (!slug) return std::nullopt;
        auto name = CheckSectionName(check, item.value("name", ""), "");
        if (!name) return std::nullopt;
        check.sections.push_back(Section{*slug, *name});
    }
    return check.sections;
}

std::string StoredText(const json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool SameSections(const std::vector<Section>& a, const std::vector<Section>& b) {
    return std::equal(
        a.begin(), a.end(), b.begin(), b.end(),
        [](const Section& x, const Section& y) { return x.slug == y.slug && x.name == y.name; });
}

bool operator==(const SiteSettings& a, const SiteSettings& b) {
    return a.name == b.name && a.tagline == b.tagline && a.timezone == b.timezone &&
           SameSections(a.sections, b.sections) && a.topic_names == b.topic_names;
}

Result<SiteSettings> ApplyStored(SiteSettings base, std::string_view stored) {
    json doc = json::parse(stored, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object())
        return Fail(ErrorCode::kInvalidInput, "the stored site settings are not a JSON object");
    if (doc.contains("name")) {
        if (auto name = CleanText(StoredText(doc, "name"), "name", kMaxSiteNameLength, true))
            base.name = *name;
    }
    if (doc.contains("tagline")) {
        if (auto tagline =
                CleanText(StoredText(doc, "tagline"), "tagline", kMaxTaglineLength, false)) {
            base.tagline = *tagline;
        }
    }
    if (doc.contains("timezone")) {
        std::string zone = StoredText(doc, "timezone");
        if (SiteTimeZone::Find(zone)) {
            base.timezone = zone;
        } else {
            spdlog::warn("settings: stored time zone \"{}\" is unknown; keeping {}", zone,
                         base.timezone);
        }
    }
    if (doc.contains("sections")) {
        if (auto sections = SectionsFromJson(doc["sections"])) {
            base.sections = std::move(*sections);
        } else {
            spdlog::warn(
                "settings: the stored sections are not a valid list; keeping the config file's");
        }
    }
    if (auto names = doc.find("topic_names"); names != doc.end() && names->is_object()) {
        for (const auto& [slug, name] : names->items()) {
            if (!IsSlug(slug) || !name.is_string()) continue;
            if (auto clean =
                    CleanText(name.get<std::string>(), "name", kMaxTopicNameLength, true)) {
                base.topic_names[slug] = *clean;
            }
        }
    }
    return base;
}

Result<SiteSettings> SetIdentity(const SiteSettings& settings, std::string_view name,
                                 std::string_view tagline) {
    auto clean_name = CleanText(name, "The site's name", kMaxSiteNameLength, true);
    if (!clean_name) return clean_name.error();
    auto clean_tagline = CleanText(tagline, "The tagline", kMaxTaglineLength, false);
    if (!clean_tagline) return clean_tagline.error();
    SiteSettings changed = settings;
    changed.name = std::move(*clean_name);
    changed.tagline = std::move(*clean_tagline);
    return changed;
}

Result<SiteSettings> SetTimeZone(const SiteSettings& settings, std::string_view zone) {
    std::string name(TrimWhitespace(zone));
    // Only the shape of IANA names reaches the tz database.
    const bool shaped =
        !name.empty() && name.size() <= 64 && name.find("..") == std::string::npos &&
        std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '/' || c == '_' || c == '-' || c == '+';
        });
    if (!shaped || !SiteTimeZone::Find(name)) {
        return Fail(ErrorCode::kInvalidInput,
                    "\"" + std::string(TrimWhitespace(zone)).substr(0, 64) +
                        "\" is not a time zone this server knows; use an IANA name such as "
                        "\"Asia/Kolkata\" or \"Europe/London\"");
    }
    SiteSettings changed = settings;
    changed.timezone = std::move(name);
    return changed;
}

Result<SiteSettings> AddSection(const SiteSettings& settings, std::string_view slug,
                                std::string_view name) {
    if (settings.sections.size() >= kMaxSections) {
        return Fail(ErrorCode::kConflict, "There are already " + std::to_string(kMaxSections) +
                                              " sections, the most the site shows");
    }
    auto clean_slug = CheckNewSlug(settings, slug);
    if (!clean_slug) return clean_slug.error();
    auto clean_name = CheckSectionName(settings, name, "");
    if (!clean_name) return clean_name.error();
    SiteSettings changed = settings;
    changed.sections.push_back(Section{std::move(*clean_slug), std::move(*clean_name)});
    return changed;
}

Result<SiteSettings> RenameSection(const SiteSettings& settings, std::string_view slug,
                                   std::string_view name) {
    auto index = IndexOf(settings, slug);
    if (!index) return index.error();
    auto clean_name = CheckSectionName(settings, name, slug);
    if (!clean_name) return clean_name.error();
    SiteSettings changed = settings;
    changed.sections[*index].name = std::move(*clean_name);
    return changed;
}

Result<SiteSettings> MoveSection(const SiteSettings& settings, std::string_view slug, int delta) {
    auto index = IndexOf(settings, slug);
    if (!index) return index.error();
    if (delta != -1 && delta != 1)
        return Fail(ErrorCode::kInvalidInput, "A section moves one place up or down");
    const auto to = static_cast<std::ptrdiff_t>(*index) + delta;
    if (to < 0 || to >= static_cast<std::ptrdiff_t>(settings.sections.size())) {
        return Fail(ErrorCode::kConflict, "\"" + settings.sections[*index].name + "\" is already " +
                                              (delta < 0 ? "first" : "last"));
    }
    SiteSettings changed = settings;
    std::swap(changed.sections[*index], changed.sections[static_cast<size_t>(to)]);
    return changed;
}

Result<SiteSettings> RenameTopic(const SiteSettings& settings, const Topic& topic,
                                 std::string_view name) {
    auto clean = CleanText(name, "A topic's name", kMaxTopicNameLength, false);
    if (!clean) return clean.error();
    SiteSettings changed = settings;
    if (clean->empty() || *clean == topic.name) {
        changed.topic_names.erase(topic.slug);
    } else {
        changed.topic_names[topic.slug] = std::move(*clean);
    }
    return changed;
}

Result<SiteSettings> RemoveSection(const SiteSettings& settings, std::string_view slug,
                                   int64_t stories_using, std::string_view pinned) {
    auto index = IndexOf(settings, slug);
    if (!index) return index.error();
    const std::string& name = settings.sections[*index].name;
    if (stories_using > 0) {
        return Fail(ErrorCode::kConflict,
                    "\"" + name + "\" cannot be removed: " + std::to_string(stories_using) +
                        (stories_using == 1 ? " story or draft is" : " stories or drafts are") +
                        " filed under it. Move them to another section first");
    }
    if (!pinned.empty())
        return Fail(ErrorCode::kConflict,
                    "\"" + name + "\" cannot be removed: " + std::string(pinned));
    if (settings.sections.size() == 1)
        return Fail(ErrorCode::kConflict, "The site needs at least one section");
    SiteSettings changed = settings;
    changed.sections.erase(changed.sections.begin() + static_cast<std::ptrdiff_t>(*index));
    return changed;
}

SettingsService::SettingsService(SiteSettings from_config, store::SettingsStore& store,
                                 const Clock& clock, SectionPins pins)
    : from_config_(std::move(from_config)),
      store_(store),
      clock_(clock),
      pins_(std::move(pins)),
      current_(from_config_) {}

Result<void> SettingsService::Load() {
    auto stored = store_.Load(kKey);
    if (!stored) return stored.error();
    std::lock_guard lock(mutex_);
    current_ = from_config_;
    if (!*stored) return {};
    auto applied = ApplyStored(from_config_, **stored);
    if (!applied) return applied.error();
    current_ = std::move(*applied);
    return {};
}

SiteSettings SettingsService::Current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

Result<SiteSettings> SettingsService::Commit(Result<SiteSettings> changed, int64_t staff_id) {
    if (!changed) return changed;
    json doc = json::object();
    if (changed->name != from_config_.name) doc["name"] = changed->name;
    if (changed->tagline != from_config_.tagline) doc["tagline"] = changed->tagline;
    if (changed->timezone != from_config_.timezone) doc["timezone"] = changed->timezone;
    if (!SameSections(changed->sections, from_config_.sections))
        doc["sections"] = SectionsJson(changed->sections);
    if (!changed->topic_names.empty()) doc["topic_names"] = changed->topic_names;
    if (auto saved = store_.Save(kKey, doc.dump(), staff_id, clock_.Now()); !saved)
        return saved.error();
    current_ = *changed;
    for (const Listener& listener : listeners_) listener(current_);
    return changed;
}

Result<SiteSettings> SettingsService::ChangeIdentity(std::string_view name,
                                                     std::string_view tagline, int64_t staff_id) {
    std::lock_guard lock(mutex_);
    return Commit(SetIdentity(current_, name, tagline), staff_id);
}

Result<SiteSettings> SettingsService::ChangeTimeZone(std::string_view zone, int64_t staff_id) {
    std::lock_guard lock(mutex_);
    return Commit(SetTimeZone(current_, zone), staff_id);
}

Result<SiteSettings> SettingsService::AddSection(std::string_view slug, std::string_view name,
                                                 int64_t staff_id) {
    std::lock_guard lock(mutex_);
    return Commit(newsroom::AddSection(current_, slug, name), staff_id);
}

Result<SiteSettings> SettingsService::RenameSection(std::string_view slug, std::string_view name,
                                                    int64_t staff_id) {
    std::lock_guard lock(mutex_);
    return Commit(newsroom::RenameSection(current_, slug, name), staff_id);
}

Result<SiteSettings> SettingsService::MoveSection(std::string_view slug, int delta,
                                                  int64_t staff_id) {
    std::lock_guard lock(mutex_);
    return Commit(newsroom::MoveSection(current_, slug, delta), staff_id);
}

Result<SiteSettings> SettingsService::RemoveSection(std::string_view slug, int64_t staff_id) {
    std::lock_guard lock(mutex_);
    // Counted under the lock, so a concurrent settings change cannot slip in between; a
    // story filed at this very moment can (the site then 404s it until the section returns).
    auto used = store_.SectionUseCount(slug);
    if (!used) return used.error();
    return Commit(newsroom::RemoveSection(current_, slug, *used, PinnedBy(slug)), staff_id);
}

Result<SiteSettings> SettingsService::RenameTopic(std::string_view slug, std::string_view name,
                                                  int64_t staff_id) {
    auto topic = store_.FindTopic(slug);
    if (!topic) return topic.error();
    std::lock_guard lock(mutex_);
    return Commit(newsroom::RenameTopic(current_, *topic, name), staff_id);
}

Result<std::vector<SettingsService::TopicRow>> SettingsService::Topics(std::string_view from,
                                                                       int limit) const {
    auto topics = store_.ListTopics(from, limit);
    if (!topics) return topics.error();
    const SiteSettings current = Current();
    std::vector<TopicRow> rows;
    for (Topic& topic : *topics) {
        auto named = current.topic_names.find(topic.slug);
        std::string shown = named != current.topic_names.end() ? named->second : topic.name;
        rows.push_back(TopicRow{std::move(topic.slug), std::move(shown), std::move(topic.name)});
    }
    return rows;
}

}  // namespace broadsheet::newsroom
