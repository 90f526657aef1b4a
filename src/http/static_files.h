#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace broadsheet::http {

/// Static assets (CSS, JS, fonts, icons) loaded into memory at start-up and served under
/// fingerprinted names "/static/site.3fa2b1c9.css" with
/// `Cache-Control: public, max-age=31536000, immutable`; the plain name is served too, with
/// `max-age=300`. Immutable after Load(), so thread-safe; cheap to copy (shares the bytes).
class StaticFiles final {
public:
    /// Loads every regular file below `root`, recursively, skipping names that start with '.'.
    /// `url_prefix` such as "/static/" (a missing leading or trailing '/' is added). Fails with
    /// kNotFound when `root` is not a directory, kIo when a file cannot be read.
    static Result<StaticFiles> Load(const std::filesystem::path& root, std::string url_prefix);

    /// The fingerprinted URL of a logical name such as "site.css" or "js/app.js"; the
    /// unfingerprinted URL when the name is unknown.
    std::string Url(std::string_view logical_name) const;

    /// Serves a GET or HEAD whose path is one of ours (fingerprinted or plain), with an ETag
    /// and 304 on a matching If-None-Match; nullopt for any other request. Only loaded names
    /// match, so no request can reach a file outside `root`.
    std::optional<Response> Serve(const Request& request) const;

    /// How many files were loaded.
    size_t size() const { return assets_.size(); }

private:
    struct Asset {
        std::shared_ptr<const std::string> body;
        std::string content_type;
        std::string etag;                // Quoted strong ETag.
        std::string fingerprinted_name;  // "js/app.3fa2b1c9.js"
    };
    struct Route {
        size_t asset;
        bool immutable;
    };
    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Index = std::unordered_map<std::string, Route, StringHash, std::equal_to<>>;

    StaticFiles() = default;

    std::string url_prefix_;
    std::vector<Asset> assets_;
    Index by_logical_name_;  // "site.css" -> its asset.
    Index by_url_name_;      // The part of the path after the prefix, either form.
};

/// Serves the file `relative` below `root` (e.g. media images), with a content type from its
/// extension and the given Cache-Control. Answers a plain-text 404 Response when the file is
/// missing or not a regular file, and for traversal attempts: "..", absolute paths, NUL, and
/// symlinks that resolve outside `root`.
Response ServeFileBelow(const std::filesystem::path& root, std::string_view relative,
                        std::string_view cache_control);

/// The content type for a file name's extension, case-insensitive ("text/css; charset=utf-8",
/// "image/jpeg", "font/woff2", ...); "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view filename);

}  // namespace broadsheet::http
