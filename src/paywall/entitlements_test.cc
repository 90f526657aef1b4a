#include "paywall/entitlements.h"

#include <gtest/gtest.h>

#include <date/date.h>

namespace broadsheet::paywall {
namespace {

using std::chrono::days;
using std::chrono::hours;

Timestamp Day(int y, unsigned m, unsigned d) {
    return Timestamp{date::sys_days{date::year{y} / date::month{m} / date::day{d}}};
}

std::vector<Perk> Perks() {
    return {{"premium-stories", "Premium", "", 0}, {"ad-free", "Ad-free", "", 0}, {"nyt", "NYT", "", 0},
            {"nyt-second-year", "NYT 2nd year", "", 12}};
}

std::vector<Plan> Plans() {
    Plan quarterly{"quarterly", "Smart Quarterly", Money{90000, "INR"}, 3, std::nullopt,
                   {"premium-stories", "ad-free", "nyt"}};
    quarterly.max_devices = 3;
    Plan essential{"essential", "Smart Essential", Money{270000, "INR"}, 12, std::nullopt,
                   {"premium-stories", "ad-free", "nyt", "nyt-second-year"}};
    essential.max_devices = 5;
    Plan basic{"basic", "Basic", Money{10000, "INR"}, 1, std::nullopt, {"nyt"}};
    return {quarterly, essential, basic};
}

Subscription Active(std::string plan, Timestamp started, Timestamp period_end) {
    Subscription s;
    s.plan_id = std::move(plan);
    s.status = SubscriptionStatus::kActive;
    s.started = started;
    s.period_start = started;
    s.period_end = period_end;
    return s;
}

TEST(GivesAccessTest, EachStatusAndItsEdges) {
    const Timestamp start = Day(2024, 11, 16), end = Day(2025, 2, 16);
    Subscription s = Active("quarterly", start, end);
    EXPECT_TRUE(GivesAccess(s, start, days(7)));
    EXPECT_TRUE(GivesAccess(s, end - std::chrono::seconds(1), days(7)));
    EXPECT_FALSE(GivesAccess(s, end, days(7)));  // The paid period is half-open.

    s.cancel_at_period_end = true;  // Cancelled but paid up: access to the end.
    EXPECT_TRUE(GivesAccess(s, end - hours(1), days(7)));
    EXPECT_FALSE(GivesAccess(s, end, days(7)));

    s.status = SubscriptionStatus::kPastDue;
    s.past_due_since = end;
    EXPECT_TRUE(GivesAccess(s, end + days(7) - std::chrono::seconds(1), days(7)));
    EXPECT_FALSE(GivesAccess(s, end + days(7), days(7)));
    EXPECT_FALSE(GivesAccess(s, end, days(0)));

    s.status = SubscriptionStatus::kPending;
    EXPECT_FALSE(GivesAccess(s, start, days(7)));
    s.status = SubscriptionStatus::kExpired;
    EXPECT_FALSE(GivesAccess(s, start, days(7)));
}

TEST(EntitleTest, PerksOfEntitlingPlansOnly) {
    const Timestamp start = Day(2024, 11, 16);
    Entitlements none = Entitle({}, Plans(), Perks(), start, days(7));
    EXPECT_FALSE(none.subscribed);
    EXPECT_TRUE(none.perks.empty());
    EXPECT_EQ(none.max_devices, 0);

    Entitlements quarterly = Entitle({Active("quarterly", start, AddMonths(start, 3))}, Plans(), Perks(),
                                     start + days(1), days(7));
    EXPECT_TRUE(quarterly.subscribed);
    EXPECT_TRUE(quarterly.Has(kPremiumStoriesPerk));
    EXPECT_TRUE(quarterly.Has(kAdFreePerk));
    EXPECT_EQ(quarterly.max_devices, 3);
    EXPECT_EQ(quarterly.plan_id, "quarterly");

    // A plan without the premium perk gives no premium stories.
    Entitlements basic = Entitle({Active("basic", start, AddMonths(start, 1))}, Plans(), Perks(), start, days(7));
    EXPECT_TRUE(basic.subscribed);
    EXPECT_FALSE(basic.Has(kPremiumStoriesPerk));
    EXPECT_FALSE(basic.Has(kAdFreePerk));

    Entitlements unknown = Entitle({Active("gone", start, AddMonths(start, 1))}, Plans(), Perks(), start, days(7));
    EXPECT_FALSE(unknown.subscribed);
}

TEST(EntitleTest, TheSecondYearPerkComesAfterTwelveMonthsOfContinuousSubscription) {
    const Timestamp start = Day(2024, 11, 16);
    // Renewed yearly: the second period runs to Nov 16 2026.
    Subscription essential = Active("essential", start, AddMonths(start, 24));
    essential.period_start = AddMonths(start, 12);
    auto at = [&](Timestamp now) { return Entitle({essential}, Plans(), Perks(), now, days(7)); };
    EXPECT_FALSE(at(Day(2025, 11, 16) - std::chrono::seconds(1)).Has("nyt-second-year"));
    EXPECT_TRUE(at(Day(2025, 11, 16)).Has("nyt-second-year"));
    EXPECT_TRUE(at(Day(2025, 11, 16)).Has("nyt"));
    // Expired: nothing, the tenure perk included.
    essential.status = SubscriptionStatus::kExpired;
    EXPECT_TRUE(at(Day(2025, 12, 1)).perks.empty());
}

TEST(EntitleTest, SeveralSubscriptionsUnite) {
    const Timestamp start = Day(2024, 11, 16);
    Subscription expired = Active("essential", start, AddMonths(start, 12));
    expired.status = SubscriptionStatus::kExpired;
    Entitlements e = Entitle({expired, Active("basic", start, AddMonths(start, 1))}, Plans(), Perks(),
                             start + days(2), days(7));
    EXPECT_EQ(e.perks, std::set<std::string>{"nyt"});
    EXPECT_EQ(e.plan_id, "basic");
}

}  // namespace
}  // namespace broadsheet::paywall
