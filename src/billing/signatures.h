#pragma once

#include <string>
#include <string_view>

namespace broadsheet::billing {

/// HMAC-SHA256 of `message` keyed with `key`, as 64 lower-case hex digits.
std::string HmacSha256Hex(std::string_view key, std::string_view message);

/// SHA-256 of `data`, as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

/// Whether `a` and `b` are equal, in time that depends only on their lengths (signatures
/// are compared so that a forger learns nothing from timing).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace broadsheet::billing
