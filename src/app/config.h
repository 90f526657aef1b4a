#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/plan.h"
#include "core/result.h"
#include "ingest/feed_config.h"
#include "ingest/routing.h"

namespace broadsheet::app {

/// `[site]`: who the publication is.
struct SiteConfig {
    std::string name = "Broadsheet";                  ///< Shown in the masthead and notices.
    std::string base_url = "http://127.0.0.1:8080";   ///< Canonical origin, no trailing slash.
    std::string timezone = "Asia/Kolkata";            ///< IANA zone for dates shown to readers.
    std::string language = "en";                      ///< BCP 47, for <html lang>.
    std::string tagline = "News you can trust, as it happens";
};

/// `[server]`: how `serve` listens.
struct ServerConfig {
    std::string listen = "127.0.0.1:8080";
    int threads = 0;                          ///< io threads; 0 = one per core.
    bool access_log = true;
    int64_t max_body_bytes = 1024 * 1024;     ///< Larger request bodies get 413.
    int page_cache_mb = 64;                   ///< Memory for rendered pages; 0 turns the cache off.
    int page_cache_seconds = 30;              ///< Longest a rendered page is reused.
};

/// `[paywall]`: the meter and the grace period.
struct PaywallConfig {
    int free_stories_per_month = 3;  ///< Premium stories a visitor may read free each calendar month.
    int registration_bonus = 2;      ///< Extra free stories a month for signed-in readers.
    int grace_days = 7;              ///< Access kept after a failed renewal.
};

/// `[mail]`: how mail leaves (the durable outbox sends it).
struct MailConfig {
    std::string smtp_url;  ///< "smtp://127.0.0.1:25" or "smtps://…"; "" = keep mail in the outbox unsent.
    std::string from = "Broadsheet <no-reply@localhost>";
    std::string username;
    std::string password;
};

/// `[billing]`: the payment gateway and its keys.
struct BillingConfig {
    std::string gateway = "test";  ///< "test" (no money moves), "razorpay" or "stripe".
    std::string razorpay_key_id;
    std::string razorpay_key_secret;
    std::string razorpay_webhook_secret;
    std::string razorpay_base_url = "https://api.razorpay.com";
    std::string stripe_secret_key;
    std::string stripe_webhook_secret;
    std::string stripe_base_url = "https://api.stripe.com";
    int http_timeout_seconds = 20;  ///< Longest wait for a gateway's API to answer.
};

/// `[[ads]]`: an ad slot placeholder.
struct AdConfig {
    std::string position;  ///< "top", "article", "listing" or "bottom".
    int width = 0;
    int height = 0;
};

/// `[ingest]`: where wire copy goes.
struct IngestConfig {
    std::string default_section;  ///< Section slug when an item names none; "" = the first section.
    int64_t max_item_bytes = 8 * 1024 * 1024;      ///< Larger wire files are rejected.
    int64_t max_picture_bytes = 20 * 1024 * 1024;  ///< Larger pictures are skipped.
    int fetch_timeout_seconds = 20;                ///< For pictures given by http(s) URL.
    /// A Media Topic vocabulary (code TAB name per line) naming code-only subjects; "" = the
    /// built-in partial table only.
    std::string media_topics;
};

/// `[offer]`: the subscription box under each article.
struct OfferConfig {
    /// "{site}" is replaced with the site's name.
    std::string headline = "Subscribe to {site} digital and get complimentary access to The New York Times";
    std::string renewal_note = "Renews automatically, cancel anytime";
    std::string perks_heading = "Here’s what’s included in our digital subscription plans";
};

/// The whole configuration, read once at start-up.
struct Config {
    SiteConfig site;
    ServerConfig server;
    IngestConfig ingest;
    OfferConfig offer;
    PaywallConfig paywall;
    MailConfig mail;
    BillingConfig billing;
    std::vector<Section> sections;
    std::vector<Plan> plans;
    std::vector<Perk> perks;
    std::vector<ingest::FeedConfig> feeds;  ///< `[[feeds]]`; none by default.
    std::vector<ingest::RoutingRule> rules;  ///< `[[rules]]`; none by default.
    std::vector<AdConfig> ads;  ///< `[[ads]]`; the demo's three slots by default, `ads = []` for none.

    /// The default section's slug (ingest.default_section, else the first section).
    const std::string& DefaultSection() const;
};

/// The built-in configuration: the demo publication with the reference page's plans.
Config DefaultConfig();

/// Parses TOML text. Every key is optional; a missing key keeps its default, a missing
/// `[[sections]]`/`[[plans]]`/`[[perks]]` array keeps the default list (there are no default
/// `[[feeds]]`). Unknown keys, wrong types and inconsistent values are errors naming
/// `source_name`, the line and the key.
Result<Config> ParseConfig(std::string_view toml_text, std::string_view source_name);

/// Reads and parses a config file.
Result<Config> LoadConfig(const std::filesystem::path& path);

/// Splits "HOST:PORT" (or "[v6]:PORT"). Port 0 means "any free port".
Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view listen);

}  // namespace broadsheet::app
