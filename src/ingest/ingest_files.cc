#include "ingest/ingest_files.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/text.h"
#include "ingest/formats/feed.h"
#include "ingest/formats/newsml_g2.h"
#include "ingest/formats/ninjs.h"
#include "ingest/formats/xml_text.h"

namespace broadsheet::ingest {
namespace {

bool IsWireFileName(const std::filesystem::path& path) {
    std::string extension = AsciiLower(path.extension().string());
    return extension == ".json" || extension == ".xml";
}

std::vector<std::filesystem::path> ExpandPaths(const std::vector<std::filesystem::path>& paths,
                                               IngestReport& report) {
    std::vector<std::filesystem::path> files;
    for (const auto& path : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            std::vector<std::filesystem::path> found;
            auto options = std::filesystem::directory_options::skip_permission_denied;
            for (auto it = std::filesystem::recursive_directory_iterator(path, options, ec);
                 !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
                if (it->path().filename().string().starts_with(".")) {
                    if (it->is_directory()) it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file() && IsWireFileName(it->path())) found.push_back(it->path());
            }
            if (ec) {
                ++report.rejected;
                report.rejections.emplace_back(path.string(), "cannot read folder: " + ec.message());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else if (std::filesystem::is_regular_file(path, ec)) {
            files.push_back(path);
        } else {
            ++report.rejected;
            report.rejections.emplace_back(path.string(), "no such file or folder");
        }
    }
    return files;
}

}  // namespace

Result<WireFormat> ParseWireFormat(std::string_view name) {
    if (name == "auto") return WireFormat::kAuto;
    if (name == "ninjs") return WireFormat::kNinjs;
    if (name == "newsml-g2") return WireFormat::kNewsMLG2;
    if (name == "rss") return WireFormat::kRss;
    if (name == "atom") return WireFormat::kAtom;
    return Fail(ErrorCode::kInvalidInput,
                "unknown format \"" + std::string(name) + "\" (expected auto, ninjs, newsml-g2, rss or atom)");
}

Result<ParsedDocument> ParseWireDocument(std::string_view bytes, WireFormat format) {
    std::string_view rest = bytes;
    if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
    rest = TrimWhitespace(rest);
    if (rest.empty()) return Fail(ErrorCode::kInvalidInput, "the file is empty");
    if (format == WireFormat::kAuto && rest.front() == '{') format = WireFormat::kNinjs;
    switch (format) {
        case WireFormat::kNinjs: {
            auto item = ParseNinjs(rest);
            if (!item) return item.error();
            ParsedDocument document;
            document.items.push_back(std::move(*item));
            return document;
        }
        case WireFormat::kNewsMLG2: return ParseNewsMLG2(bytes);
        case WireFormat::kRss:
        case WireFormat::kAtom: return ParseFeed(bytes);
        case WireFormat::kAuto: break;
    }
    // XML of some kind (any encoding): NewsML-G2 names its namespace near the top.
    auto text = XmlToUtf8(bytes);
    if (!text) return text.error();
    std::string_view head = std::string_view(*text).substr(0, 64 * 1024);
    if (head.find("http://iptc.org/std/nar/2006-10-01/") != std::string_view::npos ||
        head.find("standard=\"NewsML-G2\"") != std::string_view::npos) {
        return ParseNewsMLG2(*text);
    }
    if (head.find('<') == std::string_view::npos) {
        return Fail(ErrorCode::kUnsupported, "not a ninjs (JSON), NewsML-G2, RSS or Atom document");
    }
    return ParseFeed(*text);
}

std::string IngestReport::Summary() const {
    return "ingested " + std::to_string(ingested) + ", updated " + std::to_string(updated) + ", unchanged " +
           std::to_string(unchanged) + ", rejected " + std::to_string(rejected);
}

void IngestReport::Add(const IngestReport& other) {
    ingested += other.ingested;
    updated += other.updated;
    unchanged += other.unchanged;
    rejected += other.rejected;
    rejections.insert(rejections.end(), other.rejections.begin(), other.rejections.end());
    warnings.insert(warnings.end(), other.warnings.begin(), other.warnings.end());
}

namespace {

// A document parsed and its items prepared, waiting to be stored.
struct PreparedDocument {
    IngestReport report;  // Rejections found while parsing and preparing.
    std::vector<std::pair<std::string, PreparedVersion>> items;  // (where, item)
};

PreparedDocument PrepareDocument(std::string_view bytes, const std::string& source, WireFormat format,
                                 const Publisher& publisher, const PublishContext& context) {
    PreparedDocument prepared;
    auto reject = [&](const std::string& where, const std::string& reason) {
        ++prepared.report.rejected;
        prepared.report.rejections.emplace_back(where, reason);
    };
    auto document = ParseWireDocument(bytes, format);
    if (!document) {
        reject(source, document.error().message);
        publisher.LogRejected(context, source, document.error().message);
        return prepared;
    }
    for (const std::string& reason : document->rejected) {
        reject(source, reason);
        publisher.LogRejected(context, source, reason);
    }
    bool several = document->items.size() > 1;
    for (const WireItem& item : document->items) {
        std::string where = several ? source + " [" + item.uri + "]" : source;
        auto version = publisher.Prepare(item, context);
        if (!version) {
            reject(where, version.error().message);
            continue;
        }
        prepared.items.emplace_back(std::move(where), std::move(*version));
    }
    return prepared;
}

// Stores the prepared items of `documents` in order, in one transaction (each item all or
// nothing), and returns one report per document.
std::vector<IngestReport> CommitDocuments(std::vector<PreparedDocument> documents, const Publisher& publisher) {
    std::vector<const PreparedVersion*> versions;
    for (const PreparedDocument& document : documents) {
        for (const auto& [where, version] : document.items) versions.push_back(&version);
    }
    std::vector<Result<PublishOutcome>> outcomes = publisher.CommitMany(versions);
    std::vector<IngestReport> reports;
    size_t next = 0;
    for (PreparedDocument& document : documents) {
        IngestReport report = std::move(document.report);
        for (const auto& [where, version] : document.items) {
            const Result<PublishOutcome>& published = outcomes[next++];
            if (!published) {
                ++report.rejected;
                report.rejections.emplace_back(where, published.error().message);
                continue;
            }
            for (const std::string& warning : published->warnings) report.warnings.emplace_back(where, warning);
            switch (published->outcome) {
                case store::UpsertOutcome::kCreated: ++report.ingested; break;
                case store::UpsertOutcome::kUpdated: ++report.updated; break;
                case store::UpsertOutcome::kUnchanged: ++report.unchanged; break;
            }
        }
        reports.push_back(std::move(report));
    }
    return reports;
}

}  // namespace

IngestReport IngestDocument(std::string_view bytes, const std::string& source, WireFormat format,
                            const Publisher& publisher, const PublishContext& context) {
    std::vector<PreparedDocument> one;
    one.push_back(PrepareDocument(bytes, source, format, publisher, context));
    return std::move(CommitDocuments(std::move(one), publisher).front());
}

Result<std::string> ReadWireFile(const std::filesystem::path& path, size_t max_bytes) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot read: " + ec.message());
    if (size > max_bytes) {
        return Fail(ErrorCode::kTooLarge, "file of " + std::to_string(size) + " bytes is over the limit of " +
                                              std::to_string(max_bytes));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail(ErrorCode::kIo, "cannot open");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

IngestReport IngestPaths(const std::vector<std::filesystem::path>& paths, const Publisher& publisher,
                         const PublishContext& context, size_t max_item_bytes, int threads) {
    IngestReport report;
    const std::vector<std::filesystem::path> files = ExpandPaths(paths, report);
    // Reading, parsing and sanitizing run on every core, a batch of files at a time, while
    // the batch before is stored in name order on this thread. So the result and the counts
    // are those of one file after another (a later version in a later file is an update).
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    constexpr size_t kBatch = 128;
    auto prepare_batch = [&](size_t first) {
        size_t count = std::min(kBatch, files.size() - first);
        std::vector<PreparedDocument> prepared(count);
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t i = next++; i < count; i = next++) {
                const auto& file = files[first + i];
                auto bytes = ReadWireFile(file, max_item_bytes);
                if (!bytes) {
                    ++prepared[i].report.rejected;
                    prepared[i].report.rejections.emplace_back(file.string(), bytes.error().message);
                    continue;
                }
                PublishContext file_context = context;
                file_context.base_dir = file.parent_path();
                prepared[i] = PrepareDocument(*bytes, file.string(), WireFormat::kAuto, publisher, file_context);
            }
        };
        std::vector<std::thread> workers;
        for (int t = 1; t < threads && static_cast<size_t>(t) < count; ++t) workers.emplace_back(work);
        work();
        for (std::thread& worker : workers) worker.join();
        return prepared;
    };
    if (files.empty()) return report;
    std::vector<PreparedDocument> current = prepare_batch(0);
    for (size_t first = 0; first < files.size(); first += kBatch) {
        std::vector<PreparedDocument> upcoming;
        std::jthread ahead;  // Joins on every way out of this scope.
        if (first + kBatch < files.size()) ahead = std::jthread([&] { upcoming = prepare_batch(first + kBatch); });
        for (const IngestReport& one : CommitDocuments(std::move(current), publisher)) report.Add(one);
        if (ahead.joinable()) ahead.join();
        current = std::move(upcoming);
    }
    return report;
}

}  // namespace broadsheet::ingest
