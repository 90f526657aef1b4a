// The pieces accounts are made of: address and password rules, argon2id hashing, tokens
// and CSRF, the rate limiter, device names.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "accounts/credentials.h"
#include "accounts/rate_limiter.h"
#include "accounts/tokens.h"
#include "accounts/user_agent.h"

namespace broadsheet::accounts {
namespace {

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

TEST(CredentialsTest, NormalizesAddressesAndRejectsMalformedOnes) {
    EXPECT_EQ(*NormalizeEmail("  Ana.Lima+news@Example.COM "), "ana.lima+news@example.com");
    EXPECT_EQ(*NormalizeEmail("o'brien@mail.example.ie"), "o'brien@mail.example.ie");
    const char* kBad[] = {"",
                          "ana",
                          "@example.com",
                          "ana@",
                          "ana@example",
                          "ana@@example.com",
                          "ana@.example.com",
                          "ana lima@example.com",
                          "ana@example..com",
                          "<ana@example.com>",
                          "ana@example.c",
                          "a@b@example.com",
                          "ana\r\n@example.com",
                          "ana@example.com,bob@example.com"};
    for (const char* bad : kBad) {
        auto result = NormalizeEmail(bad);
        EXPECT_FALSE(result.has_value()) << bad;
        if (!result) {
            EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
        }
    }
    EXPECT_FALSE(NormalizeEmail(std::string(65, 'a') + "@example.com").has_value())
        << "local part over 64";
    EXPECT_FALSE(NormalizeEmail("a@" + std::string(250, 'b') + ".com").has_value()) << "over 254";
}

TEST(CredentialsTest, PasswordsHaveTenToTwoHundredCharacters) {
    EXPECT_FALSE(CheckPassword("short").has_value());
    EXPECT_FALSE(CheckPassword("123456789").has_value());
    EXPECT_TRUE(CheckPassword("1234567890").has_value());
    EXPECT_TRUE(CheckPassword("éééééééééé").has_value()) << "characters, not bytes";
    EXPECT_FALSE(CheckPassword("ééééé").has_value()) << "10 bytes but 5 characters";
    EXPECT_TRUE(CheckPassword(std::string(200, 'x')).has_value());
    auto too_long = CheckPassword(std::string(201, 'x'));
    ASSERT_FALSE(too_long.has_value());
    EXPECT_NE(too_long.error().message.find("at most 200"), std::string::npos);
}

TEST(CredentialsTest, HashesWithArgon2idQuicklyEnough) {
    const auto start = std::chrono::steady_clock::now();
    auto hash = HashPassword("correct horse battery");
    const auto hashed = std::chrono::steady_clock::now();
    ASSERT_TRUE(hash.has_value());
    EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
    EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
    const auto verified = std::chrono::steady_clock::now();
    EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
    EXPECT_FALSE(VerifyPassword("", "anything"));
    EXPECT_FALSE(VerifyPassword("not a hash", "anything"));
    EXPECT_NE(*HashPassword("correct horse battery"), *hash) << "salted";
    EXPECT_FALSE(PasswordNeedsRehash(*hash));
    // A hash made with weaker limits is upgraded at the next sign-in.
    EXPECT_TRUE(
        PasswordNeedsRehash("$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                            "5zXJGyTWzmHHo9u8ZFdvfMtSsFfjv5zr6IBwLw9Gvn8"));
    // A sign-in must stay well under half a second.
    EXPECT_LT(hashed - start, std::chrono::milliseconds(400));
    EXPECT_LT(verified - hashed, std::chrono::milliseconds(400));
}

TEST(TokensTest, RandomTokensAreUrlSafeAndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        std::string token = RandomToken();
        EXPECT_EQ(token.size(), 43u);
        EXPECT_EQ(token.find_first_not_of(
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos);
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(TokensTest, OnlyTheHashOfATokenIsKept) {
    EXPECT_EQ(
        TokenHash("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // SHA-256("abc")
    EXPECT_NE(TokenHash("abd"), TokenHash("abc"));
}

TEST(TokensTest, CsrfTokensAreBoundToTheSecretAndTheSession) {
    const std::string secret(32, 'k');
    const std::string token = CsrfToken(secret, "42");
    EXPECT_EQ(token.size(), 22u);
    EXPECT_EQ(token, CsrfToken(secret, "42")) << "stable for a session";
    EXPECT_NE(token, CsrfToken(secret, "43"));
    EXPECT_NE(token, CsrfToken(std::string(32, 'j'), "42"));
    EXPECT_NE(token, PreSessionCsrfToken(secret, "42")) << "pre-session tokens are another family";
    EXPECT_TRUE(TokensEqual(token, CsrfToken(secret, "42")));
    EXPECT_FALSE(TokensEqual(token, CsrfToken(secret, "43")));
    EXPECT_FALSE(TokensEqual(token, token.substr(1)));
    EXPECT_FALSE(TokensEqual("", "")) << "a missing token never matches";
}

TEST(RateLimiterTest, CountsWithinASlidingWindow) {
    RateLimiter limiter;
    const RateLimit limit{5, std::chrono::minutes(15)};
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(limiter.RetryAfter("k", limit, At(1000 + i)).count(), 0) << i;
        limiter.Record("k", limit, At(1000 + i));
    }
    // The sixth must wait until the first leaves the window: 1000 + 900 - 1010.
    EXPECT_EQ(limiter.RetryAfter("k", limit, At(1010)).count(), 890);
    EXPECT_EQ(limiter.RetryAfter("other", limit, At(1010)).count(), 0) << "keys are separate";
    EXPECT_EQ(limiter.RetryAfter("k", limit, At(1900)).count(), 0);
    limiter.Clear("k");
    EXPECT_EQ(limiter.RetryAfter("k", limit, At(1010)).count(), 0);
}

TEST(RateLimiterTest, StaysBoundedInMemory) {
    RateLimiter limiter(100);
    const RateLimit limit{1, std::chrono::seconds(60)};
    for (int i = 0; i < 1000; ++i) limiter.Record("key " + std::to_string(i), limit, At(i));
    limiter.Record("last", limit, At(2000));
    EXPECT_GT(limiter.RetryAfter("last", limit, At(2000)).count(), 0);
}

TEST(RateLimiterTest, SaysHowManyMinutes) {
    EXPECT_EQ(TooManyAttemptsMessage(std::chrono::seconds(890)),
              "Too many attempts; try again in 15 minutes.");
    EXPECT_EQ(TooManyAttemptsMessage(std::chrono::seconds(5)),
              "Too many attempts; try again in 1 minute.");
}

TEST(UserAgentTest, NamesCommonBrowsersAndSystems) {
    struct Case {
        const char* user_agent;
        const char* name;
    };
    constexpr Case kCases[] = {
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 "
         "Safari/537.36",
         "Chrome on Windows"},
        {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 "
         "Safari/537.36 Edg/131.0.0.0",
         "Edge on Windows"},
        {"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
         "Firefox on Linux"},
        {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/18.1 "
         "Safari/605.1.15",
         "Safari on macOS"},
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
         "Gecko) "
         "Version/18.1 Mobile/15E148 Safari/604.1",
         "Safari on iPhone"},
        {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
         "Gecko) "
         "CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
         "Chrome on iPhone"},
        {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0.0.0 Mobile "
         "Safari/537.36",
         "Chrome on Android"},
        {"curl/7.88.1", "Unknown browser"},
        {"", "Unknown browser"},
    };
    for (const Case& c : kCases) EXPECT_EQ(DeviceName(c.user_agent), c.name) << c.user_agent;
}

}  // namespace
}  // namespace broadsheet::accounts
