#include "http/server.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <exception>
#include <limits>
#include <optional>
#include <random>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/check.h"
#include "http/beast.h"
#include "http/wire.h"

namespace broadsheet::http {
namespace {

using SteadyClock = std::chrono::steady_clock;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// After an error response that closes the connection, unread request bytes are drained for
// at most this long so that closing does not reset the connection before the client has read
// the response.
constexpr std::chrono::seconds kMaxLinger{2};

std::string ToStd(beast::string_view view) { return {view.data(), view.size()}; }

/// What all sessions of one server share. Immutable after construction except `stopping`.
struct Shared {
    ServerOptions options;
    Handler handler;
    ErrorPageRenderer error_pages;
    std::shared_ptr<spdlog::logger> access_log;  // Null when access logging is off.
    std::atomic<bool> stopping{false};
};

class Session;

/// One io thread's world. Only its own thread touches it while the thread runs, so the
/// session registry needs no lock.
struct Worker {
    explicit Worker(uint64_t seed) : ids(seed) {}
    // Declared before `io`: handlers destroyed with `io` destroy sessions, which unregister.
    std::unordered_set<Session*> sessions;
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    asio::steady_timer accept_retry{io};
    wire::DateCache date;
    wire::RequestIdGenerator ids;
    bool stopping = false;
};

std::shared_ptr<spdlog::logger> AccessLogger() {
    if (auto logger = spdlog::get("access")) return logger;
    try {
        auto logger = spdlog::stdout_logger_mt("access");
        logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] %v");
        return logger;
    } catch (const spdlog::spdlog_ex&) {
        return spdlog::get("access");  // Another server registered it first.
    }
}

/// The server's own error page for `status`, from the renderer when there is one.
Response RenderError(const Shared& shared, int status, std::string_view request_id) {
    if (shared.error_pages) {
        try {
            Response response = shared.error_pages(status, request_id);
            response.status = status;
            return response;
        } catch (const std::exception& e) {
            spdlog::error("http: error page renderer failed for {} (request {}): {}", status,
                          request_id, e.what());
        }
    }
    Response response = Response::Text(status, fmt::format("{} {}\nRequest id: {}\n", status,
                                                           wire::ReasonPhrase(status), request_id));
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

/// One connection: reads requests, calls the handler, writes responses, until either side
/// closes. Lives on its worker's thread; kept alive by the handlers of its pending operations.
class Session final : public std::enable_shared_from_this<Session> {
public:
    Session(const Shared& shared, Worker& worker, tcp::socket socket)
        : shared_(shared), worker_(worker), stream_(std::move(socket)) {
        worker_.sessions.insert(this);
    }
    ~Session() { worker_.sessions.erase(this); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void Start() {
        error_code ec;
        const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = peer.address().to_string();
        ReadHeader();
    }

    /// Shutdown has begun: close now if between requests; otherwise the response in progress
    /// closes the connection when written.
    void OnShutdown() {
        const bool idle =
            state_ == State::kLingering ||
            (state_ == State::kReading && buffer_.size() == 0 && parser_ && !parser_->got_some());
        if (idle) Close();
    }

    void ForceClose() { Close(); }

private:
    enum class State { kReading, kWriting, kLingering, kClosed };

    void ReadHeader() {
        state_ = State::kReading;
        close_ = false;
        head_ = false;
        id_.clear();
        method_.clear();
        target_.clear();
        parser_.emplace();
        parser_->header_limit(static_cast<uint32_t>(std::min<size_t>(
            shared_.options.max_header_bytes, std::numeric_limits<uint32_t>::max())));
        parser_->body_limit(shared_.options.max_body_bytes);
        stream_.expires_after(shared_.options.idle_timeout);
        bhttp::async_read_header(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](error_code ec, size_t) { self->OnHeader(ec); });
    }

    void OnHeader(error_code ec) {
        if (ec) return OnReadError(ec);
        started_ = SteadyClock::now();
        if (parser_->is_done()) return HandleRequest();
        const beast::string_view target = parser_->get().target();
        for (const auto& [prefix, limit] : shared_.options.body_limits_by_prefix) {
            if (std::string_view(target.data(), target.size()).starts_with(prefix)) {
                parser_->body_limit(limit);
                break;
            }
        }
        const beast::string_view expect = parser_->get()[bhttp::field::expect];
        if (wire::EqualsIgnoreCase({expect.data(), expect.size()}, "100-continue")) {
            asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                              [self = shared_from_this()](error_code write_ec, size_t) {
                                  if (write_ec) return self->Close();
                                  self->ReadBody();
                              });
            return;
        }
        ReadBody();
    }

    void ReadBody() {
        stream_.expires_after(shared_.options.idle_timeout);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](error_code ec, size_t) {
                              if (ec) return self->OnReadError(ec);
                              self->HandleRequest();
                          });
    }

    void OnReadError(error_code ec) {
        if (ec == bhttp::error::header_limit || ec == bhttp::error::body_limit) {
            return SendError(413);
        }
        const bool parse_error =
            ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category();
        if (!parse_error || ec == bhttp::error::end_of_stream ||
            ec == bhttp::error::partial_message) {
            return Close();  // The client left or was too slow (beast::error::timeout).
        }
        SendError(400);
    }

    void HandleRequest() {
        auto message = parser_->release();
        id_ = worker_.ids.Next();
        keep_alive_ = message.keep_alive();
        http10_ = message.version() < 11;
        head_ = message.method() == bhttp::verb::head;
        Request request;
        request.method = ToStd(message.method_string());
        request.target = ToStd(message.target());
        if (shared_.access_log) {
            method_ = request.method;
            target_ = request.target;
        }
        const std::optional<wire::TargetParts> parts = wire::SplitTarget(request.target);
        std::optional<std::string> path;
        if (parts) path = PercentDecode(parts->path, false);
        if (!path) return SendError(400);
        request.path = std::move(*path);
        request.query = std::string(parts->query);
        for (const auto& field : message) {
            request.headers.emplace_back(ToStd(field.name_string()), ToStd(field.value()));
        }
        request.body = std::move(message.body());
        request.remote_address = remote_;
        request.request_id = id_;
        Send(Invoke(request));
    }

    Response Invoke(const Request& request) {
        try {
            return shared_.handler(request);
        } catch (const std::exception& e) {
            spdlog::error("http: request {} {} {} failed: {}", id_, request.method, request.target,
                          e.what());
        } catch (...) {
            spdlog::error("http: request {} {} {} failed: unknown exception", id_, request.method,
                          request.target);
        }
        return RenderError(shared_, 500, id_);
    }

    /// Answers with an error page and closes the connection (after draining).
    void SendError(int status) {
        if (id_.empty()) {
            id_ = worker_.ids.Next();
            started_ = SteadyClock::now();
        }
        close_ = true;
        linger_ = true;
        keep_alive_ = false;
        Send(RenderError(shared_, status, id_));
    }

    void Send(Response response) {
        state_ = State::kWriting;
        status_ = response.status >= 100 && response.status <= 999 ? response.status : 500;
        body_ = std::move(response.body);
        const bool body_allowed = wire::StatusAllowsBody(status_);
        const size_t length = body_allowed && body_ ? body_->size() : 0;
        if (!keep_alive_ || worker_.stopping || shared_.stopping.load(std::memory_order_relaxed)) {
            close_ = true;
        }
        wire::HeadOptions options;
        options.date = worker_.date.Now();
        if (body_allowed) options.content_length = length;
        options.close = close_;
        options.keep_alive = !close_ && http10_;
        head_buffer_.clear();  // Keeps its capacity: no allocation per response.
        if (const size_t dropped =
                wire::AppendResponseHead(head_buffer_, status_, response.headers, options)) {
            spdlog::warn("http: request {}: dropped {} invalid response header(s)", id_, dropped);
        }
        sent_body_bytes_ = head_ ? 0 : length;
        const std::array<asio::const_buffer, 2> buffers{
            asio::buffer(head_buffer_),
            asio::const_buffer(body_ ? body_->data() : nullptr, sent_body_bytes_)};
        stream_.expires_after(shared_.options.idle_timeout);
        asio::async_write(stream_, buffers, [self = shared_from_this()](error_code ec, size_t) {
            self->OnWrite(ec);
        });
    }

    void OnWrite(error_code ec) {
        LogAccess();
        body_.reset();
        if (ec) return Close();
        if (close_ && linger_) return Linger();
        if (close_ || worker_.stopping) return Close();
        ReadHeader();
    }

    void LogAccess() const {
        if (!shared_.access_log) return;
        const auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started_);
        shared_.access_log->info("{} \"{} {}\" {} {} {}us {}", remote_,
                                 method_.empty() ? "-" : method_, target_.empty() ? "-" : target_,
                                 status_, sent_body_bytes_, micros.count(), id_);
    }

    /// Half-closes, then discards what the client still sends until it closes or time is up.
    void Linger() {
        state_ = State::kLingering;
        error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        linger_deadline_ = SteadyClock::now() + std::min<SteadyClock::duration>(
                                                    shared_.options.idle_timeout, kMaxLinger);
        Drain();
    }

    void Drain() {
        stream_.expires_at(linger_deadline_);
        buffer_.clear();
        stream_.async_read_some(buffer_.prepare(4096),
                                [self = shared_from_this()](error_code ec, size_t) {
                                    if (ec) return self->Close();
                                    self->Drain();
                                });
    }

    void Close() {
        if (state_ == State::kClosed) return;
        state_ = State::kClosed;
        error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    const Shared& shared_;
    Worker& worker_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;  // Kept across requests: it may hold a pipelined request.
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::string remote_;
    State state_ = State::kReading;
    // The exchange in progress.
    std::string id_;
    std::string method_;  // Copied for the access log only.
    std::string target_;
    SteadyClock::time_point started_;
    bool keep_alive_ = true;
    bool http10_ = false;
    bool head_ = false;
    bool close_ = false;
    bool linger_ = false;
    int status_ = 0;
    std::string head_buffer_;
    std::shared_ptr<const std::string> body_;  // Alive until the write completes.
    size_t sent_body_bytes_ = 0;
    SteadyClock::time_point linger_deadline_;
};

