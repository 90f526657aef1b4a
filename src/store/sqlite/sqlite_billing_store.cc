#include "store/sqlite/sqlite_billing_store.h"

#include <mutex>

namespace broadsheet::store::sqlite {
namespace {

constexpr const char* kColumns =
    "id, reader_id, plan_id, status, started, period_start, period_end, cancel_at_period_end, "
    "past_due_since,"
    " next_plan_id, complimentary, gateway, gateway_ref";

std::optional<Timestamp> OptionalTime(const Statement& s, int column) {
    if (s.IsNull(column)) return std::nullopt;
    return Timestamp{std::chrono::seconds{s.Int(column)}};
}

int64_t Seconds(Timestamp t) { return static_cast<int64_t>(t.time_since_epoch().count()); }

void BindOptionalTime(Statement& s, int index, const std::optional<Timestamp>& t) {
    if (t) {
        s.Bind(index, Seconds(*t));
    } else {
        s.BindNull(index);
    }
}

Subscription ReadSubscription(const Statement& s) {
    Subscription sub;
    sub.id = s.Int(0);
    sub.reader = ReaderId{s.Int(1)};
    sub.plan_id = s.Text(2);
    // The CHECK constraint allows only the four names.
    sub.status = ParseSubscriptionStatus(s.Text(3)).value_or(SubscriptionStatus::kExpired);
    sub.started = OptionalTime(s, 4);
    sub.period_start = OptionalTime(s, 5);
    sub.period_end = OptionalTime(s, 6);
    sub.cancel_at_period_end = s.Int(7) != 0;
    sub.past_due_since = OptionalTime(s, 8);
    sub.next_plan_id = s.Text(9);
    sub.complimentary = s.Int(10) != 0;
    sub.gateway = s.Text(11);
    sub.gateway_ref = s.Text(12);
    return sub;
}

// Binds the fields after the id, from index `first` on; returns the next free index.
int BindFields(Statement& s, int first, const Subscription& sub) {
    s.Bind(first, sub.reader.value)
        .Bind(first + 1, sub.plan_id)
        .Bind(first + 2, SubscriptionStatusName(sub.status));
    BindOptionalTime(s, first + 3, sub.started);
    BindOptionalTime(s, first + 4, sub.period_start);
    BindOptionalTime(s, first + 5, sub.period_end);
    s.Bind(first + 6, sub.cancel_at_period_end ? 1 : 0);
    BindOptionalTime(s, first + 7, sub.past_due_since);
    s.Bind(first + 8, sub.next_plan_id).Bind(first + 9, sub.complimentary ? 1 : 0);
    s.Bind(first + 10, sub.gateway).Bind(first + 11, sub.gateway_ref);
    return first + 12;
}

Result<std::vector<Subscription>> ReadAll(Statement& stmt) {
    std::vector<Subscription> subscriptions;
    while (true) {
        auto row = stmt.Step();
        if (!row) return row.error();
        if (!*row) break;
        subscriptions.push_back(ReadSubscription(stmt));
    }
    return subscriptions;
}

Result<void> InsertRecord(Connection& db, const BillingRecord& record) {
    auto stmt = Statement::Prepare(
        db,
        "INSERT INTO billing_history (subscription_id, reader_id, at, kind, amount, currency,"
        " note) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, record.subscription_id)
        .Bind(2, record.reader.value)
        .Bind(3, Seconds(record.at))
        .Bind(4, record.kind);
    if (record.amount) {
        stmt->Bind(5, record.amount->minor).Bind(6, record.amount->currency);
    } else {
        stmt->BindNull(5).Bind(6, std::string_view(""));
    }
    stmt->Bind(7, record.note);
    return stmt->Run();
}

// Inserts the event unless (gateway, event_id) is there already: true if inserted.
Result<bool> InsertEvent(Connection& db, const GatewayEventRecord& event) {
    auto stmt = Statement::Prepare(
        db,
        "INSERT INTO gateway_events (gateway, event_id, received_at, type, subscription_id,"
        " occurred_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (gateway, event_id) DO NOTHING RETURNING id");
    if (!stmt) return stmt.error();
    stmt->Bind(1, event.gateway)
        .Bind(2, event.event_id)
        .Bind(3, Seconds(event.received_at))
        .Bind(4, event.type);
    if (event.subscription_id) {
        stmt->Bind(5, *event.subscription_id);
    } else {
        stmt->BindNull(5);
    }
    BindOptionalTime(*stmt, 6, event.occurred_at);
    auto row = stmt->Step();
    if (!row) return row.error();
    const bool inserted = *row;
    while (*row) {  // Finish the statement so the transaction can commit.
        row = stmt->Step();
        if (!row) return row.error();
    }
    return inserted;
}

}  // namespace

Result<Subscription> SqliteBillingStore::Create(const Subscription& subscription,
                                                std::vector<BillingRecord> history) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    Subscription stored = subscription;
    {
        auto stmt = Statement::Prepare(*db,
                                       "INSERT INTO subscriptions (reader_id, plan_id, status, "
                                       "started, period_start, period_end,"
                                       " cancel_at_period_end, past_due_since, next_plan_id, "
                                       "complimentary, gateway, gateway_ref)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!stmt) return stmt.error();
        BindFields(*stmt, 1, subscription);
        if (auto ran = stmt->Run(); !ran) return ran.error();
        stored.id = db->LastInsertRowId();
    }
    for (BillingRecord& record : history) {
        record.subscription_id = stored.id;
        if (auto inserted = InsertRecord(*db, record); !inserted) return inserted.error();
    }
    if (auto committed = transaction->Commit(); !committed) return committed.error();
    return stored;
}

Result<Subscription> SqliteBillingStore::Find(int64_t id) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kColumns + " FROM subscriptions WHERE id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, id);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Fail(ErrorCode::kNotFound, "no subscription " + std::to_string(id));
    return ReadSubscription(*stmt);
}

Result<std::optional<Subscription>> SqliteBillingStore::FindByGatewayRef(
    std::string_view gateway, std::string_view gateway_ref) const {
    if (gateway_ref.empty()) return std::optional<Subscription>();
    auto db = pool_.Acquire();
    auto stmt =
        Statement::Prepare(*db, std::string("SELECT ") + kColumns +
                                    " FROM subscriptions WHERE gateway = ? AND gateway_ref = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, gateway).Bind(2, gateway_ref);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<Subscription>();
    return std::optional<Subscription>(ReadSubscription(*stmt));
}

Result<std::vector<Subscription>> SqliteBillingStore::ForReader(ReaderId reader) const {
    auto db = pool_.Acquire();
    auto stmt =
        Statement::Prepare(*db, std::string("SELECT ") + kColumns +
                                    " FROM subscriptions WHERE reader_id = ? ORDER BY id DESC");
    if (!stmt) return stmt.error();
    stmt->Bind(1, reader.value);
    return ReadAll(*stmt);
}

Result<std::vector<Subscription>> SqliteBillingStore::Due(Timestamp now) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, std::string("SELECT ") + kColumns +
                 " FROM subscriptions WHERE (status = 'active' AND period_end <= ?)"
                 " OR status = 'past_due' ORDER BY period_end, id");
    if (!stmt) return stmt.error();
    stmt->Bind(1, Seconds(now));
    return ReadAll(*stmt);
}

