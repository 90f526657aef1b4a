#pragma once

// Test-only: a real SMTP server (tests/support/smtp_sink.py on Debian's python3-aiosmtpd)
// on 127.0.0.1, writing each message it accepts as JSON into a folder the test reads.
// Used by the mail unit tests and the functional tests.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace broadsheet::testing {

class TestSmtpServer final {
public:
    /// Prepares a server writing into `dir` (emptied) on `port` (0: a free one). Not started.
    explicit TestSmtpServer(std::filesystem::path dir, int port = 0)
        : dir_(std::move(dir)), port_(port) {
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        if (port_ == 0) port_ = FreePort();
    }
    ~TestSmtpServer() {
        Stop();
        std::filesystem::remove_all(dir_);
    }
    TestSmtpServer(const TestSmtpServer&) = delete;
    TestSmtpServer& operator=(const TestSmtpServer&) = delete;

    int port() const { return port_; }
    std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

    /// Starts the server and waits until it listens; throws if it cannot.
    void Start() {
        int out[2];
        if (pipe(out) != 0) throw std::runtime_error("pipe failed");
        const std::string python =
            std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        const std::string script =
            std::string(BROADSHEET_SOURCE_DIR) + "/tests/support/smtp_sink.py";
        const std::string port = std::to_string(port_);
        pid_ = fork();
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            close(out[0]);
            close(out[1]);
            execlp(python.c_str(), python.c_str(), script.c_str(), port.c_str(), dir_.c_str(),
                   nullptr);
            _exit(127);
        }
        close(out[1]);
        std::string line;
        pollfd fd{out[0], POLLIN, 0};
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (line.find('\n') == std::string::npos &&
               std::chrono::steady_clock::now() < deadline) {
            if (poll(&fd, 1, 200) <= 0) continue;
            char buffer[256];
            ssize_t n = read(out[0], buffer, sizeof buffer);
            if (n <= 0) break;
            line.append(buffer, static_cast<size_t>(n));
        }
        close(out[0]);
        if (!line.starts_with("ready")) {
            Stop();
            throw std::runtime_error(
                "the SMTP sink did not start (is python3-aiosmtpd installed? "
                "scripts/install-deps installs it); it said: " +
                line);
        }
    }

    void Stop() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (waitpid(pid_, &status, WNOHANG) == 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
        pid_ = -1;
    }

    /// Every message received so far, in order of arrival.
    std::vector<nlohmann::json> Messages() const {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
            if (entry.path().extension() == ".json" &&
                !entry.path().filename().string().starts_with(".")) {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        std::vector<nlohmann::json> messages;
        for (const auto& file : files) {
            std::ifstream in(file);
            std::stringstream text;
            text << in.rdbuf();
            messages.push_back(nlohmann::json::parse(text.str()));
        }
        return messages;
    }

    /// Waits until at least `count` messages arrived (or `timeout` passed) and returns them all.
    std::vector<nlohmann::json> WaitForMessages(
        size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(20)) const {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        auto messages = Messages();
        while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            messages = Messages();
        }
        return messages;
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static int FreePort() {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            close(fd);
            throw std::runtime_error("cannot bind");
        }
        socklen_t length = sizeof address;
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
        close(fd);
        return ntohs(address.sin_port);
    }

private:
    std::filesystem::path dir_;
    int port_;
    pid_t pid_ = -1;
};

}  // namespace broadsheet::testing
