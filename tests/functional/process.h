#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace broadsheet::testing {

/// The result of running a command to completion.
struct Completed {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs `argv` and waits for it, capturing standard output and error.
Completed RunCommand(const std::vector<std::string>& argv);

/// A child process whose standard output can be read line by line; killed (SIGKILL) on
/// destruction if still running.
class Child final {
public:
    explicit Child(const std::vector<std::string>& argv);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// Reads one line of standard output, waiting at most `timeout_ms`; empty on EOF/timeout.
    std::string ReadLine(int timeout_ms);
    /// Sends `signal` and waits for the exit code (-1 if it had to be killed after `timeout_ms`).
    int Stop(int signal, int timeout_ms);

private:
    pid_t pid_ = -1;
    int out_fd_ = -1;
    std::string buffer_;
};

}  // namespace broadsheet::testing
