#pragma once

// Small helpers the newsroom's pages share: form fields, ids in paths, flash encoding.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace broadsheet::newsroom {

/// A token as RandomToken makes them (URL-safe base64, at most 64 characters).
bool PlausibleToken(std::string_view token);

/// The client's address for the audit log and rate limits (X-Forwarded-For from a local proxy).
std::string ClientAddress(const http::Request& request);

/// `next` if it is a newsroom path ("/newsroom..."), else "/newsroom".
std::string SafeNewsroomPath(std::string_view next);

/// The names of every field of an application/x-www-form-urlencoded body, decoded, in order
/// (repeats kept); nullopt when the request is not such a form or a name is malformed.
std::optional<std::vector<std::string>> FormFieldNames(const http::Request& request);

/// A form field, trimmed; "" when absent.
std::string Field(const http::Request& request, std::string_view name);

/// The number `text` is, if it is only digits (1 to 18 of them).
std::optional<int64_t> ParseId(std::string_view text);

/// Bytes as lower-case hex (cookie-safe), and back ("" for malformed hex).
std::string ToHex(std::string_view bytes);
std::string FromHex(std::string_view hex);

}  // namespace broadsheet::newsroom
