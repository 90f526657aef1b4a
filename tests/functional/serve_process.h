#pragma once

#include <string>
#include <vector>

#include "process.h"

namespace broadsheet::testing {

/// `broadsheet serve ARGS... --listen 127.0.0.1:0`, started and waited for until it prints
/// the URL it serves. Killed on destruction if still running.
class ServeProcess final {
public:
    ServeProcess(const std::string& binary, std::vector<std::string> args);

    /// The port it listens on; 0 if it never said.
    int port() const { return port_; }
    std::string Url(const std::string& path) const;
    /// What it printed before the "serving" line (e.g. the demo content summary).
    const std::vector<std::string>& early_lines() const { return early_lines_; }
    /// SIGTERM, then the exit code (-1 if it did not exit in 15 s).
    int Stop();

private:
    Child child_;
    int port_ = 0;
    std::vector<std::string> early_lines_;
};

}  // namespace broadsheet::testing