std::vector<Session*> Snapshot(const Worker& worker) {
    return {worker.sessions.begin(), worker.sessions.end()};
}

}  // namespace

struct Server::Impl {
    Impl(ServerOptions options, Handler handler, ErrorPageRenderer error_pages) {
        shared.options = std::move(options);
        shared.handler = std::move(handler);
        shared.error_pages = std::move(error_pages);
        if (shared.options.access_log) shared.access_log = AccessLogger();
        unsigned threads = shared.options.threads > 0
                               ? static_cast<unsigned>(shared.options.threads)
                               : std::max(1U, std::thread::hardware_concurrency());
        std::random_device random;
        for (unsigned i = 0; i < threads; ++i) {
            workers.push_back(
                std::make_unique<Worker>((static_cast<uint64_t>(random()) << 32) ^ random()));
        }
    }

    Result<void> Listen();
    void Run(bool handle_signals);
    void Accept(Worker& worker);
    void RequestStop();
    void BeginShutdown();

    Shared shared;
    std::vector<std::unique_ptr<Worker>> workers;
    asio::io_context control{1};  // Run()'s own thread: signals, shutdown, grace timer.
    std::optional<asio::signal_set> signals;
    asio::steady_timer grace{control};
    bool listening = false;
    uint16_t port = 0;
};

