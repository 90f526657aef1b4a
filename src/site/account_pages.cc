// The account pages a visitor uses: sign up, sign in (with the device limit), sign out,
// e-mail verification and password reset; the routing, CSRF and cookies they all share.
#include "site/account_pages.h"

#include <charconv>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "accounts/account_service.h"
#include "accounts/credentials.h"
#include "accounts/tokens.h"
#include "site/site.h"
#include "site/templates.h"

namespace broadsheet::site {
namespace {

constexpr int64_t kSessionCookieSeconds =
    365LL * 24 * 3600;  // The idle limit, kept server-side, ends it sooner.

bool Posted(const http::Request& request) { return request.method == "POST"; }

std::string Field(const http::Request& request, std::string_view name) {
    return request.FormParam(name).value_or("");
}

// A pre-session cookie as we make them (RandomToken): anything else is ignored.
bool PlausibleToken(std::string_view token) {
    return !token.empty() && token.size() <= 64 &&
           token.find_first_not_of(
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string_view::npos;
}

}  // namespace

ReaderContext ResolveAccount(const http::Request& request, const accounts::AccountService& accounts,
                             const std::string& secret) {
    ReaderContext reader;
    std::optional<std::string> token = request.Cookie(AccountPages::kSessionCookie);
    if (!token || token->empty()) return reader;
    auto session = accounts.ResolveSession(*token, accounts.clock().Now());
    if (!session) {
        spdlog::error("accounts: resolving a session: {}", session.error().message);
        return reader;
    }
    if (!*session || (*session)->kind != store::SessionKind::kSession) return reader;
    reader.cache_class = "reader";
    reader.shared_cacheable = false;
    reader.reader_id = (*session)->reader;
    reader.email = (*session)->email;
    reader.session_id = std::to_string((*session)->session.value);
    reader.csrf_token = accounts::CsrfToken(secret, reader.session_id);
    return reader;
}

std::string ClientAddress(const http::Request& request) {
    const std::string& peer = request.remote_address;
    const bool loopback =
        peer == "::1" || peer.starts_with("127.") || peer.starts_with("::ffff:127.");
    std::string_view forwarded = request.Header("X-Forwarded-For");
    if (!loopback || forwarded.empty()) return peer;
    // nginx's $proxy_add_x_forwarded_for appends the address it saw: the last entry is the
    // one our proxy vouches for (earlier ones came from the client and may be made up).
    size_t comma = forwarded.rfind(',');
    std::string_view last =
        comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1);
    size_t start = last.find_first_not_of(' ');
    size_t end = last.find_last_not_of(' ');
    if (start == std::string_view::npos) return peer;
    return std::string(last.substr(start, end - start + 1));
}

std::string SafeNextPath(std::string_view next) {
    const std::string fallback = "/account";
    if (next.empty() || next.front() != '/' || next.size() > 1000) return fallback;
    if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return fallback;
    for (char c : next) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '\\') return fallback;
    }
    return std::string(next);
}

AccountPages::AccountPages(Site& site, accounts::AccountService& accounts, std::string secret,
                           std::string base_url)
    : site_(site),
      accounts_(accounts),
      secret_(std::move(secret)),
      secure_(base_url.starts_with("https://")) {
    site.AddRoute(
        "/account",
        [this](const http::Request& request, const ReaderContext& reader) {
            return Handle(request, reader);
        },
        Site::RouteCaching::kPersonal);
    site.AddRoute(
        "/api/v1/auth",
        [this](const http::Request& request, const ReaderContext&) { return HandleApi(request); },
        Site::RouteCaching::kPersonal);
}

http::Response AccountPages::Handle(const http::Request& request,
                                    const ReaderContext& reader) const {
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (!get && !Posted(request)) {
        http::Response response =
            Message(405, "Not allowed", "This page takes GET and POST only.", reader);
        response.SetHeader("Allow", "GET, HEAD, POST");
        return response;
    }
    // One check for every form on every account page.
    if (Posted(request) && !CsrfOk(request, reader)) return Forbidden(reader);
    const std::string& path = request.path;
    if (path == "/account" || path == "/account/") return Overview(request, reader);
    if (path == "/account/signup") return SignUp(request, reader);
    if (path == "/account/signin") return SignIn(request, reader);
    if (path == "/account/signout") return SignOut(request, reader);
    if (path == "/account/verify") return Verify(request, reader);
    if (path == "/account/verify/resend") return ResendVerification(request, reader);
    if (path == "/account/reset") return Reset(request, reader);
    if (path == "/account/devices") return Devices(request, reader);
    if (path == "/account/email") return ChangeEmail(request, reader);
    if (path == "/account/delete") return Delete(request, reader);
    return Message(404, "Page not found", "There is no account page here.", reader, "/account",
                   "Your account");
}

