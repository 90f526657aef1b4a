// AccountService with a real (temporary) database, a fixed clock and an outbox that keeps
// what it is given.
#include <gtest/gtest.h>

#include <regex>

#include "accounts/account_service.h"
#include "mail/outbox.h"
#include "store/sqlite/sqlite_account_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::accounts {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using store::SessionKind;

Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }
constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z
constexpr const char* kPassword = "correct horse battery";
constexpr const char* kFirefox =
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";

class KeptOutbox final : public mail::Outbox {
public:
    std::vector<mail::Message> messages;
    std::vector<std::string> forgotten;
    Result<int64_t> Enqueue(const mail::Message& message) override {
        messages.push_back(message);
        return static_cast<int64_t>(messages.size());
    }
    Result<void> ForgetRecipient(std::string_view address) override {
        forgotten.emplace_back(address);
        return {};
    }
};

class AccountsTest : public ::testing::Test {
protected:
    AccountsTest() { Make({}); }

    void Make(DeviceLimit limit) {
        service_ = std::make_unique<AccountService>(
            AccountOptions{.site_name = "Broadsheet", .base_url = "https://news.example"}, store_,
            outbox_, clock_, std::move(limit));
    }

    // The token in the last link e-mailed to `to` with `path` ("/account/verify").
    std::string LinkToken(const std::string& to, const std::string& path) {
        for (auto it = outbox_.messages.rbegin(); it != outbox_.messages.rend(); ++it) {
            if (it->to != to) continue;
            std::smatch match;
            std::regex link("https://news\\.example" + path + "\\?token=([A-Za-z0-9_-]+)");
            if (std::regex_search(it->text, match, link)) return match[1];
        }
        ADD_FAILURE() << "no " << path << " link sent to " << to;
        return {};
    }

    ReaderId Verified(const std::string& email) {
        auto id = service_->AddReader(email, kPassword);
        EXPECT_TRUE(id.has_value()) << id.error().message;
        return id.value_or(ReaderId{});
    }

    SignInOutcome SignIn(const std::string& email, const std::string& password,
                         const std::string& ip = "198.51.100.7",
                         SessionKind kind = SessionKind::kSession) {
        auto outcome =
            service_->SignIn(SignInRequest{email, password, kFirefox, ip, kind, "Pixel 8"});
        EXPECT_TRUE(outcome.has_value()) << outcome.error().message;
        return outcome.value_or(SignInOutcome{});
    }

    store::sqlite::TestDatabase database_;
    store::sqlite::SqliteAccountStore store_{database_.pool()};
    KeptOutbox outbox_;
    FixedClock clock_{At(kNov16)};
    std::unique_ptr<AccountService> service_;
};

TEST_F(AccountsTest, SignUpMailsAVerificationLinkThatWorksOnce) {
    ASSERT_TRUE(service_->SignUp(" Ana@Example.com", kPassword, "198.51.100.7").has_value());
    ASSERT_EQ(outbox_.messages.size(), 1u);
    EXPECT_EQ(outbox_.messages[0].to, "ana@example.com");
    EXPECT_EQ(outbox_.messages[0].category, "accounts.verify");
    auto reader = store_.FindReaderByEmail("ana@example.com");
    ASSERT_TRUE(reader.has_value());
    EXPECT_FALSE(reader->reader.email_verified);
    EXPECT_NE(reader->password_hash.find("$argon2id$"), std::string::npos);

    const std::string token = LinkToken("ana@example.com", "/account/verify");
    auto confirmed = service_->ConfirmEmail(token);
    ASSERT_TRUE(confirmed.has_value()) << confirmed.error().message;
    EXPECT_EQ(confirmed->email, "ana@example.com");
    EXPECT_FALSE(confirmed->changed);
    EXPECT_TRUE(store_.FindReaderByEmail("ana@example.com")->reader.email_verified);
    EXPECT_EQ(service_->ConfirmEmail(token).error().code, ErrorCode::kGone);
    EXPECT_EQ(service_->ConfirmEmail("made-up").error().code, ErrorCode::kGone);
}

