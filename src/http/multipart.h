#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/request.h"

namespace broadsheet::http {

/// One part of a multipart/form-data body (RFC 7578).
struct MultipartPart {
    std::string name;          ///< The form field's name.
    bool is_file = false;      ///< A filename parameter was sent (a file input).
    std::string filename;      ///< As sent, without any path; may be empty for a file input left empty.
    std::string content_type;  ///< As sent, lower-cased; "text/plain" when absent.
    std::string data;          ///< The part's bytes, exactly as sent.
};

/// Bounds on what ParseMultipart accepts; over any of them it fails with kTooLarge.
struct MultipartLimits {
    size_t max_parts = 64;
    size_t max_header_bytes = 4 * 1024;      ///< A part's header block.
    size_t max_field_bytes = 1024 * 1024;    ///< A part without a filename.
    size_t max_file_bytes = 20 * 1024 * 1024;  ///< A part with a filename.
};

/// A parsed form: its parts in the order sent.
struct MultipartForm {
    std::vector<MultipartPart> parts;

    /// The first part called `name`; null when absent.
    const MultipartPart* Find(std::string_view name) const;
    /// The data of the first non-file part called `name`; nullopt when absent.
    std::optional<std::string> Field(std::string_view name) const;
};

/// The boundary of a "multipart/form-data; boundary=…" Content-Type (the parameter may be
/// quoted); nullopt for another type or a boundary RFC 2046 does not allow (1–70 of its
/// characters, not ending in a space).
std::optional<std::string> MultipartBoundary(std::string_view content_type);

/// Parses a multipart/form-data `body` strictly: it must start with the first delimiter
/// ("--" boundary CRLF; no preamble, as browsers send), every part must have a
/// Content-Disposition of form-data with a name, header lines end in CRLF, and the body
/// must end with the close delimiter (anything after it, the epilogue, is ignored). Fails
/// with kInvalidInput when malformed and kTooLarge over `limits`. Linear in the body's size
/// (Boyer–Moore search for delimiters). Pure; thread-safe.
Result<MultipartForm> ParseMultipart(std::string_view body, std::string_view boundary,
                                     const MultipartLimits& limits = {});

/// ParseMultipart on a request's body with the boundary of its Content-Type; kUnsupported
/// when the request is not multipart/form-data.
Result<MultipartForm> ParseMultipartRequest(const Request& request, const MultipartLimits& limits = {});

}  // namespace broadsheet::http
