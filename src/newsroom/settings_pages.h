#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ingest/feed_config.h"
#include "ingest/routing.h"
#include "newsroom/newsroom.h"
#include "newsroom/settings.h"

namespace broadsheet::newsroom {

/// What the settings page shows read-only: the feeds and rules live in the config file.
struct SettingsPagesOptions {
    std::vector<ingest::FeedConfig> feeds;
    std::vector<ingest::RoutingRule> rules;
    std::string default_section;  ///< Where wire items that name no section go.
    std::string config_file;  ///< For the note that feeds and rules are edited there; may be empty.
};

/// /newsroom/settings, for admins: the site's name and tagline, its time zone, the sections
/// (add, rename, reorder, remove when unused) and, read-only, the feeds and routing rules.
/// Every form POSTs to /newsroom/settings with an "action"; a change is checked, stored,
/// made live and audited ("settings.site", "settings.timezone", "settings.section.add",
/// ".rename", ".move", ".remove"); a refused one shows its reason on the page (422 or 409)
/// and changes nothing. Registers on construction; `newsroom` and `settings` must outlive
/// it. Thread-safe.
class SettingsPages final {
public:
    SettingsPages(Newsroom& newsroom, SettingsService& settings, SettingsPagesOptions options);

private:
    http::Response Route(const http::Request& request, const StaffContext& staff) const;
    http::Response Change(const http::Request& request, const StaffContext& staff) const;
    /// The page; `form` carries a refused form's values and its error ("error_site"...).
    http::Response Page(const StaffContext& staff, nlohmann::json form, int status) const;

    Newsroom& newsroom_;         // Not owned.
    SettingsService& settings_;  // Not owned.
    const SettingsPagesOptions options_;
};

}  // namespace broadsheet::newsroom
