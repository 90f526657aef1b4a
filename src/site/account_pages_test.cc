// The account pages' request helpers: where a reader may be sent back to, which address a
// request came from, and how a session cookie becomes a ReaderContext.
#include "site/account_pages.h"

#include <gtest/gtest.h>

#include "accounts/account_service.h"
#include "accounts/tokens.h"
#include "mail/outbox.h"
#include "store/sqlite/sqlite_account_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::site {
namespace {

TEST(SafeNextPathTest, KeepsPathsOnThisSiteOnly) {
    struct Case {
        const char* next;
        const char* safe;
    };
    constexpr Case kCases[] = {
        {"/account/devices", "/account/devices"},
        {"/world/a-story-12?x=1#top", "/world/a-story-12?x=1#top"},
        {"", "/account"},
        {"https://evil.example/", "/account"},
        {"//evil.example/", "/account"},
        {"/\\evil.example/", "/account"},
        {"javascript:alert(1)", "/account"},
        {"account", "/account"},
        {"/a\r\nSet-Cookie: x=1", "/account"},
        {"/a\\b", "/account"},
    };
    for (const Case& c : kCases) EXPECT_EQ(SafeNextPath(c.next), c.safe) << c.next;
}

TEST(ClientAddressTest, TrustsForwardedForOnlyFromALoopbackProxy) {
    http::Request direct;
    direct.remote_address = "203.0.113.9";
    direct.headers = {{"X-Forwarded-For", "198.51.100.1"}};
    EXPECT_EQ(ClientAddress(direct), "203.0.113.9") << "a client cannot pick its own address";

    http::Request proxied;
    proxied.remote_address = "127.0.0.1";
    proxied.headers = {{"X-Forwarded-For", "10.0.0.1, 198.51.100.7"}};
    EXPECT_EQ(ClientAddress(proxied), "198.51.100.7") << "the entry our proxy added";
    proxied.headers.clear();
    EXPECT_EQ(ClientAddress(proxied), "127.0.0.1");
}

class NoMail final : public mail::Outbox {
public:
    Result<int64_t> Enqueue(const mail::Message&) override { return 1; }
    Result<void> ForgetRecipient(std::string_view) override { return {}; }
};

TEST(ResolveAccountTest, ASessionCookieMakesASignedInReader) {
    store::sqlite::TestDatabase database;
    store::sqlite::SqliteAccountStore store(database.pool());
    NoMail outbox;
    FixedClock clock(Timestamp{std::chrono::seconds{1731752820}});
    accounts::AccountService service({}, store, outbox, clock);
    const std::string secret(32, 's');
    ASSERT_TRUE(service.AddReader("ana@example.com", "correct horse battery").has_value());
    auto in = service.SignIn(
        {"ana@example.com", "correct horse battery", "", "", store::SessionKind::kSession, ""});
    ASSERT_TRUE(in.has_value() && in->signed_in.has_value());

    http::Request request;
    request.headers = {{"Cookie", "a=b; bs_session=" + in->signed_in->token}};
    ReaderContext reader = ResolveAccount(request, service, secret);
    ASSERT_TRUE(reader.reader_id.has_value());
    EXPECT_EQ(reader.email, "ana@example.com");
    EXPECT_EQ(reader.session_id, std::to_string(in->signed_in->session.value));
    EXPECT_EQ(reader.csrf_token, accounts::CsrfToken(secret, reader.session_id));
    EXPECT_EQ(reader.cache_class, "reader");
    EXPECT_FALSE(reader.shared_cacheable);

    request.headers = {{"Cookie", "bs_session=made-up"}};
    EXPECT_FALSE(ResolveAccount(request, service, secret).reader_id.has_value());
    request.headers.clear();
    ReaderContext visitor = ResolveAccount(request, service, secret);
    EXPECT_FALSE(visitor.reader_id.has_value());
    EXPECT_EQ(visitor.cache_class, "anonymous");

    // An app's token is not a cookie.
    auto app = service.SignIn(
        {"ana@example.com", "correct horse battery", "", "", store::SessionKind::kApiToken, "app"});
    request.headers = {{"Cookie", "bs_session=" + app->signed_in->token}};
    EXPECT_FALSE(ResolveAccount(request, service, secret).reader_id.has_value());
}

}  // namespace
}  // namespace broadsheet::site
