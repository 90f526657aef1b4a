#include "http/multipart.h"

#include <algorithm>
#include <cctype>
#include <functional>

namespace broadsheet::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

std::string Lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool IsBoundaryChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

bool IsTokenChar(char c) {
    return c > 32 && c < 127 && std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

struct Parameter {
    std::string name;  // Lower-cased.
    std::string value;
};

/// Splits `value` ("form-data; name=\"a\"; filename=b") into its first word and its
/// parameters. Values are tokens or quoted strings without escapes (browsers percent-encode
/// quotes and line breaks in names). nullopt when malformed or a parameter repeats.
std::optional<std::pair<std::string, std::vector<Parameter>>> SplitParameters(std::string_view value) {
    size_t semicolon = value.find(';');
    std::pair<std::string, std::vector<Parameter>> out;
    out.first = Lower(Trim(value.substr(0, semicolon)));
    std::string_view rest = semicolon == std::string_view::npos ? std::string_view() : value.substr(semicolon + 1);
    while (!rest.empty()) {
        rest = Trim(rest);
        size_t equals = rest.find('=');
        if (equals == std::string_view::npos) return std::nullopt;
        std::string_view name = Trim(rest.substr(0, equals));
        if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) return std::nullopt;
        rest = Trim(rest.substr(equals + 1));
        std::string parsed;
        if (!rest.empty() && rest.front() == '"') {
            size_t close = rest.find('"', 1);
            if (close == std::string_view::npos) return std::nullopt;
            parsed = std::string(rest.substr(1, close - 1));
            rest = Trim(rest.substr(close + 1));
        } else {
            size_t end = rest.find(';');
            std::string_view token = Trim(rest.substr(0, end));
            if (token.empty() || !std::all_of(token.begin(), token.end(), IsTokenChar)) return std::nullopt;
            parsed = std::string(token);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        }
        if (!rest.empty()) {
            if (rest.front() != ';') return std::nullopt;
            rest.remove_prefix(1);
        }
        std::string lower = Lower(name);
        for (const Parameter& seen : out.second) {
            if (seen.name == lower) return std::nullopt;
        }
        out.second.push_back({std::move(lower), std::move(parsed)});
    }
    return out;
}

/// Reads a part's header block into `part`.
Result<void> ParseHeaders(std::string_view block, MultipartPart& part) {
    bool disposition_seen = false;
    while (!block.empty()) {
        size_t end = block.find(kCrlf);
        std::string_view line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view() : block.substr(end + 2);
        if (line.find_first_of("\r\n") != std::string_view::npos) {
            return Fail(ErrorCode::kInvalidInput, "a multipart header line has a bare CR or LF");
        }
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            return Fail(ErrorCode::kInvalidInput, "a multipart header line has no name");
        }
        std::string name = Lower(line.substr(0, colon));
        if (!std::all_of(name.begin(), name.end(), IsTokenChar)) {
            return Fail(ErrorCode::kInvalidInput, "a multipart header name is malformed");
        }
        std::string_view value = Trim(line.substr(colon + 1));
        if (name == "content-disposition") {
            if (disposition_seen) return Fail(ErrorCode::kInvalidInput, "a part has two Content-Dispositions");
            disposition_seen = true;
            auto split = SplitParameters(value);
            if (!split || split->first != "form-data") {
                return Fail(ErrorCode::kInvalidInput, "a part's Content-Disposition is not form-data");
            }
            bool named = false;
            for (Parameter& parameter : split->second) {
                if (parameter.name == "name") {
                    part.name = std::move(parameter.value);
                    named = true;
                } else if (parameter.name == "filename") {
                    part.is_file = true;
                    // Some browsers send a full path; only the last segment is the name.
                    std::string_view filename = parameter.value;
                    size_t slash = filename.find_last_of("/\\");
                    if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
                    part.filename = std::string(filename);
                }
            }
            if (!named) return Fail(ErrorCode::kInvalidInput, "a part has no name");
        } else if (name == "content-type") {
            part.content_type = Lower(value);
        }
    }
    if (!disposition_seen) return Fail(ErrorCode::kInvalidInput, "a part has no Content-Disposition");
    if (part.content_type.empty()) part.content_type = "text/plain";
    return {};
}

}  // namespace

