#include "app/billing_module.h"

#include <spdlog/spdlog.h>

#include "accounts/account_service.h"
#include "app/accounts_module.h"
#include "app/runtime.h"
#include "billing/http_client.h"
#include "billing/razorpay_gateway.h"
#include "billing/stripe_gateway.h"
#include "billing/test_gateway.h"
#include "mail/outbox.h"
#include "store/sqlite/sqlite_billing_store.h"

namespace broadsheet::app {

BillingModule::BillingModule(Runtime& runtime, billing::Notifier notifier) {
    const Config& config = runtime.config();
    const BillingConfig& keys = config.billing;
    store_ = std::make_unique<store::sqlite::SqliteBillingStore>(runtime.pool());
    http_ = std::make_unique<billing::CurlHttpClient>(
        std::chrono::seconds(keys.http_timeout_seconds),
        std::chrono::seconds(std::min(keys.http_timeout_seconds, 10)));
    billing::SubscriptionOptions options;
    options.plans = config.plans;
    options.grace = std::chrono::days(config.paywall.grace_days);
    options.checkout_gateway = keys.gateway;
    options.site_name = config.site.name;
    options.base_url = config.site.base_url;
    if (auto zone = SiteTimeZone::Find(config.site.timezone)) options.timezone = *zone;
    service_ = std::make_unique<billing::SubscriptionService>(std::move(options), *store_,
                                                              runtime.clock(), std::move(notifier));
    // The test gateway is always there: its subscriptions (a demo's) can still be cancelled
    // after a switch to a real gateway. Its checkout page works only while it is [billing] gateway.
    gateways_.push_back(std::make_unique<billing::TestGateway>());
    if (!keys.razorpay_key_id.empty() || !keys.razorpay_webhook_secret.empty()) {
        billing::RazorpayOptions razorpay;
        razorpay.key_id = keys.razorpay_key_id;
        razorpay.key_secret = keys.razorpay_key_secret;
        razorpay.webhook_secret = keys.razorpay_webhook_secret;
        razorpay.base_url = keys.razorpay_base_url;
        gateways_.push_back(
            std::make_unique<billing::RazorpayGateway>(razorpay, *http_, *store_, runtime.clock()));
    }
    if (!keys.stripe_secret_key.empty() || !keys.stripe_webhook_secret.empty()) {
        billing::StripeOptions stripe;
        stripe.secret_key = keys.stripe_secret_key;
        stripe.webhook_secret = keys.stripe_webhook_secret;
        stripe.base_url = keys.stripe_base_url;
        gateways_.push_back(std::make_unique<billing::StripeGateway>(stripe, *http_, *store_));
    }
    for (auto& gateway : gateways_) service_->AddGateway(*gateway);
}

BillingModule::~BillingModule() = default;

int BillingModule::DeviceLimit(ReaderId reader, int fallback) const {
    auto subscriptions = service_->ForReader(reader);
    if (!subscriptions) {
        spdlog::error("device limit of reader {}: {}", reader.value, subscriptions.error().message);
        return fallback;
    }
    const Timestamp now = service_->Now();
    int limit = 0;
    for (const Subscription& sub : *subscriptions) {
        if (!service_->GivesAccess(sub, now)) continue;
        if (const Plan* plan = service_->FindPlan(sub.plan_id))
            limit = std::max(limit, plan->max_devices);
    }
    return limit > 0 ? limit : fallback;
}

billing::Notifier OutboxNotifier(const accounts::AccountService& accounts, mail::Outbox& outbox) {
    return [&accounts, &outbox](ReaderId reader, std::string subject, std::string body) {
        auto found = accounts.FindReader(reader);
        if (!found) {
            spdlog::warn("billing mail for reader {} not sent: {}", reader.value,
                         found.error().message);
            return;
        }
        mail::Message message{found->email, std::move(subject), std::move(body), "",
                              "billing.notice"};
        if (auto queued = outbox.Enqueue(message); !queued) {
            spdlog::error("billing mail for reader {} not queued: {}", reader.value,
                          queued.error().message);
        }
    };
}

Result<std::string> AddDemoSubscriber(accounts::AccountService& accounts, billing::SubscriptionService& billing,
                                      const std::vector<Plan>& plans) {
    if (plans.empty()) return Fail(ErrorCode::kInvalidInput, "no plans are configured");
    const Plan& plan = plans.size() > 1 ? plans[1] : plans[0];
    const std::string email = "subscriber@demo.broadsheet";
    auto password = AddDemoReader(accounts, email);
    if (!password) return password.error();
    auto readers = accounts.ListReaders();
    if (!readers) return readers.error();
    std::optional<ReaderId> id;
    for (const Reader& reader : *readers) {
        if (reader.email == email) id = reader.id;
    }
    if (!id) return Fail(ErrorCode::kNotFound, "the demo subscriber was not stored");
    auto granted = billing.GrantComplimentary(*id, plan.id, 12, "demo subscriber");
    if (!granted) return granted.error();
    return email + " password " + *password + " (" + plan.name + ", complimentary for 12 months)";
}

}  // namespace broadsheet::app
