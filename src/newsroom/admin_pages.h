#pragma once

#include <string>

#include "core/time.h"
#include "newsroom/newsroom.h"

namespace broadsheet::store {
class StaffStore;
}  // namespace broadsheet::store

namespace broadsheet::newsroom {

/// The admins' pages: /newsroom/audit (the audit log, filtered by staff member, action and
/// date) and /newsroom/users (staff: list, add with a one-time sign-in link, new link,
/// disable). Registers its pages on construction. Thread-safe.
class AdminPages final {
public:
    /// `newsroom` and `staff` must outlive the pages; `base_url` starts sign-in links.
    AdminPages(Newsroom& newsroom, store::StaffStore& staff, SiteTimeZone zone,
               std::string base_url);

private:
    http::Response AuditLog(const http::Request& request, const StaffContext& staff) const;
    http::Response Users(const http::Request& request, const StaffContext& staff) const;
    http::Response UserList(const StaffContext& staff, nlohmann::json extra, int status) const;
    http::Response AddUser(const http::Request& request, const StaffContext& staff) const;

    Newsroom& newsroom_;        // Not owned.
    store::StaffStore& staff_;  // Not owned.
    const SiteTimeZone zone_;
    const std::string base_url_;
};

}  // namespace broadsheet::newsroom
