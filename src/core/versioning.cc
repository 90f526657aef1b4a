#include "core/versioning.h"

#include <cctype>

#include "core/text.h"

namespace broadsheet {
namespace {

bool IsWholeNumber(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// Compares two digit strings of any length numerically.
int CompareNumbers(std::string_view a, std::string_view b) {
    while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
    while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

VersionOrder FromSign(int sign) {
    if (sign < 0) return VersionOrder::kNewer;  // stored < incoming
    if (sign > 0) return VersionOrder::kOlder;
    return VersionOrder::kSame;
}

}  // namespace

VersionOrder CompareWireVersions(std::string_view stored_version, std::optional<Timestamp> stored_time,
                                 std::string_view incoming_version,
                                 std::optional<Timestamp> incoming_time) {
    stored_version = TrimWhitespace(stored_version);
    incoming_version = TrimWhitespace(incoming_version);
    if (IsWholeNumber(stored_version) && IsWholeNumber(incoming_version)) {
        int sign = CompareNumbers(stored_version, incoming_version);
        if (sign != 0) return FromSign(sign);
        // (uri, version) is the identity: the same number is the same version.
        return VersionOrder::kSame;
    }
    if (stored_time && incoming_time && *stored_time != *incoming_time) {
        return *stored_time < *incoming_time ? VersionOrder::kNewer : VersionOrder::kOlder;
    }
    // Different non-numeric versions at the same (or no) time: RSS and Atom items whose
    // content hash changed under the same guid. A change is an update.
    if (stored_version != incoming_version && !incoming_version.empty()) return VersionOrder::kNewer;
    return VersionOrder::kSame;
}

}  // namespace broadsheet
