#include "ingest/ingest_files.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "ingest/formats/ninjs.h"
#include "ingest/publisher.h"

namespace broadsheet::ingest {
namespace {

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
                std::string name = it->path().filename().string();
                if (name.starts_with(".")) {
                    if (it->is_directory()) it.disable_recursion_pending();
                    continue;
                }
                if (it->is_regular_file() && AsciiLower(it->path().extension().string()) == ".json") {
                    found.push_back(it->path());
                }
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

Result<std::string> ReadFile(const std::filesystem::path& path, size_t max_bytes) {
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

}  // namespace

Result<WireItem> ParseWireDocument(std::string_view bytes) {
    std::string_view rest = bytes;
    if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
    rest = TrimWhitespace(rest);
    if (rest.empty()) return Fail(ErrorCode::kInvalidInput, "the file is empty");
    if (rest.front() == '{') return ParseNinjs(rest);
    if (rest.front() == '<') {
        return Fail(ErrorCode::kUnsupported, "XML wire formats (NewsML-G2, RSS, Atom) are not supported yet");
    }
    return Fail(ErrorCode::kUnsupported, "not a ninjs (JSON) document");
}

std::string IngestReport::Summary() const {
    return "ingested " + std::to_string(ingested) + ", updated " + std::to_string(updated) + ", unchanged " +
           std::to_string(unchanged) + ", rejected " + std::to_string(rejected);
}

IngestReport IngestPaths(const std::vector<std::filesystem::path>& paths, const Publisher& publisher,
                         const std::optional<std::string>& section, size_t max_item_bytes) {
    IngestReport report;
    for (const auto& file : ExpandPaths(paths, report)) {
        auto reject = [&](const std::string& reason) {
            ++report.rejected;
            report.rejections.emplace_back(file.string(), reason);
        };
        auto bytes = ReadFile(file, max_item_bytes);
        if (!bytes) {
            reject(bytes.error().message);
            continue;
        }
        auto item = ParseWireDocument(*bytes);
        if (!item) {
            reject(item.error().message);
            continue;
        }
        auto published = publisher.Publish(*item, file.parent_path(), section);
        if (!published) {
            reject(published.error().message);
            continue;
        }
        for (const std::string& warning : published->warnings) report.warnings.emplace_back(file.string(), warning);
        switch (published->outcome) {
            case store::UpsertOutcome::kCreated: ++report.ingested; break;
            case store::UpsertOutcome::kUpdated: ++report.updated; break;
            case store::UpsertOutcome::kUnchanged: ++report.unchanged; break;
        }
    }
    return report;
}

}  // namespace broadsheet::ingest
