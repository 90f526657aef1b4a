#include "billing/subscriptions.h"

#include <gtest/gtest.h>

#include <memory>

#include "core/months.h"
#include "billing/test_gateway.h"
#include "store/sqlite/sqlite_billing_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::billing {
namespace {

Timestamp Utc(const char* text) { return ParseIsoDateTime(text).value(); }

std::vector<Plan> Plans() {
    Plan monthly{"monthly", "Monthly", Money{40000, "INR"}, 1};
    Plan quarterly{"smart-quarterly", "Smart Quarterly", Money{90000, "INR"}, 3,
                   Money{120000, "INR"}};
    Plan essential{"smart-essential", "Smart Essential", Money{270000, "INR"}, 12,
                   Money{500000, "INR"}};
    Plan saver{"super-saver", "Super Saver", Money{390000, "INR"}, 24};
    Plan trial{"trial", "Trial Monthly", Money{40000, "INR"}, 1};
    trial.trial_days = 7;
    Plan retired{"retired", "Retired", Money{10000, "INR"}, 1};
    retired.active = false;
    return {monthly, quarterly, essential, saver, trial, retired};
}

// A gateway that answers like a real one and remembers what it was asked.
class FakeGateway final : public Gateway {
public:
    explicit FakeGateway(std::string name) : name_(std::move(name)) {}
    std::string_view name() const override { return name_; }
    Result<CheckoutStart> CreateCheckout(const Subscription& sub, const Plan&, std::string_view,
                                         const ReturnUrls&) override {
        calls.push_back("checkout " + std::to_string(sub.id));
        if (refuse) return Fail(ErrorCode::kIo, "gateway down");
        return CheckoutStart{"https://pay.example/" + std::to_string(sub.id),
                             "sub_" + std::to_string(sub.id)};
    }
    Result<void> Cancel(const Subscription& sub) override {
        calls.push_back("cancel " + sub.gateway_ref);
        if (refuse) return Fail(ErrorCode::kIo, "gateway down");
        return {};
    }
    Result<void> Resume(const Subscription& sub) override {
        calls.push_back("resume " + sub.gateway_ref);
        return {};
    }
    Result<void> ChangePlan(const Subscription& sub, const Plan&, const Plan& next) override {
        calls.push_back("change " + sub.gateway_ref + " " + next.id);
        return {};
    }
    Result<GatewayEvent> ParseWebhook(const Headers&, std::string_view, Timestamp) const override {
        return Fail(ErrorCode::kUnsupported, "fake");
    }
    std::vector<std::string> calls;
    bool refuse = false;

private:
    std::string name_;
};

struct Mail {
    ReaderId reader;
    std::string subject;
    std::string body;
};

class LifecycleTest : public ::testing::Test {
protected:
    void SetUp() override { Build("test"); }

    void Build(const std::string& gateway) {
        service_.reset();
        store_ = std::make_unique<store::sqlite::SqliteBillingStore>(database_.pool());
        SubscriptionOptions options;
        options.plans = Plans();
        options.grace = std::chrono::days(7);
        options.checkout_gateway = gateway;
        options.site_name = "Business Standard";
        options.base_url = "https://news.example";
        service_ = std::make_unique<SubscriptionService>(
            options, *store_, clock_,
            [this](ReaderId reader, std::string subject, std::string body) {
                mail_.push_back(Mail{reader, std::move(subject), std::move(body)});
            });
        service_->AddGateway(test_gateway_);
        service_->AddGateway(razorpay_);
    }

    // A subscription paid through the test gateway at `when`.
    Subscription Paid(const char* when, const char* plan = "smart-essential", int64_t reader = 1) {
        clock_.Set(Utc(when));
        auto checkout = service_->StartCheckout(ReaderId{reader}, "r@example.com", plan, {});
        EXPECT_TRUE(checkout.has_value()) << checkout.error().message;
        auto active = service_->Activate(checkout->subscription.id);
        EXPECT_TRUE(active.has_value()) << active.error().message;
        return *active;
    }

    // A pending Razorpay subscription (its gateway id "sub_<id>").
    Subscription PendingAtRazorpay(int64_t reader = 1) {
        Build("razorpay");
        auto checkout =
            service_->StartCheckout(ReaderId{reader}, "r@example.com", "smart-essential", {});
        EXPECT_TRUE(checkout.has_value()) << checkout.error().message;
        return checkout->subscription;
    }

