#include "serve_process.h"

#include <signal.h>

#include <regex>

namespace broadsheet::testing {
namespace {

std::vector<std::string> ServeArgs(const std::string& binary, std::vector<std::string> args) {
    std::vector<std::string> argv = {binary, "serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--listen", "127.0.0.1:0"});
    return argv;
}

}  // namespace

ServeProcess::ServeProcess(const std::string& binary, std::vector<std::string> args)
    : child_(ServeArgs(binary, std::move(args))) {
    static const std::regex kServing(R"re(on http://127\.0\.0\.1:(\d+)/)re");
    for (int i = 0; i < 10; ++i) {
        std::string line = child_.ReadLine(30000);
        std::smatch match;
        if (std::regex_search(line, match, kServing)) {
            port_ = std::stoi(match[1]);
            return;
        }
        if (line.empty()) return;
        early_lines_.push_back(line);
    }
}

std::string ServeProcess::Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

int ServeProcess::Stop() { return child_.Stop(SIGTERM, 15000); }

}  // namespace broadsheet::testing
