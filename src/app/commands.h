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
    /// Print the paths a leak audit fetches for this article, from the site as serve builds
    /// it (every route, added ones included), and exit without listening.
    std::optional<int64_t> audit_paths_for;
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

struct ReindexOptions {
    CommonOptions common;
};

struct ImportArchiveOptions {
    CommonOptions common;
    std::vector<std::filesystem::path> paths;  ///< Archive-line files, wire files, folders.
    std::optional<std::string> section;        ///< For stories naming no configured section.
    bool premium = false;                      ///< Mark every imported story premium.
    bool index = true;                         ///< Bring the search index up to date at the end.
    bool restart = false;                      ///< Ignore checkpoints: read every file from its start.
    int batch = 2000;                          ///< Records per transaction.
};

/// `broadsheet import-archive PATH...`: imports past stories in bulk: JSON-lines archives
/// (*.jsonl, *.ndjson; resumable after a kill at any moment from a checkpoint per file) and
/// NewsML-G2, ninjs, RSS/Atom files and folders through the ingest path; then brings the
/// search index up to date. Progress on standard error; rejected records as "file:line:
/// reason"; a summary line at the end. Returns 1 if anything was rejected (see
/// import_archive.cc).
int RunImportArchive(const ImportArchiveOptions& options);

/// `broadsheet reindex`: rebuilds <data dir>/search/ from the store with the bulk builder
/// and swaps it in atomically (a running server keeps searching the old index until then);
/// prints the count and the time taken.
int RunReindex(const ReindexOptions& options);

/// `broadsheet serve`: returns the process exit code.
int RunServe(const ServeOptions& options);

/// `broadsheet ingest`: prints one summary line; returns 1 if anything was rejected.
int RunIngest(const IngestOptions& options);

/// `broadsheet feeds`: one line per configured feed with its state. With --poll-now, first
/// runs each feed once and prints "ID: <summary>" for each; returns 1 if anything was rejected.
int RunFeeds(const FeedsOptions& options);

/// `broadsheet reader add|list` (implemented in accounts_module.cc).
struct ReaderOptions {
    CommonOptions common;
    std::string email;  ///< reader add: the new reader's address.
    std::string plan;   ///< reader add --plan: also grant a complimentary subscription to this plan.
    int months = 0;     ///< reader add --months: for this many calendar months.
};

/// `broadsheet reader add --email E`: reads the password from standard input (one line;
/// no echo on a terminal), adds the reader with the address marked verified.
int RunReaderAdd(const ReaderOptions& options);

/// `broadsheet reader add ... --plan P --months N`, checked before the reader is added:
/// the plan must exist and months be 1..1200 (prints why and returns 2 if not; 0 if fine).
int CheckReaderGrant(const ReaderOptions& options);

/// The grant half of `reader add --plan P --months N` (billing_commands.cc): a
/// complimentary subscription for the reader with that address; prints it.
int RunReaderGrant(const ReaderOptions& options);

/// `broadsheet reader list`: one line per reader (id, address, verified, created, devices).
int RunReaderList(const ReaderOptions& options);

/// `broadsheet user add|list|disable`: newsroom staff (implemented in newsroom_module.cc).
struct UserOptions {
    CommonOptions common;
    std::string email;
    std::string role;             ///< user add: admin, editor or writer.
    std::string name;             ///< user add --name.
    bool password_stdin = false;  ///< user add: read the password from standard input instead of a link.
};

/// `broadsheet user add --email E --role R [--name N] [--password-stdin]`: adds a staff
/// member and prints a one-time sign-in link (24 hours, single use; it asks for a password),
/// or with --password-stdin sets the password read from standard input.
int RunUserAdd(const UserOptions& options);

/// `broadsheet user list`: one line per staff member.
int RunUserList(const UserOptions& options);

/// `broadsheet user disable --email E`: the account can no longer sign in; its sessions end.
int RunUserDisable(const UserOptions& options);

}  // namespace broadsheet::app
