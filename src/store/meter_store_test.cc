// The MeterStore contract, on SQLite.
#include "store/meter_store.h"

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_account_store.h"
#include "store/sqlite/sqlite_meter_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::store {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z

TEST(MeterStoreTest, CountsEachStoryOncePerReaderAndMonth) {
    sqlite::TestDatabase database{2};
    sqlite::SqliteAccountStore accounts(database.pool());
    sqlite::SqliteMeterStore meter(database.pool());
    ReaderId ana = accounts.CreateReader("ana@example.com", "$argon2id$x", true, At(kNov16)).value();
    ReaderId ben = accounts.CreateReader("ben@example.com", "$argon2id$x", true, At(kNov16)).value();

    EXPECT_TRUE(meter.ReadIn(ana, "2024-11")->empty());
    ASSERT_TRUE(meter.Record(ana, "2024-11", ArticleId{7}, At(kNov16)).has_value());
    ASSERT_TRUE(meter.Record(ana, "2024-11", ArticleId{3}, At(kNov16 + 60)).has_value());
    ASSERT_TRUE(meter.Record(ana, "2024-11", ArticleId{7}, At(kNov16 + 120)).has_value());  // Again: no change.
    ASSERT_TRUE(meter.Record(ana, "2024-12", ArticleId{7}, At(kNov16 + 86400 * 20)).has_value());
    EXPECT_EQ(meter.ReadIn(ana, "2024-11").value(), (std::vector<int64_t>{7, 3}));  // In reading order.
    EXPECT_EQ(meter.ReadIn(ana, "2024-12").value(), (std::vector<int64_t>{7}));
    EXPECT_TRUE(meter.ReadIn(ben, "2024-11")->empty());
}

}  // namespace
}  // namespace broadsheet::store
