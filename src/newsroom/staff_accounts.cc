#include "newsroom/staff_accounts.h"

#include "accounts/credentials.h"
#include "accounts/tokens.h"
#include "core/text.h"
#include "store/staff_store.h"

namespace broadsheet::newsroom {

Result<AddedStaff> AddStaff(store::StaffStore& staff, std::string_view email, std::string_view name,
                            Role role, const std::optional<std::string>& password,
                            const Clock& clock) {
    auto normalized = accounts::NormalizeEmail(email);
    if (!normalized) return normalized.error();
    std::string clean_name(TrimWhitespace(name));
    if (clean_name.size() > 200)
        return Fail(ErrorCode::kInvalidInput, "the name is over 200 characters");
    std::string hash;
    if (password) {
        if (auto checked = accounts::CheckPassword(*password); !checked) return checked.error();
        auto hashed = accounts::HashPassword(*password);
        if (!hashed) return hashed.error();
        hash = std::move(*hashed);
    }
    auto id = staff.CreateStaff(*normalized, clean_name, RoleName(role), hash, clock.Now());
    if (!id) return id.error();
    AddedStaff added{StaffMember{*id, *normalized, clean_name, role, false}, {}};
    if (!password) {
        auto link = IssueSignInLink(staff, *id, clock);
        if (!link) return link.error();
        added.sign_in_path = std::move(*link);
    }
    return added;
}

Result<std::string> IssueSignInLink(store::StaffStore& staff, int64_t id, const Clock& clock) {
    const std::string token = accounts::RandomToken();
    const Timestamp now = clock.Now();
    if (auto stored =
            staff.CreateLink(id, accounts::TokenHash(token), now + kSignInLinkLifetime, now);
        !stored) {
        return stored.error();
    }
    return "/newsroom/signin/" + token;
}

Result<int> DisableStaff(store::StaffStore& staff, std::string_view email) {
    auto normalized = accounts::NormalizeEmail(email);
    if (!normalized) return normalized.error();
    auto found = staff.FindStaffByEmail(*normalized);
    if (!found) return found.error();
    if (auto disabled = staff.SetDisabled(found->id, true); !disabled) return disabled.error();
    return staff.RevokeAllSessions(found->id);
}

}  // namespace broadsheet::newsroom
