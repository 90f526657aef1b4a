#include "http/wire.h"

#include <algorithm>

namespace broadsheet::http::wire {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsTokenChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
    return kSpecials.find(c) != std::string_view::npos;
}

void AppendTwoDigits(char* out, unsigned value) {
    out[0] = static_cast<char>('0' + value / 10 % 10);
    out[1] = static_cast<char>('0' + value % 10);
}

// Writes exactly 29 characters.
void WriteHttpDate(std::int64_t unix_seconds, char* out) {
    using namespace std::chrono;
    constexpr std::string_view kDays = "SunMonTueWedThuFriSat";
    constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const sys_seconds time{seconds{unix_seconds}};
    const sys_days day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{time - day};
    const unsigned weekday_index = weekday{day}.c_encoding();
    const unsigned month_index = static_cast<unsigned>(date.month()) - 1;
    const int year = static_cast<int>(date.year());
    std::copy_n(kDays.data() + 3 * weekday_index, 3, out);
    out[3] = ',';
    out[4] = ' ';
    AppendTwoDigits(out + 5, static_cast<unsigned>(date.day()));
    out[7] = ' ';
    std::copy_n(kMonths.data() + 3 * month_index, 3, out + 8);
    out[11] = ' ';
    AppendTwoDigits(out + 12, static_cast<unsigned>(year / 100));
    AppendTwoDigits(out + 14, static_cast<unsigned>(year % 100));
    out[16] = ' ';
    AppendTwoDigits(out + 17, static_cast<unsigned>(clock.hours().count()));
    out[19] = ':';
    AppendTwoDigits(out + 20, static_cast<unsigned>(clock.minutes().count()));
    out[22] = ':';
    AppendTwoDigits(out + 23, static_cast<unsigned>(clock.seconds().count()));
    std::copy_n(" GMT", 4, out + 25);
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
    out.append(name);
    out.append(": ");
    out.append(value);
    out.append("\r\n");
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view ReasonPhrase(int status) {
    switch (status) {
        case 100: return "Continue";
        case 101: return "Switching Protocols";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 206: return "Partial Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 402: return "Payment Required";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 406: return "Not Acceptable";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 411: return "Length Required";
        case 412: return "Precondition Failed";
        case 413: return "Content Too Large";
        case 414: return "URI Too Long";
        case 415: return "Unsupported Media Type";
        case 416: return "Range Not Satisfiable";
        case 422: return "Unprocessable Content";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 451: return "Unavailable For Legal Reasons";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Unknown";
    }
}

bool StatusAllowsBody(int status) { return status >= 200 && status != 204 && status != 304; }

bool IsValidHeaderName(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), IsTokenChar);
}

bool IsValidHeaderValue(std::string_view value) {
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::optional<TargetParts> SplitTarget(std::string_view target) {
    if (!target.starts_with('/')) {
        // Absolute form: "http://host:port/path?query"; the authority is ignored.
        const size_t scheme_end = target.find("://");
        if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
        const std::string_view scheme = target.substr(0, scheme_end);
        if (!EqualsIgnoreCase(scheme, "http") && !EqualsIgnoreCase(scheme, "https")) {
            return std::nullopt;
        }
        const size_t path_start = target.find_first_of("/?", scheme_end + 3);
        target = path_start == std::string_view::npos ? "/" : target.substr(path_start);
        if (target.starts_with('?')) return TargetParts{"/", target.substr(1)};
    }
    const size_t question = target.find('?');
    if (question == std::string_view::npos) return TargetParts{target, {}};
    return TargetParts{target.substr(0, question), target.substr(question + 1)};
}

std::string_view DateCache::Now() {
    const auto now = std::chrono::system_clock::now();
    const std::int64_t second =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (second != second_) {
        WriteHttpDate(second, text_.data());
        second_ = second;
    }
    return {text_.data(), text_.size()};
}

std::string FormatHttpDate(std::chrono::system_clock::time_point time) {
    std::string text(29, ' ');
    WriteHttpDate(std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count(),
                  text.data());
    return text;
}

std::string RequestIdGenerator::Next() {
    // SplitMix64: a bijection of the counter, so ids only repeat after 2^64 requests; 12 hex
    // digits keep them short enough to read out over the phone.
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    constexpr std::string_view kHex = "0123456789abcdef";
    std::string id(12, '0');
    for (char& c : id) {
        c = kHex[z & 0xf];
        z >>= 4;
    }
    return id;
}

std::size_t AppendResponseHead(std::string& out, int status,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const HeadOptions& options) {
    out.append("HTTP/1.1 ");
    out.append(std::to_string(status));
    out.push_back(' ');
    out.append(ReasonPhrase(status));
    out.append("\r\n");
    bool has_date = false;
    bool has_server = false;
    std::size_t dropped = 0;
    for (const auto& [name, value] : headers) {
        if (!IsValidHeaderName(name) || !IsValidHeaderValue(value)) {
            ++dropped;
            continue;
        }
        if (EqualsIgnoreCase(name, "Content-Length") ||
            EqualsIgnoreCase(name, "Transfer-Encoding") || EqualsIgnoreCase(name, "Connection")) {
            continue;
        }
        has_date = has_date || EqualsIgnoreCase(name, "Date");
        has_server = has_server || EqualsIgnoreCase(name, "Server");
        AppendHeader(out, name, value);
    }
    if (!has_server) AppendHeader(out, "Server", "Broadsheet");
    if (!has_date) AppendHeader(out, "Date", options.date);
    if (options.content_length) {
        AppendHeader(out, "Content-Length", std::to_string(*options.content_length));
    }
    if (options.close) {
        AppendHeader(out, "Connection", "close");
    } else if (options.keep_alive) {
        AppendHeader(out, "Connection", "keep-alive");
    }
    out.append("\r\n");
    return dropped;
}

}  // namespace broadsheet::http::wire
