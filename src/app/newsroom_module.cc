#include "app/newsroom_module.h"

#include <cctype>
#include <iostream>

#include "accounts/tokens.h"
#include "app/commands.h"
#include "app/runtime.h"
#include "app/settings_module.h"
#include "app/stories_module.h"
#include "core/text.h"
#include "http/static_files.h"
#include "newsroom/admin_pages.h"
#include "newsroom/article_pages.h"
#include "newsroom/newsroom.h"
#include "newsroom/staff_accounts.h"
#include "newsroom/wire_pages.h"
#include "site/site.h"
#include "site/templates.h"
#include "store/sqlite/sqlite_staff_store.h"
#include "store/staff_store.h"

namespace broadsheet::app {

NewsroomModule::NewsroomModule(Runtime& runtime)
    : runtime_(runtime), staff_(std::make_unique<store::sqlite::SqliteStaffStore>(runtime.pool())) {}

NewsroomModule::~NewsroomModule() {
    settings_.reset();
    stories_.reset();
    admin_pages_.reset();
    article_pages_.reset();
    wire_pages_.reset();
    newsroom_.reset();
}

Result<void> NewsroomModule::Serve(site::Site& site, const http::StaticFiles& static_files) {
    auto templates =
        site::Templates::Load(ResourceDir() / "templates" / "newsroom", {"layout", "message", "login", "set_password"});
    if (!templates) return templates.error();
    templates_ = std::move(*templates);
    const Config& config = runtime_.config();
    newsroom::NewsroomOptions options;
    options.site_name = config.site.name;
    options.live_site_name = [&site] { return site.options().name; };
    options.base_url = config.site.base_url;
    options.secret = runtime_.secret();
    options.stylesheet_url = static_files.Url("newsroom.css");
    newsroom_ = std::make_unique<newsroom::Newsroom>(std::move(options), *staff_, *templates_, runtime_.clock());
    auto zone = SiteTimeZone::Find(config.site.timezone);
    if (!zone) return zone.error();
    wire_pages_ = std::make_unique<newsroom::WirePages>(*newsroom_, runtime_.articles(), runtime_.wire_log(),
                                                        site.options().timezone);
    article_pages_ =
        std::make_unique<newsroom::ArticlePages>(
        *newsroom_, runtime_.articles(), [this] { return runtime_.Sections(); }, *zone);
    admin_pages_ = std::make_unique<newsroom::AdminPages>(*newsroom_, *staff_, *zone, config.site.base_url);
    // Staff stories, pictures and settings pages register here.
    stories_ = std::make_unique<StoriesModule>(runtime_, *newsroom_, site, static_files);
    settings_ = std::make_unique<SettingsModule>(runtime_, *newsroom_, site);
    site.AddRoute(
        "/newsroom",
        [newsroom = newsroom_.get()](const http::Request& request, const site::ReaderContext&) {
            return newsroom->Handle(request);
        },
        site::Site::RouteCaching::kPersonal);
    return {};
}

Result<std::vector<std::string>> AddDemoStaff(store::StaffStore& staff, const Runtime& runtime) {
    struct Demo {
        const char* email;
        const char* name;
        newsroom::Role role;
    };
    constexpr Demo kDemo[] = {{"admin@demo.broadsheet", "Demo Admin", newsroom::Role::kAdmin},
                              {"editor@demo.broadsheet", "Demo Editor", newsroom::Role::kEditor},
                              {"writer@demo.broadsheet", "Demo Writer", newsroom::Role::kWriter}};
    std::vector<std::string> lines;
    for (const Demo& demo : kDemo) {
        // Letters and digits only, so it can be copied from a terminal and typed as it is.
        std::string password;
        while (password.size() < 14) {
            for (char c : accounts::RandomToken(14)) {
                if (std::isalnum(static_cast<unsigned char>(c)) && password.size() < 14) password += c;
            }
        }
        auto added = newsroom::AddStaff(staff, demo.email, demo.name, demo.role, password, runtime.clock());
        if (!added) return added.error();
        lines.push_back(std::string("newsroom: ") + demo.email + " (" + newsroom::RoleName(demo.role) +
                        ") password " + password);
    }
    return lines;
}

namespace {

int Die(const std::string& message) {
    std::cerr << "broadsheet: " << message << "\n";
    return 2;
}

Result<std::unique_ptr<Runtime>> OpenRuntime(const CommonOptions& common) {
    Result<Config> config = common.config_file ? LoadConfig(*common.config_file) : Result<Config>(DefaultConfig());
    if (!config) return config.error();
    return Runtime::Open(*config, common.data_dir);
}

// The command line's entries in the audit log: no staff member, no address.
void AuditCommand(store::StaffStore& staff, const Runtime& runtime, std::string action, std::string target,
                  std::string detail) {
    store::AuditEntry entry;
    entry.at = runtime.clock().Now();
    entry.action = std::move(action);
    entry.target = std::move(target);
    entry.detail = std::move(detail);
    (void)staff.AppendAudit(entry);
}

}  // namespace

int RunUserAdd(const UserOptions& options) {
    auto role = newsroom::ParseRole(options.role);
    if (!role) return Die("--role must be admin, editor or writer");
    auto runtime = OpenRuntime(options.common);
    if (!runtime) return Die(runtime.error().message);
    NewsroomModule module(**runtime);
    std::optional<std::string> password;
    if (options.password_stdin) {
        std::string line;
        std::getline(std::cin, line);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        password = line;
    }
    auto added = newsroom::AddStaff(module.staff(), options.email, options.name, *role, password, (*runtime)->clock());
    if (!added) return Die(added.error().message);
    AuditCommand(module.staff(), **runtime, "user.add", "staff " + std::to_string(added->member.id),
                 added->member.email + " as " + newsroom::RoleName(*role) + " (command line)");
    std::cout << "staff " << added->member.id << " added: " << added->member.email << " ("
              << newsroom::RoleName(*role) << ")" << std::endl;
    if (!added->sign_in_path.empty()) {
        std::cout << "one-time sign-in link (valid 24 hours; it asks for a password): "
                  << (*runtime)->config().site.base_url << added->sign_in_path << std::endl;
    }
    return 0;
}

int RunUserList(const UserOptions& options) {
    auto runtime = OpenRuntime(options.common);
    if (!runtime) return Die(runtime.error().message);
    NewsroomModule module(**runtime);
    auto list = module.staff().ListStaff();
    if (!list) return Die(list.error().message);
    for (const store::StaffRecord& member : *list) {
        std::cout << member.id << "  " << member.email << "  " << member.role
                  << (member.name.empty() ? "" : "  \"" + member.name + "\"") << (member.disabled ? "  disabled" : "")
                  << (member.password_hash.empty() ? "  (no password yet)" : "") << "  since "
                  << FormatIsoUtc(member.created) << "\n";
    }
    if (list->empty()) std::cout << "no staff\n";
    std::cout << std::flush;
    return 0;
}

int RunUserDisable(const UserOptions& options) {
    auto runtime = OpenRuntime(options.common);
    if (!runtime) return Die(runtime.error().message);
    NewsroomModule module(**runtime);
    auto ended = newsroom::DisableStaff(module.staff(), options.email);
    if (!ended) return Die(ended.error().message);
    AuditCommand(module.staff(), **runtime, "user.disable", "", options.email + " (command line)");
    std::cout << options.email << " disabled; " << *ended << " session(s) ended" << std::endl;
    return 0;
}

}  // namespace broadsheet::app
