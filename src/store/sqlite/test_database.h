#pragma once

// Test-only: a migrated SQLite database in a fresh temporary folder, removed afterwards.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/sqlite/database.h"
#include "store/sqlite/migrations.h"

namespace broadsheet::store::sqlite {

class TestDatabase final {
public:
    /// A folder named after the running test; `connections` pooled connections.
    explicit TestDatabase(int connections = 2) {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("bs-test-" + std::to_string(::getpid()) + "-" + test->test_suite_name() + "-" + test->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        auto pool = ConnectionPool::Open(dir_ / "broadsheet.db", connections);
        EXPECT_TRUE(pool.has_value()) << pool.error().message;
        if (!pool) return;
        pool_ = std::move(*pool);
        auto db = pool_->Acquire();
        auto migrated = Migrate(*db);
        EXPECT_TRUE(migrated.has_value()) << migrated.error().message;
    }
    ~TestDatabase() {
        pool_.reset();
        std::filesystem::remove_all(dir_);
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    ConnectionPool& pool() { return *pool_; }
    const std::filesystem::path& dir() const { return dir_; }

private:
    std::filesystem::path dir_;
    std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace broadsheet::store::sqlite
