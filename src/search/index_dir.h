#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace broadsheet::search {

/// The files of an index root directory (see docs/search.md):
///
///     <root>/CURRENT              a Xapian stub file, "auto index-000003": the index in use
///     <root>/index-000003/        the database CURRENT names
///     <root>/index-000002/        the one before, kept until the next swap
///     <root>/index-000004.build/  a bulk build in progress: shard-0/, shard-1/, ...
///     <root>/build.lock           held by a bulk build for its whole run
///     <root>/current.lock         held while CURRENT is created or replaced
///
/// Readers follow CURRENT; a swap replaces it with rename(2), so a reader sees the old
/// index or the new one, never a mix. `xapian-delve <root>/CURRENT` works.
inline constexpr const char* kCurrentFileName = "CURRENT";

/// "index-000003" for 3.
std::string IndexDirName(int number);

/// The directory name CURRENT points at; nullopt when there is no CURRENT yet. kIo when
/// it cannot be read, kInvalidInput when it is not a stub this code wrote.
Result<std::optional<std::string>> ReadCurrent(const std::filesystem::path& root);

/// Points CURRENT at `dir_name` atomically (write a temporary file, fsync, rename, fsync
/// the directory). Callers hold current.lock.
Result<void> WriteCurrent(const std::filesystem::path& root, const std::string& dir_name);

/// One more than the highest index number under `root` (built or being built); 1 for none.
int NextIndexNumber(const std::filesystem::path& root);

/// Removes every index-* directory under `root` whose name is not in `keep`; how many.
Result<int> RemoveIndexesExcept(const std::filesystem::path& root,
                                const std::vector<std::string>& keep);

/// Follows root/CURRENT cheaply: a stat(2) per call, a read only when the file changed (a
/// swap is a rename, so the inode changes). Thread-safe.
class CurrentFollower final {
public:
    explicit CurrentFollower(std::filesystem::path root) : root_(std::move(root)) {}

    /// The path of the database directory CURRENT names now. kIo when CURRENT is missing.
    Result<std::string> Directory();

private:
    struct FileKey {
        uint64_t inode = 0;
        int64_t seconds = 0;
        int64_t nanoseconds = 0;
        int64_t size = 0;
        friend bool operator==(const FileKey&, const FileKey&) = default;
    };

    const std::filesystem::path root_;
    std::mutex mutex_;
    std::string directory_;  // Guarded by mutex_, with key_.
    FileKey key_;
};

/// An exclusive flock(2) on a file, released when destroyed (or when the process dies).
class FileLock final {
public:
    /// Takes the lock, creating the file. With `wait` false, kConflict when another holds it.
    static Result<FileLock> Acquire(const std::filesystem::path& path, bool wait);
    FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileLock& operator=(FileLock&&) = delete;
    FileLock(const FileLock&) = delete;
    ~FileLock();

private:
    explicit FileLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace broadsheet::search
