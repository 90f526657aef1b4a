#include "ingest/sources/url_fetcher.h"

#include <curl/curl.h>

#include <memory>

namespace broadsheet::ingest {
namespace {

struct Sink {
    std::string body;
    size_t max_bytes;
    bool too_large = false;
};

size_t Write(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    size_t n = size * count;
    if (sink->body.size() + n > sink->max_bytes) {
        sink->too_large = true;
        return 0;  // Aborts the transfer.
    }
    sink->body.append(data, n);
    return n;
}

bool IsHttpUrl(std::string_view url) {
    return url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://";
}

}  // namespace

CurlFetcher::CurlFetcher() {
    // Idempotent after the first call; must happen before threads use curl.
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

Result<std::string> CurlFetcher::Fetch(std::string_view url, size_t max_bytes, std::chrono::seconds timeout) const {
    if (!IsHttpUrl(url)) return Fail(ErrorCode::kUnsupported, "only http and https URLs are fetched");
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return Fail(ErrorCode::kIo, "cannot start libcurl");
    std::string url_text(url);
    Sink sink{{}, max_bytes};
    curl_easy_setopt(curl.get(), CURLOPT_URL, url_text.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "Broadsheet/0.1 (+wire ingest)");
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &Write);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
    CURLcode rc = curl_easy_perform(curl.get());
    if (sink.too_large) {
        return Fail(ErrorCode::kTooLarge, url_text + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (rc != CURLE_OK) return Fail(ErrorCode::kIo, url_text + ": " + curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) {
        return Fail(ErrorCode::kIo, url_text + ": HTTP status " + std::to_string(status));
    }
    return std::move(sink.body);
}

}  // namespace broadsheet::ingest
