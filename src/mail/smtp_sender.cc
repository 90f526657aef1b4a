#include "mail/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace broadsheet::mail {
namespace {

struct Reader {
    std::string_view data;
    size_t offset = 0;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
    auto* reader = static_cast<Reader*>(user);
    size_t n = std::min(size * count, reader->data.size() - reader->offset);
    std::memcpy(buffer, reader->data.data() + reader->offset, n);
    reader->offset += n;
    return n;
}

}  // namespace

SmtpSender::SmtpSender(SmtpOptions options) : options_(std::move(options)) {
    static const CURLcode initialised = curl_global_init(CURL_GLOBAL_DEFAULT);
    (void)initialised;
}

Result<void> SmtpSender::Send(const Envelope& envelope) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return Fail(ErrorCode::kIo, "smtp: cannot start libcurl");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
        curl_slist_append(nullptr, ("<" + envelope.to + ">").c_str()), &curl_slist_free_all);
    const std::string from = "<" + envelope.from + ">";
    Reader body{envelope.data};
    char error[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadBody);
    curl_easy_setopt(c, CURLOPT_READDATA, &body);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(envelope.data.size()));
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
    if (!options_.username.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
    }
    // A password never crosses the network in the clear: with credentials, smtp:// must
    // upgrade with STARTTLS; without, it upgrades when it can.
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     options_.username.empty() ? CURLUSESSL_TRY : CURLUSESSL_ALL);
    const CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) return {};
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    std::string message = "smtp: " + std::string(error[0] ? error : curl_easy_strerror(rc));
    if (reply > 0) message += " (last reply " + std::to_string(reply) + ")";
    // libcurl reports a refused RCPT TO as a send error saying "RCPT failed: <code>".
    const bool recipient_refused =
        rc == CURLE_SEND_ERROR && message.find("RCPT failed") != std::string::npos;
    if (recipient_refused && reply >= 500 && reply < 600)
        return Fail(ErrorCode::kInvalidInput, message);
    return Fail(ErrorCode::kIo, message);
}

}  // namespace broadsheet::mail
