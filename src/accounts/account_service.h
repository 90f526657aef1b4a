#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/rate_limiter.h"
#include "core/reader.h"
#include "core/result.h"
#include "core/time.h"
#include "store/account_store.h"

namespace broadsheet::mail {
class Outbox;
}  // namespace broadsheet::mail

namespace broadsheet::accounts {

/// How accounts behave. The defaults are the documented ones (docs/accounts.md).
struct AccountOptions {
    std::string site_name = "Broadsheet";  ///< Named in e-mails.
    std::string base_url;                  ///< Links in e-mails start with it; no trailing slash.
    std::chrono::seconds verify_link_lifetime = std::chrono::hours(24);
    std::chrono::seconds reset_link_lifetime = std::chrono::hours(1);
    std::chrono::seconds change_email_link_lifetime = std::chrono::hours(24);
    /// How long, after a correct password at the device limit, the reader may pick a device
    /// to sign out.
    std::chrono::seconds device_ticket_lifetime = std::chrono::minutes(10);
    /// A session unused this long is over (and no longer counts as a device).
    std::chrono::seconds session_idle_limit = std::chrono::days(30);
    /// last_seen is written at most this often per session.
    std::chrono::seconds touch_interval = std::chrono::minutes(1);
    /// Per e-mail address: failed sign-ins (and wrong passwords on other forms), sign-ups
    /// and reset requests.
    RateLimit per_account{5, std::chrono::minutes(15)};
    /// Per client address, the same actions.
    RateLimit per_ip{30, std::chrono::minutes(15)};
};

/// The most devices (browser sessions plus API tokens) a reader may have signed in at once:
/// the billing side answers with the reader's plan's max_devices. Must be thread-safe.
using DeviceLimit = std::function<int(ReaderId)>;
/// The device limit for every reader when no DeviceLimit is given.
inline constexpr int kDefaultDeviceLimit = 3;

/// One signed-in device, for the devices page.
struct Device {
    store::SessionId id;
    store::SessionKind kind = store::SessionKind::kSession;
    std::string name;  ///< "Chrome on Windows"; "App: Pixel 8" for API tokens.
    std::string ip;
    Timestamp first_seen;
    Timestamp last_seen;
};

/// A new session: its secret token goes to the browser (cookie) or app (bearer) once and
/// is never stored.
struct SignedIn {
    std::string token;
    store::SessionId session;
    ReaderId reader;
};

/// How a sign-in went.
enum class SignInStatus {
    kSignedIn,        ///< `signed_in` is set.
    kBadCredentials,  ///< Unknown address or wrong password (the reader is not told which).
    kDisabled,        ///< The right password for a disabled account.
    kRateLimited,     ///< Too many failures lately; `retry_after`.
    kDeviceLimit,     ///< The right password, but every device place is taken: see `devices`.
};

struct SignInOutcome {
    SignInStatus status = SignInStatus::kBadCredentials;
    std::optional<SignedIn> signed_in;
    std::string message;  ///< For the reader, when not signed in.
    std::chrono::seconds retry_after{0};
    /// kDeviceLimit: the reader's devices, the limit, and a ticket (single use, 10 minutes)
    /// that SignInReplacing takes to sign one of them out and this one in.
    std::vector<Device> devices;
    int device_limit = 0;
    std::string device_ticket;
};

/// What a sign-in is for.
struct SignInRequest {
    std::string email;
    std::string password;
    std::string user_agent;
    std::string ip;
    store::SessionKind kind = store::SessionKind::kSession;
    std::string device_name;  ///< For API tokens: "Pixel 8".
};

/// A live session found by its token.
struct ResolvedSession {
    ReaderId reader;
    std::string email;
    store::SessionId session;
    store::SessionKind kind = store::SessionKind::kSession;
};

/// What following an e-mail link confirmed.
struct ConfirmedEmail {
    ReaderId reader;
    std::string email;
    bool changed = false;  ///< A change of address (else a first verification).
};

/// Readers' accounts: sign-up with e-mail verification, sign-in with a device limit,
/// sessions as devices, password reset, change of address, deletion and API tokens. Mail
/// goes through the outbox. Knows nothing of HTTP: the pages pass in what they read from
/// requests (address, User-Agent). Thread-safe.
///
/// Answers never reveal whether an address has an account: sign-up, reset and change of
/// address say the same either way and e-mail the address's owner instead.
class AccountService final {
public:
    /// `store`, `outbox` and `clock` are not owned and must outlive the service.
    /// Without `device_limit`, every reader may have kDefaultDeviceLimit devices.
    AccountService(AccountOptions options, store::AccountStore& store, mail::Outbox& outbox,
                   const Clock& clock, DeviceLimit device_limit = {});

