#pragma once

#include "http/request.h"
#include "http/response.h"

namespace broadsheet::http {

/// Makes `response` answer conditional requests (RFC 9110 §13): gives a 200 response a
/// strong ETag from a hash of its body (unless it has one), and turns it into a 304 Not
/// Modified without a body when `If-None-Match` matches (weak comparison), or, without
/// `If-None-Match`, when `If-Modified-Since` is not older than its `Last-Modified`. Only
/// GET and HEAD are considered.
void ApplyConditional(const Request& request, Response& response);

}  // namespace broadsheet::http
