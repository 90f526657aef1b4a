#pragma once

#include <map>
#include <string>
#include <vector>

namespace broadsheet::testing {

/// A response as a test sees it. Header names are lower-cased.
struct HttpResponse {
    long status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
};

/// GET (or another method) without following redirects. Throws on transport errors.
HttpResponse HttpGet(const std::string& url, const std::string& method = "GET");

/// POSTs `body` with extra headers ("Name: value"), without following redirects.
HttpResponse HttpPost(const std::string& url, const std::string& body, const std::vector<std::string>& headers);

/// Sends raw bytes on a new connection to 127.0.0.1:port and returns what comes back.
std::string RawExchange(int port, const std::string& bytes);

}  // namespace broadsheet::testing
