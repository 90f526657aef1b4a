#include "app/settings_module.h"

#include <spdlog/spdlog.h>

#include "app/runtime.h"
#include "newsroom/settings.h"
#include "newsroom/settings_pages.h"
#include "site/site.h"
#include "store/sqlite/sqlite_settings_store.h"

namespace broadsheet::app {
namespace {

newsroom::SiteSettings SettingsOf(const Config& config) {
    return {config.site.name, config.site.tagline, config.site.timezone, config.sections};
}

// Why `slug` must stay though no story uses it: the config file sends items there.
std::string PinnedBy(const Config& config, std::string_view slug) {
    if (config.DefaultSection() == slug) return "wire items that name no section go there";
    for (const ingest::FeedConfig& feed : config.feeds) {
        if (feed.section == slug) return "feed \"" + feed.id + "\" files its items there";
    }
    for (const ingest::RoutingRule& rule : config.rules) {
        if (rule.section == slug) return "a routing rule files items there";
    }
    return {};
}

}  // namespace

Result<Config> WithStoredSettings(Config config, store::SettingsStore& settings) {
    // Pinned before the sections may change order: the default is the config's first.
    config.ingest.default_section = config.DefaultSection();
    auto stored = settings.Load(newsroom::SettingsService::kKey);
    if (!stored) return stored.error();
    if (!*stored) return config;
    auto applied = newsroom::ApplyStored(SettingsOf(config), **stored);
    if (!applied) {
        spdlog::warn("settings: {}; using the config file's", applied.error().message);
        return config;
    }
    config.site.name = applied->name;
    config.site.tagline = applied->tagline;
    config.site.timezone = applied->timezone;
    if (!newsroom::SameSections(config.sections, applied->sections)) {
        spdlog::info(
            "settings: the sections are the newsroom's ({} stored), not the config file's "
            "[[sections]]",
            applied->sections.size());
    }
    config.sections = applied->sections;
    return config;
}

SettingsModule::SettingsModule(Runtime& runtime, newsroom::Newsroom& newsroom, site::Site& site)
    : store_(std::make_unique<store::sqlite::SqliteSettingsStore>(runtime.pool())) {
    const Config& config = runtime.config();
    service_ = std::make_unique<newsroom::SettingsService>(
        SettingsOf(runtime.file_config()), *store_, runtime.clock(),
        [&config](std::string_view slug) { return PinnedBy(config, slug); });
    if (auto loaded = service_->Load(); !loaded) {
        spdlog::warn("settings: {}; using the config file's", loaded.error().message);
    }
    // Every change is live at once: the reader site (its page cache is dropped) and the
    // sections the publisher routes wire items by.
    auto apply = [&runtime, &site](const newsroom::SiteSettings& settings) {
        auto zone = SiteTimeZone::Find(settings.timezone);
        if (!zone) {
            // Checked before it was stored; only a tz database changing under us gets here.
            spdlog::error("settings: {}", zone.error().message);
            zone = site.options().timezone;
        }
        site.UpdateSettings(site::LiveSettings{settings.name, settings.tagline, *zone,
                                               settings.sections, settings.topic_names});
        runtime.UpdateSections(settings.sections);
    };
    // The stored topic names are not in the config the site was built from.
    apply(service_->Current());
    service_->AddListener(apply);
    pages_ = std::make_unique<newsroom::SettingsPages>(
        newsroom, *service_,
        newsroom::SettingsPagesOptions{config.feeds, config.rules, config.DefaultSection(), {}});
}

SettingsModule::~SettingsModule() = default;

}  // namespace broadsheet::app
