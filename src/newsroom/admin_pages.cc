#include "newsroom/admin_pages.h"

#include <date/date.h>

#include <sstream>

#include "newsroom/newsroom_util.h"
#include "newsroom/staff_accounts.h"
#include "store/staff_store.h"

namespace broadsheet::newsroom {
namespace {

constexpr int kAuditPage = 100;

// "2024-11-16" as the start of that day in UTC; nullopt for anything else.
std::optional<Timestamp> ParseDay(const std::string& text) {
    if (text.size() != 10) return std::nullopt;  // A bare date, which ParseIsoDateTime takes as midnight UTC.
    return ParseIsoDateTime(text);
}

}  // namespace

AdminPages::AdminPages(Newsroom& newsroom, store::StaffStore& staff, SiteTimeZone zone,
                       std::string base_url)
    : newsroom_(newsroom), staff_(staff), zone_(std::move(zone)), base_url_(std::move(base_url)) {
    newsroom.AddPage("audit", Role::kAdmin,
                     [this](const http::Request& request, const StaffContext& context) {
                         return AuditLog(request, context);
                     });
    newsroom.AddPage("users", Role::kAdmin,
                     [this](const http::Request& request, const StaffContext& context) {
                         return Users(request, context);
                     });
}

http::Response AdminPages::AuditLog(const http::Request& request, const StaffContext& staff) const {
    store::AuditQuery query;
    query.limit = kAuditPage + 1;
    const std::string who = request.QueryParam("staff").value_or("");
    const std::string action = request.QueryParam("action").value_or("");
    const std::string from = request.QueryParam("from").value_or("");
    const std::string to = request.QueryParam("to").value_or("");
    if (auto id = ParseId(who)) query.staff_id = *id;
    if (!action.empty() && action.size() < 100) query.action = action;
    if (auto day = ParseDay(from)) query.from = *day;
    if (auto day = ParseDay(to)) query.to = *day + std::chrono::days(1);  // Inclusive of that day.
    int page = 1;
    if (auto number = ParseId(request.QueryParam("page").value_or(""));
        number && *number < 10'000) {
        page = static_cast<int>(*number);
    }
    query.offset = (page - 1) * kAuditPage;
    auto entries = staff_.ListAudit(query);
    if (!entries) {
        return newsroom_.RenderPage(
            staff, "message", "Audit log",
            {{"heading", "Audit log"}, {"message", entries.error().message}}, 500);
    }
    const bool more = static_cast<int>(entries->size()) > kAuditPage;
    if (more) entries->pop_back();
    nlohmann::json rows = nlohmann::json::array();
    for (const store::AuditEntry& entry : *entries) {
        // "article 42" links to the story's newsroom page.
        std::string target_url;
        if (entry.target.starts_with("article ") &&
            ParseId(std::string_view(entry.target).substr(8))) {
            target_url = "/newsroom/articles/" + entry.target.substr(8);
        }
        rows.push_back({{"time", zone_.FormatDateTime(entry.at)},
                        {"target_url", target_url},
                        {"email", entry.email.empty() ? "command line" : entry.email},
                        {"action", entry.action},
                        {"target", entry.target},
                        {"detail", entry.detail},
                        {"client", entry.client_address}});
    }
    nlohmann::json people = nlohmann::json::array();
    if (auto list = staff_.ListStaff()) {
        for (const store::StaffRecord& member : *list) {
            people.push_back({{"value", std::to_string(member.id)},
                              {"label", member.email},
                              {"selected", std::to_string(member.id) == who}});
        }
    }
    nlohmann::json actions = nlohmann::json::array();
    for (const char* name :
         {"article.", "article.edit", "article.edit_refused", "wire.", "wire.publish", "wire.hold",
          "wire.kill", "wire.withhold", "staff.", "user."}) {
        std::string label = std::string(name).ends_with('.') ? std::string(name) + "*" : name;
        actions.push_back({{"value", name}, {"label", label}, {"selected", action == name}});
    }
    auto page_url = [&](int number) {
        return "/newsroom/audit?page=" + std::to_string(number) +
               "&staff=" + http::PercentEncode(who) + "&action=" + http::PercentEncode(action) +
               "&from=" + http::PercentEncode(from) + "&to=" + http::PercentEncode(to);
    };
    nlohmann::json model{{"heading", "Audit log"},
                         {"entries", rows},
                         {"has_entries", !rows.empty()},
                         {"people", people},
                         {"actions", actions},
                         {"from", from},
                         {"to", to},
                         {"previous_url", page > 1 ? page_url(page - 1) : ""},
                         {"next_url", more ? page_url(page + 1) : ""}};
    return newsroom_.RenderPage(staff, "audit", "Audit log", std::move(model));
}

http::Response AdminPages::UserList(const StaffContext& staff, nlohmann::json extra,
                                    int status) const {
    auto list = staff_.ListStaff();
    if (!list) {
        return newsroom_.RenderPage(staff, "message", "Staff",
                                    {{"heading", "Staff"}, {"message", list.error().message}}, 500);
    }
    nlohmann::json people = nlohmann::json::array();
    for (const store::StaffRecord& member : *list) {
        people.push_back({{"id", std::to_string(member.id)},
                          {"email", member.email},
                          {"name", member.name},
                          {"role", member.role},
                          {"disabled", member.disabled},
                          {"is_self", member.id == staff.member.id},
                          {"password_set", !member.password_hash.empty()},
                          {"since", zone_.FormatDate(member.created)}});
    }
    nlohmann::json model = std::move(extra);
    if (!model.is_object()) model = nlohmann::json::object();
    model["heading"] = "Staff";
    model["people"] = people;
    nlohmann::json roles = nlohmann::json::array();
    const std::string chosen = model.value("role", "writer");
    for (Role role : {Role::kWriter, Role::kEditor, Role::kAdmin}) {
        roles.push_back({{"value", RoleName(role)},
                         {"label", RoleName(role)},
                         {"selected", chosen == RoleName(role)}});
    }
    model["roles"] = roles;
    return newsroom_.RenderPage(staff, "users", "Staff", std::move(model), status);
}

http::Response AdminPages::AddUser(const http::Request& request, const StaffContext& staff) const {
    const std::string email = Field(request, "email");
    const std::string name = Field(request, "name");
    const std::string role_name = Field(request, "role");
    nlohmann::json form{{"email", email}, {"name", name}, {"role", role_name}};
    auto role = ParseRole(role_name);
    if (!role) {
        form["error"] = "Choose a role: writer, editor or admin.";
        return UserList(staff, form, 400);
    }
    auto added = AddStaff(staff_, email, name, *role, std::nullopt, newsroom_.clock());
    if (!added) {
        form["error"] = added.error().code == ErrorCode::kConflict
                            ? "There is already a staff member with this address."
                            : added.error().message;
        return UserList(staff, form, added.error().code == ErrorCode::kConflict ? 409 : 400);
    }
    newsroom_.Audit(staff, "user.add", "staff " + std::to_string(added->member.id),
                    added->member.email + " as " + RoleName(*role));
    nlohmann::json shown{{"link", base_url_ + added->sign_in_path},
                         {"link_for", added->member.email}};
    return UserList(staff, shown, 201);
}

http::Response AdminPages::Users(const http::Request& request, const StaffContext& staff) const {
    std::string_view rest = request.path;
    rest.remove_prefix(std::min(rest.size(), std::string_view("/newsroom/users").size()));
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    if (request.method != "POST") return UserList(staff, nlohmann::json::object(), 200);
    if (rest == "add") return AddUser(request, staff);
    // "/newsroom/users/<id>/disable", "/newsroom/users/<id>/enable", "/newsroom/users/<id>/link"
    size_t slash = rest.find('/');
    auto id = ParseId(rest.substr(0, slash));
    std::string_view action =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    auto member =
        id ? staff_.FindStaff(*id) : Result<store::StaffRecord>(Fail(ErrorCode::kNotFound, ""));
    if (!member) return newsroom_.Redirect("/newsroom/users", "No such staff member.");
    const std::string target = "staff " + std::to_string(member->id);
    if (action == "disable") {
        if (member->id == staff.member.id)
            return newsroom_.Forbidden(staff, "You cannot disable your own account.");
        auto ended = DisableStaff(staff_, member->email);
        if (!ended) return newsroom_.Redirect("/newsroom/users", ended.error().message);
        newsroom_.Audit(staff, "user.disable", target, member->email);
        return newsroom_.Redirect(
            "/newsroom/users",
            member->email + " is disabled; " + std::to_string(*ended) + " session(s) ended.");
    }
    if (action == "enable") {
        if (auto enabled = staff_.SetDisabled(member->id, false); !enabled) {
            return newsroom_.Redirect("/newsroom/users", enabled.error().message);
        }
        newsroom_.Audit(staff, "user.enable", target, member->email);
        return newsroom_.Redirect("/newsroom/users", member->email + " may sign in again.");
    }
    if (action == "link") {
        auto link = IssueSignInLink(staff_, member->id, newsroom_.clock());
        if (!link) return newsroom_.Redirect("/newsroom/users", link.error().message);
        newsroom_.Audit(staff, "user.link", target, member->email);
        return UserList(staff, {{"link", base_url_ + *link}, {"link_for", member->email}}, 200);
    }
    return newsroom_.Redirect("/newsroom/users");
}

}  // namespace broadsheet::newsroom
