#include "accounts/tokens.h"

#include <sodium.h>

#include "core/check.h"

namespace broadsheet::accounts {
namespace {

void InitSodium() {
    static const bool ready = sodium_init() >= 0;
    CHECK(ready);
}

std::string Base64Url(const unsigned char* bytes, size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                    '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    return out;
}

// HMAC-SHA256(secret, purpose NUL value), truncated to 16 bytes.
std::string Mac(std::string_view secret, std::string_view purpose, std::string_view value) {
    InitSodium();
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                                secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(purpose.data()),
                                  purpose.size());
    const unsigned char separator = 0;
    crypto_auth_hmacsha256_update(&state, &separator, 1);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(value.data()),
                                  value.size());
    crypto_auth_hmacsha256_final(&state, mac);
    return Base64Url(mac, 16);
}

}  // namespace

std::string RandomToken(size_t bytes) {
    InitSodium();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    return Base64Url(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string TokenHash(std::string_view token) {
    InitSodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    std::string hex(sizeof digest * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
    hex.pop_back();
    return hex;
}

std::string CsrfToken(std::string_view secret, std::string_view session_id) {
    return Mac(secret, "csrf-session", session_id);
}

std::string PreSessionCsrfToken(std::string_view secret, std::string_view pre_session_cookie) {
    return Mac(secret, "csrf-pre-session", pre_session_cookie);
}

bool TokensEqual(std::string_view a, std::string_view b) {
    if (a.empty() || a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace broadsheet::accounts
