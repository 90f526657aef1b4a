#include "api/ingest_push.h"

#include <sodium.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "ingest/ingest_files.h"
#include "ingest/publisher.h"

namespace broadsheet::api {
namespace {

http::Response Json(int status, const nlohmann::json& body) {
    http::Response response = http::Response::Text(status, body.dump() + "\n", "application/json");
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

http::Response Problem(int status, std::string message) {
    return Json(status, nlohmann::json{{"error", std::move(message)}});
}

std::string Hex(const unsigned char* bytes, size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes, size);
    hex.pop_back();
    return hex;
}

// Compares in constant time, so the check leaks nothing about the right signature.
bool SameSignature(std::string_view expected, std::string_view given) {
    return expected.size() == given.size() && sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

}  // namespace

std::string SignBody(std::string_view secret, std::string_view body) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    crypto_auth_hmacsha256_final(&state, mac);
    return "sha256=" + Hex(mac, sizeof mac);
}

IngestPush::IngestPush(const std::vector<ingest::FeedConfig>& feeds, const ingest::Publisher& publisher,
                       size_t max_item_bytes)
    : feeds_(feeds), publisher_(publisher), max_item_bytes_(max_item_bytes) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

http::Response IngestPush::Handle(const http::Request& request) const {
    std::string_view feed_id = std::string_view(request.path).substr(std::string_view("/ingest/").size());
    const ingest::FeedConfig* feed = nullptr;
    for (const ingest::FeedConfig& candidate : feeds_) {
        if (candidate.id == feed_id && !candidate.secret.empty()) feed = &candidate;
    }
    if (!feed) return Problem(404, "no feed \"" + std::string(feed_id) + "\" accepts pushes");
    if (request.method != "POST") {
        http::Response response = Problem(405, "use POST");
        response.SetHeader("Allow", "POST");
        return response;
    }
    std::string_view signature = request.Header(kSignatureHeader);
    if (signature.empty()) return Problem(401, "missing " + std::string(kSignatureHeader) + " header");
    if (!SameSignature(SignBody(feed->secret, request.body), signature)) {
        spdlog::warn("push to feed {} from {} refused: bad signature (request {})", feed->id, request.remote_address,
                     request.request_id);
        return Problem(401, "the signature does not match the body");
    }
    if (request.body.size() > max_item_bytes_) return Problem(413, "the document is over the size limit");

    auto format = ingest::ParseWireFormat(feed->format);
    if (!format) return Problem(500, format.error().message);
    ingest::PublishContext context = ingest::FeedContext(*feed);
    std::string source = "push:" + feed->id + ":" + request.request_id;
    ingest::IngestReport report = ingest::IngestDocument(request.body, source, *format, publisher_, context);
    for (const auto& [where, reason] : report.rejections) spdlog::warn("{}: rejected: {}", where, reason);
    spdlog::info("{}: {}", source, report.Summary());

    nlohmann::json body{{"ingested", report.ingested},
                        {"updated", report.updated},
                        {"unchanged", report.unchanged},
                        {"rejected", report.rejected},
                        {"rejections", nlohmann::json::array()},
                        {"warnings", nlohmann::json::array()}};
    for (const auto& [where, reason] : report.rejections) body["rejections"].push_back(reason);
    for (const auto& [where, warning] : report.warnings) body["warnings"].push_back(warning);
    bool nothing_went_in = report.ingested + report.updated + report.unchanged == 0;
    return Json(nothing_went_in ? 422 : 200, body);
}

}  // namespace broadsheet::api
