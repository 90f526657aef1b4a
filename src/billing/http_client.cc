#include "billing/http_client.h"

#include <curl/curl.h>

#include <memory>

namespace broadsheet::billing {
namespace {

constexpr size_t kMaxReplyBytes = 1 << 20;
constexpr const char* kUserAgent = "Broadsheet/0.1 (+billing)";

struct Transfer {
    std::string body;
    bool too_large = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (transfer->body.size() + n > kMaxReplyBytes) {
        transfer->too_large = true;
        return 0;
    }
    transfer->body.append(data, n);
    return n;
}

}  // namespace

CurlHttpClient::CurlHttpClient(std::chrono::seconds timeout, std::chrono::seconds connect_timeout)
    : timeout_(timeout), connect_timeout_(connect_timeout) {
    static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
    (void)initialised;
}

Result<HttpReply> CurlHttpClient::Send(const HttpCall& call) const {
    if (!call.url.starts_with("http://") && !call.url.starts_with("https://")) {
        return Fail(ErrorCode::kUnsupported, "only http and https gateway URLs: " + call.url);
    }
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return Fail(ErrorCode::kIo, "cannot start libcurl");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                        &curl_slist_free_all);
    for (const std::string& line : call.headers) {
        curl_slist* extended = curl_slist_append(headers.get(), line.c_str());
        if (!extended) return Fail(ErrorCode::kIo, "out of memory");
        (void)headers.release();
        headers.reset(extended);
    }
    Transfer transfer;
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method != "GET") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
    }
    if (!call.basic_auth.empty()) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(c, CURLOPT_USERPWD, call.basic_auth.c_str());
    }
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout_.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(connect_timeout_.count()));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, kUserAgent);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &WriteBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    const CURLcode rc = curl_easy_perform(c);
    if (transfer.too_large)
        return Fail(ErrorCode::kTooLarge, call.url + ": reply larger than 1 MB");
    if (rc != CURLE_OK) return Fail(ErrorCode::kIo, call.url + ": " + curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return HttpReply{static_cast<int>(status), std::move(transfer.body)};
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    auto encode = [](std::string& out, std::string_view text) {
        for (unsigned char c : text) {
            const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                    c == '~';
            if (unreserved) {
                out += static_cast<char>(c);
            } else {
                out += '%';
                out += kHex[c >> 4];
                out += kHex[c & 15];
            }
        }
    };
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        encode(out, name);
        out += '=';
        encode(out, value);
    }
    return out;
}

std::string JoinUrl(std::string_view base, std::string_view path) {
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    return std::string(base) + std::string(path);
}

}  // namespace broadsheet::billing