Result<void> SqliteBillingStore::Save(const Subscription& subscription,
                                      const std::vector<BillingRecord>& history,
                                      const std::optional<GatewayEventRecord>& event) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto transaction = Transaction::Begin(*db);
    if (!transaction) return transaction.error();
    if (event) {
        auto inserted = InsertEvent(*db, *event);
        if (!inserted) return inserted.error();
        if (!*inserted) {
            return Fail(ErrorCode::kConflict,
                        event->gateway + " event " + event->event_id + " is already applied");
        }
    }
    {
        auto stmt = Statement::Prepare(*db,
                                       "UPDATE subscriptions SET reader_id = ?, plan_id = ?, "
                                       "status = ?, started = ?, period_start = ?,"
                                       " period_end = ?, cancel_at_period_end = ?, past_due_since "
                                       "= ?, next_plan_id = ?, complimentary = ?,"
                                       " gateway = ?, gateway_ref = ? WHERE id = ? RETURNING id");
        if (!stmt) return stmt.error();
        int next = BindFields(*stmt, 1, subscription);
        stmt->Bind(next, subscription.id);
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row)
            return Fail(ErrorCode::kNotFound, "no subscription " + std::to_string(subscription.id));
        if (auto done = stmt->Step(); !done) return done.error();
    }
    for (BillingRecord record : history) {
        record.subscription_id = subscription.id;
        if (auto inserted = InsertRecord(*db, record); !inserted) return inserted.error();
    }
    return transaction->Commit();
}