Result<void> Server::Impl::Listen() {
    if (listening) return {};
    const ServerOptions& options = shared.options;
    const std::string where = options.host.find(':') == std::string::npos
                                  ? fmt::format("{}:{}", options.host, options.port)
                                  : fmt::format("[{}]:{}", options.host, options.port);
    error_code ec;
    asio::ip::address address = asio::ip::make_address(options.host, ec);
    if (ec) {
        tcp::resolver resolver(control);
        auto results = resolver.resolve(options.host, "", tcp::resolver::passive, ec);
        if (ec || results.empty()) {
            return Fail(ErrorCode::kInvalidInput,
                        fmt::format("cannot listen on {}: invalid host: {}", where,
                                    ec ? ec.message() : "no address"));
        }
        address = results.begin()->endpoint().address();
    }
    tcp::endpoint endpoint(address, options.port);
    if (options.port != 0) {
        // SO_REUSEPORT would let us share the port with another running server of the same
        // user, so first try it without: this fails if anything listens there already.
        tcp::acceptor probe(control);
        probe.open(endpoint.protocol(), ec);
        if (!ec) probe.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) probe.bind(endpoint, ec);
        if (ec) {
            return Fail(ErrorCode::kIo,
                        fmt::format("cannot listen on {}: {}", where, ec.message()));
        }
    }
    for (auto& worker : workers) {
        tcp::acceptor& acceptor = worker->acceptor;
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor.set_option(ReusePort(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            error_code ignored;
            for (auto& other : workers) other->acceptor.close(ignored);
            return Fail(ErrorCode::kIo,
                        fmt::format("cannot listen on {}: {}", where, ec.message()));
        }
        if (endpoint.port() == 0) endpoint.port(acceptor.local_endpoint().port());
    }
    port = endpoint.port();
    listening = true;
    return {};
}

