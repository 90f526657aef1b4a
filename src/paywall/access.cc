#include "paywall/access.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>

namespace broadsheet::paywall {
namespace {

std::string Mac(std::string_view payload, const std::string& secret) {
    // Domain-separated from the key's other uses (CSRF tokens, links).
    std::string message = "broadsheet-meter:" + std::string(payload);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    crypto_auth_hmacsha256_final(&state, mac);
    char encoded[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(encoded, sizeof encoded, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return encoded;
}

bool IsMonth(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    return true;
}

}  // namespace

Decision Decide(bool premium, bool entitled, const MeterState* meter, ArticleId article) {
    if (!premium || entitled) return Decision{Access::kFull, false, meter ? std::max(0, meter->limit - static_cast<int>(meter->read.size())) : 0};
    if (!meter) return Decision{Access::kTeaser, false, 0};
    const int used = static_cast<int>(meter->read.size());
    const int left = std::max(0, meter->limit - used);
    if (std::find(meter->read.begin(), meter->read.end(), article.value) != meter->read.end()) {
        return Decision{Access::kFull, false, left};
    }
    if (left > 0) return Decision{Access::kFull, true, left - 1};
    return Decision{Access::kTeaser, false, 0};
}

std::string MeterMonth(std::string_view local_date) { return std::string(local_date.substr(0, 7)); }

std::string EncodeMeterCookie(const VisitorMeter& meter, const std::string& secret) {
    std::string payload = meter.month + ".";
    size_t first = meter.read.size() > kMaxMeterIds ? meter.read.size() - kMaxMeterIds : 0;
    for (size_t i = first; i < meter.read.size(); ++i) {
        if (i > first) payload += '-';
        payload += std::to_string(meter.read[i]);
    }
    return payload + "." + Mac(payload, secret);
}

std::optional<VisitorMeter> DecodeMeterCookie(std::string_view value, const std::string& secret) {
    if (value.size() > 4096) return std::nullopt;
    size_t last_dot = value.rfind('.');
    if (last_dot == std::string_view::npos) return std::nullopt;
    std::string_view payload = value.substr(0, last_dot);
    std::string expected = Mac(payload, secret);
    std::string_view given = value.substr(last_dot + 1);
    if (given.size() != expected.size() || sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
        return std::nullopt;
    }
    size_t dot = payload.find('.');
    if (dot == std::string_view::npos || !IsMonth(payload.substr(0, dot))) return std::nullopt;
    VisitorMeter meter;
    meter.month = std::string(payload.substr(0, dot));
    std::string_view ids = payload.substr(dot + 1);
    while (!ids.empty()) {
        size_t dash = ids.find('-');
        std::string_view id_text = ids.substr(0, dash);
        int64_t id = 0;
        auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
        if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) return std::nullopt;
        meter.read.push_back(id);
        if (meter.read.size() > kMaxMeterIds) return std::nullopt;
        ids = dash == std::string_view::npos ? std::string_view{} : ids.substr(dash + 1);
    }
    return meter;
}

}  // namespace broadsheet::paywall