    std::vector<std::string> Kinds(ReaderId reader = ReaderId{1}) {
        std::vector<std::string> kinds;
        const auto history = service_->History(reader).value();
        for (const auto& record : history) kinds.insert(kinds.begin(), record.kind);
        return kinds;
    }

    Subscription Get(int64_t id) { return service_->Find(id).value(); }

    store::sqlite::TestDatabase database_{3};
    FixedClock clock_{Utc("2024-11-16T10:27:00Z")};
    std::unique_ptr<store::BillingStore> store_;
    TestGateway test_gateway_;
    FakeGateway razorpay_{"razorpay"};
    std::vector<Mail> mail_;
    std::unique_ptr<SubscriptionService> service_;
};

TEST_F(LifecycleTest, CheckoutMakesAPendingSubscriptionAndSendsTheReaderToTheGateway) {
    auto checkout = service_->StartCheckout(ReaderId{5}, "r@example.com", "smart-essential", {});
    ASSERT_TRUE(checkout.has_value()) << checkout.error().message;
    EXPECT_EQ(checkout->redirect_url,
              "/subscribe/test-checkout?s=" + std::to_string(checkout->subscription.id));
    const Subscription& sub = checkout->subscription;
    EXPECT_EQ(sub.status, SubscriptionStatus::kPending);
    EXPECT_EQ(sub.gateway, "test");
    EXPECT_FALSE(service_->GivesAccess(sub, clock_.Now()));
    EXPECT_EQ(Kinds(ReaderId{5}), std::vector<std::string>{"created"});

    EXPECT_EQ(service_->StartCheckout(ReaderId{5}, "", "no-such-plan", {}).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(service_->StartCheckout(ReaderId{5}, "", "retired", {}).error().code,
              ErrorCode::kNotFound)
        << "a withdrawn plan is not sold";
}

TEST_F(LifecycleTest, AGatewayThatRefusesTheCheckoutLeavesNothingPending) {
    Build("razorpay");
    razorpay_.refuse = true;
    auto checkout = service_->StartCheckout(ReaderId{1}, "", "smart-essential", {});
    ASSERT_FALSE(checkout.has_value());
    auto subs = service_->ForReader(ReaderId{1}).value();
    ASSERT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].status, SubscriptionStatus::kExpired);
    EXPECT_TRUE(mail_.empty());
}

TEST_F(LifecycleTest, ActivationPaysForCalendarMonthsFromNowAndSendsAReceipt) {
    struct Case {
        const char* now;
        const char* plan;
        const char* period_end;
    };
    const Case kCases[] = {
        {"2024-11-16T10:27:00Z", "smart-essential", "2025-11-16T10:27:00Z"},
        {"2024-01-31T08:00:00Z", "monthly", "2024-02-29T08:00:00Z"},
        {"2025-01-31T08:00:00Z", "monthly", "2025-02-28T08:00:00Z"},
        {"2024-11-30T08:00:00Z", "smart-quarterly", "2025-02-28T08:00:00Z"},
        {"2024-02-29T08:00:00Z", "super-saver", "2026-02-28T08:00:00Z"},
    };
    int64_t reader = 100;
    for (const Case& c : kCases) {
        mail_.clear();
        Subscription sub = Paid(c.now, c.plan, ++reader);
        EXPECT_EQ(sub.status, SubscriptionStatus::kActive) << c.now;
        EXPECT_EQ(sub.started, Utc(c.now));
        EXPECT_EQ(sub.period_start, Utc(c.now));
        EXPECT_EQ(FormatIsoUtc(*sub.period_end), c.period_end) << c.now << " " << c.plan;
        ASSERT_EQ(mail_.size(), 1u);
        EXPECT_EQ(mail_[0].reader, ReaderId{reader});
        EXPECT_EQ(mail_[0].subject, "Receipt: welcome to Business Standard");
        EXPECT_NE(mail_[0].body.find("https://news.example/subscription"), std::string::npos);
    }
    auto history = service_->History(ReaderId{reader}).value();
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].kind, "activated");
    EXPECT_EQ(history[0].amount, (Money{390000, "INR"}));
    EXPECT_EQ(history[0].note, "Super Saver, 2 Years");
}

