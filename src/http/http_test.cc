#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "http/server.h"
#include "http/wire.h"

namespace broadsheet::http {
namespace {

using std::chrono_literals::operator""ms;
using std::chrono_literals::operator""s;

/// A parsed response as the test client saw it.
struct Reply {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::string_view Header(std::string_view name) const {
        for (const auto& [key, value] : headers) {
            if (wire::EqualsIgnoreCase(key, name)) return value;
        }
        return {};
    }
};

/// A tiny blocking HTTP/1.1 client over a raw socket, with a 3 s receive timeout.
class Client final {
public:
    explicit Client(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        const timeval timeout{3, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        connected_ =
            ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }
    ~Client() { ::close(fd_); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const { return connected_; }

    void Send(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return;
            data.remove_prefix(static_cast<size_t>(n));
        }
    }

    /// Reads one response; nullopt on EOF, error or timeout. No body for HEAD, 1xx, 204, 304.
    std::optional<Reply> Read(bool head = false) {
        size_t end;
        while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
            if (!Fill()) return std::nullopt;
        }
        const std::string block = buffer_.substr(0, end + 2);
        buffer_.erase(0, end + 4);
        Reply reply;
        size_t line_end = block.find("\r\n");
        reply.status = std::atoi(block.substr(9, 3).c_str());
        for (size_t start = line_end + 2; start < block.size(); start = line_end + 2) {
            line_end = block.find("\r\n", start);
            const std::string line = block.substr(start, line_end - start);
            const size_t colon = line.find(": ");
            reply.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
        }
        if (head || !wire::StatusAllowsBody(reply.status)) return reply;
        const size_t length = std::stoul(std::string(reply.Header("Content-Length")));
        while (buffer_.size() < length) {
            if (!Fill()) return std::nullopt;
        }
        reply.body = buffer_.substr(0, length);
        buffer_.erase(0, length);
        return reply;
    }

    /// True when the server closes the connection (before the timeout) without sending more.
    bool ClosedByPeer() {
        if (!buffer_.empty()) return false;
        char byte;
        return ::recv(fd_, &byte, 1, 0) == 0 || errno == ECONNRESET;
    }

private:
    bool Fill() {
        char chunk[4096];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        buffer_.append(chunk, static_cast<size_t>(n));
        return true;
    }

    int fd_;
    bool connected_ = false;
    std::string buffer_;
};

std::string Get(std::string_view target, std::string_view extra_headers = "") {
    return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
           std::string(extra_headers) + "\r\n";
}

/// A server on an ephemeral port with two io threads, run in a background thread.
class ServerTest : public ::testing::Test {
protected:
    static ServerOptions TestOptions() {
        ServerOptions options;
        options.port = 0;
        options.threads = 2;
        options.max_header_bytes = 1024;
        options.max_body_bytes = 1024;
        options.shutdown_grace = 3s;
        options.access_log = false;
        return options;
    }

    void Start(ServerOptions options = TestOptions()) {
        server_ = std::make_unique<Server>(
            std::move(options), [this](const Request& request) { return Handle(request); },
            [](int status, std::string_view id) {
                return Response::Html(
                    status, "<p>error " + std::to_string(status) + " id=" + std::string(id));
            });
        const Result<void> listened = server_->Listen();
        ASSERT_TRUE(listened) << listened.error().message;
        ASSERT_NE(server_->port(), 0);
        run_returned_ = run_done_.get_future();
        runner_ = std::thread([this] {
            server_->Run(false);
            run_done_.set_value();
        });
    }

    void TearDown() override {
        if (!server_) return;
        server_->Stop();
        runner_.join();
    }

    Response Handle(const Request& request) {
        if (request.path == "/hello") {
            Response response = Response::Text(200, "hello " + *request.QueryParam("name"));
            response.SetHeader("X-Test", "yes");
            return response;
        }
        if (request.path == "/echo") return Response::Text(200, request.body);
        if (request.path == "/info") {
            return Response::Text(200, request.method + "|" + request.path + "|" + request.query +
                                           "|" + std::string(request.Header("x-custom")) + "|" +
                                           request.remote_address);
        }
        if (request.path == "/throw") throw std::runtime_error("boom");
        if (request.path == "/slow") {
            slow_started_.set_value();
            std::this_thread::sleep_for(300ms);
            return Response::Text(200, "slow done");
        }
        return Response::Text(404, "no such page");
    }