void Server::Impl::Accept(Worker& worker) {
    worker.acceptor.async_accept([this, &worker](error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || worker.stopping) return;
        if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
            ec == asio::error::no_memory) {
            // Out of resources: retrying at once would spin.
            spdlog::warn("http: accept failed: {}", ec.message());
            worker.accept_retry.expires_after(std::chrono::milliseconds(100));
            worker.accept_retry.async_wait([this, &worker](error_code wait_ec) {
                if (!wait_ec && !worker.stopping) Accept(worker);
            });
            return;
        }
        if (!ec) {
            error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<Session>(shared, worker, std::move(socket))->Start();
        }
        Accept(worker);
    });
}

void Server::Impl::RequestStop() {
    if (shared.stopping.exchange(true)) return;
    asio::post(control, [this] { BeginShutdown(); });
}

void Server::Impl::BeginShutdown() {
    if (signals) signals->cancel();
    for (auto& worker : workers) {
        asio::post(worker->io, [&worker = *worker] {
            worker.stopping = true;
            error_code ignored;
            worker.acceptor.close(ignored);
            worker.accept_retry.cancel();
            for (Session* session : Snapshot(worker)) session->OnShutdown();
        });
    }
    grace.expires_after(shared.options.shutdown_grace);
    grace.async_wait([this](error_code ec) {
        if (ec) return;
        spdlog::warn("http: shutdown grace expired; closing the remaining connections");
        for (auto& worker : workers) worker->io.stop();
    });
}

void Server::Impl::Run(bool handle_signals) {
    if (Result<void> listened = Listen(); !listened) {
        spdlog::error("http: {}", listened.error().message);
        return;
    }
    if (handle_signals) {
        signals.emplace(control, SIGINT, SIGTERM);
        signals->async_wait([this](error_code ec, int signal_number) {
            if (ec) return;
            spdlog::info("http: signal {}: shutting down", signal_number);
            RequestStop();
        });
    }
    auto work = asio::make_work_guard(control);
    size_t running = workers.size();  // Touched on the control thread only.
    std::vector<std::thread> threads;
    for (auto& worker : workers) {
        Accept(*worker);
        threads.emplace_back([this, &worker = *worker, &running, &work] {
            for (;;) {
                try {
                    worker.io.run();
                    break;
                } catch (const std::exception& e) {
                    spdlog::error("http: io thread: {}", e.what());
                }
            }
            asio::post(control, [this, &running, &work] {
                if (--running > 0) return;
                grace.cancel();
                if (signals) signals->cancel();
                work.reset();
            });
        });
    }
    control.run();
    for (std::thread& thread : threads) thread.join();
    // Only after the grace period expired are there sessions left; no thread runs them now.
    for (auto& worker : workers) {
        for (Session* session : Snapshot(*worker)) session->ForceClose();
    }
    signals.reset();
}

Server::Server(ServerOptions options, Handler handler, ErrorPageRenderer error_pages) {
    CHECK(handler != nullptr);
    impl_ = std::make_unique<Impl>(std::move(options), std::move(handler), std::move(error_pages));
}

Server::~Server() = default;

Result<void> Server::Listen() { return impl_->Listen(); }

uint16_t Server::port() const { return impl_->port; }

void Server::Run(bool handle_signals) { impl_->Run(handle_signals); }

void Server::Stop() { impl_->RequestStop(); }

}  // namespace broadsheet::http
