#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace broadsheet::accounts {

/// The shortest and longest passwords accepted, in characters.
inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 200;

/// An e-mail address as accounts keep it: trimmed and lower-cased, if it has the shape of
/// one (local@domain.tld, at most 254 bytes, no spaces or characters that need quoting);
/// kInvalidInput with a message for the reader otherwise.
Result<std::string> NormalizeEmail(std::string_view email);

/// kInvalidInput, with a message for the reader, unless `password` has 10 to 200 characters.
Result<void> CheckPassword(std::string_view password);

/// An argon2id hash of `password` (libsodium's crypto_pwhash_str at the interactive limits:
/// about 70 ms and 64 MiB here), salted, with its parameters in the string. kIo when
/// memory runs out.
Result<std::string> HashPassword(std::string_view password);

/// Whether `password` matches `hash`, in constant time for a given hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

/// Whether `hash` was made with other limits than HashPassword uses now (rehash at sign-in).
bool PasswordNeedsRehash(std::string_view hash);

}  // namespace broadsheet::accounts
