#include "search/index_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace broadsheet::search {
namespace {

namespace fs = std::filesystem;

Error IoError(const std::string& what, int error_number) {
    return Fail(ErrorCode::kIo, what + ": " + std::strerror(error_number));
}

// The number of "index-000003" or "index-000003.build"; nullopt for other names.
std::optional<int> IndexNumber(const std::string& name) {
    if (name.size() < 12 || name.compare(0, 6, "index-") != 0) return std::nullopt;
    std::string digits = name.substr(6, 6);
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    std::string rest = name.substr(12);
    if (!rest.empty() && rest != ".build") return std::nullopt;
    return std::stoi(digits);
}

Result<void> WriteAll(int fd, const std::string& data) {
    size_t written = 0;
    while (written < data.size()) {
        ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return IoError("writing the index stub", errno);
        written += static_cast<size_t>(n);
    }
    return {};
}

}  // namespace

std::string IndexDirName(int number) {
    char name[32];
    std::snprintf(name, sizeof name, "index-%06d", number);
    return name;
}

Result<std::optional<std::string>> ReadCurrent(const fs::path& root) {
    std::ifstream in(root / kCurrentFileName);
    if (!in) {
        std::error_code ec;
        if (!fs::exists(root / kCurrentFileName, ec)) return std::optional<std::string>();
        return Fail(ErrorCode::kIo, "cannot read " + (root / kCurrentFileName).string());
    }
    std::string kind;
    std::string name;
    in >> kind >> name;
    if (kind != "auto" || !IndexNumber(name) || name.ends_with(".build")) {
        return Fail(ErrorCode::kInvalidInput,
                    (root / kCurrentFileName).string() + " does not name an index");
    }
    return std::optional<std::string>(name);
}

Result<void> WriteCurrent(const fs::path& root, const std::string& dir_name) {
    fs::path temporary = root / (std::string(kCurrentFileName) + ".tmp");
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return IoError("creating " + temporary.string(), errno);
    Result<void> written = WriteAll(fd, "auto " + dir_name + "\n");
    if (written && ::fsync(fd) != 0) written = IoError("syncing " + temporary.string(), errno);
    ::close(fd);
    if (!written) return written;
    if (::rename(temporary.c_str(), (root / kCurrentFileName).c_str()) != 0) {
        return IoError("replacing " + (root / kCurrentFileName).string(), errno);
    }
    // The rename is durable once the directory is synced.
    int dir = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return IoError("opening " + root.string(), errno);
    int synced = ::fsync(dir);
    int sync_errno = errno;
    ::close(dir);
    if (synced != 0) return IoError("syncing " + root.string(), sync_errno);
    return {};
}

int NextIndexNumber(const fs::path& root) {
    int highest = 0;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(root, ec)) {
        if (auto number = IndexNumber(entry.path().filename().string()))
            highest = std::max(highest, *number);
    }
    return highest + 1;
}

Result<int> RemoveIndexesExcept(const fs::path& root, const std::vector<std::string>& keep) {
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const fs::directory_entry& entry : fs::directory_iterator(root, ec)) {
        std::string name = entry.path().filename().string();
        if (!IndexNumber(name)) continue;
        if (std::find(keep.begin(), keep.end(), name) != keep.end()) continue;
        doomed.push_back(entry.path());
    }
    if (ec) return Fail(ErrorCode::kIo, "listing " + root.string() + ": " + ec.message());
    for (const fs::path& path : doomed) {
        fs::remove_all(path, ec);
        if (ec) return Fail(ErrorCode::kIo, "removing " + path.string() + ": " + ec.message());
    }
    return static_cast<int>(doomed.size());
}

Result<std::string> CurrentFollower::Directory() {
    struct stat st {};
    fs::path current = root_ / kCurrentFileName;
    if (::stat(current.c_str(), &st) != 0)
        return IoError("search index: " + current.string(), errno);
    FileKey key{static_cast<uint64_t>(st.st_ino), st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                st.st_size};
    std::lock_guard lock(mutex_);
    if (key == key_ && !directory_.empty()) return directory_;
    auto name = ReadCurrent(root_);
    if (!name) return name.error();
    if (!*name) return Fail(ErrorCode::kIo, "search index: " + current.string() + " is missing");
    directory_ = (root_ / **name).string();
    key_ = key;
    return directory_;
}

Result<FileLock> FileLock::Acquire(const fs::path& path, bool wait) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return IoError("opening " + path.string(), errno);
    while (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        if (errno == EINTR) continue;
        int error_number = errno;
        ::close(fd);
        if (error_number == EWOULDBLOCK) {
            return Fail(ErrorCode::kConflict,
                        path.string() + " is held by another process or thread");
        }
        return IoError("locking " + path.string(), error_number);
    }
    return FileLock(fd);
}

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace broadsheet::search