TEST_F(LifecycleTest, TheTestGatewayRenewsAtEachPeriodEndKeepingTheDayOfTheMonth) {
    Subscription sub = Paid("2024-01-31T08:00:00Z", "monthly");
    const char* kEnds[] = {"2024-03-31T08:00:00Z", "2024-04-30T08:00:00Z", "2024-05-31T08:00:00Z",
                           "2024-06-30T08:00:00Z"};
    for (const char* end : kEnds) {
        const Timestamp due = *Get(sub.id).period_end;
        EXPECT_EQ(service_->Tick(due - std::chrono::seconds(1)).renewed, 0)
            << "not before the period ends";
        TickReport report = service_->Tick(due);
        EXPECT_EQ(report.renewed, 1);
        EXPECT_TRUE(report.errors.empty());
        Subscription renewed = Get(sub.id);
        EXPECT_EQ(renewed.period_start, due);
        EXPECT_EQ(FormatIsoUtc(*renewed.period_end), end);
        EXPECT_EQ(renewed.started, Utc("2024-01-31T08:00:00Z"))
            << "tenure counts from the first activation";
    }
    EXPECT_EQ(mail_.back().subject, "Receipt: your Business Standard subscription has renewed");
}

TEST_F(LifecycleTest, TenureReachesTwelveMonthsAcrossRenewals) {
    Subscription sub = Paid("2024-01-31T08:00:00Z", "smart-quarterly");
    for (int i = 0; i < 4; ++i) service_->Tick(*Get(sub.id).period_end);
    Subscription renewed = Get(sub.id);
    EXPECT_EQ(FormatIsoUtc(*renewed.period_end), "2025-04-30T08:00:00Z");
    EXPECT_EQ(WholeMonthsBetween(*renewed.started, Utc("2025-01-31T07:59:59Z")), 11);
    EXPECT_EQ(WholeMonthsBetween(*renewed.started, Utc("2025-01-31T08:00:00Z")), 12);
}

TEST_F(LifecycleTest, AFailedRenewalKeepsAccessForTheGracePeriodThenExpires) {
    Subscription sub = Paid("2024-11-16T10:27:00Z");
    clock_.Set(*sub.period_end);
    mail_.clear();
    sub = service_->FailRenewal(sub.id, "Card declined").value();
    EXPECT_EQ(sub.status, SubscriptionStatus::kPastDue);
    EXPECT_EQ(sub.past_due_since, clock_.Now());
    ASSERT_EQ(mail_.size(), 1u);
    EXPECT_EQ(mail_[0].subject,
              "Action needed: we could not renew your Business Standard subscription");
    EXPECT_NE(mail_[0].body.find("2025-11-23"), std::string::npos) << mail_[0].body;

    const Timestamp grace_end = *sub.past_due_since + std::chrono::days(7);
    struct Case {
        Timestamp at;
        bool access;
    };
    const Case kCases[] = {{*sub.past_due_since, true},
                           {grace_end - std::chrono::seconds(1), true},
                           {grace_end, false}};
    for (const Case& c : kCases)
        EXPECT_EQ(service_->GivesAccess(sub, c.at), c.access) << FormatIsoUtc(c.at);

    EXPECT_EQ(service_->Tick(grace_end - std::chrono::seconds(1)).expired, 0);
    EXPECT_EQ(Get(sub.id).status, SubscriptionStatus::kPastDue);
    EXPECT_EQ(service_->Tick(grace_end).expired, 1);
    EXPECT_EQ(Get(sub.id).status, SubscriptionStatus::kExpired);
    EXPECT_EQ(mail_.back().subject, "Your Business Standard subscription has ended");
    EXPECT_EQ(Kinds(), (std::vector<std::string>{"created", "activated", "past_due", "expired"}));
}

TEST_F(LifecycleTest, APaymentDuringGraceRenewsFromThePeriodEnd) {
    Subscription sub = Paid("2024-11-16T10:27:00Z");
    const Timestamp end = *sub.period_end;
    clock_.Set(end + std::chrono::days(2));
    ASSERT_TRUE(service_->FailRenewal(sub.id, "").has_value());
    Subscription renewed = service_->Renew(sub.id).value();
    EXPECT_EQ(renewed.status, SubscriptionStatus::kActive);
    EXPECT_FALSE(renewed.past_due_since.has_value());
    EXPECT_EQ(renewed.period_start, end);
    EXPECT_EQ(FormatIsoUtc(*renewed.period_end), "2026-11-16T10:27:00Z");
}

