#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace broadsheet::billing {

/// One call to a gateway's HTTP API.
struct HttpCall {
    std::string method = "POST";  ///< "GET", "POST", "PATCH".
    std::string url;
    std::vector<std::string>
        headers;  ///< "Name: value" lines, e.g. "Content-Type: application/json".
    std::string body;
    std::string basic_auth;  ///< "user:password" for HTTP Basic; empty for none.
};

/// What came back: any status (the gateway adapter decides what a 4xx means).
struct HttpReply {
    int status = 0;
    std::string body;
};

/// Sends HttpCalls. Implementations are thread-safe.
class HttpClient {
public:
    virtual ~HttpClient() = default;
    /// The reply, or kIo when nothing came back (refused, timed out, TLS failed).
    virtual Result<HttpReply> Send(const HttpCall& call) const = 0;
};

/// HttpClient on libcurl: no redirects followed, replies up to 1 MB.
class CurlHttpClient final : public HttpClient {
public:
    CurlHttpClient(std::chrono::seconds timeout, std::chrono::seconds connect_timeout);
    Result<HttpReply> Send(const HttpCall& call) const override;

private:
    std::chrono::seconds timeout_;
    std::chrono::seconds connect_timeout_;
};

/// "a=1&b=x%20y": application/x-www-form-urlencoded, in the order given (Stripe's API).
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

/// `base` without a trailing slash followed by `path` ("/v1/plans").
std::string JoinUrl(std::string_view base, std::string_view path);

}  // namespace broadsheet::billing
