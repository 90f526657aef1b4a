#pragma once

#include <chrono>
#include <string>

#include "core/result.h"

namespace broadsheet::mail {

/// One message on its way: the SMTP envelope and the formatted message (mime.h).
struct Envelope {
    std::string from;  ///< The bare address for MAIL FROM.
    std::string to;    ///< The bare address for RCPT TO.
    std::string data;  ///< The RFC 5322 message, CRLF line ends.
};

/// Hands messages to a mail server. Implementations are thread-compatible (one send at a time).
class Sender {
public:
    virtual ~Sender() = default;
    /// Sends one message. On failure: kInvalidInput when the server refused the recipient for
    /// good (a 5xx reply: retrying cannot help), kIo for everything worth retrying.
    virtual Result<void> Send(const Envelope& envelope) = 0;
};

/// `[mail]` as the sender needs it.
struct SmtpOptions {
    std::string url;       ///< "smtp://host:25", "smtp://host:587" (STARTTLS when offered) or
                           ///< "smtps://host:465".
    std::string username;  ///< "" = no AUTH.
    std::string password;
    std::chrono::seconds connect_timeout{15};
    std::chrono::seconds timeout{60};  ///< The whole exchange; keep it below the outbox lease.
};

/// Sends over SMTP with libcurl. smtp:// upgrades to TLS when the server offers STARTTLS
/// (and requires it when a username is set); smtps:// is TLS from the start. Certificates
/// are verified.
class SmtpSender final : public Sender {
public:
    explicit SmtpSender(SmtpOptions options);
    Result<void> Send(const Envelope& envelope) override;

private:
    const SmtpOptions options_;
};

}  // namespace broadsheet::mail
