// `broadsheet reader add --plan P --months N`: the complimentary grant after the reader is added.
#include <iostream>

#include "accounts/credentials.h"
#include "app/accounts_module.h"
#include "app/billing_module.h"
#include "app/commands.h"
#include "app/config.h"
#include "app/runtime.h"
#include "store/account_store.h"

namespace broadsheet::app {
namespace {

int Die(const std::string& message) {
    std::cerr << "broadsheet: " << message << "\n";
    return 2;
}

Result<Config> ReadConfig(const CommonOptions& common) {
    if (!common.config_file) return DefaultConfig();
    return LoadConfig(*common.config_file);
}

}  // namespace

int CheckReaderGrant(const ReaderOptions& options) {
    if (options.plan.empty() && options.months == 0) return 0;
    if (options.plan.empty() || options.months < 1) return Die("--plan and --months go together");
    auto config = ReadConfig(options.common);
    if (!config) return Die(config.error().message);
    for (const Plan& plan : config->plans) {
        if (plan.id == options.plan) return 0;
    }
    std::string known;
    for (const Plan& plan : config->plans) known += (known.empty() ? "" : ", ") + plan.id;
    return Die("--plan " + options.plan + ": no such plan (the config has " + known + ")");
}

int RunReaderGrant(const ReaderOptions& options) {
    auto config = ReadConfig(options.common);
    if (!config) return Die(config.error().message);
    auto runtime = Runtime::Open(*config, options.common.data_dir);
    if (!runtime) return Die(runtime.error().message);
    AccountsModule accounts(**runtime);
    BillingModule billing(**runtime, OutboxNotifier(accounts.service(), accounts.outbox()));
    auto email = accounts::NormalizeEmail(options.email);
    if (!email) return Die(email.error().message);
    auto reader = accounts.store().FindReaderByEmail(*email);
    if (!reader) return Die(*email + ": " + reader.error().message);
    auto granted = billing.service().GrantComplimentary(
        reader->reader.id, options.plan, options.months, "granted with broadsheet reader add");
    if (!granted) return Die(granted.error().message);
    std::cout << "complimentary " << options.plan << " for " << *email << " until "
              << FormatIsoUtc(*granted->period_end) << " (subscription " << granted->id << ")"
              << std::endl;
    return 0;
}

}  // namespace broadsheet::app
