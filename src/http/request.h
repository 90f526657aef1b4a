#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace broadsheet::http {

/// One parsed HTTP request, independent of Beast. A plain value; the server builds one per
/// request and hands it to the handler by const reference.
struct Request {
    std::string method;  ///< "GET", as sent (methods are case-sensitive).
    std::string target;  ///< "/a/b?x=1", as sent.
    std::string path;    ///< Percent-decoded path, "/a/b" ('+' stays '+').
    std::string query;   ///< Raw query string without '?', "x=1".
    std::vector<std::pair<std::string, std::string>> headers;  ///< As received, in order.
    std::string body;
    std::string remote_address;  ///< Peer address, "127.0.0.1".
    std::string request_id;      ///< Short random-looking id, also in the access log.

    /// Case-insensitive lookup of the first header called `name`; empty when absent.
    std::string_view Header(std::string_view name) const;

    /// The first query parameter called `name`, decoded by application/x-www-form-urlencoded
    /// rules ('+' is a space; "a" alone has the value ""); nullopt when absent. Pairs with
    /// malformed escapes are skipped.
    std::optional<std::string> QueryParam(std::string_view name) const;

    /// The first field called `name` of an application/x-www-form-urlencoded body (the
    /// same rules as QueryParam); nullopt when absent or when the body is of another type.
    std::optional<std::string> FormParam(std::string_view name) const;

    /// The value of the cookie called `name` in the Cookie header(s) (RFC 6265 §5.4:
    /// "a=1; b=2"; surrounding double quotes removed); nullopt when absent.
    std::optional<std::string> Cookie(std::string_view name) const;
};

/// The value of field `name` in a "a=1&b=2" string, decoded ('+' is a space).
std::optional<std::string> UrlEncodedParam(std::string_view encoded, std::string_view name);

}  // namespace broadsheet::http
