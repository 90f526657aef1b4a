#include "site/page_cache.h"

#include "http/compression.h"
#include "http/conditional.h"

namespace broadsheet::site {
namespace {

// Below this, compression gains less than its header costs.
constexpr size_t kMinCompressibleBytes = 860;

bool WorthCompressing(const http::Response& response) {
    return response.body && response.body->size() >= kMinCompressibleBytes &&
           http::IsCompressible(response.GetHeader("Content-Type"));
}

std::shared_ptr<const std::string> Smaller(std::string encoded, size_t original) {
    if (encoded.empty() || encoded.size() >= original) return nullptr;
    return std::make_shared<const std::string>(std::move(encoded));
}

// "\"abc\"" or "W/\"abc\"" -> "abc".
std::string Opaque(std::string_view etag) {
    if (etag.starts_with("W/")) etag.remove_prefix(2);
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
    return std::string(etag);
}

}  // namespace

std::shared_ptr<const RenderedPage> RenderedPage::Make(http::Response rendered) {
    auto page = std::make_shared<RenderedPage>();
    if (rendered.GetHeader("ETag").empty() && rendered.body) {
        rendered.SetHeader("ETag", http::BodyEtag(*rendered.body));
    }
    page->etag_opaque_ = Opaque(rendered.GetHeader("ETag"));
    if (WorthCompressing(rendered)) {
        const std::string& body = *rendered.body;
        page->gzip_ = Smaller(http::GzipCompress(body), body.size());
        page->brotli_ = Smaller(http::BrotliCompress(body), body.size());
        rendered.SetHeader("Vary", "Accept-Encoding");
    }
    page->identity_ = std::move(rendered);
    return page;
}

http::Response RenderedPage::Select(std::string_view accept_encoding) const {
    http::Response response = identity_;
    if (!gzip_ && !brotli_) return response;
    std::optional<http::ContentCoding> coding = http::NegotiateCoding(accept_encoding);
    if (coding == http::ContentCoding::kBrotli && !brotli_) coding = http::ContentCoding::kGzip;
    if (coding == http::ContentCoding::kGzip && !gzip_) return response;
    if (coding == http::ContentCoding::kBrotli) {
        response.body = brotli_;
        response.SetHeader("Content-Encoding", "br");
        response.SetHeader("ETag", "\"" + etag_opaque_ + "-br\"");
    } else if (coding == http::ContentCoding::kGzip) {
        response.body = gzip_;
        response.SetHeader("Content-Encoding", "gzip");
        response.SetHeader("ETag", "\"" + etag_opaque_ + "-gz\"");
    }
    return response;
}

size_t RenderedPage::Bytes() const {
    size_t bytes = sizeof(*this) + (identity_.body ? identity_.body->size() : 0);
    for (const auto& [name, value] : identity_.headers) bytes += name.size() + value.size() + 64;
    if (gzip_) bytes += gzip_->size();
    if (brotli_) bytes += brotli_->size();
    return bytes;
}

http::Response EncodeForRequest(http::Response response, std::string_view accept_encoding) {
    if (!WorthCompressing(response)) return response;
    response.SetHeader("Vary", "Accept-Encoding");
    std::optional<http::ContentCoding> coding = http::NegotiateCoding(accept_encoding);
    if (!coding || *coding == http::ContentCoding::kIdentity) return response;
    if (response.GetHeader("ETag").empty()) response.SetHeader("ETag", http::BodyEtag(*response.body));
    std::string opaque = Opaque(response.GetHeader("ETag"));
    // One request's worth of compression: gzip is cheaper than brotli at a similar ratio
    // for pages made once, so brotli is kept for cached pages.
    std::string encoded = http::GzipCompress(*response.body);
    if (encoded.empty() || encoded.size() >= response.body->size()) return response;
    response.body = std::make_shared<const std::string>(std::move(encoded));
    response.SetHeader("Content-Encoding", "gzip");
    response.SetHeader("ETag", "\"" + opaque + "-gz\"");
    return response;
}

std::shared_ptr<const RenderedPage> PageCache::Find(const std::string& key, uint64_t generation,
                                                    std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) {
        ++misses_;
        return nullptr;
    }
    auto it = found->second;
    if (it->generation != generation || now - it->made > options_.max_age) {
        EraseLocked(it);
        ++misses_;
        return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it);
    ++hits_;
    return it->page;
}

void PageCache::Insert(const std::string& key, uint64_t generation, std::chrono::steady_clock::time_point now,
                       std::shared_ptr<const RenderedPage> page) {
    size_t bytes = page->Bytes() + key.size() * 2 + 128;
    if (bytes > options_.max_bytes / 4) return;
    std::lock_guard lock(mutex_);
    if (auto found = index_.find(key); found != index_.end()) EraseLocked(found->second);
    lru_.push_front(Entry{key, generation, now, std::move(page), bytes});
    index_.emplace(key, lru_.begin());
    bytes_ += bytes;
    while (bytes_ > options_.max_bytes && !lru_.empty()) EraseLocked(std::prev(lru_.end()));
}

void PageCache::Clear() {
    std::lock_guard lock(mutex_);
    lru_.clear();
    index_.clear();
    bytes_ = 0;
}

PageCache::Stats PageCache::stats() const {
    std::lock_guard lock(mutex_);
    return Stats{hits_, misses_, lru_.size(), bytes_};
}

void PageCache::EraseLocked(std::list<Entry>::iterator it) {
    bytes_ -= it->bytes;
    index_.erase(it->key);
    lru_.erase(it);
}

}  // namespace broadsheet::site
