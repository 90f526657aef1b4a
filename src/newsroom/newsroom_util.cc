#include "newsroom/newsroom_util.h"

#include <charconv>

#include "core/text.h"
#include "site/account_pages.h"

namespace broadsheet::newsroom {

bool PlausibleToken(std::string_view token) {
    return !token.empty() && token.size() <= 64 &&
           token.find_first_not_of(
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string_view::npos;
}

std::string ClientAddress(const http::Request& request) { return site::ClientAddress(request); }

std::string SafeNewsroomPath(std::string_view next) {
    if (next != "/newsroom" && !next.starts_with("/newsroom/") && !next.starts_with("/newsroom?"))
        return "/newsroom";
    if (next.size() > 1000) return "/newsroom";
    for (char c : next) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '\\') return "/newsroom";
    }
    return std::string(next);
}

std::optional<std::vector<std::string>> FormFieldNames(const http::Request& request) {
    std::string_view type = request.Header("Content-Type");
    if (!type.starts_with("application/x-www-form-urlencoded")) return std::nullopt;
    std::vector<std::string> names;
    std::string_view body = request.body;
    while (!body.empty()) {
        size_t amp = body.find('&');
        std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        if (pair.empty()) continue;
        auto name = http::PercentDecode(pair.substr(0, pair.find('=')), /*plus_is_space=*/true);
        if (!name) return std::nullopt;
        names.push_back(std::move(*name));
    }
    return names;
}

std::string Field(const http::Request& request, std::string_view name) {
    auto value = request.FormParam(name);
    return value ? std::string(TrimWhitespace(*value)) : std::string();
}

std::optional<int64_t> ParseId(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    int64_t id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

std::string ToHex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (char c : bytes) {
        auto u = static_cast<unsigned char>(c);
        hex += kDigits[u >> 4];
        hex += kDigits[u & 15];
    }
    return hex;
}

std::string FromHex(std::string_view hex) {
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    if (hex.size() % 2 != 0) return {};
    std::string bytes;
    for (size_t i = 0; i < hex.size(); i += 2) {
        int high = value(hex[i]);
        int low = value(hex[i + 1]);
        if (high < 0 || low < 0) return {};
        bytes += static_cast<char>(high * 16 + low);
    }
    return bytes;
}

}  // namespace broadsheet::newsroom
