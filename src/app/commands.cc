#include "app/commands.h"

#include <condition_variable>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <stop_token>
#include <thread>
#include <iostream>

#include <spdlog/spdlog.h>

#include "api/ingest_push.h"
#include "app/accounts_module.h"
#include "app/billing_module.h"
#include "app/config.h"
#include "app/progress.h"
#include "app/newsroom_module.h"
#include "app/runtime.h"
#include "app/search_module.h"
#include "app/stories_module.h"
#include "http/server.h"
#include "http/static_files.h"
#include "ingest/ingest_files.h"
#include "ingest/sources/feed_runner.h"
#include "site/account_pages.h"
#include "site/billing_webhooks.h"
#include "site/subscription_pages.h"
#include "site/paywall_gate.h"
#include "site/search_page.h"
#include "site/site.h"
#include "store/sqlite/sqlite_meter_store.h"
#include "accounts/tokens.h"
#include "site/syndication.h"
#include "site/templates.h"
#include "store/feed_store.h"

namespace broadsheet::app {
namespace {

Result<Config> ReadConfig(const CommonOptions& common) {
    if (!common.config_file) return DefaultConfig();
    return LoadConfig(*common.config_file);
}

int Die(const std::string& message) {
    std::cerr << "broadsheet: " << message << "\n";
    return 2;
}

void PrintReport(const ingest::IngestReport& report) {
    for (const auto& [file, reason] : report.rejections) std::cerr << "rejected " << file << ": " << reason << "\n";
    for (const auto& [file, warning] : report.warnings) std::cerr << "warning " << file << ": " << warning << "\n";
}

site::SiteOptions MakeSiteOptions(const Config& config, const SiteTimeZone& zone, const std::filesystem::path& media) {
    site::SiteOptions options{.timezone = zone};
    options.name = config.site.name;
    options.tagline = config.site.tagline;
    options.base_url = config.site.base_url;
    options.language = config.site.language;
    options.sections = config.sections;
    options.plans = config.plans;
    options.perks = config.perks;
    options.offer_headline = config.offer.headline;
    options.renewal_note = config.offer.renewal_note;
    options.perks_heading = config.offer.perks_heading;
    options.media_root = media;
    for (const ingest::FeedConfig& feed : config.feeds) options.feed_ids.push_back(feed.id);
    for (const AdConfig& ad : config.ads) {
        if (auto position = site::ParseAdPosition(ad.position)) {
            options.ads.push_back(site::AdSlot{*position, ad.width, ad.height});
        }
    }
    options.page_cache.max_bytes = static_cast<size_t>(config.server.page_cache_mb) << 20;
    options.page_cache.max_age = std::chrono::seconds(config.server.page_cache_seconds);
    return options;
}

std::string FeedKind(const ingest::FeedConfig& feed) {
    std::string kind;
    auto add = [&kind](const char* part) { kind += (kind.empty() ? "" : "+") + std::string(part); };
    if (!feed.url.empty()) add("poll");
    if (!feed.folder.empty()) add("folder");
    if (!feed.secret.empty()) add("push");
    return kind;
}

// "ap-world  AP World  poll  last success: Nov 16 2024 | 3:57 PM IST  last error: none  ..."
std::string FeedLine(const ingest::FeedConfig& feed, const store::FeedState& state, const SiteTimeZone& zone) {
    auto time = [&zone](const std::optional<Timestamp>& t) { return t ? zone.FormatDateTime(*t) : "never"; };
    std::string next = state.next_poll ? time(state.next_poll) : "at start";
    if (feed.url.empty() && feed.folder.empty()) next = "n/a";  // Push only: nothing to run.
    return feed.id + "  " + feed.name + "  " + FeedKind(feed) + "  last success: " + time(state.last_success) +
           "  last error: " + (state.last_error.empty() ? "none" : state.last_error) + "  next poll: " + next +
           "  failures: " + std::to_string(state.consecutive_failures) +
           "  items: " + std::to_string(state.items_ingested);
}

}  // namespace

int RunFeeds(const FeedsOptions& options) {
    auto config = ReadConfig(options.common);
    if (!config) return Die(config.error().message);
    auto zone = SiteTimeZone::Find(config->site.timezone);
    if (!zone) return Die("site.timezone: " + zone.error().message);
    if (config->feeds.empty()) {
        std::cout << "no feeds configured" << std::endl;
        return 0;
    }
    auto runtime = Runtime::Open(*config, options.common.data_dir);
    if (!runtime) return Die(runtime.error().message);
    bool rejected = false;
    if (options.poll_now) {
        for (const ingest::FeedConfig& feed : config->feeds) {
            if (feed.url.empty() && feed.folder.empty()) continue;
            ingest::IngestReport report = (*runtime)->feed_runner().RunOnce(feed);
            PrintReport(report);
            std::cout << feed.id << ": " << report.Summary() << std::endl;
            rejected = rejected || report.rejected > 0;
        }
    }
    for (const ingest::FeedConfig& feed : config->feeds) {
        auto state = (*runtime)->feed_states().Get(feed.id);
        if (!state) return Die(state.error().message);
        std::cout << FeedLine(feed, *state, *zone) << "\n";
    }
    std::cout << std::flush;
    return rejected ? 1 : 0;
}

int RunIngest(const IngestOptions& options) {
    auto config = ReadConfig(options.common);
    if (!config) return Die(config.error().message);
    auto runtime = Runtime::Open(*config, options.common.data_dir);
    if (!runtime) return Die(runtime.error().message);
    if (options.section) {
        // The sections as admins left them in the newsroom's settings, over the config's.
        bool known = false;
        for (const Section& s : (*runtime)->config().sections) known = known || s.slug == *options.section;
        if (!known) return Die("--section " + *options.section + ": no such section in the config or the settings");
    }
    ingest::PublishContext context;
    context.forced_section = options.section;
    context.premium = options.premium;
    ingest::IngestReport report = ingest::IngestPaths(options.paths, (*runtime)->publisher(), context,
                                                      static_cast<size_t>(config->ingest.max_item_bytes));
    PrintReport(report);
    std::cout << report.Summary() << std::endl;
    return report.rejected > 0 ? 1 : 0;
}

int RunServe(const ServeOptions& options) {
    auto config = ReadConfig(options.common);
    if (!config) return Die(config.error().message);
    auto zone = SiteTimeZone::Find(config->site.timezone);
    if (!zone) return Die("site.timezone: " + zone.error().message);
    auto listen = ParseListenAddress(options.listen.value_or(config->server.listen));
    if (!listen) return Die(listen.error().message);

    std::filesystem::path resources = ResourceDir();
    auto templates = site::Templates::Load(resources / "templates" / "site");
    if (!templates) return Die(templates.error().message);
    auto static_files = http::StaticFiles::Load(resources / "static", "/static/");
    if (!static_files) return Die(static_files.error().message);

    auto runtime = Runtime::Open(*config, options.common.data_dir);
    if (!runtime) return Die(runtime.error().message);
    // From here on, with the site settings admins stored (name, time zone, sections).
    *config = (*runtime)->config();
    zone = SiteTimeZone::Find(config->site.timezone);
    if (!zone) return Die("site.timezone: " + zone.error().message);
    if ((*runtime)->fresh() && options.demo) {
        ingest::IngestReport report = ingest::IngestPaths({resources / "fixtures" / "demo"}, (*runtime)->publisher(), {},
                                                          static_cast<size_t>(config->ingest.max_item_bytes));
        PrintReport(report);
        // The demo's newest markets stories are premium, so the paywall has something to guard.
        auto markets = (*runtime)->articles().List(store::ListQuery{.section = "markets", .limit = 2});
        size_t premium = 0;
        if (markets) {
            for (const ArticleSummary& story : *markets) premium += (*runtime)->articles().SetPremium(story.id, true) ? 1 : 0;
        }
        std::cout << "demo content: " << report.Summary() << "; " << premium << " premium" << std::endl;
    }
    // Readers' accounts and the mail outbox (its worker starts with the server). Each
    // reader's device limit is their plan's, once billing is up.
    const BillingModule* device_limits = nullptr;
    AccountsModule accounts(**runtime, [&device_limits](ReaderId reader) {
        return device_limits ? device_limits->DeviceLimit(reader, 3) : 3;
    });
    // Plans, gateways and subscriptions; receipts go out through the accounts outbox.
    BillingModule billing(**runtime, OutboxNotifier(accounts.service(), accounts.outbox()));
    device_limits = &billing;
    if ((*runtime)->fresh() && options.demo) {
        auto password = AddDemoReader(accounts.service());
        if (!password) return Die("demo reader: " + password.error().message);
        std::cout << "demo reader: reader@demo.broadsheet password " << *password << std::endl;
        auto subscriber = AddDemoSubscriber(accounts.service(), billing.service(), config->plans);
        if (!subscriber) return Die("demo subscriber: " + subscriber.error().message);
        std::cout << "demo reader: " << *subscriber << std::endl;
    }
    // The newsroom's staff (/newsroom): the demo's admin, editor and writer.
    NewsroomModule newsroom(**runtime);
    if ((*runtime)->fresh() && options.demo) {
        auto lines = AddDemoStaff(newsroom.staff(), **runtime);
        if (!lines) return Die("demo staff: " + lines.error().message);
        for (const std::string& line : *lines) std::cout << line << std::endl;
    }
    // The search index (<data dir>/search/): built from the store when empty, before serving.
    auto search_module = SearchModule::Open((*runtime)->articles(), options.common.data_dir);
    if (!search_module) return Die("search index: " + search_module.error().message);
    if (!options.audit_paths_for) {
        auto started = std::chrono::steady_clock::now();
        auto built = (*search_module)->BuildIfEmpty();
        if (!built) return Die("building the search index: " + built.error().message);
        if (*built > 0) {
            // After the demo lines on stdout, which tests read in order.
            spdlog::info("search index: built from {} stories in {:.3f} s", *built,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        }
    }

    site::Syndication syndication(
        site::SyndicationOptions{config->site.name, config->site.base_url, config->site.language, config->sections},
        (*runtime)->articles(), (*runtime)->clock());
    site::SiteOptions site_options = MakeSiteOptions(*config, *zone, options.common.data_dir / "media");
    site_options.renditions = &(*runtime)->renditions();
    site::Site site(std::move(site_options), (*runtime)->articles(), **templates, *static_files, syndication,
                    &(*runtime)->feed_states());
    site::AccountPages account_pages(site, accounts.service(), (*runtime)->secret(), config->site.base_url);
    site::SubscriptionPages subscription_pages(site, billing.service());
    site::BillingWebhooks billing_webhooks(site, billing.service());
    site::SearchPage search_page(site, (*search_module)->index());
    if (auto served = newsroom.Serve(site, *static_files); !served) return Die("newsroom: " + served.error().message);
    // The paywall on the reader path: who is reading (their session and entitlements), and
    // per premium story, full or teaser with the meter.
    store::sqlite::SqliteMeterStore meter_store((*runtime)->pool());
    site::PaywallGateOptions gate_options;
    gate_options.resolve_session = [&accounts](std::string_view token) -> std::optional<site::SessionInfo> {
        auto session = accounts.service().ResolveSession(token, accounts.service().clock().Now());
        if (!session) {
            spdlog::error("accounts: resolving a session: {}", session.error().message);
            return std::nullopt;
        }
        // API tokens are for apps' Authorization headers, never cookies.
        if (!*session || (*session)->kind != store::SessionKind::kSession) return std::nullopt;
        return site::SessionInfo{(*session)->reader, (*session)->email, std::to_string((*session)->session.value)};
    };
    gate_options.subscriptions = [&billing](ReaderId reader) {
        auto subscriptions = billing.service().ForReader(reader);
        if (!subscriptions) {
            // Fails closed: no entitlements this request.
            spdlog::error("billing: subscriptions of reader {}: {}", reader.value, subscriptions.error().message);
            return std::vector<Subscription>{};
        }
        return std::move(*subscriptions);
    };
    gate_options.csrf_token = [&runtime](std::string_view session_id) {
        return accounts::CsrfToken((*runtime)->secret(), session_id);
    };
    gate_options.meter_store = &meter_store;
    gate_options.secret = (*runtime)->secret();
    gate_options.plans = config->plans;
    gate_options.perks = config->perks;
    gate_options.grace = std::chrono::days(config->paywall.grace_days);
    gate_options.free_per_month = config->paywall.free_stories_per_month;
    gate_options.registration_bonus = config->paywall.registration_bonus;
    gate_options.clock = &(*runtime)->clock();
    gate_options.zone = *zone;
    gate_options.secure_cookies = config->site.base_url.starts_with("https://");
    site::PaywallGate gate(std::move(gate_options));
    site.SetReaderResolver([&gate](const http::Request& request) { return gate.Resolve(request); });
    site.SetArticleAccess([&gate](const http::Request& request, const site::ReaderContext& reader,
                                  const Article& article) { return gate.Access(request, reader, article); });
    if (options.audit_paths_for) {
        auto article = (*runtime)->articles().FindById(ArticleId{*options.audit_paths_for});
        if (!article) return Die("--audit-paths: " + article.error().message);
        for (const std::string& path : site.AuditPaths(*article)) std::cout << path << "\n";
        return 0;
    }
    http::ServerOptions server_options;
    server_options.host = listen->first;
    server_options.port = listen->second;
    server_options.threads = config->server.threads;
    server_options.access_log = config->server.access_log;
    server_options.max_body_bytes = static_cast<size_t>(config->server.max_body_bytes);
    // Picture uploads (the newsroom enforces its own 20 MiB limit on the file).
    server_options.body_limits_by_prefix.emplace_back("/newsroom/pictures", StoriesModule::kMaxUploadBytes);
    api::IngestPush push(config->feeds, (*runtime)->publisher(), static_cast<size_t>(config->ingest.max_item_bytes));
    http::Server server(
        server_options,
        [&site, &push](const http::Request& request) {
            if (api::IngestPush::Owns(request.path)) return push.Handle(request);
            return site.Handle(request);
        },
        [&site](int status, std::string_view request_id) { return site.ErrorPage(status, request_id); });
    if (auto listening = server.Listen(); !listening) return Die(listening.error().message);

    std::string host = listen->first.find(':') != std::string::npos ? "[" + listen->first + "]" : listen->first;
    std::cout << "Broadsheet is serving " << config->site.name << " on http://" << host << ":" << server.port() << "/"
              << std::endl;
    std::cout << "Newsroom: http://" << host << ":" << server.port() << "/newsroom/login" << std::endl;
    // Feeds start after the demo load and stop before the store goes away.
    (*runtime)->feed_runner().Start();
    accounts.StartMail();
    // New, updated and killed stories reach the search index within a second.
    (*search_module)->Start();
    // Embargoed stories are published when their time comes, checked every few seconds.
    std::jthread embargoes([&runtime](std::stop_token stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            auto released = (*runtime)->articles().ReleaseEmbargoes((*runtime)->clock().Now());
            if (!released) {
                spdlog::error("releasing embargoes: {}", released.error().message);
            } else if (*released > 0) {
                spdlog::info("released {} embargoed stories", *released);
            }
            std::unique_lock lock(mutex);
            wake.wait_for(lock, stop, std::chrono::seconds(2), [] { return false; });
        }
    });
    // Subscriptions renew (test gateway), fall past due and expire: swept every minute.
    std::jthread renewals([&billing, &runtime](std::stop_token stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            billing::TickReport report = billing.service().Tick((*runtime)->clock().Now());
            for (const std::string& error : report.errors) spdlog::error("subscriptions: {}", error);
            if (report.renewed + report.past_due + report.expired > 0) {
                spdlog::info("subscriptions: {} renewed, {} past due, {} expired", report.renewed, report.past_due,
                             report.expired);
            }
            std::unique_lock lock(mutex);
            wake.wait_for(lock, stop, std::chrono::seconds(60), [] { return false; });
        }
    });
    server.Run(/*handle_signals=*/true);
    renewals.request_stop();
    renewals.join();
    embargoes.request_stop();
    embargoes.join();
    (*runtime)->feed_runner().Stop();
    (*search_module)->Stop();
    std::cout << "Broadsheet stopped." << std::endl;
    return 0;
}

