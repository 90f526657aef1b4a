#include "ingest/sources/drop_folder.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "core/text.h"

namespace broadsheet::ingest {
namespace {

namespace fs = std::filesystem;

struct WireFile {
    fs::path path;
    fs::file_time_type modified;
};

bool IsWireFileName(const std::string& name) {
    if (name.empty() || name.front() == '.') return false;
    std::string lower = AsciiLower(name);
    if (lower.ends_with(".tmp") || lower.ends_with(".part")) return false;
    for (const char* extension : {".json", ".xml", ".rss", ".atom"}) {
        if (lower.ends_with(extension)) return true;
    }
    return false;
}

// The wire files that are ready, oldest first (then by name).
Result<std::vector<WireFile>> ReadyFiles(const fs::path& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        return Fail(ErrorCode::kNotFound, "drop folder " + folder.string() + " does not exist or is not a folder");
    }
    // The settle time is measured on the file system's own clock, against which the
    // writer's modification times were stamped, not the site's clock.
    const fs::file_time_type settled_before = fs::file_time_type::clock::now() - kDropFolderSettleTime;
    std::vector<WireFile> files;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code entry_ec;
        if (it->symlink_status(entry_ec).type() != fs::file_type::regular) continue;
        if (!IsWireFileName(it->path().filename().string())) continue;
        fs::file_time_type modified = it->last_write_time(entry_ec);
        if (entry_ec || modified > settled_before) continue;
        files.push_back({it->path(), modified});
    }
    if (ec) return Fail(ErrorCode::kIo, "cannot read drop folder " + folder.string() + ": " + ec.message());
    std::sort(files.begin(), files.end(), [](const WireFile& a, const WireFile& b) {
        return a.modified != b.modified ? a.modified < b.modified : a.path < b.path;
    });
    return files;
}

// Moves `file` into `folder` (created if needed) under its own name, or with "-1", "-2", ...
// before the extension when the name is taken.
Result<fs::path> MoveInto(const fs::path& file, const fs::path& folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create " + folder.string() + ": " + ec.message());
    fs::path target = folder / file.filename();
    for (int n = 1; fs::exists(target, ec); ++n) {
        target = folder / (file.stem().string() + "-" + std::to_string(n) + file.extension().string());
    }
    fs::rename(file, target, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot move it to " + folder.string() + ": " + ec.message());
    return target;
}

// Publishes one file and files it under done/ or failed/.
IngestReport ProcessFile(const fs::path& file, const FeedConfig& feed, WireFormat format, const Publisher& publisher,
                         size_t max_item_bytes) {
    IngestReport report;
    auto bytes = ReadWireFile(file, max_item_bytes);
    if (bytes) {
        PublishContext context = FeedContext(feed);
        context.base_dir = file.parent_path();
        report = IngestDocument(*bytes, file.string(), format, publisher, context);
    } else {
        ++report.rejected;
        report.rejections.emplace_back(file.string(), bytes.error().message);
    }
    bool went_in = report.ingested + report.updated + report.unchanged > 0 || report.rejected == 0;
    auto moved = MoveInto(file, file.parent_path() / (went_in ? "done" : "failed"));
    if (!moved) {
        report.warnings.emplace_back(file.string(), moved.error().message);
        return report;
    }
    if (!went_in) {
        std::ofstream reasons(moved->string() + ".reason", std::ios::binary);
        for (const auto& [source, reason] : report.rejections) {
            std::string line = reason;
            std::replace(line.begin(), line.end(), '\n', ' ');
            reasons << line << "\n";
        }
        if (!reasons) report.warnings.emplace_back(moved->string(), "cannot write the .reason file");
    }
    return report;
}

}  // namespace

Result<IngestReport> ScanDropFolder(const FeedConfig& feed, const Publisher& publisher, size_t max_item_bytes,
                                    const std::stop_token& stop) {
    auto format = ParseWireFormat(feed.format);
    if (!format) return format.error();
    auto files = ReadyFiles(feed.folder);
    if (!files) return files.error();
    IngestReport report;
    for (const WireFile& file : *files) {
        if (stop.stop_requested()) break;
        report.Add(ProcessFile(file.path, feed, *format, publisher, max_item_bytes));
    }
    return report;
}

}  // namespace broadsheet::ingest
