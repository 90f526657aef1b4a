#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace broadsheet::app {

/// Reads a file line by line from a byte offset with one large buffer: no copy of a line, no
/// allocation per line, and a line longer than the limit is skipped (never held in memory)
/// and reported as too long. Not thread-safe.
class LineReader final {
public:
    /// A line (without its "\n"; a "\r" before it is kept), or a line over the limit.
    struct Line {
        std::string_view text;  ///< Valid until the next Next(); empty when too_long.
        int64_t start = 0;      ///< Byte offset of the line's first byte.
        int64_t end = 0;        ///< Byte offset just after its "\n" (or the end of the file).
        bool too_long = false;
    };

    /// Opens `path` at byte `offset` (the start of a line). kIo when it cannot be read.
    static Result<LineReader> Open(const std::filesystem::path& path, int64_t offset, size_t max_line_bytes);
    LineReader(LineReader&& other) noexcept;
    LineReader& operator=(LineReader&&) = delete;
    ~LineReader();

    /// The next line; false at the end of the file; kIo when reading fails.
    Result<bool> Next(Line& line);

private:
    LineReader(int fd, int64_t offset, size_t max_line_bytes);
    // Reads more after buffer_[end_]; 0 at the end of the file.
    Result<size_t> Fill();

    int fd_;
    int64_t offset_;  // File offset of buffer_[begin_].
    size_t max_line_bytes_;
    std::vector<char> buffer_;
    size_t begin_ = 0;
    size_t end_ = 0;
};

}  // namespace broadsheet::app