int RunReindex(const ReindexOptions& options) {
    auto config = ReadConfig(options.common);
    if (!config) return Die(config.error().message);
    auto runtime = Runtime::Open(*config, options.common.data_dir);
    if (!runtime) return Die(runtime.error().message);
    auto started = std::chrono::steady_clock::now();
    auto total = (*runtime)->articles().Count();  // Of any status: the ETA errs on the long side.
    Progress progress("indexed", "stories", total ? *total : 0);
    auto report = RebuildSearchIndex((*runtime)->articles(), SearchRoot(options.common.data_dir),
                                     RebuildOptions{.on_progress = [&progress](int64_t n) { progress.Update(n, n); }});
    progress.Finish();
    if (!report) return Die("reindex: " + report.error().message);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "reindexed " << report->documents << " stories into " << report->index_dir
              << (report->previous_dir.empty() ? std::string() : " (replacing " + report->previous_dir + ")") << " in "
              << seconds << " s (" << static_cast<int64_t>(seconds > 0 ? report->documents / seconds : 0)
              << " stories/s; shards indexed in " << static_cast<int64_t>(report->index_seconds) << " s, merged in "
              << static_cast<int64_t>(report->merge_seconds) << " s)" << std::endl;
    return 0;
}

}  // namespace broadsheet::app
