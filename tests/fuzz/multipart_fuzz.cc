// libFuzzer target: ParseMultipart must not crash, must respect its limits, and what it
// accepts must serialise back to a body that parses to the same parts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "http/multipart.h"

namespace {

std::string Serialise(const broadsheet::http::MultipartForm& form, std::string_view boundary) {
    std::string body;
    for (const auto& part : form.parts) {
        body += "--" + std::string(boundary) + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
        if (part.is_file) body += "; filename=\"" + part.filename + "\"";
        body += "\r\nContent-Type: " + part.content_type + "\r\n\r\n" + part.data + "\r\n";
    }
    return body + "--" + std::string(boundary) + "--\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first byte picks the boundary's length (1-70) from what follows; the rest is the body.
    if (size < 2) return 0;
    const std::size_t length = 1 + data[0] % 70;
    if (size < 1 + length) return 0;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view boundary = input.substr(1, length);
    std::string_view body = input.substr(1 + length);
    // Only boundaries a Content-Type may carry reach the parser in the server.
    if (broadsheet::http::MultipartBoundary("multipart/form-data; boundary=\"" + std::string(boundary) + "\"") !=
        boundary) {
        return 0;
    }
    broadsheet::http::MultipartLimits limits;
    limits.max_parts = 16;
    limits.max_header_bytes = 512;
    limits.max_field_bytes = 4096;
    limits.max_file_bytes = 8192;
    auto form = broadsheet::http::ParseMultipart(body, boundary, limits);
    if (!form) return 0;
    if (form->parts.size() > limits.max_parts) __builtin_trap();
    for (const auto& part : form->parts) {
        if (part.data.size() > (part.is_file ? limits.max_file_bytes : limits.max_field_bytes)) __builtin_trap();
    }
    // Names and filenames with a quote or a line break cannot be written back as sent.
    for (const auto& part : form->parts) {
        for (const std::string* text : {&part.name, &part.filename, &part.content_type}) {
            if (text->find_first_of("\"\r\n") != std::string::npos) return 0;
        }
    }
    limits.max_header_bytes = 4096;
    auto again = broadsheet::http::ParseMultipart(Serialise(*form, boundary), boundary, limits);
    if (!again || again->parts.size() != form->parts.size()) {
        std::fprintf(stderr, "re-serialised form does not parse: %s\n", again ? "count" : again.error().message.c_str());
        __builtin_trap();
    }
    for (std::size_t i = 0; i < form->parts.size(); ++i) {
        const auto& a = form->parts[i];
        const auto& b = again->parts[i];
        if (a.name != b.name || a.is_file != b.is_file || a.filename != b.filename || a.data != b.data ||
            a.content_type != b.content_type) {
            std::fprintf(stderr, "part %zu differs after a round trip\n", i);
            __builtin_trap();
        }
    }
    return 0;
}