TEST_F(LifecycleTest, CancelKeepsAccessToThePeriodEndAndResumeUndoesIt) {
    Subscription sub = Paid("2024-11-16T10:27:00Z");
    clock_.Set(Utc("2025-03-01T00:00:00Z"));
    Subscription cancelled = service_->Cancel(sub.id).value();
    EXPECT_TRUE(cancelled.cancel_at_period_end);
    EXPECT_EQ(cancelled.status, SubscriptionStatus::kActive);
    EXPECT_TRUE(service_->GivesAccess(cancelled, *sub.period_end - std::chrono::seconds(1)));
    EXPECT_EQ(mail_.back().subject, "Your Business Standard subscription is cancelled");

    Subscription resumed = service_->Resume(sub.id).value();
    EXPECT_FALSE(resumed.cancel_at_period_end);
    EXPECT_EQ(mail_.back().subject, "Your Business Standard subscription will renew");

    ASSERT_TRUE(service_->Cancel(sub.id).has_value());
    EXPECT_EQ(service_->Tick(*sub.period_end - std::chrono::seconds(1)).expired, 0);
    TickReport report = service_->Tick(*sub.period_end);
    EXPECT_EQ(report.expired, 1);
    EXPECT_EQ(report.renewed, 0) << "a cancelled subscription does not renew";
    EXPECT_EQ(Get(sub.id).status, SubscriptionStatus::kExpired);
    clock_.Set(*sub.period_end);
    EXPECT_EQ(service_->Resume(sub.id).error().code, ErrorCode::kConflict) << "too late to resume";
    EXPECT_EQ(Kinds(), (std::vector<std::string>{"created", "activated", "cancelled", "resumed",
                                                 "cancelled", "expired"}));
}

TEST_F(LifecycleTest, ResumeIsRefusedAtThePeriodEndItself) {
    Subscription sub = Paid("2024-11-16T10:27:00Z");
    ASSERT_TRUE(service_->Cancel(sub.id).has_value());
    clock_.Set(*sub.period_end - std::chrono::seconds(1));
    EXPECT_TRUE(service_->Resume(sub.id).has_value());
    ASSERT_TRUE(service_->Cancel(sub.id).has_value());
    clock_.Set(*sub.period_end);
    EXPECT_FALSE(service_->Resume(sub.id).has_value());
}

TEST_F(LifecycleTest, CancellingAtTheGatewayComesFirstAndAFailureChangesNothing) {
    Subscription pending = PendingAtRazorpay();
    GatewayEvent paid{"razorpay",
                      "evt_1",
                      "subscription.charged",
                      EventKind::kPaid,
                      pending.gateway_ref,
                      std::nullopt,
                      clock_.Now(),
                      clock_.Now(),
                      AddMonths(clock_.Now(), 12),
                      Money{270000, "INR"}};
    ASSERT_EQ(service_->Apply(paid).value(), ApplyOutcome::kApplied);
    razorpay_.refuse = true;
    EXPECT_FALSE(service_->Cancel(pending.id).has_value());
    EXPECT_FALSE(Get(pending.id).cancel_at_period_end);
    razorpay_.refuse = false;
    EXPECT_TRUE(service_->Cancel(pending.id).value().cancel_at_period_end);
    EXPECT_EQ(razorpay_.calls.back(), "cancel " + pending.gateway_ref);
}

TEST_F(LifecycleTest, APlanChangeTakesEffectAtRenewal) {
    Subscription sub = Paid("2024-11-16T10:27:00Z", "smart-quarterly");
    Subscription changed = service_->ChangePlan(sub.id, "smart-essential").value();
    EXPECT_EQ(changed.plan_id, "smart-quarterly") << "the paid period keeps its plan";
    EXPECT_EQ(changed.next_plan_id, "smart-essential");
    EXPECT_EQ(service_->ChangePlan(sub.id, "retired").error().code, ErrorCode::kNotFound);

    service_->Tick(*sub.period_end);
    Subscription renewed = Get(sub.id);
    EXPECT_EQ(renewed.plan_id, "smart-essential");
    EXPECT_EQ(renewed.next_plan_id, "");
    EXPECT_EQ(FormatIsoUtc(*renewed.period_end), "2026-02-16T10:27:00Z");  // 3 months, then 12.
    auto history = service_->History(ReaderId{1}).value();
    EXPECT_EQ(history[0].kind, "renewed");
    EXPECT_EQ(history[0].amount, (Money{270000, "INR"}));
    EXPECT_EQ(history[1].kind, "plan_changed");
}

