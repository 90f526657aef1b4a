#include "core/versioning.h"

#include <gtest/gtest.h>

namespace broadsheet {
namespace {

constexpr Timestamp kEarly{std::chrono::seconds{1731750000}};
constexpr Timestamp kLate{std::chrono::seconds{1731752820}};

TEST(CompareWireVersionsTest, NumbersCompareNumerically) {
    EXPECT_EQ(CompareWireVersions("1", kEarly, "2", kLate), VersionOrder::kNewer);
    EXPECT_EQ(CompareWireVersions("2", kLate, "1", kEarly), VersionOrder::kOlder);
    EXPECT_EQ(CompareWireVersions("3", kEarly, "3", kEarly), VersionOrder::kSame);
    // Not string order: 10 is newer than 9.
    EXPECT_EQ(CompareWireVersions("9", kEarly, "10", kEarly), VersionOrder::kNewer);
    // Reuters-sized, non-contiguous numbers.
    EXPECT_EQ(CompareWireVersions("978556838", kEarly, "1542761538", kEarly), VersionOrder::kNewer);
    EXPECT_EQ(CompareWireVersions("99999999999999999999", kEarly, "100000000000000000000", kEarly),
              VersionOrder::kNewer);
    // The number decides even when the times disagree.
    EXPECT_EQ(CompareWireVersions("2", kEarly, "1", kLate), VersionOrder::kOlder);
}

TEST(CompareWireVersionsTest, WithoutNumbersTheTimeDecides) {
    EXPECT_EQ(CompareWireVersions("", kEarly, "", kLate), VersionOrder::kNewer);
    EXPECT_EQ(CompareWireVersions("a", kLate, "b", kEarly), VersionOrder::kOlder);
    EXPECT_EQ(CompareWireVersions("", kEarly, "", kEarly), VersionOrder::kSame);
    // A content hash that changed without a new date is an update; the same hash is not.
    EXPECT_EQ(CompareWireVersions("h0a1b", kEarly, "h9f8e", kEarly), VersionOrder::kNewer);
    EXPECT_EQ(CompareWireVersions("h0a1b", std::nullopt, "h9f8e", std::nullopt), VersionOrder::kNewer);
    EXPECT_EQ(CompareWireVersions("h0a1b", kEarly, "h0a1b", kEarly), VersionOrder::kSame);
    EXPECT_EQ(CompareWireVersions("", std::nullopt, "", std::nullopt), VersionOrder::kSame);
}

}  // namespace
}  // namespace broadsheet
