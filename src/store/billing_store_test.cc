// The BillingStore contract, run against every implementation (SQLite here).
#include "store/billing_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "store/sqlite/sqlite_billing_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::store {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

class BillingStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = std::make_unique<sqlite::SqliteBillingStore>(database_.pool());
    }
    void TearDown() override { store_.reset(); }

    Subscription Pending(int64_t reader, std::string plan = "smart-essential") {
        Subscription sub;
        sub.reader = ReaderId{reader};
        sub.plan_id = std::move(plan);
        sub.gateway = "razorpay";
        return sub;
    }
    BillingRecord Record(int64_t reader, int64_t at, std::string kind) {
        BillingRecord record;
        record.reader = ReaderId{reader};
        record.at = At(at);
        record.kind = std::move(kind);
        return record;
    }

    sqlite::TestDatabase database_{3};
    std::unique_ptr<BillingStore> store_;
};

TEST_F(BillingStoreTest, CreateThenFindRoundTripsEveryField) {
    Subscription sub = Pending(7);
    sub.status = SubscriptionStatus::kPastDue;
    sub.started = At(1000);
    sub.period_start = At(2000);
    sub.period_end = At(3000);
    sub.cancel_at_period_end = true;
    sub.past_due_since = At(3000);
    sub.next_plan_id = "super-saver";
    sub.complimentary = true;
    sub.gateway_ref = "sub_ABC";
    auto created = store_->Create(sub, {Record(7, 1000, "created")});
    ASSERT_TRUE(created.has_value()) << created.error().message;
    EXPECT_GT(created->id, 0);
    auto found = store_->Find(created->id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->reader, ReaderId{7});
    EXPECT_EQ(found->plan_id, "smart-essential");
    EXPECT_EQ(found->status, SubscriptionStatus::kPastDue);
    EXPECT_EQ(found->started, At(1000));
    EXPECT_EQ(found->period_start, At(2000));
    EXPECT_EQ(found->period_end, At(3000));
    EXPECT_TRUE(found->cancel_at_period_end);
    EXPECT_EQ(found->past_due_since, At(3000));
    EXPECT_EQ(found->next_plan_id, "super-saver");
    EXPECT_TRUE(found->complimentary);
    EXPECT_EQ(found->gateway, "razorpay");
    EXPECT_EQ(found->gateway_ref, "sub_ABC");
    auto history = store_->History(ReaderId{7});
    ASSERT_TRUE(history.has_value());
    ASSERT_EQ(history->size(), 1u);
    EXPECT_EQ((*history)[0].subscription_id, created->id);
    EXPECT_EQ((*history)[0].kind, "created");
    EXPECT_FALSE((*history)[0].amount.has_value());

    EXPECT_EQ(store_->Find(created->id + 100).error().code, ErrorCode::kNotFound);
}

TEST_F(BillingStoreTest, UnsetTimesStayUnset) {
    auto created = store_->Create(Pending(1), {});
    ASSERT_TRUE(created.has_value());
    auto found = store_->Find(created->id);
    EXPECT_EQ(found->status, SubscriptionStatus::kPending);
    EXPECT_FALSE(found->started || found->period_start || found->period_end ||
                 found->past_due_since);
}

TEST_F(BillingStoreTest, SaveReplacesAndAppendsHistoryAtomically) {
    auto sub = store_->Create(Pending(3), {Record(3, 10, "created")}).value();
    sub.status = SubscriptionStatus::kActive;
    sub.period_end = At(500);
    BillingRecord paid = Record(3, 20, "activated");
    paid.amount = Money{270000, "INR"};
    paid.note = "Smart Essential, 1 Year";
    ASSERT_TRUE(store_->Save(sub, {paid}, std::nullopt).has_value());
    EXPECT_EQ(store_->Find(sub.id)->status, SubscriptionStatus::kActive);
    auto history = store_->History(ReaderId{3}).value();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].kind, "activated");  // Newest first.
    EXPECT_EQ(history[0].amount, (Money{270000, "INR"}));
    EXPECT_EQ(history[0].note, "Smart Essential, 1 Year");
    EXPECT_EQ(history[1].kind, "created");

    Subscription unknown = sub;
    unknown.id = sub.id + 50;
    EXPECT_EQ(store_->Save(unknown, {Record(3, 30, "renewed")}, std::nullopt).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(store_->History(ReaderId{3})->size(), 2u) << "nothing of a failed save is kept";
}