    std::unique_ptr<Server> server_;
    std::thread runner_;
    std::promise<void> run_done_;
    std::future<void> run_returned_;
    std::promise<void> slow_started_;
};

TEST_F(ServerTest, GetReturnsHandlerBodyAndHeaders) {
    Start();
    Client client(server_->port());
    client.Send(Get("/hello?name=caf%C3%A9+au+lait"));
    const std::optional<Reply> reply = client.Read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->body, "hello caf\xC3\xA9 au lait");
    EXPECT_EQ(reply->Header("X-Test"), "yes");
    EXPECT_EQ(reply->Header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(reply->Header("Content-Length"), std::to_string(reply->body.size()));
    EXPECT_EQ(reply->Header("Server"), "Broadsheet");
    EXPECT_EQ(reply->Header("Date").size(), 29u);
    EXPECT_EQ(reply->Header("Connection"), "");

    client.Send(Get("/inf%6F?a=1", "X-Custom: value\r\n"));
    const std::optional<Reply> info = client.Read();
    ASSERT_TRUE(info);
    EXPECT_EQ(info->body, "GET|/info|a=1|value|127.0.0.1");
}

TEST_F(ServerTest, KeepsConnectionsAliveAndAnswersPipelinedRequests) {
    Start();
    Client client(server_->port());
    client.Send(Get("/hello?name=one"));
    EXPECT_EQ(client.Read()->body, "hello one");
    client.Send(Get("/hello?name=two"));
    EXPECT_EQ(client.Read()->body, "hello two");
    client.Send(Get("/hello?name=three") + Get("/hello?name=four"));
    EXPECT_EQ(client.Read()->body, "hello three");
    EXPECT_EQ(client.Read()->body, "hello four");
}

TEST_F(ServerTest, HeadSendsHeadersWithoutBody) {
    Start();
    Client client(server_->port());
    client.Send("HEAD /hello?name=x HTTP/1.1\r\nHost: test\r\n\r\n");
    const std::optional<Reply> head = client.Read(/*head=*/true);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->Header("Content-Length"), "7");
    // Had the body been sent, it would now be read as the next response's status line.
    client.Send(Get("/hello?name=y"));
    const std::optional<Reply> get = client.Read();
    ASSERT_TRUE(get);
    EXPECT_EQ(get->status, 200);
    EXPECT_EQ(get->body, "hello y");
}

TEST_F(ServerTest, ReadsBodiesIncludingAfterExpectContinue) {
    Start();
    Client client(server_->port());
    client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello");
    EXPECT_EQ(client.Read()->body, "hello");
    client.Send(
        "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_EQ(client.Read()->status, 100);
    client.Send("abc");
    EXPECT_EQ(client.Read()->body, "abc");
}

TEST_F(ServerTest, MalformedRequestsGet400AndClose) {
    Start();
    for (const std::string request :
         {"GARBAGE\r\n\r\n", "GET /a%zz HTTP/1.1\r\nHost: t\r\n\r\n", "GET /a HTTP/9.9\r\n\r\n"}) {
        Client client(server_->port());
        client.Send(request);
        const std::optional<Reply> reply = client.Read();
        ASSERT_TRUE(reply) << request;
        EXPECT_EQ(reply->status, 400) << request;
        EXPECT_TRUE(reply->body.starts_with("<p>error 400 id=")) << reply->body;
        EXPECT_EQ(reply->Header("Connection"), "close");
        EXPECT_TRUE(client.ClosedByPeer());
    }
}

TEST_F(ServerTest, OversizedHeaderGets413) {
    Start();
    Client client(server_->port());
    client.Send(Get("/hello", "X-Big: " + std::string(2000, 'a') + "\r\n"));
    const std::optional<Reply> reply = client.Read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_EQ(reply->Header("Connection"), "close");
    EXPECT_TRUE(client.ClosedByPeer());
}

TEST_F(ServerTest, OversizedBodyGets413) {
    Start();
    Client client(server_->port());
    client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n");
    client.Send(std::string(2000, 'x'));
    const std::optional<Reply> reply = client.Read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_TRUE(reply->body.starts_with("<p>error 413 id="));
    EXPECT_EQ(reply->Header("Connection"), "close");
}

TEST_F(ServerTest, HandlerExceptionGives500AndIsLoggedWithRequestId) {
    auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
    const auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
    Start();
    Client client(server_->port());
    client.Send(Get("/throw"));
    const std::optional<Reply> reply = client.Read();
    spdlog::set_default_logger(previous);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 500);
    const std::string id = reply->body.substr(reply->body.find("id=") + 3);
    EXPECT_EQ(id.size(), 12u);
    const std::vector<std::string> lines = sink->last_formatted();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("[error]"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find(id), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("boom"), std::string::npos) << lines[0];
    // The connection and the server carry on.
    client.Send(Get("/hello?name=again"));
    EXPECT_EQ(client.Read()->body, "hello again");
}

TEST_F(ServerTest, StopLetsInFlightRequestFinishAndClosesIdleConnections) {
    Start();
    Client idle(server_->port());
    idle.Send(Get("/hello?name=idle"));
    ASSERT_TRUE(idle.Read());
    Client busy(server_->port());
    busy.Send(Get("/slow"));
    ASSERT_EQ(slow_started_.get_future().wait_for(2s), std::future_status::ready);
    server_->Stop();
    const std::optional<Reply> reply = busy.Read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->body, "slow done");
    EXPECT_EQ(reply->Header("Connection"), "close");
    EXPECT_TRUE(busy.ClosedByPeer());
    EXPECT_TRUE(idle.ClosedByPeer());
    EXPECT_EQ(run_returned_.wait_for(2s), std::future_status::ready);
    EXPECT_FALSE(Client(server_->port()).connected());
}

