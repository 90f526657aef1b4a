#include "app/accounts_module.h"

#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <iostream>

#include "accounts/credentials.h"
#include "accounts/tokens.h"
#include "app/commands.h"
#include "app/runtime.h"
#include "mail/mime.h"
#include "mail/outbox.h"
#include "mail/outbox_worker.h"
#include "mail/smtp_sender.h"
#include "store/sqlite/sqlite_account_store.h"
#include "store/sqlite/sqlite_outbox_store.h"

namespace broadsheet::app {

AccountsModule::AccountsModule(Runtime& runtime, accounts::DeviceLimit device_limit) {
    const Config& config = runtime.config();
    account_store_ = std::make_unique<store::sqlite::SqliteAccountStore>(runtime.pool());
    outbox_store_ = std::make_unique<store::sqlite::SqliteOutboxStore>(runtime.pool());
    if (!config.mail.smtp_url.empty()) {
        sender_ =
            std::make_unique<mail::SmtpSender>(mail::SmtpOptions{.url = config.mail.smtp_url,
                                                                 .username = config.mail.username,
                                                                 .password = config.mail.password});
    }
    worker_ =
        std::make_unique<mail::OutboxWorker>(mail::OutboxWorkerOptions{.from = config.mail.from},
                                             *outbox_store_, sender_.get(), runtime.clock());
    outbox_ = std::make_unique<mail::DurableOutbox>(
        *outbox_store_, runtime.clock(), mail::DomainOf(mail::AddressOf(config.mail.from)),
        [worker = worker_.get()] { worker->Wake(); });
    accounts::AccountOptions options;
    options.site_name = config.site.name;
    options.base_url = config.site.base_url;
    service_ = std::make_unique<accounts::AccountService>(
        std::move(options), *account_store_, *outbox_, runtime.clock(), std::move(device_limit));
}

AccountsModule::~AccountsModule() {
    service_.reset();
    outbox_.reset();
    worker_.reset();  // Stops the thread before the stores go.
}

void AccountsModule::StartMail() { worker_->Start(); }

Result<std::string> AddDemoReader(accounts::AccountService& accounts, std::string_view email) {
    // Letters and digits only, so it can be copied from a terminal and typed as it is.
    std::string password;
    while (password.size() < 12) {
        for (char c : accounts::RandomToken(12)) {
            if (std::isalnum(static_cast<unsigned char>(c)) && password.size() < 12) password += c;
        }
    }
    auto added = accounts.AddReader(email, password);
    if (!added) return added.error();
    return password;
}

namespace {

int Die(const std::string& message) {
    std::cerr << "broadsheet: " << message << "\n";
    return 2;
}

// One line from standard input, without echo when it is a terminal.
std::string ReadPassword() {
    const bool terminal = isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (terminal) {
        std::cerr << "Password: " << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

Result<std::unique_ptr<Runtime>> OpenRuntime(const CommonOptions& common) {
    Result<Config> config =
        common.config_file ? LoadConfig(*common.config_file) : Result<Config>(DefaultConfig());
    if (!config) return config.error();
    return Runtime::Open(*config, common.data_dir);
}

}  // namespace

int RunReaderAdd(const ReaderOptions& options) {
    auto runtime = OpenRuntime(options.common);
    if (!runtime) return Die(runtime.error().message);
    AccountsModule accounts(**runtime);
    const std::string password = ReadPassword();
    auto added = accounts.service().AddReader(options.email, password);
    if (!added) return Die(added.error().message);
    std::cout << "reader " << added->value << " added: " << *accounts::NormalizeEmail(options.email)
              << " (e-mail marked verified)" << std::endl;
    return 0;
}

int RunReaderList(const ReaderOptions& options) {
    auto runtime = OpenRuntime(options.common);
    if (!runtime) return Die(runtime.error().message);
    AccountsModule accounts(**runtime);
    auto readers = accounts.service().ListReaders();
    if (!readers) return Die(readers.error().message);
    for (const Reader& reader : *readers) {
        auto devices = accounts.service().ListDevices(reader.id);
        std::cout << reader.id.value << "  " << reader.email << "  "
                  << (reader.email_verified ? "verified" : "unverified")
                  << (reader.disabled ? "  disabled" : "") << "  since "
                  << FormatIsoUtc(reader.created)
                  << "  devices: " << (devices ? std::to_string(devices->size()) : "?") << "\n";
    }
    if (readers->empty()) std::cout << "no readers\n";
    std::cout << std::flush;
    return 0;
}

}  // namespace broadsheet::app