TEST_F(AccountsTest, AVerificationLinkExpiresAfterADay) {
    ASSERT_TRUE(service_->SignUp("ana@example.com", kPassword, "198.51.100.7").has_value());
    const std::string token = LinkToken("ana@example.com", "/account/verify");
    clock_.Set(At(kNov16) + hours(24));
    EXPECT_EQ(service_->ConfirmEmail(token).error().code, ErrorCode::kGone);
    // A fresh link can be asked for.
    auto reader = store_.FindReaderByEmail("ana@example.com")->reader.id;
    ASSERT_TRUE(service_->ResendVerification(reader).has_value());
    EXPECT_TRUE(
        service_->ConfirmEmail(LinkToken("ana@example.com", "/account/verify")).has_value());
}

TEST_F(AccountsTest, SignUpRefusesBadInputAndDoesNotTellTakenAddressesApart) {
    EXPECT_EQ(service_->SignUp("not-an-address", kPassword, "198.51.100.7").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_EQ(service_->SignUp("ana@example.com", "too short", "198.51.100.7").error().code,
              ErrorCode::kInvalidInput);
    EXPECT_TRUE(outbox_.messages.empty());

    Verified("ana@example.com");
    auto again = service_->SignUp("ana@example.com", "another password", "198.51.100.7");
    EXPECT_TRUE(again.has_value()) << "the same answer as for a new address";
    ASSERT_EQ(outbox_.messages.size(), 1u);
    EXPECT_EQ(outbox_.messages[0].category, "accounts.already-registered");
    EXPECT_NE(outbox_.messages[0].text.find("https://news.example/account/reset"),
              std::string::npos);
    EXPECT_EQ(SignIn("ana@example.com", "another password").status, SignInStatus::kBadCredentials)
        << "the password is unchanged";
}

TEST_F(AccountsTest, SignInErrorsSayTheSameForUnknownAddressesAndWrongPasswords) {
    Verified("ana@example.com");
    SignInOutcome wrong = SignIn("ana@example.com", "wrong password!");
    SignInOutcome unknown = SignIn("bob@example.com", kPassword);
    SignInOutcome malformed = SignIn("bob", kPassword);
    EXPECT_EQ(wrong.status, SignInStatus::kBadCredentials);
    EXPECT_EQ(unknown.status, SignInStatus::kBadCredentials);
    EXPECT_EQ(malformed.status, SignInStatus::kBadCredentials);
    EXPECT_EQ(wrong.message, unknown.message);
    EXPECT_FALSE(wrong.signed_in.has_value());

    SignInOutcome right = SignIn("ANA@example.com", kPassword);
    ASSERT_EQ(right.status, SignInStatus::kSignedIn);
    ASSERT_TRUE(right.signed_in.has_value());
    EXPECT_EQ(right.signed_in->token.size(), 43u);

    ASSERT_TRUE(store_.SetDisabled(right.signed_in->reader, true).has_value());
    EXPECT_EQ(SignIn("ana@example.com", kPassword).status, SignInStatus::kDisabled);
}

TEST_F(AccountsTest, SessionsResolveUntilRevokedOrIdleForThirtyDays) {
    ReaderId ana = Verified("ana@example.com");
    SignInOutcome in = SignIn("ana@example.com", kPassword);
    ASSERT_TRUE(in.signed_in.has_value());
    const std::string token = in.signed_in->token;

    auto resolved = service_->ResolveSession(token, At(kNov16 + 30));
    ASSERT_TRUE(resolved.has_value());
    ASSERT_TRUE(resolved->has_value());
    EXPECT_EQ((*resolved)->reader, ana);
    EXPECT_EQ((*resolved)->email, "ana@example.com");
    EXPECT_EQ((*resolved)->session, in.signed_in->session);
    EXPECT_EQ((*resolved)->kind, SessionKind::kSession);
    EXPECT_EQ(service_->ListDevices(ana)->front().last_seen, At(kNov16))
        << "touched at most once a minute";
    ASSERT_TRUE(service_->ResolveSession(token, At(kNov16 + 61))->has_value());
    EXPECT_EQ(service_->ListDevices(ana)->front().last_seen, At(kNov16 + 61));

    EXPECT_FALSE(service_->ResolveSession("", At(kNov16))->has_value());
    EXPECT_FALSE(service_->ResolveSession(token + "x", At(kNov16))->has_value());
    EXPECT_FALSE(service_->ResolveSession(std::string(5000, 'a'), At(kNov16))->has_value());

    // Idle for thirty days and a second: over.
    const Timestamp idle = At(kNov16 + 61) + std::chrono::days(30) + std::chrono::seconds(1);
    EXPECT_FALSE(service_->ResolveSession(token, idle)->has_value());

    ASSERT_TRUE(service_->SignOut(token).has_value());
    EXPECT_FALSE(service_->ResolveSession(token, At(kNov16 + 120))->has_value());
}

TEST_F(AccountsTest, ADisabledReadersSessionsStopWorking) {
    ReaderId ana = Verified("ana@example.com");
    const std::string token = SignIn("ana@example.com", kPassword).signed_in->token;
    ASSERT_TRUE(store_.SetDisabled(ana, true).has_value());
    EXPECT_FALSE(service_->ResolveSession(token, At(kNov16))->has_value());
}

TEST_F(AccountsTest, TheDeviceLimitShowsTheDevicesAndLetsTheReaderReplaceOne) {
    Make([](ReaderId) { return 2; });
    ReaderId ana = Verified("ana@example.com");
    SignInOutcome first = SignIn("ana@example.com", kPassword);
    clock_.Set(At(kNov16 + 100));
    SignInOutcome second =
        SignIn("ana@example.com", kPassword, "198.51.100.8", SessionKind::kApiToken);
    ASSERT_EQ(first.status, SignInStatus::kSignedIn);
    ASSERT_EQ(second.status, SignInStatus::kSignedIn) << "API tokens are devices too";

    SignInOutcome third = SignIn("ana@example.com", kPassword);
    ASSERT_EQ(third.status, SignInStatus::kDeviceLimit);
    EXPECT_FALSE(third.signed_in.has_value());
    EXPECT_EQ(third.device_limit, 2);
    ASSERT_EQ(third.devices.size(), 2u);
    EXPECT_EQ(third.devices[0].name, "Firefox on Linux");
    EXPECT_EQ(third.devices[0].first_seen, At(kNov16));
    EXPECT_EQ(third.devices[1].name, "App: Pixel 8");
    EXPECT_EQ(third.devices[1].kind, SessionKind::kApiToken);
    EXPECT_NE(third.message.find("2 devices"), std::string::npos) << third.message;
    ASSERT_FALSE(third.device_ticket.empty());

    const SignInRequest here{"", "", kFirefox, "198.51.100.9", SessionKind::kSession, ""};
    auto replaced = service_->SignInReplacing(third.device_ticket, third.devices[0].id, here);
    ASSERT_TRUE(replaced.has_value());
    ASSERT_EQ(replaced->status, SignInStatus::kSignedIn) << replaced->message;
    EXPECT_FALSE(service_->ResolveSession(first.signed_in->token, clock_.Now())->has_value())
        << "signed out";
    EXPECT_TRUE(service_->ResolveSession(replaced->signed_in->token, clock_.Now())->has_value());
    EXPECT_EQ(service_->ListDevices(ana)->size(), 2u);

    auto reused = service_->SignInReplacing(third.device_ticket, third.devices[1].id, here);
    ASSERT_TRUE(reused.has_value());
    EXPECT_NE(reused->status, SignInStatus::kSignedIn) << "a ticket works once";
    EXPECT_TRUE(service_->ResolveSession(second.signed_in->token, clock_.Now())->has_value());

    // A ticket lasts ten minutes.
    SignInOutcome fourth = SignIn("ana@example.com", kPassword);
    ASSERT_EQ(fourth.status, SignInStatus::kDeviceLimit);
    clock_.Set(clock_.Now() + minutes(10));
    EXPECT_NE(service_->SignInReplacing(fourth.device_ticket, fourth.devices[0].id, here)->status,
              SignInStatus::kSignedIn);
}

TEST_F(AccountsTest, WithoutAHookEveryReaderHasThreeDevices) {
    Verified("ana@example.com");
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(SignIn("ana@example.com", kPassword).status, SignInStatus::kSignedIn);
    EXPECT_EQ(SignIn("ana@example.com", kPassword).status, SignInStatus::kDeviceLimit);
    EXPECT_EQ(service_->DeviceLimitOf(ReaderId{1}), kDefaultDeviceLimit);
}

TEST_F(AccountsTest, SigningOutOneOrAllDevices) {
    ReaderId ana = Verified("ana@example.com");
    ReaderId bob = Verified("bob@example.com");
    SignInOutcome a1 = SignIn("ana@example.com", kPassword);
    SignInOutcome a2 = SignIn("ana@example.com", kPassword);
    SignInOutcome b1 = SignIn("bob@example.com", kPassword);
    EXPECT_FALSE(*service_->SignOutDevice(ana, b1.signed_in->session)) << "not hers";
    EXPECT_TRUE(*service_->SignOutDevice(ana, a1.signed_in->session));
    EXPECT_EQ(service_->ListDevices(ana)->size(), 1u);
    EXPECT_EQ(*service_->SignOutAll(ana), 1);
    EXPECT_FALSE(service_->ResolveSession(a2.signed_in->token, clock_.Now())->has_value());
    EXPECT_TRUE(service_->ResolveSession(b1.signed_in->token, clock_.Now())->has_value());
    EXPECT_EQ(service_->ListDevices(bob)->size(), 1u);
}

TEST_F(AccountsTest, APasswordResetLinkWorksOnceWithinTheHourAndSignsEverythingOut) {
    Verified("ana@example.com");
    const std::string old_session = SignIn("ana@example.com", kPassword).signed_in->token;
    ASSERT_TRUE(service_->RequestPasswordReset("ana@example.com", "198.51.100.7").has_value());
    const std::string token = LinkToken("ana@example.com", "/account/reset");

    EXPECT_EQ(service_->ResetPassword(token, "short").error().code, ErrorCode::kInvalidInput);
    ASSERT_TRUE(service_->ResetPassword(token, "a brand new password").has_value())
        << "a bad try keeps the link";
    EXPECT_EQ(service_->ResetPassword(token, "yet another password").error().code,
              ErrorCode::kGone);
    EXPECT_FALSE(service_->ResolveSession(old_session, clock_.Now())->has_value());
    EXPECT_EQ(SignIn("ana@example.com", kPassword).status, SignInStatus::kBadCredentials);
    EXPECT_EQ(SignIn("ana@example.com", "a brand new password").status, SignInStatus::kSignedIn);
    EXPECT_EQ(outbox_.messages.back().category, "accounts.password-changed");

    ASSERT_TRUE(service_->RequestPasswordReset("ana@example.com", "198.51.100.7").has_value());
    const std::string late = LinkToken("ana@example.com", "/account/reset");
    clock_.Set(clock_.Now() + hours(1));
    EXPECT_EQ(service_->ResetPassword(late, "a third new password").error().code, ErrorCode::kGone);
}

TEST_F(AccountsTest, AResetForAnUnknownAddressAnswersTheSameAndSendsNothing) {
    EXPECT_TRUE(service_->RequestPasswordReset("nobody@example.com", "198.51.100.7").has_value());
    EXPECT_TRUE(outbox_.messages.empty());
}

TEST_F(AccountsTest, AResetVerifiesTheAddress) {
    ASSERT_TRUE(service_->SignUp("ana@example.com", kPassword, "198.51.100.7").has_value());
    ASSERT_TRUE(service_->RequestPasswordReset("ana@example.com", "198.51.100.7").has_value());
    ASSERT_TRUE(service_->ResetPassword(LinkToken("ana@example.com", "/account/reset"),
                                        "a brand new password"));
    EXPECT_TRUE(store_.FindReaderByEmail("ana@example.com")->reader.email_verified);
}

TEST_F(AccountsTest, ChangingTheAddressNeedsTheNewOneConfirmed) {
    ReaderId ana = Verified("ana@example.com");
    EXPECT_EQ(
        service_->RequestEmailChange(ana, "wrong password!", "ana@new.example", "198.51.100.7")
            .error()
            .code,
        ErrorCode::kForbidden);
    ASSERT_TRUE(service_->RequestEmailChange(ana, kPassword, "Ana@New.example", "198.51.100.7")
                    .has_value());
    ASSERT_EQ(outbox_.messages.size(), 2u);
    EXPECT_EQ(outbox_.messages[0].to, "ana@new.example");
    EXPECT_EQ(outbox_.messages[1].to, "ana@example.com") << "the old address is told";
    EXPECT_NE(outbox_.messages[1].text.find("ana@new.example"), std::string::npos);
    // The old address works until the new one is confirmed.
    EXPECT_EQ(service_->FindReader(ana)->email, "ana@example.com");
    EXPECT_EQ(SignIn("ana@example.com", kPassword).status, SignInStatus::kSignedIn);

    const std::string token = LinkToken("ana@new.example", "/account/verify");
    auto confirmed = service_->ConfirmEmail(token);
    ASSERT_TRUE(confirmed.has_value()) << confirmed.error().message;
    EXPECT_TRUE(confirmed->changed);
    EXPECT_EQ(service_->FindReader(ana)->email, "ana@new.example");
    EXPECT_TRUE(service_->FindReader(ana)->email_verified);
    EXPECT_EQ(SignIn("ana@new.example", kPassword).status, SignInStatus::kSignedIn);
    EXPECT_EQ(service_->ConfirmEmail(token).error().code, ErrorCode::kGone);
}

TEST_F(AccountsTest, ChangingToATakenAddressTellsOnlyItsOwner) {
    ReaderId ana = Verified("ana@example.com");
    Verified("bob@example.com");
    ASSERT_TRUE(service_->RequestEmailChange(ana, kPassword, "bob@example.com", "198.51.100.7")
                    .has_value());
    ASSERT_EQ(outbox_.messages.size(), 1u);
    EXPECT_EQ(outbox_.messages[0].to, "bob@example.com");
    EXPECT_EQ(outbox_.messages[0].category, "accounts.email-taken");
    EXPECT_EQ(service_->FindReader(ana)->email, "ana@example.com");

    // Taken between the request and the confirmation: refused, nothing changes.
    ASSERT_TRUE(
        service_->RequestEmailChange(ana, kPassword, "cy@example.com", "198.51.100.7").has_value());
    const std::string token = LinkToken("cy@example.com", "/account/verify");
    Verified("cy@example.com");
    EXPECT_EQ(service_->ConfirmEmail(token).error().code, ErrorCode::kConflict);
    EXPECT_EQ(service_->FindReader(ana)->email, "ana@example.com");
}

TEST_F(AccountsTest, DeletingAnAccountNeedsThePasswordAndKeepsNothing) {
    ReaderId ana = Verified("ana@example.com");
    const std::string token = SignIn("ana@example.com", kPassword).signed_in->token;
    EXPECT_EQ(service_->DeleteAccount(ana, "wrong password!", "198.51.100.7").error().code,
              ErrorCode::kForbidden);
    ASSERT_TRUE(service_->DeleteAccount(ana, kPassword, "198.51.100.7").has_value());
    EXPECT_EQ(service_->FindReader(ana).error().code, ErrorCode::kNotFound);
    EXPECT_FALSE(service_->ResolveSession(token, clock_.Now())->has_value());
    EXPECT_EQ(store_.FindReaderByEmail("ana@example.com").error().code, ErrorCode::kNotFound);
    ASSERT_EQ(outbox_.forgotten.size(), 1u);
    EXPECT_EQ(outbox_.forgotten[0], "ana@example.com");
    EXPECT_EQ(outbox_.messages.back().category, "accounts.deleted");
    // The address can sign up afresh.
    EXPECT_TRUE(service_->SignUp("ana@example.com", kPassword, "198.51.100.7").has_value());
    EXPECT_EQ(outbox_.messages.back().category, "accounts.verify");
}

TEST_F(AccountsTest, ApiTokensAreDevicesAndRevocable) {
    ReaderId ana = Verified("ana@example.com");
    SignInOutcome app =
        SignIn("ana@example.com", kPassword, "198.51.100.7", SessionKind::kApiToken);
    ASSERT_EQ(app.status, SignInStatus::kSignedIn);
    auto resolved = service_->ResolveSession(app.signed_in->token, clock_.Now());
    ASSERT_TRUE(resolved->has_value());
    EXPECT_EQ((*resolved)->kind, SessionKind::kApiToken);
    auto devices = service_->ListDevices(ana);
    ASSERT_EQ(devices->size(), 1u);
    EXPECT_EQ((*devices)[0].name, "App: Pixel 8");
    ASSERT_TRUE(service_->SignOut(app.signed_in->token).has_value());
    EXPECT_FALSE(service_->ResolveSession(app.signed_in->token, clock_.Now())->has_value());
    EXPECT_TRUE(service_->ListDevices(ana)->empty());
}

TEST_F(AccountsTest, TooManyFailedSignInsAreRateLimitedPerAccount) {
    Verified("ana@example.com");
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(
            SignIn("ana@example.com", "wrong password!", "198.51.100." + std::to_string(i)).status,
            SignInStatus::kBadCredentials);
    }
    SignInOutcome limited = SignIn("ana@example.com", kPassword, "198.51.100.99");
    EXPECT_EQ(limited.status, SignInStatus::kRateLimited)
        << "even with the right password, from elsewhere";
    EXPECT_EQ(limited.message, "Too many attempts; try again in 15 minutes.");
    EXPECT_EQ(limited.retry_after, std::chrono::minutes(15));
    EXPECT_EQ(SignIn("bob@example.com", "wrong password!", "198.51.100.99").status,
              SignInStatus::kBadCredentials)
        << "other accounts are not affected";
    clock_.Set(At(kNov16) + minutes(15));
    EXPECT_EQ(SignIn("ana@example.com", kPassword).status, SignInStatus::kSignedIn);
    // A success clears the account's failures.
    for (int i = 0; i < 4; ++i) SignIn("ana@example.com", "wrong password!", "198.51.100.50");
    EXPECT_EQ(SignIn("ana@example.com", kPassword, "198.51.100.51").status,
              SignInStatus::kSignedIn);
}

TEST_F(AccountsTest, TooManyFailuresFromOneAddressAreRateLimitedPerIp) {
    for (int i = 0; i < 30; ++i)
        SignIn("user" + std::to_string(i) + "@example.com", "wrong password!", "203.0.113.5");
    EXPECT_EQ(SignIn("someone@example.com", "wrong password!", "203.0.113.5").status,
              SignInStatus::kRateLimited);
    EXPECT_EQ(SignIn("someone@example.com", "wrong password!", "203.0.113.6").status,
              SignInStatus::kBadCredentials);
}

TEST_F(AccountsTest, SignUpsAndResetsAreRateLimited) {
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(service_->RequestPasswordReset("ana@example.com", "198.51.100.7"));
    auto limited = service_->RequestPasswordReset("ana@example.com", "198.51.100.8");
    ASSERT_FALSE(limited.has_value());
    EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
    EXPECT_NE(limited.error().message.find("Too many attempts; try again in"), std::string::npos);

    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(service_->SignUp("bob@example.com", kPassword, "198.51.100.9"));
    EXPECT_EQ(service_->SignUp("bob@example.com", kPassword, "198.51.100.10").error().code,
              ErrorCode::kRateLimited);
}

}  // namespace
}  // namespace broadsheet::accounts
