#pragma once

#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"
#include "ingest/feed_config.h"

namespace broadsheet::ingest {
class Publisher;
}  // namespace broadsheet::ingest

namespace broadsheet::api {

/// The header that carries a push's signature: "sha256=" and the lower-case hex HMAC-SHA256
/// of the raw request body, keyed with the feed's secret.
inline constexpr std::string_view kSignatureHeader = "X-Broadsheet-Signature";

/// "sha256=<hex>" for `body` under `secret`: what a wire provider sends.
std::string SignBody(std::string_view secret, std::string_view body);

/// `POST /ingest/<feed>`: a wire provider pushes one document (any format the feed takes).
/// Answers 200 with the ingest counts as JSON; 401 for a missing or wrong signature (the
/// body is not parsed); 404 for an unknown feed or one without a secret; 405 for other
/// methods; 413 over the size limit; 422 when nothing in the document could go in.
/// Thread-safe.
class IngestPush final {
public:
    /// `feeds` and `publisher` must outlive *this.
    IngestPush(const std::vector<ingest::FeedConfig>& feeds, const ingest::Publisher& publisher,
               size_t max_item_bytes);

    /// True for the paths this endpoint answers.
    static bool Owns(std::string_view path) { return path.starts_with("/ingest/"); }

    http::Response Handle(const http::Request& request) const;

private:
    const std::vector<ingest::FeedConfig>& feeds_;  // Not owned.
    const ingest::Publisher& publisher_;            // Not owned.
    const size_t max_item_bytes_;
};

}  // namespace broadsheet::api
