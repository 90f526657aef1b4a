#include "app/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace broadsheet::app {

Result<LineReader> LineReader::Open(const std::filesystem::path& path, int64_t offset, size_t max_line_bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Fail(ErrorCode::kIo, "cannot open " + path.string() + ": " + std::strerror(errno));
    if (::lseek(fd, offset, SEEK_SET) < 0) {
        int saved = errno;
        ::close(fd);
        return Fail(ErrorCode::kIo, "cannot seek in " + path.string() + ": " + std::strerror(saved));
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return LineReader(fd, offset, max_line_bytes);
}

LineReader::LineReader(int fd, int64_t offset, size_t max_line_bytes)
    : fd_(fd), offset_(offset), max_line_bytes_(max_line_bytes), buffer_(max_line_bytes + (size_t{1} << 20)) {}

LineReader::LineReader(LineReader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      offset_(other.offset_),
      max_line_bytes_(other.max_line_bytes_),
      buffer_(std::move(other.buffer_)),
      begin_(other.begin_),
      end_(other.end_) {}

LineReader::~LineReader() {
    if (fd_ >= 0) ::close(fd_);
}

Result<size_t> LineReader::Fill() {
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    while (true) {
        ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return Fail(ErrorCode::kIo, std::string("read failed: ") + std::strerror(errno));
        end_ += static_cast<size_t>(got);
        return static_cast<size_t>(got);
    }
}

Result<bool> LineReader::Next(Line& line) {
    size_t searched = begin_;  // Bytes before this are known to hold no newline.
    while (true) {
        const char* found =
            static_cast<const char*>(std::memchr(buffer_.data() + searched, '\n', end_ - searched));
        if (found && static_cast<size_t>(found - buffer_.data()) - begin_ <= max_line_bytes_) {
            size_t length = static_cast<size_t>(found - buffer_.data()) - begin_;
            line = Line{std::string_view(buffer_.data() + begin_, length), offset_,
                        offset_ + static_cast<int64_t>(length) + 1, false};
            begin_ += length + 1;
            offset_ = line.end;
            return true;
        }
        if (found || end_ - begin_ > max_line_bytes_) {
            // Too long: skip to the end of the line without keeping it.
            int64_t start = offset_;
            while (!found) {
                offset_ += static_cast<int64_t>(end_ - begin_);
                begin_ = end_ = 0;
                auto got = Fill();
                if (!got) return got.error();
                if (*got == 0) break;
                found = static_cast<const char*>(std::memchr(buffer_.data(), '\n', end_));
            }
            if (found) {
                size_t rest = static_cast<size_t>(found - buffer_.data()) - begin_ + 1;
                begin_ += rest;
                offset_ += static_cast<int64_t>(rest);
            }
            line = Line{std::string_view(), start, offset_, true};
            return true;
        }
        size_t before = end_ - begin_;
        auto got = Fill();
        if (!got) return got.error();
        searched = before;  // Fill moved the unread bytes to the front.
        if (*got == 0) {
            if (end_ == begin_) return false;
            // A last line without a newline.
            size_t length = end_ - begin_;
            line = Line{std::string_view(buffer_.data() + begin_, length), offset_, offset_ + static_cast<int64_t>(length),
                        false};
            begin_ = end_;
            offset_ = line.end;
            return true;
        }
    }
}

}  // namespace broadsheet::app
