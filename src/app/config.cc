#include "app/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "core/text.h"
#include "app/config_reader.h"

namespace broadsheet::app {
namespace {

using config_internal::IsSlug;
using config_internal::Reader;


std::vector<Perk> DefaultPerks() {
    return {
        {"premium-stories", "Exclusive premium stories online", "Over 30 premium stories daily, handpicked by our editors", 0},
        {"nyt", "Complimentary Access to The New York Times", "News, Games, Cooking, Audio, Wirecutter & The Athletic", 0},
        {"epaper", "{site} Epaper", "Digital replica of our daily newspaper — with options to read, save, and share", 0},
        {"newsletters", "Curated Newsletters", "Insights on markets, finance, politics, tech, and more delivered to your inbox", 0},
        {"market-analysis", "Market Analysis & Investment Insights",
         "In-depth market analysis & insights with access to The Smart Investor", 0},
        {"archives", "Archives", "Repository of articles and publications dating back to 1997", 0},
        {"ad-free", "Ad-free Reading", "Uninterrupted reading experience with no advertisements", 0},
        {"all-devices", "Seamless Access Across All Devices",
         "Access {site} across devices — mobile, tablet, or PC, via web or app", 0},
        {"nyt-second-year", "Complimentary New York Times access for the 2nd year",
         "Continued New York Times access in your second year of subscription", 12},
    };
}

std::vector<Plan> DefaultPlans() {
    const std::vector<std::string> base = {"premium-stories", "nyt", "epaper", "newsletters",
                                           "market-analysis", "archives", "ad-free", "all-devices"};
    std::vector<std::string> essential = base;
    essential.push_back("nyt-second-year");
    return {
        Plan{"smart-quarterly", "Smart Quarterly", Money{90000, "INR"}, 3, Money{120000, "INR"}, base},
        Plan{"smart-essential", "Smart Essential", Money{270000, "INR"}, 12, Money{500000, "INR"}, essential},
        Plan{"super-saver", "Super Saver", Money{390000, "INR"}, 24, std::nullopt, base},
    };
}

std::vector<Section> DefaultSections() {
    return {{"world", "World"}, {"india", "India"}, {"markets", "Markets"}, {"technology", "Technology"},
            {"sports", "Sports"}};
}


void ReadSections(Reader& r, const toml::table& root, Config& config) {
    const toml::array* tables = r.Tables(root, "sections");
    if (!tables) return;
    config.sections.clear();
    std::set<std::string> seen;
    for (const toml::node& node : *tables) {
        const toml::table& t = *node.as_table();
        r.CheckKeys(t, "sections", {"slug", "name"});
        Section section;
        r.String(t, "sections", "slug", section.slug);
        r.String(t, "sections", "name", section.name);
        if (!IsSlug(section.slug)) r.Problem(&node, "sections.slug", "must be lower-case letters, digits and hyphens");
        // These paths belong to other pages.
        static const std::set<std::string> kReserved = {"topic", "archive", "search", "static", "media", "feeds",
                                                        "healthz", "metrics", "api", "newsroom", "account",
                                                        "subscribe", "epaper", "newsletters"};
        if (kReserved.count(section.slug)) r.Problem(&node, "sections.slug", "\"" + section.slug + "\" is reserved");
        if (!seen.insert(section.slug).second) r.Problem(&node, "sections.slug", "duplicate section \"" + section.slug + "\"");
        if (section.name.empty()) section.name = section.slug;
        config.sections.push_back(section);
    }
    if (config.sections.empty()) r.Problem(tables, "sections", "at least one section is needed");
}

std::vector<AdConfig> DefaultAds() {
    return {{"top", 728, 90}, {"article", 300, 250}, {"listing", 728, 90}};
}

void ReadAds(Reader& r, const toml::table& root, Config& config) {
    // `ads = []` (an empty array) turns every slot off.
    if (const toml::node* node = root.get("ads"); node && node->is_array() && node->as_array()->empty()) {
        config.ads.clear();
        return;
    }
    const toml::array* tables = r.Tables(root, "ads");
    if (!tables) return;
    config.ads.clear();
    std::set<std::string> seen;
    for (const toml::node& node : *tables) {
        const toml::table& t = *node.as_table();
        r.CheckKeys(t, "ads", {"position", "width", "height"});
        AdConfig ad;
        r.String(t, "ads", "position", ad.position);
        r.Int(t, "ads", "width", ad.width, 1, 4000);
        r.Int(t, "ads", "height", ad.height, 1, 4000);
        if (ad.position != "top" && ad.position != "article" && ad.position != "listing" && ad.position != "bottom") {
            r.Problem(&node, "ads.position", "must be \"top\", \"article\", \"listing\" or \"bottom\"");
        } else if (!seen.insert(ad.position).second) {
            r.Problem(&node, "ads.position", "one slot per position; \"" + ad.position + "\" is repeated");
        }
        if (ad.width == 0 || ad.height == 0) r.Problem(&node, "ads", "width and height are required");
        config.ads.push_back(ad);
    }
}

void ReadPerks(Reader& r, const toml::table& root, Config& config) {
    const toml::array* tables = r.Tables(root, "perks");
    if (!tables) return;
    config.perks.clear();
    std::set<std::string> seen;
    for (const toml::node& node : *tables) {
        const toml::table& t = *node.as_table();
        r.CheckKeys(t, "perks", {"id", "title", "description", "eligible_after_months"});
        Perk perk;
        r.String(t, "perks", "id", perk.id);
        r.String(t, "perks", "title", perk.title);
        r.String(t, "perks", "description", perk.description);
        r.Int(t, "perks", "eligible_after_months", perk.eligible_after_months, 0, 120);
        if (perk.id.empty()) r.Problem(&node, "perks.id", "is required");
        if (!seen.insert(perk.id).second) r.Problem(&node, "perks.id", "duplicate perk \"" + perk.id + "\"");
        config.perks.push_back(perk);
    }
}

void ReadPlans(Reader& r, const toml::table& root, Config& config) {
    const toml::array* tables = r.Tables(root, "plans");
    if (!tables) return;
    config.plans.clear();
    std::set<std::string> seen;
    for (const toml::node& node : *tables) {
        const toml::table& t = *node.as_table();
        r.CheckKeys(t, "plans", {"id", "name", "price", "list_price", "currency", "months", "perks", "max_devices",
                                 "trial_days", "active"});
        Plan plan;
        r.String(t, "plans", "id", plan.id);
        r.String(t, "plans", "name", plan.name);
        r.Int(t, "plans", "price", plan.price.minor, 0, int64_t{1} << 40);
        r.String(t, "plans", "currency", plan.price.currency);
        r.Int(t, "plans", "months", plan.months, 1, 120);
        if (t.get("list_price")) {
            Money list{0, plan.price.currency};
            r.Int(t, "plans", "list_price", list.minor, 0, int64_t{1} << 40);
            plan.list_price = list;
        }
        r.StringList(t, "plans", "perks", plan.perks);
        r.Int(t, "plans", "max_devices", plan.max_devices, 1, 100);
        r.Int(t, "plans", "trial_days", plan.trial_days, 0, 365);
        r.Bool(t, "plans", "active", plan.active);
        if (plan.id.empty()) r.Problem(&node, "plans.id", "is required");
        if (!seen.insert(plan.id).second) r.Problem(&node, "plans.id", "duplicate plan \"" + plan.id + "\"");
        if (plan.price.currency.size() != 3) r.Problem(&node, "plans.currency", "must be an ISO 4217 code such as \"INR\"");
        for (const std::string& perk : plan.perks) {
            bool known = false;
            for (const Perk& p : config.perks) known = known || p.id == perk;
            if (!known) r.Problem(t.get("perks"), "plans.perks", "unknown perk \"" + perk + "\"");
        }
        config.plans.push_back(plan);
    }
}

}  // namespace

const std::string& Config::DefaultSection() const {
    if (!ingest.default_section.empty() || sections.empty()) return ingest.default_section;
    return sections.front().slug;
}

Config DefaultConfig() {
    Config config;
    config.sections = DefaultSections();
    config.perks = DefaultPerks();
    config.plans = DefaultPlans();
    config.ads = DefaultAds();
    return config;
}

Result<Config> ParseConfig(std::string_view toml_text, std::string_view source_name) {
    toml::table root;
    try {
        root = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& e) {
        std::ostringstream out;
        out << source_name << ":" << e.source().begin.line << ": " << e.description();
        return Fail(ErrorCode::kInvalidInput, out.str());
    }
    Config config = DefaultConfig();
    Reader r(source_name);
    r.CheckKeys(root, "", {"site", "server", "ingest", "offer", "sections", "plans", "perks", "feeds", "rules", "ads",
                       "paywall", "mail", "billing"});
    if (const toml::table* site = r.Table(root, "site")) {
        r.CheckKeys(*site, "site", {"name", "base_url", "timezone", "language", "tagline"});
        r.String(*site, "site", "name", config.site.name);
        r.String(*site, "site", "base_url", config.site.base_url);
        r.String(*site, "site", "timezone", config.site.timezone);
        r.String(*site, "site", "language", config.site.language);
        r.String(*site, "site", "tagline", config.site.tagline);
        while (!config.site.base_url.empty() && config.site.base_url.back() == '/') config.site.base_url.pop_back();
        std::string_view base = config.site.base_url;
        if (base.substr(0, 7) != "http://" && base.substr(0, 8) != "https://") {
            r.Problem(site->get("base_url"), "site.base_url", "must start with http:// or https://");
        }
    }
    if (const toml::table* server = r.Table(root, "server")) {
        r.CheckKeys(*server, "server",
                    {"listen", "threads", "access_log", "max_body_bytes", "page_cache_mb", "page_cache_seconds"});
        r.String(*server, "server", "listen", config.server.listen);
        r.Int(*server, "server", "threads", config.server.threads, 0, 256);
        r.Bool(*server, "server", "access_log", config.server.access_log);
        r.Int(*server, "server", "max_body_bytes", config.server.max_body_bytes, 1024, int64_t{1} << 32);
        r.Int(*server, "server", "page_cache_mb", config.server.page_cache_mb, 0, 65536);
        r.Int(*server, "server", "page_cache_seconds", config.server.page_cache_seconds, 1, 86400);
        if (!ParseListenAddress(config.server.listen)) {
            r.Problem(server->get("listen"), "server.listen", "expected HOST:PORT, e.g. \"127.0.0.1:8080\"");
        }
    }
    if (const toml::table* ingest = r.Table(root, "ingest")) {
        r.CheckKeys(*ingest, "ingest",
                    {"default_section", "max_item_bytes", "max_picture_bytes", "fetch_timeout_seconds", "media_topics"});
        r.String(*ingest, "ingest", "media_topics", config.ingest.media_topics);
        r.String(*ingest, "ingest", "default_section", config.ingest.default_section);
        r.Int(*ingest, "ingest", "max_item_bytes", config.ingest.max_item_bytes, 1024, int64_t{1} << 32);
        r.Int(*ingest, "ingest", "max_picture_bytes", config.ingest.max_picture_bytes, 1024, int64_t{1} << 32);
        r.Int(*ingest, "ingest", "fetch_timeout_seconds", config.ingest.fetch_timeout_seconds, 1, 600);
    }
    if (const toml::table* offer = r.Table(root, "offer")) {
        r.CheckKeys(*offer, "offer", {"headline", "renewal_note", "perks_heading"});
        r.String(*offer, "offer", "headline", config.offer.headline);
        r.String(*offer, "offer", "renewal_note", config.offer.renewal_note);
        r.String(*offer, "offer", "perks_heading", config.offer.perks_heading);
    }
    if (const toml::table* paywall = r.Table(root, "paywall")) {
        r.CheckKeys(*paywall, "paywall", {"free_stories_per_month", "grace_days", "registration_bonus"});
        r.Int(*paywall, "paywall", "free_stories_per_month", config.paywall.free_stories_per_month, 0, 1000);
        r.Int(*paywall, "paywall", "grace_days", config.paywall.grace_days, 0, 90);
        r.Int(*paywall, "paywall", "registration_bonus", config.paywall.registration_bonus, 0, 1000);
    }
    if (const toml::table* mail = r.Table(root, "mail")) {
        r.CheckKeys(*mail, "mail", {"smtp_url", "from", "username", "password"});
        r.String(*mail, "mail", "smtp_url", config.mail.smtp_url);
        r.String(*mail, "mail", "from", config.mail.from);
        r.String(*mail, "mail", "username", config.mail.username);
        r.String(*mail, "mail", "password", config.mail.password);
        std::string_view url = config.mail.smtp_url;
        if (!url.empty() && !url.starts_with("smtp://") && !url.starts_with("smtps://")) {
            r.Problem(mail->get("smtp_url"), "mail.smtp_url", "must start with smtp:// or smtps://");
        }
    }
    if (const toml::table* billing = r.Table(root, "billing")) {
        r.CheckKeys(*billing, "billing",
                    {"gateway", "razorpay_key_id", "razorpay_key_secret", "razorpay_webhook_secret",
                     "razorpay_base_url", "stripe_secret_key", "stripe_webhook_secret", "stripe_base_url",
                     "http_timeout_seconds"});
        r.String(*billing, "billing", "gateway", config.billing.gateway);
        r.String(*billing, "billing", "razorpay_key_id", config.billing.razorpay_key_id);
        r.String(*billing, "billing", "razorpay_key_secret", config.billing.razorpay_key_secret);
        r.String(*billing, "billing", "razorpay_webhook_secret", config.billing.razorpay_webhook_secret);
        r.String(*billing, "billing", "razorpay_base_url", config.billing.razorpay_base_url);
        r.String(*billing, "billing", "stripe_secret_key", config.billing.stripe_secret_key);
        r.String(*billing, "billing", "stripe_webhook_secret", config.billing.stripe_webhook_secret);
        r.String(*billing, "billing", "stripe_base_url", config.billing.stripe_base_url);
        r.Int(*billing, "billing", "http_timeout_seconds", config.billing.http_timeout_seconds, 1, 120);
        const std::string& g = config.billing.gateway;
        if (g != "test" && g != "razorpay" && g != "stripe") {
            r.Problem(billing->get("gateway"), "billing.gateway", "must be \"test\", \"razorpay\" or \"stripe\"");
        } else if (g == "razorpay" && (config.billing.razorpay_key_id.empty() ||
                                       config.billing.razorpay_key_secret.empty() ||
                                       config.billing.razorpay_webhook_secret.empty())) {
            r.Problem(billing->get("gateway"), "billing.gateway",
                      "razorpay needs razorpay_key_id, razorpay_key_secret and razorpay_webhook_secret");
        } else if (g == "stripe" &&
                   (config.billing.stripe_secret_key.empty() || config.billing.stripe_webhook_secret.empty())) {
            r.Problem(billing->get("gateway"), "billing.gateway", "stripe needs stripe_secret_key and stripe_webhook_secret");
        }
    }
    ReadSections(r, root, config);
    ReadPerks(r, root, config);
    ReadPlans(r, root, config);
    ReadAds(r, root, config);
    config_internal::ReadFeeds(r, root, config);
    config_internal::ReadRules(r, root, config);
    if (!r.failed() && !config.ingest.default_section.empty()) {
        bool known = false;
        for (const Section& s : config.sections) known = known || s.slug == config.ingest.default_section;
        if (!known) {
            r.Problem(root.at_path("ingest.default_section").node(), "ingest.default_section",
                      "names no configured section");
        }
    }
    if (!r.failed()) {
        // A perk list may have changed under the default plans.
        for (const Plan& plan : config.plans) {
            for (const std::string& perk : plan.perks) {
                bool known = false;
                for (const Perk& p : config.perks) known = known || p.id == perk;
                if (!known) r.Problem(root.get("perks"), "perks", "plan \"" + plan.id + "\" needs perk \"" + perk + "\"");
            }
        }
    }
    if (r.failed()) return Fail(ErrorCode::kInvalidInput, r.error());
    return config;
}

Result<Config> LoadConfig(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(ErrorCode::kIo, "cannot read config file " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > 1024 * 1024) return Fail(ErrorCode::kTooLarge, path.string() + ": larger than 1 MiB");
    return ParseConfig(text.str(), path.string());
}

Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view listen) {
    size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == listen.size()) {
        return Fail(ErrorCode::kInvalidInput, "expected HOST:PORT, got \"" + std::string(listen) + "\"");
    }
    std::string host(listen.substr(0, colon));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    std::string_view port_text = listen.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
        return Fail(ErrorCode::kInvalidInput, "bad port in \"" + std::string(listen) + "\"");
    }
    return std::pair<std::string, uint16_t>{host, static_cast<uint16_t>(port)};
}

}  // namespace broadsheet::app
