#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ingest/sources/conditional_fetcher.h"

namespace broadsheet::ingest {

/// Fetches the bytes at an http(s) URL. Implementations are thread-safe.
class UrlFetcher {
public:
    virtual ~UrlFetcher() = default;
    /// The body of a 2xx response; an Error for any other status, a timeout, a body over
    /// `max_bytes`, or a scheme other than http/https.
    virtual Result<std::string> Fetch(std::string_view url, size_t max_bytes, std::chrono::seconds timeout) const = 0;
};

/// UrlFetcher on libcurl (through CurlConditionalFetcher). Follows up to 5 redirects
/// (http/https only).
class CurlFetcher final : public UrlFetcher {
public:
    Result<std::string> Fetch(std::string_view url, size_t max_bytes, std::chrono::seconds timeout) const override;

private:
    CurlConditionalFetcher curl_;
};

}  // namespace broadsheet::ingest
