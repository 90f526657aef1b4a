#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {
class SettingsStore;
}  // namespace broadsheet::store

namespace broadsheet::newsroom {

/// What admins may change while serving: the config file's values with the stored changes
/// over them (`site_settings`, key "site"). Only what an admin changed is stored, so the
/// rest keeps following the config file.
struct SiteSettings {
    std::string name;
    std::string tagline;
    std::string timezone;           ///< IANA name, e.g. "Asia/Kolkata".
    std::vector<Section> sections;  ///< In the navigation's order.
    std::map<std::string, std::string>
        topic_names;  ///< Topic slug → the name readers see, over the wire's.
};

/// The same sections (slug and name) in the same order.
bool SameSections(const std::vector<Section>& a, const std::vector<Section>& b);
bool operator==(const SiteSettings& a, const SiteSettings& b);

/// Limits the forms enforce.
inline constexpr size_t kMaxSiteNameLength = 80;
inline constexpr size_t kMaxTaglineLength = 160;
inline constexpr size_t kMaxSectionSlugLength = 40;
inline constexpr size_t kMaxSectionNameLength = 40;
inline constexpr size_t kMaxSections = 30;
inline constexpr size_t kMaxTopicNameLength = 60;

/// `base` with the stored changes (`stored`: the JSON text under "site") over it. A stored
/// value that is no longer valid (an unknown zone after a tz database update, a bad section
/// list) is skipped, keeping the base's. kInvalidInput for text that is not a JSON object.
Result<SiteSettings> ApplyStored(SiteSettings base, std::string_view stored);

/// Why a section may not be removed though no story uses it: "wire items that name no
/// section go there", "feed \"ap\" files its items there". Empty: nothing holds it.
using SectionPins = std::function<std::string(std::string_view slug)>;

/// One admin change, checked. Each returns the changed settings, or kInvalidInput /
/// kConflict with a message for the form; `settings` itself is never changed.
Result<SiteSettings> SetIdentity(const SiteSettings& settings, std::string_view name,
                                 std::string_view tagline);
Result<SiteSettings> SetTimeZone(const SiteSettings& settings, std::string_view zone);
Result<SiteSettings> AddSection(const SiteSettings& settings, std::string_view slug,
                                std::string_view name);
Result<SiteSettings> RenameSection(const SiteSettings& settings, std::string_view slug,
                                   std::string_view name);
/// Moves a section one place up (`delta` -1) or down (+1) in the navigation.
Result<SiteSettings> MoveSection(const SiteSettings& settings, std::string_view slug, int delta);
/// Shows `topic` (as the wires named it) to readers as `name`; an empty name, or the wire's
/// own, restores the wire's.
Result<SiteSettings> RenameTopic(const SiteSettings& settings, const Topic& topic,
                                 std::string_view name);
/// Refused (kConflict) while `stories_using` > 0, while `pinned` is not empty, and for the
/// last section.
Result<SiteSettings> RemoveSection(const SiteSettings& settings, std::string_view slug,
                                   int64_t stories_using, std::string_view pinned);

/// The site settings while serving: the current values, checked changes stored in the
/// database and handed to the listeners (the reader site, the ingest path) at once, so no
/// restart is needed. Changes are serialized; reads are cheap copies. Thread-safe.
class SettingsService final {
public:
    /// Called after every stored change with the new settings.
    using Listener = std::function<void(const SiteSettings&)>;

    /// `from_config`: the config file's values, which stored changes override. `store` and
    /// `clock` must outlive the service.
    SettingsService(SiteSettings from_config, store::SettingsStore& store, const Clock& clock,
                    SectionPins pins);

    /// Reads the stored changes over the config's. Call once, before serving.
    Result<void> Load();
    void AddListener(Listener listener) { listeners_.push_back(std::move(listener)); }

    SiteSettings Current() const;
    /// Why `slug` may not be removed besides its stories (a feed's or the default section).
    std::string PinnedBy(std::string_view slug) const {
        return pins_ ? pins_(slug) : std::string();
    }

    /// What an admin asks for, by `staff_id`. Each checks, stores and notifies, or returns
    /// the reason nothing changed.
    Result<SiteSettings> ChangeIdentity(std::string_view name, std::string_view tagline,
                                        int64_t staff_id);
    Result<SiteSettings> ChangeTimeZone(std::string_view zone, int64_t staff_id);
    Result<SiteSettings> AddSection(std::string_view slug, std::string_view name, int64_t staff_id);
    Result<SiteSettings> RenameSection(std::string_view slug, std::string_view name,
                                       int64_t staff_id);
    Result<SiteSettings> MoveSection(std::string_view slug, int delta, int64_t staff_id);
    Result<SiteSettings> RemoveSection(std::string_view slug, int64_t staff_id);
    Result<SiteSettings> RenameTopic(std::string_view slug, std::string_view name,
                                     int64_t staff_id);
    /// Topics from `from` on (by slug) with the names readers see and the wires gave.
    struct TopicRow {
        std::string slug;
        std::string name;       ///< What readers see.
        std::string wire_name;  ///< What the wires called it.
    };
    Result<std::vector<TopicRow>> Topics(std::string_view from, int limit) const;

    /// The settings key in site_settings.
    static constexpr const char* kKey = "site";

private:
    /// Stores `changed` (only what differs from the config) and tells the listeners.
    /// Called with mutex_ held.
    Result<SiteSettings> Commit(Result<SiteSettings> changed, int64_t staff_id);

    const SiteSettings from_config_;
    store::SettingsStore& store_;  // Not owned.
    const Clock& clock_;           // Not owned.
    const SectionPins pins_;
    std::vector<Listener> listeners_;
    mutable std::mutex mutex_;
    SiteSettings current_;
};

}  // namespace broadsheet::newsroom
