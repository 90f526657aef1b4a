#pragma once

#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace broadsheet::http {

/// Makes `response` answer conditional requests (RFC 9110 §13): gives a 200 response a
/// strong ETag from a hash of its body (unless it has one), and turns it into a 304 Not
/// Modified without a body when `If-None-Match` matches (weak comparison), or, without
/// `If-None-Match`, when `If-Modified-Since` is not older than its `Last-Modified`. Only
/// GET and HEAD are considered.
void ApplyConditional(const Request& request, Response& response);

/// A strong entity tag for `body`, quoted: "\"1f3a…\"" (64-bit FNV-1a, hex).
std::string BodyEtag(std::string_view body);

}  // namespace broadsheet::http
