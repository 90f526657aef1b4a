#include "http/static_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <system_error>
#include <utility>

#include "http/wire.h"

namespace broadsheet::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kShortCache = "public, max-age=300";

uint64_t Fnv1a64(std::string_view data) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : data) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::optional<std::string> ReadFile(const fs::path& path) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(path, ec);
    if (ec) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    std::string content(static_cast<size_t>(size), '\0');
    if (!in.read(content.data(), static_cast<std::streamsize>(content.size()))) return std::nullopt;
    return content;
}

/// "js/app.js" + "3fa2b1c9" -> "js/app.3fa2b1c9.js"; the hash goes before the extension.
std::string Fingerprinted(std::string_view name, std::string_view hash) {
    const size_t slash = name.rfind('/');
    const size_t dot = name.rfind('.');
    const bool has_extension =
        dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash + 1);
    if (!has_extension) return fmt::format("{}.{}", name, hash);
    return fmt::format("{}.{}{}", name.substr(0, dot), hash, name.substr(dot));
}

/// True when the If-None-Match header value lists `etag` (weak comparison) or is "*".
bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        const size_t comma = header.find(',');
        std::string_view candidate = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!candidate.empty() && (candidate.front() == ' ' || candidate.front() == '\t')) {
            candidate.remove_prefix(1);
        }
        while (!candidate.empty() && (candidate.back() == ' ' || candidate.back() == '\t')) {
            candidate.remove_suffix(1);
        }
        if (candidate.starts_with("W/")) candidate.remove_prefix(2);
        if (candidate == "*" || candidate == etag) return true;
    }
    return false;
}

bool IsHidden(const fs::path& relative) {
    return std::any_of(relative.begin(), relative.end(),
                       [](const fs::path& part) { return part.native().starts_with('.'); });
}

/// Rejects what could step outside the root before the file system is asked anything.
bool IsPlainRelativePath(std::string_view relative) {
    if (relative.empty() || relative.front() == '/') return false;
    if (relative.find('\0') != std::string_view::npos) return false;
    if (relative.find('\\') != std::string_view::npos) return false;
    while (!relative.empty()) {
        const size_t slash = relative.find('/');
        if (relative.substr(0, slash) == "..") return false;
        if (slash == std::string_view::npos) break;
        relative.remove_prefix(slash + 1);
    }
    return true;
}

/// True when `path` is strictly below `root`; both canonical.
bool IsBelow(const fs::path& root, const fs::path& path) {
    const auto [root_end, path_rest] =
        std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return root_end == root.end() && path_rest != path.end();
}

Response NotFound() { return Response::Text(404, "Not Found\n"); }

}  // namespace

Result<StaticFiles> StaticFiles::Load(const fs::path& root, std::string url_prefix) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        return Fail(ErrorCode::kNotFound,
                    fmt::format("static files: {} is not a directory", root.string()));
    }
    StaticFiles files;
    if (!url_prefix.starts_with('/')) url_prefix = "/" + url_prefix;
    if (!url_prefix.ends_with('/')) url_prefix.push_back('/');
    files.url_prefix_ = std::move(url_prefix);
    fs::recursive_directory_iterator it(root, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path relative = it->path().lexically_relative(root);
        std::error_code status_ec;
        if (IsHidden(relative)) {
            if (it->is_directory(status_ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(status_ec)) continue;
        std::optional<std::string> content = ReadFile(it->path());
        if (!content) {
            return Fail(ErrorCode::kIo,
                        fmt::format("static files: cannot read {}", it->path().string()));
        }
        const uint64_t hash = Fnv1a64(*content);
        const std::string hex = fmt::format("{:016x}", hash);
        const std::string name = relative.generic_string();
        Asset asset;
        asset.content_type = std::string(ContentTypeFor(name));
        asset.etag = fmt::format("\"{}\"", hex);
        asset.fingerprinted_name = Fingerprinted(name, std::string_view(hex).substr(0, 8));
        asset.body = std::make_shared<const std::string>(std::move(*content));
        const size_t index = files.assets_.size();
        files.by_logical_name_.emplace(name, Route{index, false});
        files.by_url_name_.emplace(name, Route{index, false});
        files.by_url_name_.emplace(asset.fingerprinted_name, Route{index, true});
        files.assets_.push_back(std::move(asset));
    }
    if (ec) {
        return Fail(ErrorCode::kIo,
                    fmt::format("static files: cannot list {}: {}", root.string(), ec.message()));
    }
    return files;
}

std::string StaticFiles::Url(std::string_view logical_name) const {
    while (logical_name.starts_with('/')) logical_name.remove_prefix(1);
    const auto found = by_logical_name_.find(logical_name);
    if (found == by_logical_name_.end()) return url_prefix_ + std::string(logical_name);
    return url_prefix_ + assets_[found->second.asset].fingerprinted_name;
}

std::optional<Response> StaticFiles::Serve(const Request& request) const {
    if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
    const std::string_view path = request.path;
    if (!path.starts_with(url_prefix_)) return std::nullopt;
    const auto found = by_url_name_.find(path.substr(url_prefix_.size()));
    if (found == by_url_name_.end()) return std::nullopt;
    const Asset& asset = assets_[found->second.asset];
    Response response;
    response.headers.emplace_back("Cache-Control",
                                  found->second.immutable ? kImmutable : kShortCache);
    response.headers.emplace_back("ETag", asset.etag);
    if (IfNoneMatchHits(request.Header("If-None-Match"), asset.etag)) {
        response.status = 304;
        return response;
    }
    response.headers.emplace_back("Content-Type", asset.content_type);
    response.body = asset.body;
    return response;
}

Response ServeFileBelow(const fs::path& root, std::string_view relative,
                        std::string_view cache_control) {
    if (!IsPlainRelativePath(relative)) return NotFound();
    std::error_code ec;
    const fs::path canonical_root = fs::canonical(root, ec);
    if (ec) return NotFound();
    // canonical() resolves every symlink, so a link pointing outside the root is caught here.
    const fs::path file = fs::canonical(canonical_root / fs::path(relative), ec);
    if (ec || !IsBelow(canonical_root, file) || !fs::is_regular_file(file, ec)) return NotFound();
    std::optional<std::string> content = ReadFile(file);
    if (!content) return NotFound();
    Response response =
        Response::Text(200, std::move(*content), std::string(ContentTypeFor(relative)));
    response.SetHeader("Cache-Control", std::string(cache_control));
    return response;
}

std::string_view ContentTypeFor(std::string_view filename) {
    struct Entry {
        std::string_view extension;
        std::string_view type;
    };
    static constexpr Entry kTypes[] = {
        {"css", "text/css; charset=utf-8"},
        {"js", "application/javascript; charset=utf-8"},
        {"mjs", "application/javascript; charset=utf-8"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"webmanifest", "application/manifest+json"},
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"txt", "text/plain; charset=utf-8"},
        {"xml", "application/xml"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"avif", "image/avif"},
        {"ico", "image/x-icon"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
        {"pdf", "application/pdf"},
        {"mp4", "video/mp4"},
        {"webm", "video/webm"},
        {"mp3", "audio/mpeg"},
    };
    const size_t dot = filename.rfind('.');
    if (dot == std::string_view::npos) return "application/octet-stream";
    const std::string_view extension = filename.substr(dot + 1);
    for (const Entry& entry : kTypes) {
        if (wire::EqualsIgnoreCase(entry.extension, extension)) return entry.type;
    }
    return "application/octet-stream";
}

}  // namespace broadsheet::http
