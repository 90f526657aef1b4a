// The newsroom's frame: routing below /newsroom, staff sessions, CSRF, the layout, the
// audit log and flash messages. The sign-in pages are in sign_in_pages.cc.
#include "newsroom/newsroom.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/credentials.h"
#include "accounts/tokens.h"
#include "http/multipart.h"
#include "newsroom/newsroom_util.h"
#include "site/templates.h"
#include "store/staff_store.h"

namespace broadsheet::newsroom {
namespace {

// The request a handler is answering on this thread, so RenderPage (whose signature other
// pages code against) can show its flash message and mark the current page in the nav.
thread_local const http::Request* current_request = nullptr;

class CurrentRequest final {
public:
    explicit CurrentRequest(const http::Request& request) : saved_(current_request) {
        current_request = &request;
    }
    ~CurrentRequest() { current_request = saved_; }
    CurrentRequest(const CurrentRequest&) = delete;
    CurrentRequest& operator=(const CurrentRequest&) = delete;

private:
    const http::Request* saved_;
};

constexpr const char* kFlashCookie = "bs_flash";

struct NavEntry {
    const char* prefix;
    const char* label;
    const char* description;  // For the home page's cards.
};
// In the order the nav shows them; an entry appears when its page is registered and the
// staff member's role reaches it.
constexpr NavEntry kNavEntries[] = {
    {"", "Home", ""},
    {"queue", "Wire queue",
     "Incoming wire items across feeds: publish what is held, hold or kill."},
    {"articles", "Articles",
     "Find any story; rework the headline and picture of syndicated copy, change placement."},
    {"stories", "Stories", "Write, revise and publish the newsroom's own stories; corrections."},
    {"pictures", "Pictures",
     "The picture library: upload pictures with captions, credits and alt text."},
    {"audit", "Audit log", "Who did what, when, and from where."},
    {"users", "Staff", "Add editors and writers, send sign-in links, disable accounts."},
    {"settings", "Settings", "Sections, feeds, plans and site settings."},
};

std::string_view StripSlashes(std::string_view text) {
    while (!text.empty() && text.front() == '/') text.remove_prefix(1);
    while (!text.empty() && text.back() == '/') text.remove_suffix(1);
    return text;
}

}  // namespace

const char* RoleName(Role role) {
    switch (role) {
        case Role::kWriter: return "writer";
        case Role::kEditor: return "editor";
        case Role::kAdmin: return "admin";
    }
    return "writer";
}

std::optional<Role> ParseRole(std::string_view name) {
    for (Role role : {Role::kWriter, Role::kEditor, Role::kAdmin}) {
        if (name == RoleName(role)) return role;
    }
    return std::nullopt;
}

Newsroom::Newsroom(NewsroomOptions options, store::StaffStore& staff,
                   const site::Templates& templates, const Clock& clock)
    : options_(std::move(options)), staff_(staff), templates_(templates), clock_(clock) {
    auto dummy = accounts::HashPassword(accounts::RandomToken(16));
    if (dummy) dummy_hash_ = std::move(*dummy);
}

Newsroom::~Newsroom() = default;

void Newsroom::AddPage(std::string prefix, Role minimum, Handler handler) {
    pages_.push_back(Page{std::string(StripSlashes(prefix)), minimum, std::move(handler)});
}

const Newsroom::Page* Newsroom::FindPage(std::string_view rest) const {
    const Page* best = nullptr;
    for (const Page& page : pages_) {
        const bool match = page.prefix.empty()
                               ? rest.empty()
                               : rest == page.prefix || (rest.starts_with(page.prefix) &&
                                                         rest.size() > page.prefix.size() &&
                                                         rest[page.prefix.size()] == '/');
        if (match && (!best || page.prefix.size() > best->prefix.size())) best = &page;
    }
    return best;
}

void Newsroom::Harden(http::Response& response) {
    response.SetHeader("Cache-Control", "no-store");
    response.SetHeader("X-Frame-Options", "DENY");
    response.SetHeader("X-Robots-Tag", "noindex, nofollow");
    response.SetHeader("Referrer-Policy", "same-origin");
    response.SetHeader("X-Content-Type-Options", "nosniff");
}

http::CookieOptions Newsroom::Cookie(std::optional<int64_t> max_age) const {
    http::CookieOptions cookie;
    cookie.max_age_seconds = max_age;
    cookie.secure = options_.base_url.starts_with("https://");
    cookie.path = "/newsroom";
    return cookie;
}

std::optional<StaffContext> Newsroom::ResolveStaff(const http::Request& request) const {
    std::optional<std::string> token = request.Cookie(kSessionCookie);
    if (!token || !PlausibleToken(*token)) return std::nullopt;
    auto found = staff_.FindSession(accounts::TokenHash(*token));
    if (!found) {
        spdlog::error("newsroom: resolving a session: {}", found.error().message);
        return std::nullopt;
    }
    if (!*found) return std::nullopt;
    const store::StaffSessionRecord& session = **found;
    const Timestamp now = clock_.Now();
    if (session.revoked || session.staff.disabled) return std::nullopt;
    if (now - session.last_seen > options_.idle_timeout ||
        now - session.created > options_.session_lifetime) {
        return std::nullopt;
    }
    auto role = ParseRole(session.staff.role);
    if (!role) return std::nullopt;
    if (now - session.last_seen >= std::chrono::minutes(1)) {
        if (auto touched = staff_.TouchSession(session.id, now); !touched) {
            spdlog::warn("newsroom: touching a session: {}", touched.error().message);
        }
    }
    StaffContext context;
    context.member =
        StaffMember{session.staff.id, session.staff.email, session.staff.name, *role, false};
    context.session_id = std::to_string(session.id);
    context.csrf_token = accounts::CsrfToken(options_.secret, "staff:" + context.session_id);
    context.client_address = ClientAddress(request);
    return context;
}

bool Newsroom::CsrfOk(const http::Request& request, std::string_view expected) const {
    std::string sent = request.FormParam("csrf").value_or("");
    if (sent.empty()) sent = std::string(request.Header("X-CSRF-Token"));
    if (sent.empty() && http::MultipartBoundary(request.Header("Content-Type"))) {
        // Picture uploads: the token is a field of the multipart form.
        if (auto form = http::ParseMultipartRequest(request); form)
            sent = form->Field("csrf").value_or("");
    }
    return !sent.empty() && accounts::TokensEqual(sent, expected);
}

http::Response Newsroom::Handle(const http::Request& request) const {
    CurrentRequest scope(request);
    http::Response response = [&]() -> http::Response {
        const bool get = request.method == "GET" || request.method == "HEAD";
        if (!get && request.method != "POST") {
            http::Response refused =
                http::Response::Text(405, "This page takes GET and POST only.\n");
            refused.SetHeader("Allow", "GET, HEAD, POST");
            return refused;
        }
        std::string_view rest = request.path;
        rest.remove_prefix(std::min(rest.size(), std::string_view("/newsroom").size()));
        rest = StripSlashes(rest);
        if (rest == "login") return SignIn(request);
        if (rest == "logout") return SignOut(request);
        if (rest.starts_with("signin/")) return LinkSignIn(request, rest.substr(7));

        std::optional<StaffContext> staff = ResolveStaff(request);
        if (!staff) {
            if (!get) {
                return http::Response::Text(403,
                                            "Your newsroom session has ended; sign in again.\n");
            }
            return http::Response::Redirect(
                303, "/newsroom/login?next=" + http::PercentEncode(request.target));
        }
        if (request.method == "POST" && !CsrfOk(request, staff->csrf_token)) {
            return Forbidden(
                *staff,
                "This form has expired or did not come from the newsroom (its security token is "
                "missing or wrong). Nothing was changed. Go back, reload the page and try again.");
        }
        const Page* page = FindPage(rest);
        if (!page) {
            return RenderPage(
                *staff, "message", "Page not found",
                {{"heading", "Page not found"}, {"message", "There is no newsroom page here."}},
                404);
        }
        if (staff->member.role < page->minimum) {
            return Forbidden(*staff, std::string("This page is for ") +
                                         (page->minimum == Role::kAdmin ? "admins" : "editors") +
                                         " only; your role is " + RoleName(staff->member.role) +
                                         ".");
        }
        return page->handler(request, *staff);
    }();
    Harden(response);
    return response;
}

nlohmann::json Newsroom::Nav(const StaffContext& staff) const {
    std::string_view rest;
    if (current_request) {
        rest = current_request->path;
        rest.remove_prefix(std::min(rest.size(), std::string_view("/newsroom").size()));
        rest = StripSlashes(rest);
    }
    const Page* current = FindPage(rest);
    nlohmann::json nav = nlohmann::json::array();
    for (const NavEntry& entry : kNavEntries) {
        const Page* page = nullptr;
        for (const Page& candidate : pages_) {
            if (candidate.prefix == entry.prefix) page = &candidate;
        }
        if (!page || staff.member.role < page->minimum) continue;
        std::string url =
            std::string("/newsroom") + (page->prefix.empty() ? "" : "/" + page->prefix);
        nav.push_back({{"label", entry.label},
                       {"url", url},
                       {"current", page == current},
                       {"home", page->prefix.empty()},
                       {"description", entry.description}});
    }
    return nav;
}

http::Response Newsroom::RenderPage(const StaffContext& staff, std::string_view template_name,
                                    std::string title, nlohmann::json model, int status) const {
    if (!model.is_object()) model = nlohmann::json::object();
    const StaffMember& member = staff.member;
    model["staff"] = {{"email", member.email},
                      {"name", member.name.empty() ? member.email : member.name},
                      {"role", RoleName(member.role)},
                      {"is_admin", member.role >= Role::kAdmin},
                      {"is_editor", member.role >= Role::kEditor}};
    model["csrf"] = staff.csrf_token;
    model["title"] = title;
    model["nav"] = Nav(staff);
    model["signed_in"] = true;
    model["site_name"] = options_.live_site_name ? options_.live_site_name() : options_.site_name;
    model["stylesheet_url"] = options_.stylesheet_url;
    bool clear_flash = false;
    if (current_request) {
        if (auto flash = current_request->Cookie(kFlashCookie); flash && !flash->empty()) {
            model["flash"] = FromHex(*flash);
            clear_flash = true;
        }
    }
    http::Response response =
        http::Response::Html(status, templates_.RenderInLayout(template_name, model));
    if (clear_flash) http::SetCookie(response, kFlashCookie, "", Cookie(0));
    Harden(response);
    return response;
}

void Newsroom::Audit(const StaffContext& staff, std::string_view action, std::string_view target,
                     std::string_view detail) const {
    store::AuditEntry entry;
    entry.at = clock_.Now();
    entry.staff_id = staff.member.id;
    entry.email = staff.member.email;
    entry.action = std::string(action);
    entry.target = std::string(target);
    entry.detail = std::string(detail);
    entry.client_address = staff.client_address;
    if (auto appended = staff_.AppendAudit(entry); !appended) {
        spdlog::error("newsroom: audit log: {} ({} {} by {})", appended.error().message, action,
                      target, staff.member.email);
    }
}

http::Response Newsroom::Forbidden(const StaffContext& staff, std::string message) const {
    return RenderPage(staff, "message", "Not allowed",
                      {{"heading", "Not allowed"}, {"message", std::move(message)}}, 403);
}

http::Response Newsroom::Redirect(std::string path, std::string flash) const {
    if (!path.starts_with("/newsroom")) path = "/newsroom";
    http::Response response = http::Response::Redirect(303, std::move(path));
    if (!flash.empty())
        http::SetCookie(response, kFlashCookie, ToHex(flash.substr(0, 500)), Cookie(std::nullopt));
    Harden(response);
    return response;
}

}  // namespace broadsheet::newsroom
