#pragma once

// The one place that includes Boost.Asio and Boost.Beast. Only server.cc includes it, which
// keeps these heavy headers out of every other translation unit.

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

// GCC 12 at -O2/-O3 reports false "potential null pointer dereference" warnings inside
// inlined Asio internals (scheduler.ipp); they are not ours to fix.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#pragma GCC diagnostic pop

namespace broadsheet::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;  // Not `http`: that is this namespace.
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;
}  // namespace broadsheet::http
