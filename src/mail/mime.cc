#include "mail/mime.h"

namespace broadsheet::mail {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view bytes) {
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                     (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
        out += kBase64[(n >> 18) & 63];
        out += kBase64[(n >> 12) & 63];
        out += kBase64[(n >> 6) & 63];
        out += kBase64[n & 63];
    }
    if (i < bytes.size()) {
        uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
        out += kBase64[(n >> 18) & 63];
        out += kBase64[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kBase64[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

bool PlainAscii(std::string_view text) {
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e) return false;
    }
    return true;
}

// Drops CR and LF so a value cannot start a new header.
std::string OneLine(std::string_view text) {
    std::string out;
    for (char c : text) out += (c == '\r' || c == '\n') ? ' ' : c;
    return out;
}

void QpLine(std::string_view line, std::string& out) {
    size_t width = 0;
    auto emit = [&](std::string_view piece) {
        if (width + piece.size() > 75) {  // 75 + the soft break's "=" = 76.
            out += "=\r\n";
            width = 0;
        }
        out += piece;
        width += piece.size();
    };
    for (size_t i = 0; i < line.size(); ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        bool last = i + 1 == line.size();
        bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
        // A '.' opening a line is left to the SMTP client's dot-stuffing, but encoding it
        // keeps the body safe with any transport.
        if (c == '.' && width == 0) literal = false;
        if (literal) {
            emit(std::string(1, static_cast<char>(c)));
        } else {
            const char encoded[] = {'=', kHex[c >> 4], kHex[c & 15], '\0'};
            emit(encoded);
        }
    }
}

}  // namespace

std::string AddressOf(std::string_view mailbox) {
    size_t open = mailbox.rfind('<');
    size_t close = mailbox.rfind('>');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        return std::string(mailbox.substr(open + 1, close - open - 1));
    }
    size_t start = mailbox.find_first_not_of(" \t");
    size_t end = mailbox.find_last_not_of(" \t");
    if (start == std::string_view::npos) return {};
    return std::string(mailbox.substr(start, end - start + 1));
}

std::string DomainOf(std::string_view address) {
    size_t at = address.rfind('@');
    if (at == std::string_view::npos || at + 1 >= address.size()) return "localhost";
    return std::string(address.substr(at + 1));
}

std::string QuotedPrintable(std::string_view text) {
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        std::string_view line = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        QpLine(line, out);
        if (end == std::string_view::npos) break;
        out += "\r\n";
        start = end + 1;
    }
    return out;
}

std::string EncodeHeaderText(std::string_view text) {
    std::string line = OneLine(text);
    if (PlainAscii(line)) return line;
    // Encoded words of at most 45 bytes (60 in base64, 72 with the wrapping), split only
    // between UTF-8 sequences, folded onto continuation lines.
    std::string out;
    size_t start = 0;
    while (start < line.size()) {
        size_t end = std::min(line.size(), start + 45);
        while (end < line.size() && end > start &&
               (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80)
            --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + Base64(std::string_view(line).substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string FormatMessage(const MimeMessage& message) {
    std::string date = FormatHttpDate(message.date);  // "Sat, 16 Nov 2024 10:27:00 GMT"
    if (date.ends_with(" GMT")) date.replace(date.size() - 3, 3, "+0000");
    std::string out;
    out += "Message-ID: " + OneLine(message.message_id) + "\r\n";
    out += "Date: " + date + "\r\n";
    out += "From: " + OneLine(message.from) + "\r\n";
    out += "To: " + OneLine(message.to) + "\r\n";
    out += "Subject: " + EncodeHeaderText(message.subject) + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    const std::string text_headers =
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
        "quoted-printable\r\n";
    if (message.html.empty()) {
        out += text_headers + "\r\n" + QuotedPrintable(message.text) + "\r\n";
        return out;
    }
    // "=_" never occurs in quoted-printable text, so the boundary cannot clash with a body.
    const std::string boundary = "=_broadsheet_alternative";
    out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    out +=
        "--" + boundary + "\r\n" + text_headers + "\r\n" + QuotedPrintable(message.text) + "\r\n";
    out += "--" + boundary +
           "\r\nContent-Type: text/html; charset=utf-8\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
           QuotedPrintable(message.html) + "\r\n";
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace broadsheet::mail
