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
    bool premium = false;  ///< Mark every ingested story premium.
    std::vector<std::filesystem::path> paths;
};

struct FeedsOptions {
    CommonOptions common;
    bool poll_now = false;  ///< Run every feed once in the foreground first.
};

/// `broadsheet serve`: returns the process exit code.
int RunServe(const ServeOptions& options);

/// `broadsheet ingest`: prints one summary line; returns 1 if anything was rejected.
int RunIngest(const IngestOptions& options);

/// `broadsheet feeds`: one line per configured feed with its state. With --poll-now, first
/// runs each feed once and prints "ID: <summary>" for each; returns 1 if anything was rejected.
int RunFeeds(const FeedsOptions& options);

}  // namespace broadsheet::app