AccountPages::FormToken AccountPages::TokenFor(const http::Request& request,
                                               const ReaderContext& reader) const {
    if (reader.reader_id && !reader.session_id.empty()) {
        return {reader.csrf_token.empty() ? accounts::CsrfToken(secret_, reader.session_id)
                                          : reader.csrf_token,
                {}};
    }
    std::optional<std::string> pre = request.Cookie(kPreSessionCookie);
    if (pre && PlausibleToken(*pre)) return {accounts::PreSessionCsrfToken(secret_, *pre), {}};
    std::string fresh = accounts::RandomToken(18);
    return {accounts::PreSessionCsrfToken(secret_, fresh), fresh};
}

bool AccountPages::CsrfOk(const http::Request& request, const ReaderContext& reader) const {
    const std::string sent = Field(request, "csrf");
    if (sent.empty()) return false;
    if (reader.reader_id && !reader.session_id.empty() &&
        accounts::TokensEqual(sent, accounts::CsrfToken(secret_, reader.session_id))) {
        return true;
    }
    // A form shown before sign-in (another tab, say) still carries the pre-session token.
    std::optional<std::string> pre = request.Cookie(kPreSessionCookie);
    return pre && PlausibleToken(*pre) &&
           accounts::TokensEqual(sent, accounts::PreSessionCsrfToken(secret_, *pre));
}

http::CookieOptions AccountPages::Cookie(std::optional<int64_t> max_age) const {
    http::CookieOptions options;
    options.max_age_seconds = max_age;
    options.secure = secure_;
    return options;
}

void AccountPages::SetSessionCookie(http::Response& response, const std::string& token) const {
    http::SetCookie(response, kSessionCookie, token, Cookie(kSessionCookieSeconds));
    http::CookieOptions pre = Cookie(0);
    pre.path = "/account";
    http::SetCookie(response, kPreSessionCookie, "", pre);
}

void AccountPages::ClearSessionCookies(http::Response& response) const {
    http::SetCookie(response, kSessionCookie, "", Cookie(0));
}

std::string AccountPages::FormatTime(Timestamp t) const {
    return site_.options().timezone.FormatDateTime(t);
}

http::Response AccountPages::Page(int status, std::string_view name, std::string title,
                                  const std::string& path, nlohmann::json content,
                                  const ReaderContext& reader, const FormToken* form) const {
    if (form) content["csrf"] = form->token;
    content["heading"] = title;
    const std::string template_name = "account_" + std::string(name);
    http::Response response = http::Response::Html(
        status, site_.templates().RenderJson(
                    site_.PageFrame(title + " — " + site_.options().name, "", path, reader),
                    template_name, content));
    if (form && !form->new_pre_session.empty()) {
        http::CookieOptions pre = Cookie(std::nullopt);
        pre.path = "/account";
        http::SetCookie(response, kPreSessionCookie, form->new_pre_session, pre);
    }
    // Account pages are not for search engines; their links may carry tokens.
    response.SetHeader("X-Robots-Tag", "noindex");
    response.SetHeader("Referrer-Policy", "no-referrer");
    return response;
}

http::Response AccountPages::Message(int status, std::string title, std::string message,
                                     const ReaderContext& reader, std::string link_url,
                                     std::string link_text) const {
    nlohmann::json content = {{"message", std::move(message)},
                              {"link_url", std::move(link_url)},
                              {"link_text", std::move(link_text)},
                              {"problem", status >= 400}};
    return Page(status, "message", std::move(title), "", std::move(content), reader);
}

http::Response AccountPages::Forbidden(const ReaderContext& reader) const {
    return Message(
        403, "This form has expired",
        "We could not accept this form: it did not carry its security token, or it came from "
        "another "
        "page. Go back, reload the page and try again. Cookies must be allowed for this site.",
        reader, "/account", "Your account");
}

http::Response AccountPages::Failure(const http::Request& request, const ReaderContext& reader,
                                     std::string_view what) const {
    spdlog::error("accounts: request {}: {}", request.request_id, what);
    return Message(
        500, "Something went wrong",
        "We could not finish that. Please try again in a moment. Reference: " + request.request_id,
        reader);
}

http::Response AccountPages::SignInFirst(const http::Request& request) const {
    return http::Response::Redirect(303,
                                    "/account/signin?next=" + http::PercentEncode(request.path));
}