Result<bool> SqliteBillingStore::RecordEvent(const GatewayEventRecord& event) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    return InsertEvent(*db, event);
}

Result<bool> SqliteBillingStore::HasEvent(std::string_view gateway,
                                          std::string_view event_id) const {
    auto db = pool_.Acquire();
    auto stmt =
        Statement::Prepare(*db, "SELECT 1 FROM gateway_events WHERE gateway = ? AND event_id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, gateway).Bind(2, event_id);
    auto row = stmt->Step();
    if (!row) return row.error();
    return *row;
}

Result<std::vector<BillingRecord>> SqliteBillingStore::History(ReaderId reader) const {
    auto db = pool_.Acquire();
    auto stmt =
        Statement::Prepare(*db,
                           "SELECT id, subscription_id, reader_id, at, kind, amount, currency, note"
                           " FROM billing_history WHERE reader_id = ? ORDER BY at DESC, id DESC");
    if (!stmt) return stmt.error();
    stmt->Bind(1, reader.value);
    std::vector<BillingRecord> records;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        BillingRecord record;
        record.id = stmt->Int(0);
        record.subscription_id = stmt->Int(1);
        record.reader = ReaderId{stmt->Int(2)};
        record.at = Timestamp{std::chrono::seconds{stmt->Int(3)}};
        record.kind = stmt->Text(4);
        if (!stmt->IsNull(5)) record.amount = Money{stmt->Int(5), stmt->Text(6)};
        record.note = stmt->Text(7);
        records.push_back(std::move(record));
    }
    return records;
}

Result<std::optional<Timestamp>> SqliteBillingStore::LastRecordAt(
    int64_t id, const std::vector<std::string>& kinds) const {
    auto db = pool_.Acquire();
    std::optional<Timestamp> latest;
    for (const std::string& kind : kinds) {
        auto stmt = Statement::Prepare(
            *db, "SELECT MAX(at) FROM billing_history WHERE subscription_id = ? AND kind = ?");
        if (!stmt) return stmt.error();
        stmt->Bind(1, id).Bind(2, kind);
        auto row = stmt->Step();
        if (!row) return row.error();
        if (*row && !stmt->IsNull(0)) {
            Timestamp at{std::chrono::seconds{stmt->Int(0)}};
            if (!latest || at > *latest) latest = at;
        }
    }
    return latest;
}

Result<std::optional<std::string>> SqliteBillingStore::GatewayPlanRef(std::string_view gateway,
                                                                      const Plan& plan) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "SELECT gateway_ref FROM gateway_plans WHERE gateway = ? AND plan_id = ? AND price = ?"
        " AND currency = ? AND months = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, gateway)
        .Bind(2, plan.id)
        .Bind(3, plan.price.minor)
        .Bind(4, plan.price.currency)
        .Bind(5, plan.months);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(stmt->Text(0));
}

Result<void> SqliteBillingStore::PutGatewayPlanRef(std::string_view gateway, const Plan& plan,
                                                   std::string_view ref) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "INSERT INTO gateway_plans (gateway, plan_id, price, currency, months, gateway_ref)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (gateway, plan_id, price, currency, months)"
        " DO UPDATE SET gateway_ref = excluded.gateway_ref");
    if (!stmt) return stmt.error();
    stmt->Bind(1, gateway).Bind(2, plan.id).Bind(3, plan.price.minor).Bind(4, plan.price.currency);
    stmt->Bind(5, plan.months).Bind(6, ref);
    return stmt->Run();
}

}  // namespace broadsheet::store::sqlite
