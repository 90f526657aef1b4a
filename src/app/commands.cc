#include "app/commands.h"

#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "app/config.h"
#include "app/runtime.h"
#include "http/server.h"
#include "http/static_files.h"
#include "ingest/ingest_files.h"
#include "site/site.h"
#include "site/templates.h"

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
    return options;
}

}  // namespace

int RunIngest(const IngestOptions& options) {
    auto config = ReadConfig(options.common);
    if (!config) return Die(config.error().message);
    if (options.section) {
        bool known = false;
        for (const Section& s : config->sections) known = known || s.slug == *options.section;
        if (!known) return Die("--section " + *options.section + ": no such section in the config");
    }
    auto runtime = Runtime::Open(*config, options.common.data_dir);
    if (!runtime) return Die(runtime.error().message);
    ingest::PublishContext context;
    context.forced_section = options.section;
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
    if ((*runtime)->fresh() && options.demo) {
        ingest::IngestReport report = ingest::IngestPaths({resources / "fixtures" / "demo"}, (*runtime)->publisher(), {},
                                                          static_cast<size_t>(config->ingest.max_item_bytes));
        PrintReport(report);
        std::cout << "demo content: " << report.Summary() << std::endl;
    }

    site::Site site(MakeSiteOptions(*config, *zone, options.common.data_dir / "media"), (*runtime)->articles(),
                    **templates, *static_files);
    http::ServerOptions server_options;
    server_options.host = listen->first;
    server_options.port = listen->second;
    server_options.threads = config->server.threads;
    server_options.access_log = config->server.access_log;
    server_options.max_body_bytes = static_cast<size_t>(config->server.max_body_bytes);
    http::Server server(
        server_options, [&site](const http::Request& request) { return site.Handle(request); },
        [&site](int status, std::string_view request_id) { return site.ErrorPage(status, request_id); });
    if (auto listening = server.Listen(); !listening) return Die(listening.error().message);

    std::string host = listen->first.find(':') != std::string::npos ? "[" + listen->first + "]" : listen->first;
    std::cout << "Broadsheet is serving " << config->site.name << " on http://" << host << ":" << server.port() << "/"
              << std::endl;
    server.Run(/*handle_signals=*/true);
    std::cout << "Broadsheet stopped." << std::endl;
    return 0;
}

}  // namespace broadsheet::app