http::Response AccountPages::SignUp(const http::Request& request,
                                    const ReaderContext& reader) const {
    if (reader.reader_id) return http::Response::Redirect(303, "/account");
    const FormToken form = TokenFor(request, reader);
    nlohmann::json content = {{"email", Field(request, "email")}};
    if (!Posted(request))
        return Page(200, "signup", "Create an account", "/account/signup", content, reader, &form);

    const std::string email = Field(request, "email");
    const std::string password = Field(request, "password");
    auto address = accounts::NormalizeEmail(email);
    auto password_ok = accounts::CheckPassword(password);
    if (!address || !password_ok) {
        if (!address) content["email_error"] = address.error().message;
        if (!password_ok) content["password_error"] = password_ok.error().message;
        return Page(400, "signup", "Create an account", "/account/signup", content, reader, &form);
    }
    auto signed_up = accounts_.SignUp(*address, password, ClientAddress(request));
    if (!signed_up) {
        if (signed_up.error().code == ErrorCode::kRateLimited) {
            content["error"] = signed_up.error().message;
            return Page(429, "signup", "Create an account", "/account/signup", content, reader,
                        &form);
        }
        return Failure(request, reader, signed_up.error().message);
    }
    // The same answer whether or not the address already had an account.
    return Message(
        200, "Check your e-mail",
        "We have sent a message to " + *address +
            ". Open the link in it within 24 hours to confirm your address, then sign in.",
        reader, "/account/signin", "Sign in");
}

http::Response AccountPages::SignIn(const http::Request& request,
                                    const ReaderContext& reader) const {
    const std::string next = SafeNextPath(
        Posted(request) ? Field(request, "next") : request.QueryParam("next").value_or(""));
    if (!Posted(request)) {
        if (reader.reader_id) return http::Response::Redirect(303, next);
        const FormToken form = TokenFor(request, reader);
        return Page(200, "signin", "Sign in", "/account/signin", {{"next", next}}, reader, &form);
    }
    accounts::SignInRequest attempt{Field(request, "email"),
                                    Field(request, "password"),
                                    std::string(request.Header("User-Agent")).substr(0, 512),
                                    ClientAddress(request),
                                    store::SessionKind::kSession,
                                    ""};
    const std::string ticket = Field(request, "ticket");
    Result<accounts::SignInOutcome> outcome = accounts::SignInOutcome{};
    if (!ticket.empty()) {
        // At the device limit, the reader picked a device to sign out.
        // An unparsable id stays 0, which names no device: nothing is signed out.
        const std::string id = Field(request, "replace");
        int64_t replace = 0;
        std::from_chars(id.data(), id.data() + id.size(), replace);
        outcome = accounts_.SignInReplacing(ticket, store::SessionId{replace}, attempt);
    } else {
        outcome = accounts_.SignIn(attempt);
    }
    if (!outcome) return Failure(request, reader, outcome.error().message);
    return AfterSignIn(request, reader, *outcome, attempt.email, next);
}

http::Response AccountPages::AfterSignIn(const http::Request& request, const ReaderContext& reader,
                                         const accounts::SignInOutcome& outcome,
                                         const std::string& email, const std::string& next) const {
    using accounts::SignInStatus;
    if (outcome.status == SignInStatus::kSignedIn) {
        // A fresh token every sign-in; the browser's earlier session (if any) ends here.
        if (auto old = request.Cookie(kSessionCookie); old && !old->empty()) {
            if (auto out = accounts_.SignOut(*old); !out)
                spdlog::warn("accounts: {}", out.error().message);
        }
        http::Response response = http::Response::Redirect(303, next);
        SetSessionCookie(response, outcome.signed_in->token);
        return response;
    }
    const FormToken form = TokenFor(request, reader);
    nlohmann::json content = {{"email", email}, {"next", next}, {"error", outcome.message}};
    int status = 400;
    if (outcome.status == SignInStatus::kRateLimited) status = 429;
    if (outcome.status == SignInStatus::kDeviceLimit) {
        status = 409;
        content.erase("error");
        nlohmann::json devices = nlohmann::json::array();
        for (const accounts::Device& device : outcome.devices) {
            devices.push_back({{"id", std::to_string(device.id.value)},
                               {"name", device.name},
                               {"first_seen", FormatTime(device.first_seen)},
                               {"last_seen", FormatTime(device.last_seen)}});
        }
        content["device_limit"] = {{"message", outcome.message},
                                   {"ticket", outcome.device_ticket},
                                   {"devices", std::move(devices)}};
    }
    http::Response response =
        Page(status, "signin", "Sign in", "/account/signin", content, reader, &form);
    if (status == 429)
        response.SetHeader("Retry-After",
                           std::to_string(std::max<int64_t>(1, outcome.retry_after.count())));
    return response;
}

