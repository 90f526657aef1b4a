#pragma once

#include <string>
#include <string_view>

#include "core/time.h"

namespace broadsheet::mail {

/// The address in a mailbox: "a@b" from "Name <a@b>" or from "a@b".
std::string AddressOf(std::string_view mailbox);

/// The domain of an address ("b" from "a@b"); "localhost" when there is none.
std::string DomainOf(std::string_view address);

/// What goes into one e-mail.
struct MimeMessage {
    std::string from;  ///< As configured: "Broadsheet <no-reply@news.example>".
    std::string to;
    std::string subject;     ///< UTF-8; encoded (RFC 2047) when not plain ASCII.
    std::string message_id;  ///< "<…@…>"
    Timestamp date;
    std::string text;  ///< UTF-8, "\n" line ends.
    std::string html;  ///< "" = a text/plain message; else multipart/alternative.
};

/// The message as sent over SMTP (RFC 5322 + MIME): CRLF line ends, bodies in
/// quoted-printable UTF-8 so no line is too long and 8-bit text survives any server.
std::string FormatMessage(const MimeMessage& message);

/// Quoted-printable (RFC 2045 §6.7) of UTF-8 text with "\n" line ends, lines of at most 76
/// characters joined by CRLF.
std::string QuotedPrintable(std::string_view text);

/// A header value: as it is when printable ASCII, else RFC 2047 encoded words ("=?UTF-8?B?…?=").
std::string EncodeHeaderText(std::string_view text);

}  // namespace broadsheet::mail