const MultipartPart* MultipartForm::Find(std::string_view name) const {
    for (const MultipartPart& part : parts) {
        if (part.name == name) return &part;
    }
    return nullptr;
}

std::optional<std::string> MultipartForm::Field(std::string_view name) const {
    for (const MultipartPart& part : parts) {
        if (part.name == name && !part.is_file) return part.data;
    }
    return std::nullopt;
}

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
    auto split = SplitParameters(content_type);
    if (!split || split->first != "multipart/form-data") return std::nullopt;
    for (const Parameter& parameter : split->second) {
        if (parameter.name != "boundary") continue;
        const std::string& boundary = parameter.value;
        if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ' ||
            !std::all_of(boundary.begin(), boundary.end(), IsBoundaryChar)) {
            return std::nullopt;
        }
        return boundary;
    }
    return std::nullopt;
}

Result<MultipartForm> ParseMultipart(std::string_view body, std::string_view boundary, const MultipartLimits& limits) {
    if (boundary.empty() || boundary.size() > 70) return Fail(ErrorCode::kInvalidInput, "bad multipart boundary");
    const std::string first = "--" + std::string(boundary);
    const std::string delimiter = "\r\n" + first;
    if (!body.starts_with(first)) return Fail(ErrorCode::kInvalidInput, "the body does not start with the boundary");
    const std::boyer_moore_searcher search(delimiter.begin(), delimiter.end());

    MultipartForm form;
    size_t at = first.size();
    while (true) {
        // After a delimiter: "--" closes the body, CRLF starts a part.
        std::string_view after = body.substr(at);
        if (after.starts_with("--")) return form;
        if (!after.starts_with(kCrlf)) return Fail(ErrorCode::kInvalidInput, "a boundary is not followed by CRLF");
        at += 2;
        if (form.parts.size() >= limits.max_parts) return Fail(ErrorCode::kTooLarge, "too many parts in the form");

        MultipartPart part;
        std::string_view rest = body.substr(at);
        size_t headers_end = rest.substr(0, limits.max_header_bytes + 4).find("\r\n\r\n");
        if (rest.starts_with(kCrlf)) {
            headers_end = 0;  // No headers at all: rejected below for want of a name.
        } else if (headers_end == std::string_view::npos) {
            return rest.size() > limits.max_header_bytes ? Fail(ErrorCode::kTooLarge, "a part's headers are too long")
                                                        : Fail(ErrorCode::kInvalidInput, "a part's headers do not end");
        } else {
            headers_end += 2;  // Keep the last header line's CRLF out of the block.
        }
        if (auto parsed = ParseHeaders(rest.substr(0, headers_end), part); !parsed) return parsed.error();
        at += headers_end + 2;

        const auto data_begin = body.begin() + static_cast<std::ptrdiff_t>(at);
        const auto found = std::search(data_begin, body.end(), search);
        if (found == body.end()) return Fail(ErrorCode::kInvalidInput, "the body ends inside a part");
        const size_t size = static_cast<size_t>(found - data_begin);
        if (size > (part.is_file ? limits.max_file_bytes : limits.max_field_bytes)) {
            return Fail(ErrorCode::kTooLarge, "the form field \"" + part.name + "\" is too large");
        }
        part.data = std::string(body.substr(at, size));
        form.parts.push_back(std::move(part));
        at += size + delimiter.size();
    }
}

Result<MultipartForm> ParseMultipartRequest(const Request& request, const MultipartLimits& limits) {
    std::optional<std::string> boundary = MultipartBoundary(request.Header("Content-Type"));
    if (!boundary) return Fail(ErrorCode::kUnsupported, "the form is not multipart/form-data");
    return ParseMultipart(request.body, *boundary, limits);
}

}  // namespace broadsheet::http
