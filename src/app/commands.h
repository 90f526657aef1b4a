#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace broadsheet::app {

/// Options every command shares.
struct CommonOptions {
    std::optional<std::filesystem::path> config_file;  ///< None = the built-in config.
    std::filesystem::path data_dir = "data";
};

struct ServeOptions {
    CommonOptions common;
    std::optional<std::string> listen;  ///< Overrides [server] listen.
    bool demo = true;                   ///< Ingest fixtures/demo on a first start.
};

struct IngestOptions {
    CommonOptions common;
    std::optional<std::string> section;
    std::vector<std::filesystem::path> paths;
};

/// `broadsheet serve`: returns the process exit code.
int RunServe(const ServeOptions& options);

/// `broadsheet ingest`: prints one summary line; returns 1 if anything was rejected.
int RunIngest(const IngestOptions& options);

}  // namespace broadsheet::app
