#pragma once

#include <memory>
#include <vector>

#include "billing/subscriptions.h"
#include "core/result.h"

namespace broadsheet::store {
class BillingStore;
}  // namespace broadsheet::store

namespace broadsheet::accounts {
class AccountService;
}  // namespace broadsheet::accounts

namespace broadsheet::mail {
class Outbox;
}  // namespace broadsheet::mail

namespace broadsheet::billing {
class HttpClient;
}  // namespace broadsheet::billing

namespace broadsheet::app {

class Runtime;

/// Billing built for a runtime ([billing], [paywall] grace_days, the plans): the billing
/// store, the gateways' HTTP client, every gateway the config has keys for (the test gateway
/// always; new checkouts go to [billing] gateway) and the SubscriptionService. Destroyed in
/// reverse order.
class BillingModule final {
public:
    /// `runtime` must outlive the module. `notifier` mails readers (may be empty).
    BillingModule(Runtime& runtime, billing::Notifier notifier);
    ~BillingModule();

    billing::SubscriptionService& service() { return *service_; }
    store::BillingStore& store() { return *store_; }
    /// The most devices the reader's plans allow now (the largest max_devices among the
    /// subscriptions that give access); `fallback` without one. For accounts::DeviceLimit.
    int DeviceLimit(ReaderId reader, int fallback) const;

private:
    std::unique_ptr<store::BillingStore> store_;
    std::unique_ptr<billing::HttpClient> http_;
    std::vector<std::unique_ptr<billing::Gateway>> gateways_;
    std::unique_ptr<billing::SubscriptionService> service_;
};

/// Mails billing notices through the accounts outbox, to the reader's current address.
/// Failures are logged, never thrown: a receipt that cannot be queued does not undo a payment.
billing::Notifier OutboxNotifier(const accounts::AccountService& accounts, mail::Outbox& outbox);

/// The demo's subscriber: subscriber@demo.broadsheet with a complimentary year of the
/// second plan (Smart Essential in the built-in config; the first if there is one plan).
/// Returns the line serve prints: the address, the password and the plan.
Result<std::string> AddDemoSubscriber(accounts::AccountService& accounts, billing::SubscriptionService& billing,
                                      const std::vector<Plan>& plans);

}  // namespace broadsheet::app
