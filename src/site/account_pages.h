#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"
#include "site/reader.h"

namespace broadsheet::accounts {
class AccountService;
struct SignInOutcome;
}  // namespace broadsheet::accounts

namespace broadsheet::site {

class Site;

/// The ReaderContext of a request's `bs_session` cookie: a signed-in reader (cache class
/// "reader", not shared-cacheable, with the session's id and CSRF token) when the cookie
/// names a live browser session, else an anonymous visitor. API tokens do not work as
/// cookies. A store failure reads as a visitor (and is logged). Thread-safe.
/// The paywall's resolver builds on the same two calls: AccountService::ResolveSession
/// and accounts::CsrfToken.
ReaderContext ResolveAccount(const http::Request& request, const accounts::AccountService& accounts,
                             const std::string& secret);

/// The address a request came from: the peer, or — when the peer is a proxy on loopback
/// (nginx in front, docs/operations.md) — the last X-Forwarded-For entry it added.
std::string ClientAddress(const http::Request& request);

/// "/account/devices?x=1" for a `next` parameter that is a path on this site; "/account"
/// for anything else (other sites, "//host", "/\host", schemes, control characters).
std::string SafeNextPath(std::string_view next);

/// The readers' account pages (/account/...) and the app sign-in API (/api/v1/auth/token).
/// Server-rendered forms, no JavaScript; every POST form carries a CSRF token (the
/// session's, or before sign-in one derived from the `bs_pre` cookie) and is refused with
/// 403 without it. Registers its routes with the site on construction. Thread-safe.
class AccountPages final {
public:
    static constexpr const char* kSessionCookie = "bs_session";
    static constexpr const char* kPreSessionCookie = "bs_pre";

    /// `site` and `accounts` are not owned and must outlive the pages. `secret` is the data
    /// dir's key (CSRF); `base_url` the site's origin (cookies are Secure when it is https).
    AccountPages(Site& site, accounts::AccountService& accounts, std::string secret,
                 std::string base_url);

private:
    /// A page's CSRF token and, before sign-in, a new `bs_pre` cookie to set with it.
    struct FormToken {
        std::string token;
        std::string new_pre_session;
    };

    http::Response Handle(const http::Request& request, const ReaderContext& reader) const;
    http::Response HandleApi(const http::Request& request) const;

    // Signed-out pages (account_pages.cc).
    http::Response SignUp(const http::Request& request, const ReaderContext& reader) const;
    http::Response SignIn(const http::Request& request, const ReaderContext& reader) const;
    http::Response SignOut(const http::Request& request, const ReaderContext& reader) const;
    http::Response Verify(const http::Request& request, const ReaderContext& reader) const;
    http::Response Reset(const http::Request& request, const ReaderContext& reader) const;
    // Signed-in pages (account_settings_pages.cc).
    http::Response Overview(const http::Request& request, const ReaderContext& reader) const;
    http::Response ResendVerification(const http::Request& request,
                                      const ReaderContext& reader) const;
    http::Response Devices(const http::Request& request, const ReaderContext& reader) const;
    http::Response ChangeEmail(const http::Request& request, const ReaderContext& reader) const;
    http::Response Delete(const http::Request& request, const ReaderContext& reader) const;

    /// The sign-in page after an attempt: signed in (cookie, redirect) or why not.
    http::Response AfterSignIn(const http::Request& request, const ReaderContext& reader,
                               const accounts::SignInOutcome& outcome, const std::string& email,
                               const std::string& next) const;
    /// Renders templates/site/account_<name>.mustache in the site's frame.
    http::Response Page(int status, std::string_view name, std::string title,
                        const std::string& path, nlohmann::json content,
                        const ReaderContext& reader, const FormToken* form = nullptr) const;
    /// A short page saying one thing ("Check your e-mail"), with an optional link.
    http::Response Message(int status, std::string title, std::string message,
                           const ReaderContext& reader, std::string link_url = {},
                           std::string link_text = {}) const;
    /// 403: the form came without its CSRF token (or with another's).
    http::Response Forbidden(const ReaderContext& reader) const;
    /// 500 for a store failure (logged with the request id).
    http::Response Failure(const http::Request& request, const ReaderContext& reader,
                           std::string_view what) const;
    /// Signed out: to the sign-in page, coming back here afterwards.
    http::Response SignInFirst(const http::Request& request) const;

    FormToken TokenFor(const http::Request& request, const ReaderContext& reader) const;
    /// Whether a POST carries the CSRF token of this reader's session or of its pre-session cookie.
    bool CsrfOk(const http::Request& request, const ReaderContext& reader) const;
    http::CookieOptions Cookie(std::optional<int64_t> max_age) const;
    void SetSessionCookie(http::Response& response, const std::string& token) const;
    void ClearSessionCookies(http::Response& response) const;
    std::string FormatTime(Timestamp t) const;

    Site& site_;                          // Not owned; outlives *this.
    accounts::AccountService& accounts_;  // Not owned.
    const std::string secret_;
    const bool secure_;
};

}  // namespace broadsheet::site
