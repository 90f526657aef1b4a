#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "newsroom/newsroom.h"

namespace broadsheet::store {
class StaffStore;
}  // namespace broadsheet::store

namespace broadsheet::newsroom {

/// How long a one-time sign-in link works.
inline constexpr std::chrono::hours kSignInLinkLifetime{24};

/// A new staff account, with its one-time sign-in link when it was made without a password.
struct AddedStaff {
    StaffMember member;
    std::string sign_in_path;  ///< "/newsroom/signin/<token>"; empty when a password was given.
};

/// Adds a staff member (the address trimmed and lower-cased). With `password`, it is checked
/// (10 to 200 characters) and hashed; without, the account gets a sign-in link that works
/// once within 24 hours and asks for a password. kInvalidInput for a bad address or
/// password, kConflict when the address is taken.
Result<AddedStaff> AddStaff(store::StaffStore& staff, std::string_view email, std::string_view name,
                            Role role, const std::optional<std::string>& password,
                            const Clock& clock);

/// A new one-time sign-in link for staff member `id` ("/newsroom/signin/<token>").
Result<std::string> IssueSignInLink(store::StaffStore& staff, int64_t id, const Clock& clock);

/// Disables the staff member with this address and ends their sessions; how many sessions
/// were ended. kNotFound for no such address.
Result<int> DisableStaff(store::StaffStore& staff, std::string_view email);

}  // namespace broadsheet::newsroom
