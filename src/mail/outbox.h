#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {
class OutboxStore;
}  // namespace broadsheet::store

namespace broadsheet::mail {

/// An e-mail to one reader. Plain text always; HTML optionally, as an alternative part.
struct Message {
    std::string to;       ///< One address, "reader@example.com".
    std::string subject;  ///< One line; UTF-8 is fine.
    std::string text;     ///< The plain-text body, UTF-8, lines separated by "\n".
    std::string html;     ///< Optional HTML alternative; "" = none.
    std::string
        category;  ///< Who sends it and why ("accounts.verify", "billing.receipt"), for operators.
};

/// Where modules hand mail to be sent. Enqueue returns once the message is stored: it goes
/// out later (OutboxWorker), retried until the SMTP server takes it. Thread-safe.
class Outbox {
public:
    virtual ~Outbox() = default;
    /// Stores `message` for sending; returns its outbox id. kInvalidInput for an address or
    /// subject that cannot go into a header (line breaks, no "@").
    virtual Result<int64_t> Enqueue(const Message& message) = 0;
    /// Deletes the mail already sent (or given up) to `address`: for a reader who deleted
    /// their account. Queued mail stays until it is sent.
    virtual Result<void> ForgetRecipient(std::string_view address) = 0;
};

/// The Outbox on the durable store: each message gets a stable Message-ID
/// "<random@domain>" at enqueue, so a receiving system can drop a repeat delivery.
class DurableOutbox final : public Outbox {
public:
    /// `domain` is the right-hand side of Message-IDs (the From address's domain).
    /// `on_enqueue`, if set, is called after each message is stored (to wake the worker).
    DurableOutbox(store::OutboxStore& store, const Clock& clock, std::string domain,
                  std::function<void()> on_enqueue = {});

    Result<int64_t> Enqueue(const Message& message) override;
    Result<void> ForgetRecipient(std::string_view address) override;

private:
    store::OutboxStore& store_;  // Not owned; outlives *this.
    const Clock& clock_;         // Not owned.
    const std::string domain_;
    const std::function<void()> on_enqueue_;
};

}  // namespace broadsheet::mail
