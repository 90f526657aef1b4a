#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/rate_limiter.h"
#include "core/time.h"
#include "http/request.h"
#include "http/response.h"

namespace broadsheet::store {
class StaffStore;
}  // namespace broadsheet::store

namespace broadsheet::site {
class Templates;
}  // namespace broadsheet::site

namespace broadsheet::newsroom {

/// What a staff member may do: writers their own drafts; editors everything editorial;
/// admins also staff, sections, feeds, plans and settings. Ordered: a higher role may do
/// everything a lower one may.
enum class Role { kWriter = 1, kEditor = 2, kAdmin = 3 };

/// "writer", "editor", "admin".
const char* RoleName(Role role);
/// The role named `name` ("writer", "editor", "admin"); nullopt for anything else.
std::optional<Role> ParseRole(std::string_view name);

/// A newsroom account.
struct StaffMember {
    int64_t id = 0;
    std::string email;
    std::string name;
    Role role = Role::kWriter;
    bool disabled = false;
};

/// The signed-in staff member making this request.
struct StaffContext {
    StaffMember member;
    std::string session_id;
    std::string csrf_token;      ///< Every form carries it as hidden field "csrf".
    std::string client_address;  ///< For the audit log.
};

/// How the newsroom runs.
struct NewsroomOptions {
    std::string site_name;
    /// When set, asked for the name on each page instead (the settings change it live).
    std::function<std::string()> live_site_name;
    std::string base_url;        ///< Cookies are Secure when it is https.
    std::string secret;          ///< The data dir's key, for CSRF tokens (Runtime::secret()).
    std::string stylesheet_url;  ///< The fingerprinted /static/newsroom.css.
    /// A session unused this long ends.
    std::chrono::seconds idle_timeout{8 * 3600};
    /// A session ends this long after sign-in.
    std::chrono::seconds session_lifetime{7 * 24 * 3600};
    /// Failed sign-ins allowed per address.
    accounts::RateLimit account_limit{5, std::chrono::minutes(15)};
    /// Failed sign-ins allowed per client address.
    accounts::RateLimit client_limit{20, std::chrono::minutes(15)};
};

/// The newsroom: staff sign-in and sessions, and the frame every editors' page is served
/// in. Serves everything below /newsroom (one Site route, never cached); other modules add
/// their pages with AddPage. Every response says `Cache-Control: no-store`,
/// `X-Frame-Options: DENY` and noindex. Thread-safe once serving (AddPage before).
class Newsroom final {
public:
    using Handler = std::function<http::Response(const http::Request&, const StaffContext&)>;

    /// `staff`, `templates` (templates/newsroom) and `clock` must outlive the newsroom.
    Newsroom(NewsroomOptions options, store::StaffStore& staff, const site::Templates& templates,
             const Clock& clock);
    ~Newsroom();
    Newsroom(const Newsroom&) = delete;
    Newsroom& operator=(const Newsroom&) = delete;

    /// Serves /newsroom/<prefix>... (longest prefix wins) to staff with at least `minimum`;
    /// not signed in: 303 to /newsroom/login?next=...; role too low: 403 page.
    /// A POST without a valid "csrf" form field (or X-CSRF-Token header) is refused with 403
    /// before the handler runs. The prefix "" is the newsroom's home page only.
    void AddPage(std::string prefix, Role minimum, Handler handler);

    /// Renders templates/newsroom/<template_name>.mustache inside
    /// templates/newsroom/layout.mustache; the model gets "staff"
    /// {email,name,role,is_admin,is_editor}, "csrf", "title", "nav". Also "flash" (the message a
    /// Redirect left), "site_name" and "stylesheet_url".
    http::Response RenderPage(const StaffContext& staff, std::string_view template_name,
                              std::string title, nlohmann::json model, int status = 200) const;

    /// Appends to the audit log: who, when (the clock), action ("story.publish"), target ("article
    /// 42"), detail, from where.
    void Audit(const StaffContext& staff, std::string_view action, std::string_view target,
               std::string_view detail = {}) const;

    /// A 403 page with a clear message (used for refused edits).
    http::Response Forbidden(const StaffContext& staff, std::string message) const;

    /// 303 See Other to a newsroom path, optionally with a flash message shown on the next page.
    http::Response Redirect(std::string path, std::string flash = {}) const;

    /// Answers a request below /newsroom (the Site route's handler).
    http::Response Handle(const http::Request& request) const;

    const Clock& clock() const { return clock_; }
    const NewsroomOptions& options() const { return options_; }

    /// The name of the staff session cookie (Path=/newsroom).
    static constexpr const char* kSessionCookie = "bs_staff";
    /// The pre-session cookie whose token protects the sign-in forms.
    static constexpr const char* kPreSessionCookie = "bs_staff_pre";

private:
    struct Page {
        std::string prefix;  // Without slashes: "queue", "articles", "" (home).
        Role minimum;
        Handler handler;
    };

    const Page* FindPage(std::string_view rest) const;
    std::optional<StaffContext> ResolveStaff(const http::Request& request) const;
    bool CsrfOk(const http::Request& request, std::string_view expected) const;
    nlohmann::json Nav(const StaffContext& staff) const;

    // Sign-in pages (sign_in_pages.cc): no session needed.
    http::Response SignIn(const http::Request& request) const;
    http::Response SignOut(const http::Request& request) const;
    http::Response LinkSignIn(const http::Request& request, std::string_view token) const;
    http::Response SignedOutPage(const http::Request& request, std::string_view template_name,
                                 std::string title, nlohmann::json model, int status) const;
    /// Creates a session for `member` (revoking the one the request came with) and answers
    /// 303 to `next` with its cookie.
    http::Response StartSession(const http::Request& request, const StaffMember& member,
                                std::string next) const;
    /// The pre-session CSRF token of the request, and a new cookie value when it had none.
    std::pair<std::string, std::string> PreSessionToken(const http::Request& request) const;
    http::CookieOptions Cookie(std::optional<int64_t> max_age) const;
    /// Adds the headers every newsroom response carries.
    static void Harden(http::Response& response);

    const NewsroomOptions options_;
    store::StaffStore& staff_;          // Not owned; outlives *this.
    const site::Templates& templates_;  // Not owned.
    const Clock& clock_;                // Not owned.
    std::vector<Page> pages_;
    mutable accounts::RateLimiter limiter_;
    std::string dummy_hash_;  // Checked for unknown addresses, so timing does not tell.
};

}  // namespace broadsheet::newsroom
