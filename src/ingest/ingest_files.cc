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

IngestReport IngestDocument(std::string_view bytes, const std::string& source, WireFormat format,
                            const Publisher& publisher, const PublishContext& context) {
    IngestReport report;
    auto reject = [&](const std::string& where, const std::string& reason) {
        ++report.rejected;
        report.rejections.emplace_back(where, reason);
    };
    auto document = ParseWireDocument(bytes, format);
    if (!document) {
        reject(source, document.error().message);
        return report;
    }
    for (const std::string& reason : document->rejected) reject(source, reason);
    bool several = document->items.size() > 1;
    for (const WireItem& item : document->items) {
        std::string where = several ? source + " [" + item.uri + "]" : source;
        auto published = publisher.Publish(item, context);
        if (!published) {
            reject(where, published.error().message);
            continue;
        }
        for (const std::string& warning : published->warnings) report.warnings.emplace_back(where, warning);
        switch (published->outcome) {
            case store::UpsertOutcome::kCreated: ++report.ingested; break;
            case store::UpsertOutcome::kUpdated: ++report.updated; break;
            case store::UpsertOutcome::kUnchanged: ++report.unchanged; break;
        }
    }
    return report;
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
    // Parsing and sanitizing run on every core; the store takes one writer at a time.
    // Each file is still published in its own transactions, so a crash loses nothing.
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min<int>(threads, static_cast<int>(std::max<size_t>(files.size(), 1)));
    std::vector<IngestReport> partial(files.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < files.size(); i = next++) {
            const auto& file = files[i];
            auto bytes = ReadWireFile(file, max_item_bytes);
            if (!bytes) {
                ++partial[i].rejected;
                partial[i].rejections.emplace_back(file.string(), bytes.error().message);
                continue;
            }
            PublishContext file_context = context;
            file_context.base_dir = file.parent_path();
            partial[i] = IngestDocument(*bytes, file.string(), WireFormat::kAuto, publisher, file_context);
        }
    };
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(work);
    work();
    for (std::thread& worker : workers) worker.join();
    for (const IngestReport& one : partial) report.Add(one);  // In file order, whatever finished first.
    return report;
}

}  // namespace broadsheet::ingest