http::Response AccountPages::SignOut(const http::Request& request,
                                     const ReaderContext& reader) const {
    if (!Posted(request)) {
        if (!reader.reader_id) return http::Response::Redirect(303, "/account/signin");
        const FormToken form = TokenFor(request, reader);
        return Page(200, "signout", "Sign out", "/account/signout", nlohmann::json::object(),
                    reader, &form);
    }
    if (auto token = request.Cookie(kSessionCookie); token && !token->empty()) {
        if (auto out = accounts_.SignOut(*token); !out)
            return Failure(request, reader, out.error().message);
    }
    http::Response response = http::Response::Redirect(303, "/");
    ClearSessionCookies(response);
    return response;
}

http::Response AccountPages::Verify(const http::Request& request,
                                    const ReaderContext& reader) const {
    auto confirmed = accounts_.ConfirmEmail(request.QueryParam("token").value_or(""));
    const std::string link = reader.reader_id ? "/account" : "/account/signin";
    const std::string link_text = reader.reader_id ? "Your account" : "Sign in";
    if (confirmed) {
        return Message(
            200, confirmed->changed ? "Your new address is confirmed" : "Your address is confirmed",
            confirmed->changed ? "From now on, sign in with " + confirmed->email + "."
                               : "Thank you: " + confirmed->email + " is confirmed.",
            reader, link, link_text);
    }
    switch (confirmed.error().code) {
        case ErrorCode::kGone:
            return Message(410, "This link has expired or was already used",
                           "Links in our e-mails work once, for a limited time. If your address is "
                           "not confirmed "
                           "yet, your account page can send a new link.",
                           reader, link, link_text);
        case ErrorCode::kConflict:
            return Message(409, "That address is taken", confirmed.error().message, reader, link,
                           link_text);
        default: return Failure(request, reader, confirmed.error().message);
    }
}

http::Response AccountPages::Reset(const http::Request& request,
                                   const ReaderContext& reader) const {
    const FormToken form = TokenFor(request, reader);
    const std::string token =
        Posted(request) ? Field(request, "token") : request.QueryParam("token").value_or("");
    if (!token.empty()) {
        // The link's form: choose a new password. The link is used only when one is accepted.
        nlohmann::json content = {{"token", token}, {"set", true}};
        if (!Posted(request))
            return Page(200, "reset", "Choose a new password", "/account/reset", content, reader,
                        &form);
        auto reset = accounts_.ResetPassword(token, Field(request, "password"));
        if (reset) {
            http::Response response =
                Message(200, "Your password was changed",
                        "Every device was signed out. Sign in with your new password.", reader,
                        "/account/signin", "Sign in");
            ClearSessionCookies(response);
            return response;
        }
        if (reset.error().code == ErrorCode::kInvalidInput) {
            content["password_error"] = reset.error().message;
            return Page(400, "reset", "Choose a new password", "/account/reset", content, reader,
                        &form);
        }
        if (reset.error().code == ErrorCode::kGone) {
            return Message(410, "This link has expired or was already used",
                           "A reset link works once, within an hour. Ask for a new one.", reader,
                           "/account/reset", "Reset your password");
        }
        return Failure(request, reader, reset.error().message);
    }
    nlohmann::json content = {{"email", Posted(request) ? Field(request, "email") : reader.email},
                              {"set", false}};
    if (!Posted(request))
        return Page(200, "reset", "Reset your password", "/account/reset", content, reader, &form);
    auto requested =
        accounts_.RequestPasswordReset(Field(request, "email"), ClientAddress(request));
    if (!requested) {
        switch (requested.error().code) {
            case ErrorCode::kInvalidInput:
                content["email_error"] = requested.error().message;
                return Page(400, "reset", "Reset your password", "/account/reset", content, reader,
                            &form);
            case ErrorCode::kRateLimited:
                content["error"] = requested.error().message;
                return Page(429, "reset", "Reset your password", "/account/reset", content, reader,
                            &form);
            default: return Failure(request, reader, requested.error().message);
        }
    }
    return Message(200, "Check your e-mail",
                   "If an account uses " + *accounts::NormalizeEmail(Field(request, "email")) +
                       ", we have sent it a link to choose a new password. The link works once, "
                       "within an hour.",
                   reader, "/account/signin", "Back to sign in");
}

}  // namespace broadsheet::site
