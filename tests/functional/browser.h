#pragma once

// A browser, as far as the functional tests need one: keeps cookies, sends a User-Agent,
// posts forms, and reads the CSRF field of a page. libcurl, 127.0.0.1 only.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "serve_process.h"

namespace broadsheet::testing {

constexpr const char* kFirefox = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";

struct Reply {
    long status = 0;
    std::multimap<std::string, std::string> headers;  // Lower-cased names.
    std::string body;
    std::string Header(const std::string& name) const;
    /// The Set-Cookie header for `name`, e.g. "bs_session=…; Path=/; HttpOnly; …".
    std::string SetCookie(const std::string& name) const;
    /// Whether the body contains `text`.
    bool Has(const std::string& text) const { return body.find(text) != std::string::npos; }
};

/// Percent-encodes all but RFC 3986's unreserved characters.
std::string Encode(const std::string& text);
/// "a=1&b=2", each value encoded.
std::string Form(const std::vector<std::pair<std::string, std::string>>& fields);
/// The value of the page's hidden `csrf` field; a test failure when there is none.
std::string CsrfIn(const std::string& html);

class Browser final {
public:
    explicit Browser(const ServeProcess& server, std::string user_agent = kFirefox)
        : server_(server), user_agent_(std::move(user_agent)) {}

    Reply Get(const std::string& path) { return Send("GET", path, nullptr, {}); }
    Reply Post(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields);
    Reply Send(const std::string& method, const std::string& path, const std::string* body,
               std::vector<std::string> headers);
    bool Has(const std::string& cookie) const { return jar_.count(cookie) > 0; }
    void Forget(const std::string& cookie) { jar_.erase(cookie); }
    /// Signs in through /account/signin; true when the server set a session cookie.
    bool SignIn(const std::string& email, const std::string& password);

private:
    const ServeProcess& server_;
    std::string user_agent_;
    std::map<std::string, std::string> jar_;
};

}  // namespace broadsheet::testing