TEST_F(LifecycleTest, ChoosingTheCurrentPlanWithdrawsAChange) {
    Subscription sub = Paid("2024-11-16T10:27:00Z", "smart-quarterly");
    ASSERT_TRUE(service_->ChangePlan(sub.id, "super-saver").has_value());
    EXPECT_EQ(service_->ChangePlan(sub.id, "smart-quarterly").value().next_plan_id, "");
    service_->Tick(*sub.period_end);
    EXPECT_EQ(Get(sub.id).plan_id, "smart-quarterly");
}

TEST_F(LifecycleTest, ATrialComesFirstThenFullPeriods) {
    Subscription sub = Paid("2024-01-31T08:00:00Z", "trial");
    EXPECT_EQ(FormatIsoUtc(*sub.period_end), "2024-02-07T08:00:00Z");
    auto history = service_->History(ReaderId{1}).value();
    EXPECT_EQ(history[0].amount, (Money{0, "INR"}));
    service_->Tick(*sub.period_end);
    EXPECT_EQ(FormatIsoUtc(*Get(sub.id).period_end), "2024-03-07T08:00:00Z");
}

TEST_F(LifecycleTest, ComplimentarySubscriptionsEndWithoutRenewing) {
    clock_.Set(Utc("2024-01-31T08:00:00Z"));
    Subscription gift =
        service_->GrantComplimentary(ReaderId{3}, "smart-essential", 1, "press").value();
    EXPECT_TRUE(gift.complimentary);
    EXPECT_EQ(gift.status, SubscriptionStatus::kActive);
    EXPECT_EQ(FormatIsoUtc(*gift.period_end), "2024-02-29T08:00:00Z");
    EXPECT_EQ(mail_.back().subject, "A complimentary Business Standard subscription for you");
    EXPECT_EQ(service_->Renew(gift.id).error().code, ErrorCode::kConflict);
    EXPECT_EQ(service_->Tick(*gift.period_end).expired, 1);
    EXPECT_EQ(Get(gift.id).status, SubscriptionStatus::kExpired);
    EXPECT_EQ(Kinds(ReaderId{3}), (std::vector<std::string>{"complimentary", "expired"}));
    EXPECT_EQ(service_->GrantComplimentary(ReaderId{3}, "smart-essential", 0).error().code,
              ErrorCode::kInvalidInput);
    EXPECT_TRUE(service_->GrantComplimentary(ReaderId{3}, "retired", 2).has_value())
        << "admins may grant any plan";
}

TEST_F(LifecycleTest, AGatewaySubscriptionWithNoRenewalNewsBecomesPastDue) {
    Subscription pending = PendingAtRazorpay();
    const Timestamp end = AddMonths(clock_.Now(), 12);
    GatewayEvent paid{"razorpay",
                      "evt_1",
                      "subscription.charged",
                      EventKind::kPaid,
                      pending.gateway_ref,
                      std::nullopt,
                      clock_.Now(),
                      clock_.Now(),
                      end,
                      Money{270000, "INR"}};
    ASSERT_EQ(service_->Apply(paid).value(), ApplyOutcome::kApplied);
    EXPECT_EQ(service_->Tick(end).renewed, 0) << "Razorpay renews it, not us";
    EXPECT_EQ(Get(pending.id).status, SubscriptionStatus::kActive);
    EXPECT_EQ(service_->Tick(end + std::chrono::hours(24)).past_due, 1);
    EXPECT_EQ(Get(pending.id).status, SubscriptionStatus::kPastDue);
}

// Gateway events: any order, any number of times.

struct EventStep {
    const char* id;
    EventKind kind;
    int occurred_day;        ///< Days after 2024-11-16.
    int period_start_month;  ///< Months after 2024-11-16 (-1: none).
    int period_end_month;    ///< Months after 2024-11-16 (-1: none).
    ApplyOutcome outcome;
    SubscriptionStatus status;
    int stored_end_month;  ///< Expected period end, months after 2024-11-16 (-1: none).
    std::optional<bool> cancel_flag = std::nullopt;
};

