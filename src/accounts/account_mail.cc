#include "accounts/account_mail.h"

namespace broadsheet::accounts {
namespace {

std::string S(std::string_view text) { return std::string(text); }

constexpr std::string_view kNotYou = "If this wasn't you, you can ignore this e-mail.\n";

}  // namespace

MailText VerifyMail(std::string_view site, std::string_view link) {
    return {"Confirm your e-mail address for " + S(site),
            "Welcome to " + S(site) +
                ".\n\nTo confirm your e-mail address, open this link within 24 hours:\n\n" +
                S(link) + "\n\n" + S(kNotYou)};
}

MailText AlreadyRegisteredMail(std::string_view site, std::string_view sign_in_url,
                               std::string_view reset_url) {
    return {"You already have an account at " + S(site),
            "Someone tried to create an account at " + S(site) +
                " with this e-mail address, but it already has one.\n\nSign in: " + S(sign_in_url) +
                "\nForgot your password? " + S(reset_url) + "\n\n" + S(kNotYou)};
}

MailText ResetMail(std::string_view site, std::string_view link) {
    return {"Reset your " + S(site) + " password",
            "To choose a new password, open this link within an hour. It works once.\n\n" +
                S(link) + "\n\nSetting a new password signs you out on every device.\n\n" +
                S(kNotYou)};
}

MailText PasswordChangedMail(std::string_view site, std::string_view reset_url) {
    return {"Your " + S(site) + " password was changed",
            "The password of your " + S(site) +
                " account was just changed, and every device was signed out.\n\nIf this wasn't "
                "you, reset it now: " +
                S(reset_url) + "\n"};
}

MailText ChangeEmailMail(std::string_view site, std::string_view link) {
    return {"Confirm your new e-mail address for " + S(site),
            "To make this your " + S(site) +
                " account's e-mail address, open this link within 24 hours:\n\n" + S(link) +
                "\n\nUntil then your old address stays in use.\n\n" + S(kNotYou)};
}

MailText ChangeEmailNoticeMail(std::string_view site, std::string_view new_email,
                               std::string_view reset_url) {
    return {"A change of e-mail address was requested at " + S(site),
            "Someone signed in to your " + S(site) +
                " account asked to change its e-mail address to " + S(new_email) +
                ". It changes only when that address is confirmed.\n\nIf this wasn't you, reset " +
                "your password now: " + S(reset_url) + "\n"};
}

MailText EmailTakenMail(std::string_view site, std::string_view sign_in_url) {
    return {
        "This address already has a " + S(site) + " account",
        "Someone asked to move a " + S(site) +
            " account to this e-mail address, but it already belongs to an account.\n\nSign in: " +
            S(sign_in_url) + "\n\n" + S(kNotYou)};
}

MailText AccountDeletedMail(std::string_view site) {
    return {"Your " + S(site) + " account was deleted",
            "Your " + S(site) +
                " account and everything it held about you were deleted, as you asked. Thank you "
                "for reading.\n"};
}

}  // namespace broadsheet::accounts