TEST_F(ServerTest, SlowClientTimesOut) {
    ServerOptions options = TestOptions();
    options.idle_timeout = 1s;
    Start(options);
    Client client(server_->port());
    client.Send("GET /hello HT");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.ClosedByPeer());
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 900ms);
    EXPECT_LT(waited, 2500ms);
}

TEST_F(ServerTest, WritesOneAccessLogLinePerRequest) {
    auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
    spdlog::drop("access");
    spdlog::register_logger(std::make_shared<spdlog::logger>("access", sink));
    ServerOptions options = TestOptions();
    options.access_log = true;
    Start(options);
    spdlog::drop("access");  // The server holds its own reference.
    Client client(server_->port());
    client.Send(Get("/hello?name=log"));
    ASSERT_TRUE(client.Read());
    client.Send(Get("/nope"));  // Its response follows the first request's log line.
    ASSERT_TRUE(client.Read());
    const std::vector<std::string> lines = sink->last_formatted();
    ASSERT_GE(lines.size(), 1u);
    EXPECT_NE(lines[0].find("127.0.0.1 \"GET /hello?name=log\" 200 9 "), std::string::npos)
        << lines[0];
}

TEST(ServerSignalTest, SigtermStopsRun) {
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.access_log = false;
    Server server(options, [](const Request&) { return Response::Text(200, "up"); });
    ASSERT_TRUE(server.Listen());
    std::promise<void> done;
    std::thread runner([&] {
        server.Run(/*handle_signals=*/true);
        done.set_value();
    });
    {
        // Once a request is answered, Run() has installed its signal handlers.
        Client client(server.port());
        client.Send(Get("/"));
        EXPECT_TRUE(client.Read());
    }
    ::kill(::getpid(), SIGTERM);
    const bool returned = done.get_future().wait_for(2s) == std::future_status::ready;
    if (!returned) server.Stop();
    runner.join();
    EXPECT_TRUE(returned);
}

TEST(ServerListenTest, FailsClearlyWhenThePortIsTaken) {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    const Handler handler = [](const Request&) { return Response::Text(200, ""); };
    Server first(options, handler);
    ASSERT_TRUE(first.Listen());
    options.port = first.port();
    Server second(options, handler);
    const Result<void> listened = second.Listen();
    ASSERT_FALSE(listened);
    EXPECT_EQ(listened.error().code, ErrorCode::kIo);
    EXPECT_NE(listened.error().message.find("127.0.0.1:" + std::to_string(first.port())),
              std::string::npos)
        << listened.error().message;

    options.host = "not an address";
    EXPECT_FALSE(Server(options, handler).Listen());
}

}  // namespace
}  // namespace broadsheet::http
