#include "http/request.h"

#include "http/response.h"
#include "http/wire.h"

namespace broadsheet::http {

std::string_view Request::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (wire::EqualsIgnoreCase(key, name)) return value;
    }
    return {};
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.empty()) continue;
        const size_t equals = pair.find('=');
        std::optional<std::string> key = PercentDecode(pair.substr(0, equals), true);
        if (!key || *key != name) continue;
        if (equals == std::string_view::npos) return std::string();
        std::optional<std::string> value = PercentDecode(pair.substr(equals + 1), true);
        if (value) return value;
    }
    return std::nullopt;
}

}  // namespace broadsheet::http
