#include "ingest/sources/url_fetcher.h"

namespace broadsheet::ingest {

Result<std::string> CurlFetcher::Fetch(std::string_view url, size_t max_bytes, std::chrono::seconds timeout) const {
    // libcurl has one home, the conditional fetcher: here without validators.
    auto response = curl_.Get(url, {}, {}, max_bytes, timeout, {});
    if (!response) return Fail(response.error().code, std::string(url) + ": " + response.error().message);
    if (response->status < 200 || response->status > 299) {
        return Fail(ErrorCode::kIo, std::string(url) + ": HTTP status " + std::to_string(response->status));
    }
    return std::move(response->body);
}

}  // namespace broadsheet::ingest
