#include "accounts/credentials.h"

#include <sodium.h>

#include <algorithm>

namespace broadsheet::accounts {
namespace {

size_t Utf8Length(std::string_view text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool Sodium() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}

}  // namespace

Result<std::string> NormalizeEmail(std::string_view email) {
    size_t start = email.find_first_not_of(" \t\r\n");
    size_t end = email.find_last_not_of(" \t\r\n");
    std::string address =
        start == std::string_view::npos ? "" : std::string(email.substr(start, end - start + 1));
    const Error invalid =
        Fail(ErrorCode::kInvalidInput, "Enter an e-mail address like name@example.com.");
    if (address.empty() || address.size() > 254) return invalid;
    const size_t at = address.find('@');
    if (at == std::string::npos || at == 0 || at > 64 ||
        address.find('@', at + 1) != std::string::npos)
        return invalid;
    const std::string_view domain = std::string_view(address).substr(at + 1);
    const size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2 ||
        domain.find("..") != domain.npos || domain.front() == '-' || domain.front() == '.') {
        return invalid;
    }
    for (char& c : address) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f ||
            std::string_view("()<>,;:\\\"[]").find(c) != std::string_view::npos) {
            return invalid;
        }
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return address;
}

Result<void> CheckPassword(std::string_view password) {
    const size_t length = Utf8Length(password);
    if (length < kMinPasswordLength) {
        return Fail(
            ErrorCode::kInvalidInput,
            "Choose a password of at least " + std::to_string(kMinPasswordLength) + " characters.");
    }
    if (length > kMaxPasswordLength) {
        return Fail(
            ErrorCode::kInvalidInput,
            "Choose a password of at most " + std::to_string(kMaxPasswordLength) + " characters.");
    }
    return {};
}

Result<std::string> HashPassword(std::string_view password) {
    if (!Sodium()) return Fail(ErrorCode::kIo, "libsodium failed to initialise");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return Fail(ErrorCode::kIo, "out of memory hashing a password");
    }
    return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
    if (!Sodium() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string terminated(hash);  // crypto_pwhash_str_verify reads a C string.
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view hash) {
    if (!Sodium()) return false;
    const std::string terminated(hash);
    return crypto_pwhash_str_needs_rehash(terminated.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

}  // namespace broadsheet::accounts
