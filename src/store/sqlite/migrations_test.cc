#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace broadsheet::store::sqlite {
namespace {

std::filesystem::path TempDatabase(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / ("bs-migrations-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / name;
    std::filesystem::remove(path);
    return path;
}

int CountRows(Connection& connection, const char* table) {
    auto stmt = Statement::Prepare(connection, std::string("SELECT COUNT(*) FROM ") + table);
    EXPECT_TRUE(stmt.has_value());
    EXPECT_TRUE(stmt->Step().value());
    return static_cast<int>(stmt->Int(0));
}

TEST(MigrateTest, CreatesTheSchemaOnceAndIsIdempotent) {
    auto connection = Connection::Open(TempDatabase("fresh.db"));
    ASSERT_TRUE(connection.has_value());
    auto version = Migrate(**connection);
    ASSERT_TRUE(version.has_value()) << version.error().message;
    EXPECT_EQ(*version, AllMigrations().back().version);
    EXPECT_EQ(CountRows(**connection, "articles"), 0);
    auto again = Migrate(**connection);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *version);
    EXPECT_EQ(CountRows(**connection, "schema_migrations"), static_cast<int>(AllMigrations().size()));
}

TEST(MigrateTest, UpgradesStepByStep) {
    auto connection = Connection::Open(TempDatabase("upgrade.db"));
    ASSERT_TRUE(connection.has_value());
    const Migration first[] = {{1, "one", "CREATE TABLE t (a INTEGER);"}};
    ASSERT_EQ(Migrate(**connection, first).value(), 1);
    const Migration both[] = {{1, "one", "CREATE TABLE t (a INTEGER);"},
                              {2, "two", "ALTER TABLE t ADD COLUMN b TEXT; INSERT INTO t VALUES (1, 'x');"}};
    ASSERT_EQ(Migrate(**connection, both).value(), 2);
    EXPECT_EQ(CountRows(**connection, "t"), 1);
}

TEST(MigrateTest, AFailedMigrationLeavesNothingHalfDone) {
    auto connection = Connection::Open(TempDatabase("broken.db"));
    ASSERT_TRUE(connection.has_value());
    const Migration broken[] = {{1, "good", "CREATE TABLE t (a INTEGER);"},
                                {2, "bad", "CREATE TABLE u (a INTEGER); THIS IS NOT SQL;"}};
    auto result = Migrate(**connection, broken);
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message.find("migration 2"), std::string::npos);
    // Version 1 stays applied, and nothing of version 2 is left behind.
    EXPECT_EQ(CountRows(**connection, "schema_migrations"), 1);
    EXPECT_FALSE(Statement::Prepare(**connection, "SELECT * FROM u").has_value());
}

TEST(MigrateTest, RefusesADatabaseFromTheFuture) {
    auto connection = Connection::Open(TempDatabase("future.db"));
    ASSERT_TRUE(connection.has_value());
    const Migration two[] = {{1, "one", "SELECT 1;"}, {2, "two", "SELECT 1;"}};
    ASSERT_TRUE(Migrate(**connection, two).has_value());
    const Migration one[] = {{1, "one", "SELECT 1;"}};
    auto result = Migrate(**connection, one);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace broadsheet::store::sqlite