    /// Creates an unverified account and e-mails a verification link (24 h); for an address
    /// that has an account, e-mails its owner instead and answers the same. kInvalidInput
    /// for a malformed address or a password of the wrong length; kRateLimited.
    Result<void> SignUp(std::string_view email, std::string_view password, std::string_view ip);
    /// Creates a verified account without mail (operators, demo data). kConflict when taken.
    Result<ReaderId> AddReader(std::string_view email, std::string_view password);
    /// Follows a verification or change-of-address link (single use). kGone when it expired
    /// or was used; kConflict when the new address was taken meanwhile.
    Result<ConfirmedEmail> ConfirmEmail(std::string_view link_token);
    /// E-mails a fresh verification link to an unverified reader.
    Result<void> ResendVerification(ReaderId reader);

    /// Checks the password and opens a session within the reader's device limit. Errors are
    /// only for store failures: refusals are outcomes.
    Result<SignInOutcome> SignIn(const SignInRequest& request);
    /// After kDeviceLimit: signs out `replace` (one of the reader's devices) and signs this
    /// one in, given the outcome's `device_ticket`. `request` says what this device is (its
    /// email and password are not used).
    Result<SignInOutcome> SignInReplacing(std::string_view device_ticket, store::SessionId replace,
                                          const SignInRequest& request);
    /// Ends the session (or revokes the API token) whose token this is; nothing if none.
    Result<void> SignOut(std::string_view token);
    /// Signs out one of the reader's devices; false when it is not theirs or already out.
    Result<bool> SignOutDevice(ReaderId reader, store::SessionId session);
    /// Signs out every device of the reader, API tokens included; returns how many.
    Result<int> SignOutAll(ReaderId reader);
    /// The reader's live devices, first signed in first.
    Result<std::vector<Device>> ListDevices(ReaderId reader) const;

    /// The live session whose token this is, at `now`: not revoked, its reader not
    /// disabled, used within the idle limit. nullopt otherwise (a malformed token too).
    /// Updates last_seen at most once a minute.
    Result<std::optional<ResolvedSession>> ResolveSession(std::string_view token,
                                                          Timestamp now) const;

    /// E-mails a reset link (1 h) if the address has an account; answers the same either
    /// way. kRateLimited.
    Result<void> RequestPasswordReset(std::string_view email, std::string_view ip);
    /// Sets a new password with a reset link (single use), verifies the address (the link
    /// proved it), signs out every device and tells the reader by e-mail. kInvalidInput for
    /// a password of the wrong length (the link stays usable); kGone for a used or expired link.
    Result<void> ResetPassword(std::string_view link_token, std::string_view new_password);

    /// Starts a change of address: checks the password, e-mails a link (24 h) to the new
    /// address and a notice to the old one. The old address keeps working until the link is
    /// followed. kForbidden for a wrong password; kInvalidInput; kRateLimited.
    Result<void> RequestEmailChange(ReaderId reader, std::string_view password,
                                    std::string_view new_email, std::string_view ip);
    /// Deletes the account after checking the password: the reader, their sessions, links
    /// and sent mail go; a goodbye e-mail is queued. kForbidden for a wrong password.
    Result<void> DeleteAccount(ReaderId reader, std::string_view password, std::string_view ip);

    Result<Reader> FindReader(ReaderId reader) const;
    Result<std::vector<Reader>> ListReaders() const;
    /// The reader's device limit (the DeviceLimit hook, else the default; at least 1).
    int DeviceLimitOf(ReaderId reader) const;
    /// The clock the service reads (for ResolveSession's `now` in request handlers).
    const Clock& clock() const { return clock_; }

private:
    /// kRateLimited when `ip` or `account` is over its limit for `action`.
    Result<void> CheckRate(std::string_view action, std::string_view account,
                           std::string_view ip) const;
    void CountAttempt(std::string_view action, std::string_view account, std::string_view ip);
    /// Checks a signed-in reader's password for a sensitive change, counting failures.
    Result<store::ReaderRecord> CheckPasswordOf(ReaderId reader, std::string_view password,
                                                std::string_view ip);
    Result<std::string> NewLink(ReaderId reader, store::LinkPurpose purpose,
                                std::chrono::seconds lifetime, std::string new_email = {});
    /// Opens a session within the limit, or fills the outcome with the devices and a ticket.
    Result<SignInOutcome> OpenSession(ReaderId reader, const SignInRequest& request);
    Result<void> Send(std::string to, std::string subject, std::string text, std::string category);
    Timestamp LiveSince() const { return clock_.Now() - options_.session_idle_limit; }

    const AccountOptions options_;
    store::AccountStore& store_;  // Not owned; outlives *this.
    mail::Outbox& outbox_;        // Not owned.
    const Clock& clock_;          // Not owned.
    const DeviceLimit device_limit_;
    std::string dummy_hash_;  // Verified against for unknown addresses, so they take as long.
    mutable RateLimiter limiter_;
};

}  // namespace broadsheet::accounts
