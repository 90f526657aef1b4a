// Staff sign-in, sign-out and the one-time sign-in link that sets a password.
#include <spdlog/spdlog.h>

#include <charconv>

#include "accounts/credentials.h"
#include "accounts/tokens.h"
#include "newsroom/newsroom.h"
#include "newsroom/newsroom_util.h"
#include "site/templates.h"
#include "store/staff_store.h"

namespace broadsheet::newsroom {
namespace {

constexpr const char* kWrongPassword = "Wrong e-mail address or password.";

}  // namespace

std::pair<std::string, std::string> Newsroom::PreSessionToken(const http::Request& request) const {
    std::optional<std::string> pre = request.Cookie(kPreSessionCookie);
    if (pre && PlausibleToken(*pre))
        return {accounts::PreSessionCsrfToken(options_.secret, *pre), {}};
    std::string fresh = accounts::RandomToken(18);
    return {accounts::PreSessionCsrfToken(options_.secret, fresh), fresh};
}

http::Response Newsroom::SignedOutPage(const http::Request& request, std::string_view template_name,
                                       std::string title, nlohmann::json model, int status) const {
    auto [token, fresh] = PreSessionToken(request);
    model["csrf"] = token;
    model["title"] = title;
    model["signed_in"] = false;
    model["site_name"] = options_.site_name;
    model["stylesheet_url"] = options_.stylesheet_url;
    http::Response response =
        http::Response::Html(status, templates_.RenderInLayout(template_name, model));
    if (!fresh.empty()) http::SetCookie(response, kPreSessionCookie, fresh, Cookie(std::nullopt));
    return response;
}

http::Response Newsroom::StartSession(const http::Request& request, const StaffMember& member,
                                      std::string next) const {
    // Rotation: the session the request came with (if any) ends, and a new token is issued.
    if (std::optional<std::string> old = request.Cookie(kSessionCookie);
        old && PlausibleToken(*old)) {
        if (auto found = staff_.FindSession(accounts::TokenHash(*old)); found && *found) {
            (void)staff_.RevokeSession((*found)->id);
        }
    }
    const std::string token = accounts::RandomToken();
    store::NewStaffSession session{
        .staff_id = member.id,
        .token_hash = accounts::TokenHash(token),
        .ip = ClientAddress(request),
        .user_agent = std::string(request.Header("User-Agent").substr(0, 500))};
    auto created = staff_.CreateSession(session, clock_.Now());
    if (!created) {
        spdlog::error("newsroom: creating a session: {}", created.error().message);
        return http::Response::Text(500, "The session could not be stored; try again.\n");
    }
    StaffContext context{.member = member,
                         .session_id = std::to_string(*created),
                         .client_address = ClientAddress(request)};
    Audit(context, "staff.sign_in", "staff " + std::to_string(member.id));
    http::Response response = http::Response::Redirect(303, SafeNewsroomPath(next));
    http::SetCookie(response, kSessionCookie, token, Cookie(std::nullopt));
    http::SetCookie(response, kPreSessionCookie, "", Cookie(0));
    return response;
}

http::Response Newsroom::SignIn(const http::Request& request) const {
    const std::string next =
        SafeNewsroomPath(request.method == "POST" ? Field(request, "next")
                                                  : request.QueryParam("next").value_or(""));
    nlohmann::json model{{"next", next}, {"email", ""}};
    // Shown even to someone signed in: signing in again (as another staff member, say)
    // replaces the session.
    if (request.method != "POST") return SignedOutPage(request, "login", "Sign in", model, 200);
    auto [expected, fresh] = PreSessionToken(request);
    if (!fresh.empty() || !accounts::TokensEqual(Field(request, "csrf"), expected)) {
        model["error"] = "This form has expired. Please sign in again.";
        return SignedOutPage(request, "login", "Sign in", model, 403);
    }
    auto email = accounts::NormalizeEmail(Field(request, "email"));
    const std::string password = request.FormParam("password").value_or("");
    model["email"] = Field(request, "email");
    const std::string client_key = "newsroom ip " + ClientAddress(request);
    const std::string account_key = "newsroom account " + (email ? *email : std::string("?"));
    const Timestamp now = clock_.Now();
    std::chrono::seconds wait =
        std::max(limiter_.RetryAfter(client_key, options_.client_limit, now),
                 limiter_.RetryAfter(account_key, options_.account_limit, now));
    if (wait.count() > 0) {
        model["error"] = accounts::TooManyAttemptsMessage(wait);
        http::Response response = SignedOutPage(request, "login", "Sign in", model, 429);
        response.SetHeader("Retry-After", std::to_string(wait.count()));
        return response;
    }
    std::optional<store::StaffRecord> record;
    if (email) {
        auto found = staff_.FindStaffByEmail(*email);
        if (found) {
            record = std::move(*found);
        } else if (found.error().code != ErrorCode::kNotFound) {
            spdlog::error("newsroom: sign-in: {}", found.error().message);
            return http::Response::Text(500,
                                        "The newsroom could not check your account; try again.\n");
        }
    }
    // An unknown address is checked against a dummy hash, so the time taken does not tell.
    const bool right = record && !record->password_hash.empty()
                           ? accounts::VerifyPassword(record->password_hash, password)
                           : (accounts::VerifyPassword(dummy_hash_, password), false);
    auto role = record ? ParseRole(record->role) : std::nullopt;
    if (!right || !role) {
        limiter_.Record(client_key, options_.client_limit, now);
        limiter_.Record(account_key, options_.account_limit, now);
        model["error"] = kWrongPassword;
        return SignedOutPage(request, "login", "Sign in", model, 400);
    }
    if (record->disabled) {
        model["error"] = "This newsroom account is disabled. Ask an admin.";
        return SignedOutPage(request, "login", "Sign in", model, 403);
    }
    limiter_.Clear(account_key);
    if (accounts::PasswordNeedsRehash(record->password_hash)) {
        if (auto rehashed = accounts::HashPassword(password); rehashed) {
            (void)staff_.SetPasswordHash(record->id, *rehashed);
        }
    }
    return StartSession(request, StaffMember{record->id, record->email, record->name, *role, false},
                        next);
}

http::Response Newsroom::SignOut(const http::Request& request) const {
    if (request.method != "POST") return http::Response::Redirect(303, "/newsroom");
    std::optional<StaffContext> staff = ResolveStaff(request);
    if (staff) {
        if (!CsrfOk(request, staff->csrf_token)) {
            return Forbidden(*staff, "This form has expired; reload the page and sign out again.");
        }
        int64_t id = 0;
        std::from_chars(staff->session_id.data(),
                        staff->session_id.data() + staff->session_id.size(), id);
        (void)staff_.RevokeSession(id);
        Audit(*staff, "staff.sign_out", "staff " + std::to_string(staff->member.id));
    }
    http::Response response = http::Response::Redirect(303, "/newsroom/login");
    http::SetCookie(response, kSessionCookie, "", Cookie(0));
    return response;
}

http::Response Newsroom::LinkSignIn(const http::Request& request, std::string_view token) const {
    nlohmann::json model{{"action", "/newsroom/signin/" + std::string(token)}};
    if (!PlausibleToken(token)) {
        return SignedOutPage(request, "message", "Link not valid",
                             {{"heading", "This link is not valid"},
                              {"message", "Ask an admin for a new sign-in link."}},
                             404);
    }
    // A GET only shows the form: mail scanners that follow links must not use them up.
    if (request.method != "POST")
        return SignedOutPage(request, "set_password", "Choose a password", model, 200);
    auto [expected, fresh] = PreSessionToken(request);
    if (!fresh.empty() || !accounts::TokensEqual(Field(request, "csrf"), expected)) {
        model["error"] = "This form has expired. Please try again.";
        return SignedOutPage(request, "set_password", "Choose a password", model, 403);
    }
    const std::string password = request.FormParam("password").value_or("");
    if (auto checked = accounts::CheckPassword(password); !checked) {
        model["error"] = checked.error().message;
        return SignedOutPage(request, "set_password", "Choose a password", model, 400);
    }
    if (password != request.FormParam("confirm").value_or("")) {
        model["error"] = "The two passwords are not the same.";
        return SignedOutPage(request, "set_password", "Choose a password", model, 400);
    }
    auto hash = accounts::HashPassword(password);
    if (!hash) return http::Response::Text(500, "The password could not be stored; try again.\n");
    auto used = staff_.ConsumeLink(accounts::TokenHash(token), clock_.Now());
    if (!used) {
        spdlog::error("newsroom: sign-in link: {}", used.error().message);
        return http::Response::Text(500, "The link could not be checked; try again.\n");
    }
    auto record = *used ? staff_.FindStaff(**used)
                        : Result<store::StaffRecord>(Fail(ErrorCode::kNotFound, ""));
    auto role = record ? ParseRole(record->role) : std::nullopt;
    if (!*used || !record || !role || record->disabled) {
        return SignedOutPage(
            request, "message", "Link used or expired",
            {{"heading", "This link has been used or has expired"},
             {"message", "Sign-in links work once, for 24 hours. Ask an admin for a new one."}},
            410);
    }
    if (auto stored = staff_.SetPasswordHash(record->id, *hash); !stored) {
        return http::Response::Text(500, "The password could not be stored; try again.\n");
    }
    return StartSession(request, StaffMember{record->id, record->email, record->name, *role, false},
                        "/newsroom");
}

}  // namespace broadsheet::newsroom
