#include "store/sqlite/database.h"

#include <sqlite3.h>

namespace broadsheet::store::sqlite {
namespace {

Error SqliteError(sqlite3* db, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += db ? sqlite3_errmsg(db) : "out of memory";
    return Fail(ErrorCode::kIo, std::move(message));
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::filesystem::path& path) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        Error error = SqliteError(db, "cannot open database " + path.string());
        sqlite3_close(db);
        return error;
    }
    std::unique_ptr<Connection> connection(new Connection(db));  // NOLINT: private constructor
    sqlite3_busy_timeout(db, 5000);
    auto pragmas = connection->Execute(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY;");
    if (!pragmas) return pragmas.error();
    return connection;
}

Connection::~Connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
}

Result<void> Connection::Execute(std::string_view sql) {
    char* message = nullptr;
    std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string detail = message ? message : "unknown error";
        sqlite3_free(message);
        return Fail(ErrorCode::kIo, "SQL failed: " + detail);
    }
    return {};
}

int64_t Connection::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

Result<Statement> Statement::Prepare(Connection& connection, std::string_view sql) {
    std::string key(sql);
    auto cached = connection.statements_.find(key);
    if (cached != connection.statements_.end()) return Statement(cached->second, connection.handle());
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(connection.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
        return SqliteError(connection.handle(), "cannot prepare statement");
    }
    connection.statements_.emplace(std::move(key), stmt);
    return Statement(stmt, connection.handle());
}

Statement::~Statement() {
    if (stmt_) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
}

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_), db_(other.db_) { other.stmt_ = nullptr; }

Statement& Statement::Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::BindNull(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

Result<bool> Statement::Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, "statement failed");
}

Result<void> Statement::Run() {
    auto step = Step();
    if (!step) return step.error();
    return {};
}

std::string Statement::Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Result<std::unique_ptr<ConnectionPool>> ConnectionPool::Open(const std::filesystem::path& path, int size) {
    std::unique_ptr<ConnectionPool> pool(new ConnectionPool());  // NOLINT: private constructor
    for (int i = 0; i < std::max(size, 1); ++i) {
        auto connection = Connection::Open(path);
        if (!connection) return connection.error();
        pool->free_.push_back(std::move(*connection));
    }
    return pool;
}

ConnectionPool::Lease ConnectionPool::Acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !free_.empty(); });
    std::unique_ptr<Connection> connection = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(connection));
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
    {
        std::lock_guard lock(mutex_);
        free_.push_back(std::move(connection));
    }
    available_.notify_one();
}

ConnectionPool::Lease::~Lease() {
    if (connection_) pool_->Release(std::move(connection_));
}

Result<Transaction> Transaction::Begin(Connection& connection) {
    auto begun = connection.Execute("BEGIN IMMEDIATE");
    if (!begun) return begun.error();
    return Transaction(connection);
}

Transaction::~Transaction() {
    if (open_) (void)connection_->Execute("ROLLBACK");
}

Result<void> Transaction::Commit() {
    auto committed = connection_->Execute("COMMIT");
    if (committed) open_ = false;
    return committed;
}

}  // namespace broadsheet::store::sqlite
