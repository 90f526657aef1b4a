#include "accounts/account_service.h"

#include <algorithm>

#include "accounts/account_mail.h"
#include "accounts/credentials.h"
#include "accounts/tokens.h"
#include "accounts/user_agent.h"
#include "mail/outbox.h"

namespace broadsheet::accounts {
namespace {

constexpr std::string_view kSignIn = "sign-in";
constexpr std::string_view kSignUp = "sign-up";
constexpr std::string_view kReset = "reset";
constexpr size_t kMaxTokenLength = 128;

std::string Key(std::string_view action, std::string_view kind, std::string_view value) {
    std::string key(action);
    key += ' ';
    key += kind;
    key += ' ';
    key += value;
    return key;
}

Error LinkUnusable() {
    return Fail(ErrorCode::kGone, "This link has expired or was already used.");
}

Error WrongPassword() { return Fail(ErrorCode::kForbidden, "That password is not right."); }

}  // namespace

AccountService::AccountService(AccountOptions options, store::AccountStore& store,
                               mail::Outbox& outbox, const Clock& clock, DeviceLimit device_limit)
    : options_(std::move(options)),
      store_(store),
      outbox_(outbox),
      clock_(clock),
      device_limit_(std::move(device_limit)),
      dummy_hash_(HashPassword("a password nobody has, for timing").value_or("")) {}

Result<void> AccountService::CheckRate(std::string_view action, std::string_view account,
                                       std::string_view ip) const {
    const Timestamp now = clock_.Now();
    std::chrono::seconds wait = limiter_.RetryAfter(Key(action, "ip", ip), options_.per_ip, now);
    if (!account.empty()) {
        wait = std::max(
            wait, limiter_.RetryAfter(Key(action, "account", account), options_.per_account, now));
    }
    if (wait.count() > 0) return Fail(ErrorCode::kRateLimited, TooManyAttemptsMessage(wait));
    return {};
}

void AccountService::CountAttempt(std::string_view action, std::string_view account,
                                  std::string_view ip) {
    const Timestamp now = clock_.Now();
    limiter_.Record(Key(action, "ip", ip), options_.per_ip, now);
    if (!account.empty())
        limiter_.Record(Key(action, "account", account), options_.per_account, now);
}

Result<void> AccountService::Send(std::string to, std::string subject, std::string text,
                                  std::string category) {
    auto queued = outbox_.Enqueue(
        mail::Message{std::move(to), std::move(subject), std::move(text), "", std::move(category)});
    if (!queued) return queued.error();
    return {};
}

Result<std::string> AccountService::NewLink(ReaderId reader, store::LinkPurpose purpose,
                                            std::chrono::seconds lifetime, std::string new_email) {
    std::string token = RandomToken();
    const Timestamp now = clock_.Now();
    auto created = store_.CreateLink(
        store::OneTimeLink{
            TokenHash(token), reader, purpose, std::move(new_email), now + lifetime, {}},
        now);
    if (!created) return created.error();
    return token;
}

Result<void> AccountService::SignUp(std::string_view email, std::string_view password,
                                    std::string_view ip) {
    auto address = NormalizeEmail(email);
    if (!address) return address.error();
    if (auto checked = CheckPassword(password); !checked) return checked.error();
    if (auto rate = CheckRate(kSignUp, *address, ip); !rate) return rate;
    CountAttempt(kSignUp, *address, ip);
    // Hashed either way, so a taken address answers as slowly as a new one.
    auto hash = HashPassword(password);
    if (!hash) return hash.error();
    auto created = store_.CreateReader(*address, *hash, false, clock_.Now());
    if (!created) {
        if (created.error().code != ErrorCode::kConflict) return created.error();
        MailText mail =
            AlreadyRegisteredMail(options_.site_name, options_.base_url + "/account/signin",
                                  options_.base_url + "/account/reset");
        return Send(*address, std::move(mail.subject), std::move(mail.text),
                    "accounts.already-registered");
    }
    auto token = NewLink(*created, store::LinkPurpose::kVerify, options_.verify_link_lifetime);
    if (!token) return token.error();
    MailText mail =
        VerifyMail(options_.site_name, options_.base_url + "/account/verify?token=" + *token);
    return Send(*address, std::move(mail.subject), std::move(mail.text), "accounts.verify");
}

Result<ReaderId> AccountService::AddReader(std::string_view email, std::string_view password) {
    auto address = NormalizeEmail(email);
    if (!address) return address.error();
    if (auto checked = CheckPassword(password); !checked) return checked.error();
    auto hash = HashPassword(password);
    if (!hash) return hash.error();
    return store_.CreateReader(*address, *hash, true, clock_.Now());
}

Result<ConfirmedEmail> AccountService::ConfirmEmail(std::string_view link_token) {
    if (link_token.empty() || link_token.size() > kMaxTokenLength) return LinkUnusable();
    const std::string hash = TokenHash(link_token);
    const Timestamp now = clock_.Now();
    auto verify = store_.ConsumeLink(hash, store::LinkPurpose::kVerify, now);
    if (!verify) return verify.error();
    if (*verify) {
        if (auto set = store_.SetEmailVerified((*verify)->reader, true); !set) return set.error();
        auto reader = store_.FindReader((*verify)->reader);
        if (!reader) return reader.error();
        return ConfirmedEmail{reader->reader.id, reader->reader.email, false};
    }
    auto change = store_.ConsumeLink(hash, store::LinkPurpose::kChangeEmail, now);
    if (!change) return change.error();
    if (!*change) return LinkUnusable();
    if (auto changed = store_.ChangeEmail((*change)->reader, (*change)->new_email); !changed) {
        if (changed.error().code == ErrorCode::kConflict) {
            return Fail(ErrorCode::kConflict,
                        "That address now belongs to another account; your address is unchanged.");
        }
        return changed.error();
    }
    return ConfirmedEmail{(*change)->reader, (*change)->new_email, true};
}

Result<void> AccountService::ResendVerification(ReaderId reader) {
    auto record = store_.FindReader(reader);
    if (!record) return record.error();
    if (record->reader.email_verified) return {};
    auto token = NewLink(reader, store::LinkPurpose::kVerify, options_.verify_link_lifetime);
    if (!token) return token.error();
    MailText mail =
        VerifyMail(options_.site_name, options_.base_url + "/account/verify?token=" + *token);
    return Send(record->reader.email, std::move(mail.subject), std::move(mail.text),
                "accounts.verify");
}

int AccountService::DeviceLimitOf(ReaderId reader) const {
    return std::max(1, device_limit_ ? device_limit_(reader) : kDefaultDeviceLimit);
}

Result<SignInOutcome> AccountService::OpenSession(ReaderId reader, const SignInRequest& request) {
    SignInOutcome outcome;
    const int limit = DeviceLimitOf(reader);
    std::string token = RandomToken();
    store::NewSession session{
        reader,    TokenHash(token), request.kind, request.device_name, request.user_agent,
        request.ip};
    auto created = store_.CreateSessionWithin(session, limit, LiveSince(), clock_.Now());
    if (!created) return created.error();
    if (*created) {
        outcome.status = SignInStatus::kSignedIn;
        outcome.signed_in = SignedIn{std::move(token), (*created)->id, reader};
        return outcome;
    }
    auto devices = ListDevices(reader);
    if (!devices) return devices.error();
    auto ticket = NewLink(reader, store::LinkPurpose::kSignIn, options_.device_ticket_lifetime);
    if (!ticket) return ticket.error();
    outcome.status = SignInStatus::kDeviceLimit;
    outcome.devices = std::move(*devices);
    outcome.device_limit = limit;
    outcome.device_ticket = std::move(*ticket);
    outcome.message =
        "You are signed in on " + std::to_string(outcome.devices.size()) +
        " devices, the most your account allows. Sign one of them out to sign in here.";
    return outcome;
}

Result<SignInOutcome> AccountService::SignIn(const SignInRequest& request) {
    SignInOutcome outcome;
    outcome.message = "That e-mail address and password do not match an account.";
    auto address = NormalizeEmail(request.email);
    const std::string account = address ? *address : std::string();
    if (auto rate = CheckRate(kSignIn, account, request.ip); !rate) {
        outcome.status = SignInStatus::kRateLimited;
        outcome.message = rate.error().message;
        const Timestamp now = clock_.Now();
        outcome.retry_after = std::max(
            limiter_.RetryAfter(Key(kSignIn, "ip", request.ip), options_.per_ip, now),
            limiter_.RetryAfter(Key(kSignIn, "account", account), options_.per_account, now));
        return outcome;
    }
    std::optional<store::ReaderRecord> record;
    if (address) {
        auto found = store_.FindReaderByEmail(*address);
        if (found) {
            record = std::move(*found);
        } else if (found.error().code != ErrorCode::kNotFound) {
            return found.error();
        }
    }
    // An unknown address costs a hash check too, so timing does not tell it apart.
    bool matches = false;
    if (record) {
        matches = VerifyPassword(record->password_hash, request.password);
    } else {
        (void)VerifyPassword(dummy_hash_, request.password);
    }
    if (!matches) {
        CountAttempt(kSignIn, account, request.ip);
        return outcome;
    }
    limiter_.Clear(Key(kSignIn, "account", account));
    if (record->reader.disabled) {
        outcome.status = SignInStatus::kDisabled;
        outcome.message = "This account is disabled. Write to us if you think it should not be.";
        return outcome;
    }
    if (PasswordNeedsRehash(record->password_hash)) {
        if (auto hash = HashPassword(request.password); hash)
            (void)store_.SetPasswordHash(record->reader.id, *hash);
    }
    return OpenSession(record->reader.id, request);
}

Result<SignInOutcome> AccountService::SignInReplacing(std::string_view device_ticket,
                                                      store::SessionId replace,
                                                      const SignInRequest& request) {
    SignInOutcome outcome;
    outcome.message = "That sign-in has expired. Sign in again.";
    if (device_ticket.empty() || device_ticket.size() > kMaxTokenLength) return outcome;
    auto ticket =
        store_.ConsumeLink(TokenHash(device_ticket), store::LinkPurpose::kSignIn, clock_.Now());
    if (!ticket) return ticket.error();
    if (!*ticket) return outcome;
    const ReaderId reader = (*ticket)->reader;
    auto record = store_.FindReader(reader);
    if (!record) {
        if (record.error().code == ErrorCode::kNotFound) return outcome;
        return record.error();
    }
    if (record->reader.disabled) {
        outcome.status = SignInStatus::kDisabled;
        outcome.message = "This account is disabled. Write to us if you think it should not be.";
        return outcome;
    }
    if (auto revoked = store_.RevokeSession(reader, replace); !revoked) return revoked.error();
    return OpenSession(reader, request);
}

Result<void> AccountService::SignOut(std::string_view token) {
    if (token.empty() || token.size() > kMaxTokenLength) return {};
    auto found = store_.FindSession(TokenHash(token));
    if (!found) return found.error();
    if (!*found) return {};
    auto revoked = store_.RevokeSession((*found)->session.reader, (*found)->session.id);
    if (!revoked) return revoked.error();
    return {};
}

Result<bool> AccountService::SignOutDevice(ReaderId reader, store::SessionId session) {
    return store_.RevokeSession(reader, session);
}

Result<int> AccountService::SignOutAll(ReaderId reader) { return store_.RevokeAllSessions(reader); }

Result<std::vector<Device>> AccountService::ListDevices(ReaderId reader) const {
    auto sessions = store_.ListSessions(reader, LiveSince());
    if (!sessions) return sessions.error();
    std::vector<Device> devices;
    for (const store::Session& s : *sessions) {
        std::string name = s.kind == store::SessionKind::kApiToken
                               ? (s.name.empty() ? std::string("App") : "App: " + s.name)
                               : DeviceName(s.user_agent);
        devices.push_back(Device{s.id, s.kind, std::move(name), s.ip, s.created, s.last_seen});
    }
    return devices;
}

Result<std::optional<ResolvedSession>> AccountService::ResolveSession(std::string_view token,
                                                                      Timestamp now) const {
    if (token.empty() || token.size() > kMaxTokenLength) return std::optional<ResolvedSession>{};
    auto found = store_.FindSession(TokenHash(token));
    if (!found) return found.error();
    if (!*found) return std::optional<ResolvedSession>{};
    const store::SessionWithReader& s = **found;
    if (s.session.revoked || s.reader_disabled ||
        s.session.last_seen < now - options_.session_idle_limit) {
        return std::optional<ResolvedSession>{};
    }
    if (now - s.session.last_seen >= options_.touch_interval) {
        // Best effort: a failed touch costs nothing but precision on the devices page.
        (void)store_.TouchSession(s.session.id, now);
    }
    return std::optional<ResolvedSession>(
        ResolvedSession{s.session.reader, s.email, s.session.id, s.session.kind});
}

Result<void> AccountService::RequestPasswordReset(std::string_view email, std::string_view ip) {
    auto address = NormalizeEmail(email);
    if (!address) return address.error();
    if (auto rate = CheckRate(kReset, *address, ip); !rate) return rate;
    CountAttempt(kReset, *address, ip);
    auto record = store_.FindReaderByEmail(*address);
    if (!record)
        return record.error().code == ErrorCode::kNotFound ? Result<void>()
                                                           : Result<void>(record.error());
    if (record->reader.disabled) return {};
    auto token =
        NewLink(record->reader.id, store::LinkPurpose::kReset, options_.reset_link_lifetime);
    if (!token) return token.error();
    MailText mail =
        ResetMail(options_.site_name, options_.base_url + "/account/reset?token=" + *token);
    return Send(*address, std::move(mail.subject), std::move(mail.text), "accounts.reset");
}

Result<void> AccountService::ResetPassword(std::string_view link_token,
                                           std::string_view new_password) {
    if (auto checked = CheckPassword(new_password); !checked) return checked.error();
    if (link_token.empty() || link_token.size() > kMaxTokenLength) return LinkUnusable();
    auto hash = HashPassword(new_password);
    if (!hash) return hash.error();
    auto link = store_.ConsumeLink(TokenHash(link_token), store::LinkPurpose::kReset, clock_.Now());
    if (!link) return link.error();
    if (!*link) return LinkUnusable();
    const ReaderId reader = (*link)->reader;
    if (auto set = store_.SetPasswordHash(reader, *hash); !set) return set.error();
    if (auto verified = store_.SetEmailVerified(reader, true); !verified) return verified.error();
    if (auto out = store_.RevokeAllSessions(reader); !out) return out.error();
    auto record = store_.FindReader(reader);
    if (!record) return record.error();
    limiter_.Clear(Key(kSignIn, "account", record->reader.email));
    MailText mail = PasswordChangedMail(options_.site_name, options_.base_url + "/account/reset");
    return Send(record->reader.email, std::move(mail.subject), std::move(mail.text),
                "accounts.password-changed");
}

Result<store::ReaderRecord> AccountService::CheckPasswordOf(ReaderId reader,
                                                            std::string_view password,
                                                            std::string_view ip) {
    auto record = store_.FindReader(reader);
    if (!record) return record.error();
    if (auto rate = CheckRate(kSignIn, record->reader.email, ip); !rate) return rate.error();
    if (!VerifyPassword(record->password_hash, password)) {
        CountAttempt(kSignIn, record->reader.email, ip);
        return WrongPassword();
    }
    return record;
}

Result<void> AccountService::RequestEmailChange(ReaderId reader, std::string_view password,
                                                std::string_view new_email, std::string_view ip) {
    auto address = NormalizeEmail(new_email);
    if (!address) return address.error();
    auto record = CheckPasswordOf(reader, password, ip);
    if (!record) return record.error();
    if (*address == record->reader.email)
        return Fail(ErrorCode::kInvalidInput, "That is already your address.");
    auto taken = store_.FindReaderByEmail(*address);
    if (taken) {
        // Said to the new address's owner only: the page answers as for a free address.
        MailText mail = EmailTakenMail(options_.site_name, options_.base_url + "/account/signin");
        return Send(*address, std::move(mail.subject), std::move(mail.text),
                    "accounts.email-taken");
    }
    if (taken.error().code != ErrorCode::kNotFound) return taken.error();
    auto token = NewLink(reader, store::LinkPurpose::kChangeEmail,
                         options_.change_email_link_lifetime, *address);
    if (!token) return token.error();
    MailText confirm =
        ChangeEmailMail(options_.site_name, options_.base_url + "/account/verify?token=" + *token);
    if (auto sent = Send(*address, std::move(confirm.subject), std::move(confirm.text),
                         "accounts.change-email");
        !sent) {
        return sent;
    }
    MailText notice =
        ChangeEmailNoticeMail(options_.site_name, *address, options_.base_url + "/account/reset");
    return Send(record->reader.email, std::move(notice.subject), std::move(notice.text),
                "accounts.change-notice");
}

Result<void> AccountService::DeleteAccount(ReaderId reader, std::string_view password,
                                           std::string_view ip) {
    auto record = CheckPasswordOf(reader, password, ip);
    if (!record) return record.error();
    if (auto deleted = store_.DeleteReader(reader); !deleted) return deleted.error();
    if (auto forgotten = outbox_.ForgetRecipient(record->reader.email); !forgotten)
        return forgotten;
    MailText mail = AccountDeletedMail(options_.site_name);
    return Send(record->reader.email, std::move(mail.subject), std::move(mail.text),
                "accounts.deleted");
}

Result<Reader> AccountService::FindReader(ReaderId reader) const {
    auto record = store_.FindReader(reader);
    if (!record) return record.error();
    return record->reader;
}

Result<std::vector<Reader>> AccountService::ListReaders() const { return store_.ListReaders(); }

}  // namespace broadsheet::accounts
