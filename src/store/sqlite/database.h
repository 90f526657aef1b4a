#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace broadsheet::store::sqlite {

/// One SQLite connection. Not thread-safe: use one per thread (see ConnectionPool).
class Connection final {
public:
    /// Opens (creating if needed) the database at `path` in WAL mode with foreign keys on.
    static Result<std::unique_ptr<Connection>> Open(const std::filesystem::path& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs one or more statements without results.
    Result<void> Execute(std::string_view sql);
    sqlite3* handle() const { return db_; }
    int64_t LastInsertRowId() const;

private:
    friend class Statement;
    explicit Connection(sqlite3* db) : db_(db) {}
    sqlite3* db_;
    // Prepared statements by SQL text, reused: preparing costs more than running most of ours.
    std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

/// A prepared statement with positional parameters (1-based) and typed columns (0-based).
/// All SQL with values goes through Bind: nothing is ever concatenated into SQL. Statements
/// are cached per connection and reset when this object goes; use one at a time per SQL text.
class Statement final {
public:
    static Result<Statement> Prepare(Connection& connection, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;

    Statement& Bind(int index, std::string_view text);
    Statement& Bind(int index, int64_t value);
    Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
    Statement& BindNull(int index);

    /// Advances: true with a row, false when done; an Error when SQLite fails.
    Result<bool> Step();
    /// Runs a statement that returns no rows.
    Result<void> Run();

    std::string Text(int column) const;
    int64_t Int(int column) const;
    bool IsNull(int column) const;

private:
    Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
    // Not owned: the connection's cache finalizes it.
    sqlite3_stmt* stmt_;
    sqlite3* db_;
};

/// A fixed set of connections shared by threads. Thread-safe.
class ConnectionPool final {
public:
    /// Opens `size` connections to `path`.
    static Result<std::unique_ptr<ConnectionPool>> Open(const std::filesystem::path& path, int size);

    /// A connection on loan; returned to the pool when destroyed.
    class Lease final {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
            : pool_(&pool), connection_(std::move(connection)) {}
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_.get(); }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
    };

    /// Waits for a free connection.
    Lease Acquire();
    /// Serialises writers so they queue here rather than fail with SQLITE_BUSY.
    std::mutex& write_mutex() { return write_mutex_; }

private:
    ConnectionPool() = default;
    void Release(std::unique_ptr<Connection> connection);

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> free_;
    std::mutex write_mutex_;
};

/// BEGIN IMMEDIATE ... COMMIT, rolled back on destruction unless committed.
class Transaction final {
public:
    static Result<Transaction> Begin(Connection& connection);
    Transaction(Transaction&& other) noexcept : connection_(other.connection_), open_(other.open_) {
        other.open_ = false;
    }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> Commit();

private:
    explicit Transaction(Connection& connection) : connection_(&connection), open_(true) {}
    Connection* connection_;
    bool open_;
};

}  // namespace broadsheet::store::sqlite
