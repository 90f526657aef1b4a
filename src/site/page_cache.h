#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/response.h"

namespace broadsheet::site {

/// One rendering of a page with its gzip and brotli forms, each made once, when the
/// rendering is. Immutable, so any number of requests share it.
class RenderedPage {
public:
    /// Takes `rendered` (status, headers, identity body) and compresses its body when the
    /// Content-Type is text and it is large enough to gain.
    static std::shared_ptr<const RenderedPage> Make(http::Response rendered);

    /// The response for a request with this Accept-Encoding header: the best coding both
    /// sides accept, with Content-Encoding, Vary and an ETag that names the representation.
    http::Response Select(std::string_view accept_encoding) const;

    /// Memory held, for the cache's bound.
    size_t Bytes() const;

private:
    http::Response identity_;  // With its ETag.
    std::shared_ptr<const std::string> gzip_;    // Null when not worth it.
    std::shared_ptr<const std::string> brotli_;  // Null when not worth it.
    std::string etag_opaque_;  // The identity ETag without its quotes.
};

/// Compresses a response for one request (a page that is not cached, such as a personal one).
http::Response EncodeForRequest(http::Response response, std::string_view accept_encoding);

/// A bounded in-memory cache of rendered pages, least recently used out first. An entry
/// is valid while the content it was made from is unchanged (the store's generation) and
/// for at most `max_age` (bounds staleness from writers the generation cannot see, and
/// from pages that depend on the clock). Thread-safe.
class PageCache {
public:
    struct Options {
        size_t max_bytes = 64 << 20;
        std::chrono::seconds max_age{30};
    };
    struct Stats {
        uint64_t hits = 0;
        uint64_t misses = 0;
        size_t entries = 0;
        size_t bytes = 0;
    };

    explicit PageCache(Options options) : options_(options) {}

    /// The page under `key` made at `generation`, if still valid at `now`; else null.
    std::shared_ptr<const RenderedPage> Find(const std::string& key, uint64_t generation,
                                             std::chrono::steady_clock::time_point now);
    /// Stores `page` (made at `generation`), evicting the least recently used pages to
    /// stay within the bound. A page larger than a quarter of the bound is not kept.
    void Insert(const std::string& key, uint64_t generation, std::chrono::steady_clock::time_point now,
                std::shared_ptr<const RenderedPage> page);
    /// Drops every page.
    void Clear();
    Stats stats() const;

private:
    struct Entry {
        std::string key;
        uint64_t generation;
        std::chrono::steady_clock::time_point made;
        std::shared_ptr<const RenderedPage> page;
        size_t bytes;
    };
    void EraseLocked(std::list<Entry>::iterator it);

    const Options options_;
    mutable std::mutex mutex_;
    std::list<Entry> lru_;  // Most recently used first.
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    size_t bytes_ = 0;
    uint64_t hits_ = 0;
    uint64_t misses_ = 0;
};

}  // namespace broadsheet::site
