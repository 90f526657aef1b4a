#pragma once

#include <memory>

#include "app/config.h"
#include "core/result.h"

namespace broadsheet::store {
class SettingsStore;
}  // namespace broadsheet::store

namespace broadsheet::site {
class Site;
}  // namespace broadsheet::site

namespace broadsheet::newsroom {
class Newsroom;
class SettingsService;
class SettingsPages;
struct SiteSettings;
}  // namespace broadsheet::newsroom

namespace broadsheet::app {

class Runtime;

/// `config` with the site settings admins stored in the newsroom (name, tagline, time zone,
/// sections) over it. The default section is pinned to the config's (so reordering sections
/// does not move where unrouted wire items go). Stored values that no longer make sense are
/// skipped with a warning; an Error only when the store cannot be read.
Result<Config> WithStoredSettings(Config config, store::SettingsStore& settings);

/// The site settings pages in `serve` (/newsroom/settings, admins only): the settings store
/// (SQLite), the service that checks and stores changes, and its listener that makes them
/// live: the reader site (name, tagline, zone, sections, navigation; its page cache is
/// dropped) and the publisher's sections (Runtime::UpdateSections). Built by
/// NewsroomModule::Serve; destroyed before the newsroom.
class SettingsModule final {
public:
    /// Registers the pages on `newsroom`; `runtime`, `newsroom` and `site` must outlive the module.
    SettingsModule(Runtime& runtime, newsroom::Newsroom& newsroom, site::Site& site);
    ~SettingsModule();
    SettingsModule(const SettingsModule&) = delete;
    SettingsModule& operator=(const SettingsModule&) = delete;

private:
    std::unique_ptr<store::SettingsStore> store_;
    std::unique_ptr<newsroom::SettingsService> service_;
    std::unique_ptr<newsroom::SettingsPages> pages_;
};

}  // namespace broadsheet::app
