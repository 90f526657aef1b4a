#pragma once

#include "store/billing_store.h"
#include "store/sqlite/database.h"

namespace broadsheet::store::sqlite {

/// BillingStore on the embedded SQLite database (tables `subscriptions`, `billing_history`,
/// `gateway_events`, `gateway_plans`; migration 8).
class SqliteBillingStore final : public BillingStore {
public:
    /// Uses `pool`, which must be migrated and outlive the store.
    explicit SqliteBillingStore(ConnectionPool& pool) : pool_(pool) {}

    Result<Subscription> Create(const Subscription& subscription,
                                std::vector<BillingRecord> history) override;
    Result<Subscription> Find(int64_t id) const override;
    Result<std::optional<Subscription>> FindByGatewayRef(
        std::string_view gateway, std::string_view gateway_ref) const override;
    Result<std::vector<Subscription>> ForReader(ReaderId reader) const override;
    Result<std::vector<Subscription>> Due(Timestamp now) const override;
    Result<void> Save(const Subscription& subscription, const std::vector<BillingRecord>& history,
                      const std::optional<GatewayEventRecord>& event) override;
    Result<bool> RecordEvent(const GatewayEventRecord& event) override;
    Result<bool> HasEvent(std::string_view gateway, std::string_view event_id) const override;
    Result<std::vector<BillingRecord>> History(ReaderId reader) const override;
    Result<std::optional<Timestamp>> LastRecordAt(
        int64_t id, const std::vector<std::string>& kinds) const override;
    Result<std::optional<std::string>> GatewayPlanRef(std::string_view gateway,
                                                      const Plan& plan) const override;
    Result<void> PutGatewayPlanRef(std::string_view gateway, const Plan& plan,
                                   std::string_view ref) override;

private:
    ConnectionPool& pool_;  // Not owned; outlives *this.
};

}  // namespace broadsheet::store::sqlite
