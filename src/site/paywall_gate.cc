#include "site/paywall_gate.h"

#include <spdlog/spdlog.h>

#include "http/request.h"
#include "http/response.h"
#include "paywall/access.h"
#include "paywall/entitlements.h"
#include "store/meter_store.h"

namespace broadsheet::site {
namespace {

std::string MeterNote(const paywall::Decision& decision, int limit) {
    if (decision.access == paywall::Access::kTeaser) {
        if (limit == 0) return "";
        return "You have read your " + std::to_string(limit) + " free premium " +
               (limit == 1 ? "story" : "stories") + " this month.";
    }
    if (decision.remaining == 0) return "This is your last free premium story this month.";
    return "You have " + std::to_string(decision.remaining) + " free premium " +
           (decision.remaining == 1 ? "story" : "stories") + " left this month.";
}

}  // namespace

ReaderContext PaywallGate::Resolve(const http::Request& request) const {
    ReaderContext reader;
    std::optional<std::string> token = request.Cookie(kSessionCookie);
    if (!token || token->empty() || !options_.resolve_session) return reader;
    std::optional<SessionInfo> session = options_.resolve_session(*token);
    if (!session) return reader;  // A stale cookie: a visitor, as far as pages go.
    reader.reader_id = session->reader;
    reader.email = session->email;
    reader.session_id = session->session_id;
    reader.shared_cacheable = false;
    if (options_.csrf_token) reader.csrf_token = options_.csrf_token(session->session_id);
    std::vector<Subscription> subscriptions;
    if (options_.subscriptions) subscriptions = options_.subscriptions(session->reader);
    const Timestamp now = options_.clock->Now();
    paywall::Entitlements entitlements =
        paywall::Entitle(subscriptions, options_.plans, options_.perks, now, options_.grace);
    reader.may_read_premium = entitlements.Has(paywall::kPremiumStoriesPerk);
    reader.ad_free = entitlements.Has(paywall::kAdFreePerk);
    // Readers with the same entitlements see the same pages.
    reader.cache_class = std::string("reader-") + (reader.may_read_premium ? "p" : "n") + (reader.ad_free ? "a" : "");
    return reader;
}

ArticleAccess PaywallGate::Access(const http::Request& request, const ReaderContext& reader,
                                  const Article& article) const {
    ArticleAccess access;
    if (!article.premium || reader.may_read_premium) {
        access.full = paywall::Decide(article.premium, reader.may_read_premium, nullptr, article.id).access ==
                      paywall::Access::kFull;
        return access;
    }
    // Premium, not entitled: the meter decides, per reader.
    access.personal = true;
    const Timestamp now = options_.clock->Now();
    const std::string month =
        paywall::MeterMonth(options_.zone ? options_.zone->FormatDate(now) : FormatIsoUtc(now).substr(0, 10));
    paywall::MeterState meter;
    if (reader.reader_id && options_.meter_store) {
        meter.limit = options_.free_per_month + options_.registration_bonus;
        auto read = options_.meter_store->ReadIn(*reader.reader_id, month);
        if (!read) {
            spdlog::error("paywall: meter of reader {}: {}", reader.reader_id->value, read.error().message);
            return access;  // Fails closed: the teaser.
        }
        meter.read = std::move(*read);
        paywall::Decision decision = paywall::Decide(true, false, &meter, article.id);
        if (decision.count) {
            if (auto recorded = options_.meter_store->Record(*reader.reader_id, month, article.id, now); !recorded) {
                spdlog::error("paywall: meter of reader {}: {}", reader.reader_id->value, recorded.error().message);
                return access;
            }
        }
        access.full = decision.access == paywall::Access::kFull;
        access.meter_note = MeterNote(decision, meter.limit);
        return access;
    }
    meter.limit = options_.free_per_month;
    paywall::VisitorMeter cookie{month, {}};
    if (auto value = request.Cookie(kMeterCookie)) {
        if (auto decoded = paywall::DecodeMeterCookie(*value, options_.secret); decoded && decoded->month == month) {
            cookie = std::move(*decoded);
        }
    }
    meter.read = cookie.read;
    paywall::Decision decision = paywall::Decide(true, false, &meter, article.id);
    if (decision.count) {
        cookie.read.push_back(article.id.value);
        http::Response carrier;
        http::CookieOptions cookie_options;
        cookie_options.max_age_seconds = 40LL * 24 * 3600;  // Outlives the month; the month inside resets it.
        cookie_options.secure = options_.secure_cookies;
        http::SetCookie(carrier, kMeterCookie, paywall::EncodeMeterCookie(cookie, options_.secret), cookie_options);
        access.set_cookies.push_back(carrier.headers.front().second);
    }
    access.full = decision.access == paywall::Access::kFull;
    access.meter_note = MeterNote(decision, meter.limit);
    return access;
}

}  // namespace broadsheet::site
