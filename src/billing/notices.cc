// The receipts and notices the lifecycle e-mails to readers (plain text).
#include "billing/subscriptions.h"

namespace broadsheet::billing {

std::string SubscriptionService::Date(Timestamp t) const {
    if (!options_.timezone) return FormatIsoUtc(t).substr(0, 10);
    // "Nov 16 2024 | 3:57 PM IST" -> "Nov 16 2024"
    std::string text = options_.timezone->FormatDateTime(t);
    return text.substr(0, text.find(" |"));
}

namespace {

std::string Manage(const SubscriptionOptions& options) {
    return "Manage your subscription: " + options.base_url + "/subscription\n";
}

}  // namespace

SubscriptionService::Notice SubscriptionService::ReceiptNotice(const Subscription& sub,
                                                               const Plan& plan,
                                                               const std::optional<Money>& amount,
                                                               bool renewal) const {
    const std::string& site = options_.site_name;
    Notice notice{sub.reader,
                  renewal ? "Receipt: your " + site + " subscription has renewed"
                          : "Receipt: welcome to " + site,
                  ""};
    std::string& body = notice.body;
    body = renewal ? "Your " + site + " subscription has renewed. Thank you for reading.\n\n"
                   : "Thank you for subscribing to " + site + ".\n\n";
    body += "Plan: " + plan.name + " (" + PeriodLabel(plan.months) + ")\n";
    body += "Amount: " + (amount ? FormatMoney(*amount) : std::string("nothing charged")) + "\n";
    if (sub.period_start)
        body += "Period: " + Date(*sub.period_start) + " to " + Date(*sub.period_end) + "\n";
    body += "Subscription number: " + std::to_string(sub.id) + "\n\n";
    body += sub.cancel_at_period_end ? "It will not renew.\n"
                                     : "It renews automatically; cancel anytime.\n";
    body += Manage(options_);
    return notice;
}

SubscriptionService::Notice SubscriptionService::PastDueNotice(const Subscription& sub) const {
    const Timestamp until = *sub.past_due_since + options_.grace;
    return Notice{sub.reader,
                  "Action needed: we could not renew your " + options_.site_name + " subscription",
                  "We could not take the payment to renew your " + options_.site_name +
                      " subscription. Your access continues until " + Date(until) +
                      " while the payment is retried; please check your payment details.\n\n" +
                      Manage(options_)};
}

SubscriptionService::Notice SubscriptionService::CancelledNotice(const Subscription& sub) const {
    return Notice{sub.reader, "Your " + options_.site_name + " subscription is cancelled",
                  "Your subscription will not renew. You keep full access until " +
                      Date(*sub.period_end) + ". Changed your mind? Resume it before then.\n\n" +
                      Manage(options_)};
}

SubscriptionService::Notice SubscriptionService::ResumedNotice(const Subscription& sub) const {
    return Notice{sub.reader, "Your " + options_.site_name + " subscription will renew",
                  "Your subscription is no longer cancelled: it renews on " +
                      Date(*sub.period_end) + ".\n\n" + Manage(options_)};
}

SubscriptionService::Notice SubscriptionService::PlanChangeNotice(const Subscription& sub,
                                                                  const Plan& next) const {
    return Notice{sub.reader, "Your " + options_.site_name + " plan from your next renewal",
                  "From your renewal on " + Date(*sub.period_end) + " your plan is " + next.name +
                      " (" + FormatMoney(next.price) + " for " + PeriodLabel(next.months) +
                      ").\n\n" + Manage(options_)};
}

SubscriptionService::Notice SubscriptionService::ExpiredNotice(const Subscription& sub) const {
    return Notice{sub.reader, "Your " + options_.site_name + " subscription has ended",
                  "Your subscription has ended; premium stories are locked again. You can "
                  "subscribe again at any "
                  "time: " +
                      options_.base_url + "/subscribe\n"};
}

SubscriptionService::Notice SubscriptionService::ComplimentaryNotice(const Subscription& sub,
                                                                     const Plan& plan,
                                                                     int months) const {
    return Notice{sub.reader, "A complimentary " + options_.site_name + " subscription for you",
                  "You have been given " + plan.name + " for " + PeriodLabel(months) + ", until " +
                      Date(*sub.period_end) +
                      ". Nothing will be charged and it will not renew.\n\n" + Manage(options_)};
}

}  // namespace broadsheet::billing
