#pragma once

#include <string>
#include <string_view>

namespace broadsheet::accounts {

/// The plain-text e-mails accounts send: a subject and a body. Kept in one place so their
/// wording can be reviewed together.
struct MailText {
    std::string subject;
    std::string text;
};

MailText VerifyMail(std::string_view site, std::string_view link);
MailText AlreadyRegisteredMail(std::string_view site, std::string_view sign_in_url,
                               std::string_view reset_url);
MailText ResetMail(std::string_view site, std::string_view link);
MailText PasswordChangedMail(std::string_view site, std::string_view reset_url);
MailText ChangeEmailMail(std::string_view site, std::string_view link);
MailText ChangeEmailNoticeMail(std::string_view site, std::string_view new_email,
                               std::string_view reset_url);
MailText EmailTakenMail(std::string_view site, std::string_view sign_in_url);
MailText AccountDeletedMail(std::string_view site);

}  // namespace broadsheet::accounts
