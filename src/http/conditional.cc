#include "http/conditional.h"

#include <cstdint>
#include <ctime>
#include <string>

namespace broadsheet::http {

std::string BodyEtag(std::string_view body) {
    uint64_t hash = 1469598103934665603ULL;  // FNV-1a 64
    for (unsigned char c : body) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string etag = "\"";
    for (int shift = 60; shift >= 0; shift -= 4) etag += kHex[(hash >> shift) & 0xF];
    etag += '"';
    return etag;
}

namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string_view Opaque(std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
}

// If-None-Match: "*" or a comma-separated list of entity tags, compared weakly.
bool NoneMatchHits(std::string_view header, std::string_view etag) {
    if (Trim(header) == "*") return true;
    while (!header.empty()) {
        size_t comma = header.find(',');
        std::string_view tag = Trim(header.substr(0, comma));
        if (!tag.empty() && Opaque(tag) == Opaque(etag)) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

// Parses an IMF-fixdate ("Sat, 16 Nov 2024 10:27:00 GMT"); -1 when it is not one.
int64_t ParseHttpDate(std::string_view text) {
    std::tm tm{};
    std::string copy(Trim(text));
    const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!end || *end != '\0') return -1;
    return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

void ApplyConditional(const Request& request, Response& response) {
    if (request.method != "GET" && request.method != "HEAD") return;
    if (response.status != 200) return;
    if (response.GetHeader("ETag").empty() && response.body) response.SetHeader("ETag", BodyEtag(*response.body));
    std::string_view etag = response.GetHeader("ETag");
    bool not_modified = false;
    std::string_view none_match = request.Header("If-None-Match");
    if (!none_match.empty()) {
        not_modified = !etag.empty() && NoneMatchHits(none_match, etag);
    } else {
        std::string_view since = request.Header("If-Modified-Since");
        std::string_view modified = response.GetHeader("Last-Modified");
        if (!since.empty() && !modified.empty()) {
            int64_t since_time = ParseHttpDate(since), modified_time = ParseHttpDate(modified);
            not_modified = since_time >= 0 && modified_time >= 0 && modified_time <= since_time;
        }
    }
    if (!not_modified) return;
    response.status = 304;
    response.body.reset();
    // A 304 carries the validators and caching headers, but no content headers.
    std::erase_if(response.headers, [](const auto& header) {
        std::string name = header.first;
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return name == "content-type" || name == "content-length";
    });
}

}  // namespace broadsheet::http
