#include "mail/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "mail/mime.h"
#include "mail/smtp_sender.h"
#include "store/outbox_store.h"

namespace broadsheet::mail {

OutboxWorker::OutboxWorker(OutboxWorkerOptions options, store::OutboxStore& store, Sender* sender,
                           const Clock& clock)
    : options_(std::move(options)),
      from_address_(AddressOf(options_.from)),
      store_(store),
      sender_(sender),
      clock_(clock) {}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() {
    if (!sender_) {
        spdlog::warn("mail: [mail] smtp_url is empty, so mail stays in the outbox unsent");
        return;
    }
    if (auto released = store_.ReleaseExpiredLeases(clock_.Now()); !released) {
        spdlog::error("mail: {}", released.error().message);
    } else if (*released > 0) {
        spdlog::warn("mail: {} messages were being sent when the last run stopped; queued again",
                     *released);
    }
    thread_ = std::jthread([this](std::stop_token stop) { Loop(std::move(stop)); });
}

void OutboxWorker::Stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    thread_.join();
}

void OutboxWorker::Wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

std::chrono::seconds OutboxWorker::RetryDelay(int attempts) const {
    std::chrono::seconds delay = options_.first_retry;
    for (int i = 1; i < attempts && delay < options_.max_retry; ++i) delay *= 2;
    return std::min(delay, options_.max_retry);
}

Result<int> OutboxWorker::RunOnce() {
    if (!sender_) return 0;
    int sent = 0;
    while (true) {
        const Timestamp now = clock_.Now();
        auto claimed = store_.ClaimNext(now, now + options_.lease);
        if (!claimed) return claimed.error();
        if (!*claimed) return sent;
        const store::OutboxMessage& message = **claimed;
        MimeMessage mime{options_.from,           message.content.to,
                         message.content.subject, message.content.message_id,
                         message.created,         message.content.text,
                         message.content.html};
        auto delivered =
            sender_->Send(Envelope{from_address_, message.content.to, FormatMessage(mime)});
        if (delivered) {
            if (auto marked = store_.MarkSent(message.id, clock_.Now()); !marked)
                return marked.error();
            spdlog::info("mail: sent #{} ({})", message.id, message.content.category);
            ++sent;
            continue;
        }
        const Error& error = delivered.error();
        const bool permanent = error.code == ErrorCode::kInvalidInput;
        std::optional<Timestamp> retry_at;
        if (!permanent && message.attempts < options_.max_attempts) {
            retry_at = clock_.Now() + RetryDelay(message.attempts);
        }
        if (auto marked = store_.MarkFailed(message.id, error.message, retry_at); !marked)
            return marked.error();
        if (retry_at) {
            spdlog::warn("mail: #{} not sent (attempt {}): {}; next try in {} s", message.id,
                         message.attempts, error.message, (*retry_at - clock_.Now()).count());
        } else {
            spdlog::error("mail: #{} failed for good after {} attempts: {}", message.id,
                          message.attempts, error.message);
        }
    }
}

void OutboxWorker::Loop(std::stop_token stop) {
    auto last_purge = std::chrono::steady_clock::time_point{};
    while (!stop.stop_requested()) {
        if (auto ran = RunOnce(); !ran) spdlog::error("mail: {}", ran.error().message);
        if (auto released = store_.ReleaseExpiredLeases(clock_.Now()); !released) {
            spdlog::error("mail: {}", released.error().message);
        }
        if (std::chrono::steady_clock::now() - last_purge > std::chrono::hours(1)) {
            last_purge = std::chrono::steady_clock::now();
            if (auto purged = store_.PurgeSent(clock_.Now() - options_.keep_sent); !purged) {
                spdlog::error("mail: {}", purged.error().message);
            }
        }
        std::chrono::milliseconds wait = options_.idle_poll;
        if (auto due = store_.NextDue(); due && *due) {
            auto until =
                std::chrono::duration_cast<std::chrono::milliseconds>(**due - clock_.Now());
            wait = std::clamp(until, std::chrono::milliseconds(50), wait);
        }
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, stop, wait, [this] { return woken_; });
        woken_ = false;
    }
}

}  // namespace broadsheet::mail
