#pragma once

// HTTP/1.1 wire-format helpers shared by the files of http/, independent of Asio and Beast.
// Not part of the module's public API: other modules include request.h, response.h, server.h
// and static_files.h only.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace broadsheet::http::wire {

/// True when `a` and `b` are equal ignoring ASCII case (header names, tokens).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

/// The standard reason phrase for `status` ("Not Found"), or "Unknown".
std::string_view ReasonPhrase(int status);

/// True when a response to a request may carry a body with this status (not 1xx, 204, 304).
bool StatusAllowsBody(int status);

/// True when `name` is a non-empty RFC 9110 token.
bool IsValidHeaderName(std::string_view name);

/// True when `value` holds no CR, LF or NUL, so it cannot split the header block.
bool IsValidHeaderValue(std::string_view value);

/// The path and query of a request target; views into the target.
struct TargetParts {
    std::string_view path;   ///< Still percent-encoded, starts with '/'.
    std::string_view query;  ///< Without the '?'; empty when absent.
};

/// Splits an origin-form ("/a?b") or absolute-form ("http://host/a?b") target; nullopt for
/// anything else ("*", "a/b", "").
std::optional<TargetParts> SplitTarget(std::string_view target);

/// The RFC 9110 IMF-fixdate for the current second ("Sun, 06 Nov 1994 08:49:37 GMT"),
/// formatted at most once a second. Not thread-safe: one per io thread.
class DateCache final {
public:
    std::string_view Now();

private:
    std::int64_t second_ = -1;
    std::array<char, 29> text_{};
};

/// Formats `time` (truncated to the second) as an IMF-fixdate.
std::string FormatHttpDate(std::chrono::system_clock::time_point time);

/// Short request ids ("3fa2b1c90d4e"): a counter scrambled by a bijective mix of a seed, so
/// ids from one generator never repeat. Not thread-safe: one per io thread.
class RequestIdGenerator final {
public:
    explicit RequestIdGenerator(std::uint64_t seed) : state_(seed) {}
    std::string Next();

private:
    std::uint64_t state_;
};

/// What the server itself decides about a response head.
struct HeadOptions {
    std::string_view date;                      ///< Used unless the response sets Date.
    std::optional<std::size_t> content_length;  ///< nullopt: no Content-Length (204, 304).
    bool close = false;                         ///< Adds "Connection: close".
    bool keep_alive = false;                    ///< Adds "Connection: keep-alive" (HTTP/1.0).
};

/// Appends the status line and header block (ending with the blank line) to `out`. The server
/// owns framing: response headers Content-Length, Transfer-Encoding and Connection are
/// ignored, and headers with invalid names or values are dropped. Returns how many were
/// dropped as invalid.
std::size_t AppendResponseHead(std::string& out, int status,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const HeadOptions& options);

}  // namespace broadsheet::http::wire