TEST_F(BillingStoreTest, AGatewayEventIsRecordedOnceAndAReplayChangesNothing) {
    auto sub = store_->Create(Pending(4), {}).value();
    GatewayEventRecord event{"razorpay", "evt_1", "subscription.charged", At(100), sub.id, At(90)};
    EXPECT_FALSE(store_->HasEvent("razorpay", "evt_1").value());
    sub.status = SubscriptionStatus::kActive;
    ASSERT_TRUE(store_->Save(sub, {Record(4, 100, "activated")}, event).has_value());
    EXPECT_TRUE(store_->HasEvent("razorpay", "evt_1").value());
    EXPECT_FALSE(store_->HasEvent("stripe", "evt_1").value()) << "event ids are per gateway";

    sub.status = SubscriptionStatus::kExpired;
    auto replay = store_->Save(sub, {Record(4, 200, "expired")}, event);
    ASSERT_FALSE(replay.has_value());
    EXPECT_EQ(replay.error().code, ErrorCode::kConflict);
    EXPECT_EQ(store_->Find(sub.id)->status, SubscriptionStatus::kActive);
    EXPECT_EQ(store_->History(ReaderId{4})->size(), 1u);

    EXPECT_FALSE(store_->RecordEvent(event).value());
    EXPECT_TRUE(
        store_->RecordEvent({"stripe", "evt_1", "invoice.paid", At(5), std::nullopt, std::nullopt})
            .value());
}

TEST_F(BillingStoreTest, FindsByGatewayRefAndListsAReadersNewestFirst) {
    Subscription a = Pending(9);
    a.gateway_ref = "sub_A";
    auto first = store_->Create(a, {}).value();
    Subscription b = Pending(9, "smart-quarterly");
    b.gateway = "stripe";
    b.gateway_ref = "sub_A";  // The same id at another gateway is another subscription.
    auto second = store_->Create(b, {}).value();
    store_->Create(Pending(10), {}).value();

    auto by_ref = store_->FindByGatewayRef("razorpay", "sub_A").value();
    ASSERT_TRUE(by_ref.has_value());
    EXPECT_EQ(by_ref->id, first.id);
    EXPECT_EQ(store_->FindByGatewayRef("stripe", "sub_A").value()->id, second.id);
    EXPECT_FALSE(store_->FindByGatewayRef("razorpay", "sub_B").value().has_value());
    EXPECT_FALSE(store_->FindByGatewayRef("razorpay", "").value().has_value());

    auto mine = store_->ForReader(ReaderId{9}).value();
    ASSERT_EQ(mine.size(), 2u);
    EXPECT_EQ(mine[0].id, second.id);
    EXPECT_EQ(mine[1].id, first.id);
    EXPECT_TRUE(store_->ForReader(ReaderId{11})->empty());
}

TEST_F(BillingStoreTest, DueListsEndedActiveAndEveryPastDue) {
    auto make = [&](SubscriptionStatus status, int64_t end) {
        Subscription sub = Pending(1);
        sub.status = status;
        sub.period_end = At(end);
        return store_->Create(sub, {}).value().id;
    };
    int64_t ended = make(SubscriptionStatus::kActive, 100);
    make(SubscriptionStatus::kActive, 101);  // Ends after now.
    int64_t past_due = make(SubscriptionStatus::kPastDue, 200);
    make(SubscriptionStatus::kExpired, 50);
    make(SubscriptionStatus::kPending, 50);
    auto due = store_->Due(At(100)).value();
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].id, ended);
    EXPECT_EQ(due[1].id, past_due);
}

TEST_F(BillingStoreTest, LastRecordAtFindsTheLatestOfTheKinds) {
    auto sub = store_->Create(Pending(2), {Record(2, 10, "created")}).value();
    ASSERT_TRUE(
        store_
            ->Save(sub,
                   {Record(2, 40, "cancelled"), Record(2, 60, "resumed"), Record(2, 90, "renewed")},
                   std::nullopt)
            .has_value());
    EXPECT_EQ(store_->LastRecordAt(sub.id, {"cancelled", "resumed"}).value(), At(60));
    EXPECT_EQ(store_->LastRecordAt(sub.id, {"cancelled"}).value(), At(40));
    EXPECT_FALSE(store_->LastRecordAt(sub.id, {"expired"}).value().has_value());
}

TEST_F(BillingStoreTest, GatewayPlanRefsFollowPriceAndPeriod) {
    Plan plan{"smart-essential", "Smart Essential", Money{270000, "INR"}, 12};
    EXPECT_FALSE(store_->GatewayPlanRef("razorpay", plan).value().has_value());
    ASSERT_TRUE(store_->PutGatewayPlanRef("razorpay", plan, "plan_111").has_value());
    EXPECT_EQ(store_->GatewayPlanRef("razorpay", plan).value(), "plan_111");
    EXPECT_FALSE(store_->GatewayPlanRef("stripe", plan).value().has_value());
    Plan dearer = plan;
    dearer.price.minor = 300000;
    EXPECT_FALSE(store_->GatewayPlanRef("razorpay", dearer).value().has_value())
        << "a new price needs a new plan";
    ASSERT_TRUE(store_->PutGatewayPlanRef("razorpay", plan, "plan_222").has_value());
    EXPECT_EQ(store_->GatewayPlanRef("razorpay", plan).value(), "plan_222");
}

TEST_F(BillingStoreTest, SqlTextInValuesIsJustText) {
    Subscription sub = Pending(5, "x'); DROP TABLE subscriptions; --");
    auto created = store_->Create(sub, {}).value();
    EXPECT_EQ(store_->Find(created.id)->plan_id, "x'); DROP TABLE subscriptions; --");
}

}  // namespace
}  // namespace broadsheet::store