class EventOrderTest : public LifecycleTest {
protected:
    void Run(const std::vector<EventStep>& steps, const char* name) {
        Subscription pending = PendingAtRazorpay();
        const Timestamp base = Utc("2024-11-16T10:27:00Z");
        for (const EventStep& step : steps) {
            GatewayEvent event;
            event.gateway = "razorpay";
            event.event_id = step.id;
            event.type = "test";
            event.kind = step.kind;
            event.gateway_subscription_id = pending.gateway_ref;
            event.occurred = base + std::chrono::days(step.occurred_day);
            if (step.period_start_month >= 0)
                event.period_start = AddMonths(base, step.period_start_month);
            if (step.period_end_month >= 0)
                event.period_end = AddMonths(base, step.period_end_month);
            event.cancel_at_period_end = step.cancel_flag;
            if (step.kind == EventKind::kPaid) event.amount = Money{270000, "INR"};
            clock_.Set(std::max(clock_.Now(), event.occurred + std::chrono::minutes(1)));
            auto outcome = service_->Apply(event);
            ASSERT_TRUE(outcome.has_value())
                << name << " " << step.id << ": " << outcome.error().message;
            EXPECT_EQ(*outcome, step.outcome)
                << name << " " << step.id << ": " << ApplyOutcomeName(*outcome);
            Subscription now = Get(pending.id);
            EXPECT_EQ(now.status, step.status) << name << " " << step.id;
            if (step.stored_end_month >= 0) {
                EXPECT_EQ(now.period_end, AddMonths(base, step.stored_end_month))
                    << name << " " << step.id;
            }
        }
    }
};

TEST_F(EventOrderTest, InOrder) {
    Run({{"a", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kApplied, SubscriptionStatus::kActive, 12},
         {"b", EventKind::kPaid, 365, 12, 24, ApplyOutcome::kApplied, SubscriptionStatus::kActive,
          24}},
        "in order");
}

TEST_F(EventOrderTest, ARenewalBeforeTheActivationIsNotUndoneByIt) {
    Run({{"renewed", EventKind::kPaid, 365, 12, 24, ApplyOutcome::kApplied,
          SubscriptionStatus::kActive, 24},
         {"activated", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kUnchanged,
          SubscriptionStatus::kActive, 24}},
        "renewal first");
}

TEST_F(EventOrderTest, AReplayChangesNothing) {
    Run({{"a", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kApplied, SubscriptionStatus::kActive, 12},
         {"a", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kDuplicate, SubscriptionStatus::kActive,
          12},
         {"b", EventKind::kEnded, 400, -1, -1, ApplyOutcome::kApplied, SubscriptionStatus::kExpired,
          12},
         {"b", EventKind::kEnded, 400, -1, -1, ApplyOutcome::kDuplicate,
          SubscriptionStatus::kExpired, 12}},
        "replay");
    EXPECT_EQ(Kinds(), (std::vector<std::string>{"created", "activated", "cancelled", "expired"}));
}

TEST_F(EventOrderTest, ACancellationThenAnOlderRenewalStaysCancelled) {
    Run({{"a", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kApplied, SubscriptionStatus::kActive, 12},
         {"cancelled", EventKind::kEnded, 30, -1, -1, ApplyOutcome::kApplied,
          SubscriptionStatus::kActive, 12},
         {"old-renewal", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kUnchanged,
          SubscriptionStatus::kActive, 12}},
        "cancel then old renewal");
    EXPECT_TRUE(Get(service_->ForReader(ReaderId{1})->front().id).cancel_at_period_end);
}

TEST_F(EventOrderTest, AFailureOnlyCountsForTheRenewalNotYetPaid) {
    Run({{"paid-1", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kApplied, SubscriptionStatus::kActive,
          12},
         {"early-failure", EventKind::kPaymentFailed, 100, -1, -1, ApplyOutcome::kUnchanged,
          SubscriptionStatus::kActive, 12},
         {"failure", EventKind::kPaymentFailed, 365, -1, -1, ApplyOutcome::kApplied,
          SubscriptionStatus::kPastDue, 12},
         {"retry-paid", EventKind::kPaid, 367, 12, 24, ApplyOutcome::kApplied,
          SubscriptionStatus::kActive, 24},
         {"late-failure", EventKind::kPaymentFailed, 366, -1, -1, ApplyOutcome::kUnchanged,
          SubscriptionStatus::kActive, 24},
         {"stale-by-period", EventKind::kPaymentFailed, 800, 12, 24, ApplyOutcome::kUnchanged,
          SubscriptionStatus::kActive, 24}},
        "failures");
}

