#include "http/response.h"

#include <algorithm>

#include "core/check.h"
#include "http/wire.h"

namespace broadsheet::http {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

void Response::SetHeader(std::string name, std::string value) {
    auto same_name = [&name](const auto& header) {
        return wire::EqualsIgnoreCase(header.first, name);
    };
    auto first = std::find_if(headers.begin(), headers.end(), same_name);
    if (first == headers.end()) {
        headers.emplace_back(std::move(name), std::move(value));
        return;
    }
    first->second = std::move(value);
    headers.erase(std::remove_if(std::next(first), headers.end(), same_name), headers.end());
}

std::string_view Response::GetHeader(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (wire::EqualsIgnoreCase(key, name)) return value;
    }
    return {};
}

Response Response::Text(int status, std::string body, std::string content_type) {
    Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", std::move(content_type));
    response.body = std::make_shared<const std::string>(std::move(body));
    return response;
}

Response Response::Html(int status, std::string body) {
    return Text(status, std::move(body), "text/html; charset=utf-8");
}

Response Response::Redirect(int status, std::string location) {
    CHECK(status == 301 || status == 302 || status == 303 || status == 307 || status == 308);
    Response response;
    response.status = status;
    response.headers.emplace_back("Location", std::move(location));
    return response;
}

namespace {

bool IsCookieSafe(std::string_view text, std::string_view extra) {
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  extra.find(c) != std::string_view::npos;
        if (!ok) return false;
    }
    return true;
}

}  // namespace

void SetCookie(Response& response, std::string_view name, std::string_view value, const CookieOptions& options) {
    CHECK(!name.empty() && IsCookieSafe(name, "-_"));
    CHECK(IsCookieSafe(value, "-._~+/=%"));
    std::string header = std::string(name) + "=" + std::string(value) + "; Path=" + options.path;
    if (options.max_age_seconds) header += "; Max-Age=" + std::to_string(*options.max_age_seconds);
    if (options.http_only) header += "; HttpOnly";
    if (options.secure) header += "; Secure";
    if (!options.same_site.empty()) header += "; SameSite=" + options.same_site;
    response.headers.emplace_back("Set-Cookie", std::move(header));
}

std::string PercentEncode(std::string_view in) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size() * 3);
    for (unsigned char c : in) {
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (in.size() - i < 3) return std::nullopt;
            const int high = HexValue(in[i + 1]);
            const int low = HexValue(in[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace broadsheet::http
