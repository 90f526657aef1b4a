#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace broadsheet::http {

/// A response. The body is an immutable shared buffer so a cached page is sent without
/// copying; the server keeps it alive until the write completes. The server adds Date,
/// Server, Content-Length and Connection itself (Content-Length, Transfer-Encoding and
/// Connection set here are ignored; Date and Server set here win).
struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  ///< In order; names may repeat.
    std::shared_ptr<const std::string> body;                   ///< May be null: an empty body.

    /// Sets header `name` to `value`, replacing any header of that name (case-insensitive).
    void SetHeader(std::string name, std::string value);
    /// The first header called `name` (case-insensitive); empty when absent.
    std::string_view GetHeader(std::string_view name) const;

    /// A response with `body` and a Content-Type.
    static Response Text(int status, std::string body,
                         std::string content_type = "text/plain; charset=utf-8");
    /// A "text/html; charset=utf-8" response.
    static Response Html(int status, std::string body);
    /// A redirect to `location`; `status` must be 301, 302, 303, 307 or 308 (CHECKed).
    static Response Redirect(int status, std::string location);
};

/// How a cookie is set. The defaults are the safe ones for a session: HttpOnly,
/// SameSite=Lax, the whole site.
struct CookieOptions {
    std::optional<int64_t> max_age_seconds;  ///< nullopt: until the browser closes; 0: delete now.
    bool http_only = true;
    bool secure = false;  ///< Set when the site's base URL is https.
    std::string same_site = "Lax";
    std::string path = "/";
};

/// Adds a Set-Cookie header (a response may carry several). `name` and `value` must be
/// cookie-safe (letters, digits and "-._~+/=" for values); CHECKed.
void SetCookie(Response& response, std::string_view name, std::string_view value, const CookieOptions& options);

/// Percent-decodes a URL path or query component ('+' becomes a space only when
/// `plus_is_space`). Returns nullopt on a malformed escape ("%zz", a trailing "%4").
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space);

/// Percent-encodes every byte but RFC 3986's unreserved ones (A-Z a-z 0-9 - . _ ~), for a
/// query or path component.
std::string PercentEncode(std::string_view in);

}  // namespace broadsheet::http
