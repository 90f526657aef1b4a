#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {
class OutboxStore;
}  // namespace broadsheet::store

namespace broadsheet::mail {

class Sender;

/// How the worker paces itself.
struct OutboxWorkerOptions {
    std::string from;                          ///< The From header, "Name <address>".
    std::chrono::seconds first_retry{60};      ///< After the first failure; doubles each time...
    std::chrono::seconds max_retry{6 * 3600};  ///< ...up to this.
    int max_attempts = 20;                     ///< Then the message is failed for good.
    std::chrono::seconds lease{300};           ///< A claim's lease; longer than any one send.
    std::chrono::milliseconds idle_poll{
        5000};  ///< Longest sleep with nothing due (mail from other processes).
    std::chrono::days keep_sent{7};  ///< Sent mail is deleted after this.
};

/// Sends the outbox: claims a due message (queued -> sending, leased), sends it, marks it
/// sent; on failure queues it again after 1, 2, 4 … minutes (at most 6 hours), recording
/// the error, and after 20 attempts marks it failed. A permanent refusal of the recipient
/// fails it at once.
///
/// Delivery is at least once, and at most twice: if the process dies after the SMTP server
/// accepted a message and before the row is marked sent, the lease runs out and the message
/// is sent again — with the same Message-ID, so receiving systems can drop the repeat.
///
/// Start() runs a jthread; RunOnce() is the same work in the caller's thread (tests).
/// With a null sender (no smtp_url), mail stays queued and it says so once.
class OutboxWorker final {
public:
    /// `store`, `sender` (may be null) and `clock` are not owned and must outlive the worker.
    OutboxWorker(OutboxWorkerOptions options, store::OutboxStore& store, Sender* sender,
                 const Clock& clock);
    ~OutboxWorker();  ///< Stops the thread.
    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;

    /// Re-queues messages whose lease expired (a previous process died mid-send), then starts
    /// the thread.
    void Start();
    void Stop();
    /// Asks the thread to look for due mail now (called when a message is enqueued).
    void Wake();

    /// Sends every message due at the clock's now; returns how many were sent.
    Result<int> RunOnce();

    /// The wait before attempt `attempts + 1`, after `attempts` failed ones.
    std::chrono::seconds RetryDelay(int attempts) const;

private:
    void Loop(std::stop_token stop);

    const OutboxWorkerOptions options_;
    const std::string from_address_;
    store::OutboxStore& store_;  // Not owned.
    Sender* sender_;             // Not owned; may be null.
    const Clock& clock_;         // Not owned.
    std::mutex mutex_;
    std::condition_variable_any wake_;
    bool woken_ = false;
    std::jthread thread_;  // Last: stopped before the rest goes.
};

}  // namespace broadsheet::mail
