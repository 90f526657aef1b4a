#pragma once

#include <chrono>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

#include "core/result.h"

namespace broadsheet::ingest {

/// One HTTP response to a conditional GET, whatever its status.
struct FetchResponse {
    int status = 0;              ///< 200, 304, 404, 500, ...
    std::string etag;            ///< ETag, verbatim; empty when absent or blank.
    std::string last_modified;   ///< Last-Modified, verbatim; empty when absent or blank.
    std::string content_type;    ///< Media type without parameters, lower-case: "application/json".
    std::string charset;         ///< The Content-Type charset parameter, lower-case; empty when none.
    std::optional<std::chrono::seconds> retry_after;  ///< Retry-After given in seconds (429/503).
    std::string body;            ///< Decoded (gzip etc. undone); empty for a 304.
};

/// Fetches a URL with HTTP conditional GET (FORMATS.md §8). Implementations are thread-safe.
class ConditionalFetcher {
public:
    virtual ~ConditionalFetcher() = default;

    /// GETs `url`, sending If-None-Match: `etag` and If-Modified-Since: `last_modified` when
    /// they are not empty (echoed verbatim). Any HTTP status is a response; an Error is a
    /// URL that is not http/https (kUnsupported), a body over `max_bytes` (kTooLarge), or a
    /// transport failure, a timeout or `stop` being requested (kIo). Messages do not repeat
    /// the URL.
    virtual Result<FetchResponse> Get(std::string_view url, std::string_view etag, std::string_view last_modified,
                                      size_t max_bytes, std::chrono::seconds timeout,
                                      std::stop_token stop) const = 0;
};

/// ConditionalFetcher on libcurl: follows up to 5 redirects (http/https only), asks for
/// compressed bodies, sends a Broadsheet User-Agent. The first instance initialises libcurl,
/// so build one before starting threads.
class CurlConditionalFetcher final : public ConditionalFetcher {
public:
    CurlConditionalFetcher();
    Result<FetchResponse> Get(std::string_view url, std::string_view etag, std::string_view last_modified,
                              size_t max_bytes, std::chrono::seconds timeout, std::stop_token stop) const override;
};

}  // namespace broadsheet::ingest