TEST_F(EventOrderTest, APaymentAfterExpiryStartsAfresh) {
    Run({{"paid-1", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kApplied, SubscriptionStatus::kActive,
          12},
         {"failure", EventKind::kPaymentFailed, 365, -1, -1, ApplyOutcome::kApplied,
          SubscriptionStatus::kPastDue, 12}},
        "expiry");
    const int64_t id = service_->ForReader(ReaderId{1})->front().id;
    service_->Tick(clock_.Now() + std::chrono::days(7));
    ASSERT_EQ(Get(id).status, SubscriptionStatus::kExpired);
    GatewayEvent late{"razorpay",          "late-paid",         "subscription.charged",
                      EventKind::kPaid,    Get(id).gateway_ref, std::nullopt,
                      clock_.Now(),        clock_.Now(),        AddMonths(clock_.Now(), 12),
                      Money{270000, "INR"}};
    ASSERT_EQ(service_->Apply(late).value(), ApplyOutcome::kApplied);
    Subscription revived = Get(id);
    EXPECT_EQ(revived.status, SubscriptionStatus::kActive);
    EXPECT_EQ(revived.started, clock_.Now()) << "continuity broke: tenure starts again";
}

TEST_F(EventOrderTest, CancelFlagsFollowTheNewestEvent) {
    Run({{"paid", EventKind::kPaid, 0, 0, 12, ApplyOutcome::kApplied, SubscriptionStatus::kActive,
          12},
         {"cancel-newer", EventKind::kCancelChanged, 20, -1, -1, ApplyOutcome::kApplied,
          SubscriptionStatus::kActive, 12, true},
         {"resume-older", EventKind::kCancelChanged, 10, -1, -1, ApplyOutcome::kUnchanged,
          SubscriptionStatus::kActive, 12, false}},
        "flags");
    EXPECT_TRUE(service_->ForReader(ReaderId{1})->front().cancel_at_period_end);
}

TEST_F(LifecycleTest, EventsForNoSubscriptionOfOursAreRecordedAndIgnored) {
    Subscription pending = PendingAtRazorpay();
    GatewayEvent stray{"razorpay",       "evt_x",       "subscription.charged",
                       EventKind::kPaid, "sub_unknown", std::nullopt,
                       clock_.Now(),     clock_.Now(),  AddMonths(clock_.Now(), 12)};
    EXPECT_EQ(service_->Apply(stray).value(), ApplyOutcome::kUnknownSubscription);
    EXPECT_EQ(service_->Apply(stray).value(), ApplyOutcome::kDuplicate);
    // Our id with another gateway's name: not ours to change.
    GatewayEvent crossed = stray;
    crossed.gateway = "stripe";
    crossed.event_id = "evt_y";
    crossed.subscription_id = pending.id;
    EXPECT_EQ(service_->Apply(crossed).value(), ApplyOutcome::kUnknownSubscription);
    EXPECT_EQ(Get(pending.id).status, SubscriptionStatus::kPending);
}

TEST_F(LifecycleTest, AGatewayIdIsLearntFromOurIdInTheEvent) {
    Build("razorpay");
    auto checkout = service_->StartCheckout(ReaderId{1}, "", "smart-essential", {});
    ASSERT_TRUE(checkout.has_value());
    // Our id (metadata) finds it even before the gateway's id is known.
    Subscription sub = checkout->subscription;
    Subscription unlinked = sub;
    unlinked.gateway_ref.clear();
    ASSERT_TRUE(store_->Save(unlinked, {}, std::nullopt).has_value());
    GatewayEvent paid{"razorpay",          "evt_paid",   "invoice.paid",
                      EventKind::kPaid,    "sub_NEW",    sub.id,
                      clock_.Now(),        clock_.Now(), AddMonths(clock_.Now(), 12),
                      Money{270000, "INR"}};
    ASSERT_EQ(service_->Apply(paid).value(), ApplyOutcome::kApplied);
    EXPECT_EQ(Get(sub.id).gateway_ref, "sub_NEW");
    EXPECT_EQ(Get(sub.id).status, SubscriptionStatus::kActive);
}

}  // namespace
}  // namespace broadsheet::billing
