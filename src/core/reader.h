#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "core/time.h"

namespace broadsheet {

/// A reader's account number.
struct ReaderId {
    int64_t value = 0;
    friend auto operator<=>(const ReaderId&, const ReaderId&) = default;
};

/// A reader with an account (visitors have none).
struct Reader {
    ReaderId id;
    std::string email;          ///< Lower-cased, as signed up with.
    bool email_verified = false;
    bool disabled = false;
    Timestamp created;
};

}  // namespace broadsheet
