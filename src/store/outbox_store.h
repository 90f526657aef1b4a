#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {

/// Where an outgoing e-mail is: queued (waiting for its next attempt), sending (claimed by
/// a worker, whose lease runs out at `lease_until`), sent, or failed for good.
enum class OutboxState { kQueued, kSending, kSent, kFailed };

std::string_view OutboxStateName(OutboxState state);  ///< "queued", "sending", "sent", "failed"

/// An e-mail to be written to the outbox.
struct NewOutboxMessage {
    std::string message_id;  ///< The Message-ID header, "<…@domain>", fixed at enqueue: stable
                             ///< across retries.
    std::string to;          ///< One address.
    std::string subject;
    std::string text;  ///< The plain-text body.
    std::string html;  ///< An optional HTML alternative; "" = none.
    std::string
        category;  ///< Who sent it and why ("accounts.verify", "billing.receipt"), for operators.
};

/// An e-mail in the outbox.
struct OutboxMessage {
    int64_t id = 0;
    NewOutboxMessage content;
    OutboxState state = OutboxState::kQueued;
    int attempts = 0;                      ///< Claims so far (a claim is an attempt).
    Timestamp next_attempt;                ///< When a queued message is due.
    std::optional<Timestamp> lease_until;  ///< While sending.
    std::string last_error;
    Timestamp created;
    std::optional<Timestamp> sent_at;
};

/// The durable mail outbox (migration 7). Implemented in store/sqlite. Thread-safe; a
/// message is claimed by one worker at a time.
class OutboxStore {
public:
    virtual ~OutboxStore() = default;

    /// Queues a message, due at `now`; returns its id.
    virtual Result<int64_t> Add(const NewOutboxMessage& message, Timestamp now) = 0;
    /// Atomically claims the queued message due earliest at `now` (queued -> sending, one more
    /// attempt, leased until `lease_until`); nullopt when none is due.
    virtual Result<std::optional<OutboxMessage>> ClaimNext(Timestamp now,
                                                           Timestamp lease_until) = 0;
    /// sending -> sent.
    virtual Result<void> MarkSent(int64_t id, Timestamp now) = 0;
    /// sending -> queued again, due at `retry_at`; or -> failed when `retry_at` is nullopt.
    /// Records `error`.
    virtual Result<void> MarkFailed(int64_t id, std::string_view error,
                                    std::optional<Timestamp> retry_at) = 0;
    /// sending -> queued (due now) for messages whose lease ran out before `now` (their worker
    /// died). Returns how many.
    virtual Result<int> ReleaseExpiredLeases(Timestamp now) = 0;
    /// When the next queued message is due; nullopt when none is queued.
    virtual Result<std::optional<Timestamp>> NextDue() const = 0;
    /// Messages, newest first, all or in one state, at most `limit`.
    virtual Result<std::vector<OutboxMessage>> List(std::optional<OutboxState> state,
                                                    int limit) const = 0;
    /// Deletes the sent and failed messages to `address` (a reader who deleted their account).
    virtual Result<int> ForgetRecipient(std::string_view address) = 0;
    /// Deletes sent messages sent before `before`.
    virtual Result<int> PurgeSent(Timestamp before) = 0;
};

}  // namespace broadsheet::store
