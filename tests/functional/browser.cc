#include "browser.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <memory>
#include <regex>
#include <stdexcept>

namespace broadsheet::testing {
namespace {

size_t Append(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t AddHeader(char* data, size_t size, size_t count, void* user) {
    std::string line(data, size * count);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        value.erase(value.find_last_not_of("\r\n \t") + 1);
        static_cast<std::multimap<std::string, std::string>*>(user)->emplace(name, value);
    }
    return size * count;
}

}  // namespace

std::string Reply::Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

std::string Reply::SetCookie(const std::string& name) const {
    auto [begin, end] = headers.equal_range("set-cookie");
    for (auto it = begin; it != end; ++it) {
        if (it->second.starts_with(name + "=")) return it->second;
    }
    return "";
}

std::string Encode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        }
    }
    return out;
}

std::string Form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) body += (body.empty() ? "" : "&") + name + "=" + Encode(value);
    return body;
}

std::string CsrfIn(const std::string& html) {
    static const std::regex kCsrf(R"re(name="csrf" value="([A-Za-z0-9_-]+)")re");
    std::smatch match;
    if (!std::regex_search(html, match, kCsrf)) {
        ADD_FAILURE() << "no CSRF field in the page";
        return {};
    }
    return match[1];
}

Reply Browser::Post(const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields) {
    const std::string body = Form(fields);
    return Send("POST", path, &body, {"Content-Type: application/x-www-form-urlencoded"});
}

Reply Browser::Send(const std::string& method, const std::string& path, const std::string* body,
                    std::vector<std::string> headers) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    std::string cookies;
    for (const auto& [name, value] : jar_) cookies += (cookies.empty() ? "" : "; ") + name + "=" + value;
    if (!cookies.empty()) headers.push_back("Cookie: " + cookies);
    headers.push_back("User-Agent: " + user_agent_);
    curl_slist* list = nullptr;
    for (const std::string& header : headers) list = curl_slist_append(list, header.c_str());
    Reply reply;
    const std::string url = server_.Url(path);
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
    if (body) {
        curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
    }
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &Append);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, &AddHeader);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &reply.headers);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl.get(), CURLOPT_NOPROXY, "*");
    CURLcode rc = curl_easy_perform(curl.get());
    curl_slist_free_all(list);
    if (rc != CURLE_OK) throw std::runtime_error(url + ": " + curl_easy_strerror(rc));
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
    auto [begin, end] = reply.headers.equal_range("set-cookie");
    for (auto it = begin; it != end; ++it) {
        const std::string& cookie = it->second;
        const size_t equals = cookie.find('=');
        const std::string name = cookie.substr(0, equals);
        const std::string value = cookie.substr(equals + 1, cookie.find(';') - equals - 1);
        if (cookie.find("Max-Age=0") != std::string::npos) {
            jar_.erase(name);
        } else {
            jar_[name] = value;
        }
    }
    return reply;
}

bool Browser::SignIn(const std::string& email, const std::string& password) {
    Reply page = Get("/account/signin");
    Reply signed_in = Post("/account/signin", {{"csrf", CsrfIn(page.body)}, {"next", "/account"},
                                               {"email", email}, {"password", password}});
    return signed_in.status == 303 && Has("bs_session");
}

}  // namespace broadsheet::testing
