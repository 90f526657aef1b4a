#pragma once

#include <string>
#include <string_view>

namespace broadsheet::accounts {

/// `bytes` random bytes (libsodium) as URL-safe base64 without padding: 32 bytes give 43
/// characters. For session cookies, API tokens, one-time links and the pre-session cookie.
std::string RandomToken(size_t bytes = 32);

/// What the store keeps of a token: its SHA-256, in hex. A stolen database holds no
/// usable token.
std::string TokenHash(std::string_view token);

/// The CSRF token for the forms of a signed-in session: HMAC-SHA256(secret, session id),
/// truncated to 128 bits, URL-safe base64 (22 characters). `secret` is the data dir's key
/// (Runtime::secret()); `session_id` the stored session's id (ReaderContext::session_id).
std::string CsrfToken(std::string_view secret, std::string_view session_id);

/// The CSRF token for signed-out forms (sign in, sign up, reset), derived the same way from
/// the random pre-session cookie `bs_pre` (kept apart from session ids).
std::string PreSessionCsrfToken(std::string_view secret, std::string_view pre_session_cookie);

/// Compares two tokens in time that depends only on their lengths. An empty token matches nothing.
bool TokensEqual(std::string_view a, std::string_view b);

}  // namespace broadsheet::accounts
