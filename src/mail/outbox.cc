#include "mail/outbox.h"

#include <sodium.h>

#include "store/outbox_store.h"

namespace broadsheet::mail {
namespace {

bool HasLineBreak(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

std::string RandomHex(size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                   raw.size());
    hex.pop_back();
    return hex;
}

}  // namespace

DurableOutbox::DurableOutbox(store::OutboxStore& store, const Clock& clock, std::string domain,
                             std::function<void()> on_enqueue)
    : store_(store), clock_(clock), domain_(std::move(domain)), on_enqueue_(std::move(on_enqueue)) {
    CHECK(sodium_init() >= 0);
}

Result<int64_t> DurableOutbox::Enqueue(const Message& message) {
    const size_t at = message.to.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == message.to.size() ||
        HasLineBreak(message.to) || message.to.find_first_of(" <>,;\"") != std::string::npos) {
        return Fail(ErrorCode::kInvalidInput, "mail: not a single address: " + message.to);
    }
    if (HasLineBreak(message.subject))
        return Fail(ErrorCode::kInvalidInput, "mail: a subject is one line");
    store::NewOutboxMessage stored{"<" + RandomHex(16) + "@" + domain_ + ">",
                                   message.to,
                                   message.subject,
                                   message.text,
                                   message.html,
                                   message.category};
    auto id = store_.Add(stored, clock_.Now());
    if (id && on_enqueue_) on_enqueue_();
    return id;
}

Result<void> DurableOutbox::ForgetRecipient(std::string_view address) {
    auto forgotten = store_.ForgetRecipient(address);
    if (!forgotten) return forgotten.error();
    return {};
}

}  // namespace broadsheet::mail
