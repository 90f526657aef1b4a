#include "http/request.h"

#include <cctype>

#include "http/response.h"
#include "http/wire.h"

namespace broadsheet::http {

std::string_view Request::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (wire::EqualsIgnoreCase(key, name)) return value;
    }
    return {};
}

std::optional<std::string> UrlEncodedParam(std::string_view encoded, std::string_view name) {
    std::string_view rest = encoded;
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

std::optional<std::string> Request::QueryParam(std::string_view name) const { return UrlEncodedParam(query, name); }

std::optional<std::string> Request::FormParam(std::string_view name) const {
    std::string_view type = Header("Content-Type");
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    std::string lower(type);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower != "application/x-www-form-urlencoded") return std::nullopt;
    return UrlEncodedParam(body, name);
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
    for (const auto& [header, value] : headers) {
        if (header.size() != 6) continue;
        std::string lower = header;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower != "cookie") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const size_t semicolon = rest.find(';');
            std::string_view pair = rest.substr(0, semicolon);
            rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
            while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
            while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) pair.remove_suffix(1);
            const size_t equals = pair.find('=');
            if (equals == std::string_view::npos || pair.substr(0, equals) != name) continue;
            std::string_view cookie = pair.substr(equals + 1);
            if (cookie.size() >= 2 && cookie.front() == '"' && cookie.back() == '"') {
                cookie = cookie.substr(1, cookie.size() - 2);
            }
            return std::string(cookie);
        }
    }
    return std::nullopt;
}

}  // namespace broadsheet::http
