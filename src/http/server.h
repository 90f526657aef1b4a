#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace broadsheet::http {

/// Answers one request. Called on an io thread, concurrently from several threads; it may
/// block briefly. An exception it throws becomes a 500 page (and an error log line).
using Handler = std::function<Response(const Request&)>;

/// Renders the server's own error pages (400, 413, 500, ...) from the status and request id.
/// Called on an io thread; should not throw (if it does, a plain-text page is sent).
using ErrorPageRenderer = std::function<Response(int status, std::string_view request_id)>;

/// Settings of a Server.
struct ServerOptions {
    std::string host = "127.0.0.1";           ///< IP address or name to bind.
    uint16_t port = 8080;                     ///< 0 = ephemeral; read it with Server::port().
    int threads = 0;                          ///< io threads; 0 = hardware_concurrency().
    size_t max_header_bytes = 16 * 1024;      ///< Request line + headers; over it: 413.
    size_t max_body_bytes = 1024 * 1024;      ///< Request body; over it: 413.
    /// Larger body limits for targets starting with a prefix ("/newsroom/pictures"), e.g.
    /// uploads; the first matching prefix wins, others get max_body_bytes.
    std::vector<std::pair<std::string, size_t>> body_limits_by_prefix;
    std::chrono::seconds idle_timeout{30};    ///< Keep-alive idle / slow-client read timeout.
    std::chrono::seconds shutdown_grace{10};  ///< Max wait for in-flight requests on shutdown.
    bool access_log = true;                   ///< One line per request to spdlog "access".
};

/// The HTTP/1.1 server. Knows nothing about news.
///
/// One io_context per io thread, each with its own SO_REUSEPORT acceptor on the same port,
/// so a connection lives on one thread from accept to close. Keep-alive, TCP_NODELAY; bodies
/// are written straight from the Response's shared buffer. Call Listen(), then Run() once;
/// Stop() may be called from any thread. Must not be destroyed while Run() is running.
class Server final {
public:
    /// `handler` must be non-null. Without `error_pages`, error pages are plain text.
    Server(ServerOptions options, Handler handler, ErrorPageRenderer error_pages = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds and listens (every io thread's acceptor). Fails with kIo and a message naming
    /// the address when it is in use, or kInvalidInput when the host is invalid.
    Result<void> Listen();
    /// The bound port; valid after a successful Listen().
    uint16_t port() const;
    /// Serves until Stop() or, when `handle_signals`, SIGINT/SIGTERM; then shuts down
    /// gracefully and returns. Calls Listen() first if needed (logging and returning at once
    /// if it fails). When it returns, every connection is closed.
    void Run(bool handle_signals = true);
    /// Thread-safe; idempotent; may precede Run(). Begins graceful shutdown: stops accepting,
    /// closes idle connections, lets in-flight requests finish with "Connection: close". Run()
    /// returns when they are done or `shutdown_grace` has passed (a handler that never returns
    /// still blocks its io thread, and so Run()).
    void Stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace broadsheet::http
