#pragma once

#include <memory>
#include <string>

#include "accounts/account_service.h"
#include "core/result.h"

namespace broadsheet::store {
class AccountStore;
class OutboxStore;
}  // namespace broadsheet::store

namespace broadsheet::mail {
class Outbox;
class Sender;
class OutboxWorker;
}  // namespace broadsheet::mail

namespace broadsheet::app {

class Runtime;

/// Readers' accounts and the mail outbox, built for a runtime: the account and outbox
/// stores, the SMTP sender ([mail] smtp_url; none when empty: mail stays queued), the
/// outbox worker (not started) and the AccountService. Destroyed in reverse order, the
/// worker stopped first.
class AccountsModule final {
public:
    /// `runtime` must outlive the module. `device_limit` is the billing side's hook (the
    /// reader's plan's max_devices); without it every reader may have 3 devices.
    explicit AccountsModule(Runtime& runtime, accounts::DeviceLimit device_limit = {});
    ~AccountsModule();

    accounts::AccountService& service() { return *service_; }
    /// Where other modules (billing receipts) hand mail.
    mail::Outbox& outbox() { return *outbox_; }
    store::AccountStore& store() { return *account_store_; }
    /// Starts sending the outbox in the background (serve).
    void StartMail();

private:
    std::unique_ptr<store::AccountStore> account_store_;
    std::unique_ptr<store::OutboxStore> outbox_store_;
    std::unique_ptr<mail::Sender> sender_;
    std::unique_ptr<mail::OutboxWorker> worker_;
    std::unique_ptr<mail::Outbox> outbox_;
    std::unique_ptr<accounts::AccountService> service_;
};

/// The demo's visitor account, reader@demo.broadsheet, with a new random password, which
/// it returns (serve prints it on a demo's first start).
Result<std::string> AddDemoReader(accounts::AccountService& accounts,
                                  std::string_view email = "reader@demo.broadsheet");

}  // namespace broadsheet::app
