#include "ingest/sources/conditional_fetcher.h"

#include <curl/curl.h>

#include <charconv>
#include <memory>

#include "core/text.h"

namespace broadsheet::ingest {
namespace {

constexpr const char* kUserAgent = "Broadsheet/0.1 (+wire ingest)";

// What the libcurl callbacks fill in during one transfer.
struct Transfer {
    FetchResponse response;
    size_t max_bytes = 0;
    bool too_large = false;
    std::stop_token stop;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    size_t n = size * count;
    if (transfer->response.body.size() + n > transfer->max_bytes) {
        transfer->too_large = true;
        return 0;  // Aborts the transfer.
    }
    transfer->response.body.append(data, n);
    return n;
}

// Splits "text/html; charset=UTF-8" into the lower-case media type and charset.
void ReadContentType(std::string_view value, FetchResponse& response) {
    size_t semicolon = value.find(';');
    response.content_type = AsciiLower(TrimWhitespace(value.substr(0, semicolon)));
    response.charset.clear();
    while (semicolon != std::string_view::npos) {
        value.remove_prefix(semicolon + 1);
        semicolon = value.find(';');
        std::string_view parameter = TrimWhitespace(value.substr(0, semicolon));
        size_t equals = parameter.find('=');
        if (equals == std::string_view::npos || AsciiLower(TrimWhitespace(parameter.substr(0, equals))) != "charset") {
            continue;
        }
        std::string_view charset = TrimWhitespace(parameter.substr(equals + 1));
        if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
            charset = charset.substr(1, charset.size() - 2);
        }
        response.charset = AsciiLower(charset);
    }
}

// Called once per header line of every response in a redirect chain; only the last
// response's headers are kept.
size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    size_t n = size * count;
    std::string_view line(data, n);
    FetchResponse& response = transfer->response;
    if (line.starts_with("HTTP/")) {
        response = FetchResponse{};
        return n;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    std::string name = AsciiLower(TrimWhitespace(line.substr(0, colon)));
    std::string_view value = TrimWhitespace(line.substr(colon + 1));
    if (name == "etag") {
        response.etag = std::string(value);
    } else if (name == "last-modified") {
        response.last_modified = std::string(value);
    } else if (name == "content-type") {
        ReadContentType(value, response);
    } else if (name == "retry-after") {
        int64_t seconds = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0) {
            response.retry_after = std::chrono::seconds(seconds);
        }
    }
    return n;
}

int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Transfer*>(user)->stop.stop_requested() ? 1 : 0;  // Non-zero aborts.
}

bool IsHttpUrl(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

// A stored validator goes back into a request header only if it cannot break the header.
bool IsSafeHeaderValue(std::string_view value) {
    return !value.empty() && value.find_first_of("\r\n") == std::string_view::npos;
}

}  // namespace

CurlConditionalFetcher::CurlConditionalFetcher() {
    // Once per process, before any thread uses curl (a function-local static is initialised
    // exactly once even when several threads get here).
    static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
    (void)initialised;
}

Result<FetchResponse> CurlConditionalFetcher::Get(std::string_view url, std::string_view etag,
                                                  std::string_view last_modified, size_t max_bytes,
                                                  std::chrono::seconds timeout, std::stop_token stop) const {
    if (!IsHttpUrl(url)) return Fail(ErrorCode::kUnsupported, "only http and https URLs are fetched");
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return Fail(ErrorCode::kIo, "cannot start libcurl");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
    auto add_header = [&headers](const std::string& line) {
        curl_slist* extended = curl_slist_append(headers.get(), line.c_str());
        if (extended) {
            (void)headers.release();
            headers.reset(extended);
        }
    };
    if (IsSafeHeaderValue(etag)) add_header("If-None-Match: " + std::string(etag));
    if (IsSafeHeaderValue(last_modified)) add_header("If-Modified-Since: " + std::string(last_modified));

    std::string url_text(url);
    Transfer transfer;
    transfer.max_bytes = max_bytes;
    transfer.stop = std::move(stop);
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url_text.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, kUserAgent);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // Every encoding libcurl can undo.
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &ReadHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &WriteBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &Progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    CURLcode rc = curl_easy_perform(c);
    if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        return Fail(ErrorCode::kTooLarge, "larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (rc == CURLE_ABORTED_BY_CALLBACK) return Fail(ErrorCode::kIo, "stopped");
    if (rc != CURLE_OK) return Fail(ErrorCode::kIo, curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    return std::move(transfer.response);
}

}  // namespace broadsheet::ingest
