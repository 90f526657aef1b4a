// End to end: readers' accounts on the real `broadsheet serve`, with mail going out over
// SMTP to a real server (python3-aiosmtpd) on 127.0.0.1 that the tests read.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

#include "mail/test_smtp_server.h"
#include "process.h"
#include "browser.h"
#include "serve_process.h"

namespace broadsheet::testing {
namespace {

const std::string kBinary = BROADSHEET_BINARY;
constexpr const char* kPassword = "correct horse battery";

std::filesystem::path TempDir(const std::string& name) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    auto dir = std::filesystem::temp_directory_path() /
               ("bs-accounts-" + std::to_string(::getpid()) + "-" + test->name() + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// "/account/verify?token=…" from the newest mail to `to` linking to `path`.
std::string MailedLink(const TestSmtpServer& smtp, size_t count, const std::string& to,
                       const std::string& path) {
    std::vector<nlohmann::json> messages = smtp.WaitForMessages(count);
    EXPECT_GE(messages.size(), count) << "mail did not arrive";
    const std::regex link("https://news\\.example(" + path + "\\?token=[A-Za-z0-9_-]+)");
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        if ((*it)["rcpt_tos"] != nlohmann::json::array({to})) continue;
        std::smatch match;
        const std::string text = (*it)["text"];
        if (std::regex_search(text, match, link)) return match[1];
    }
    ADD_FAILURE() << "no " << path << " link mailed to " << to;
    return "/nowhere";
}

class AccountsTest : public ::testing::Test {
protected:
    void SetUp() override {
        smtp_ = std::make_unique<TestSmtpServer>(TempDir("smtp"));
        smtp_->Start();
        data_ = TempDir("data");
        const std::filesystem::path config = data_ / "broadsheet.toml";
        std::ofstream(config)
            << "[site]\nname = \"Broadsheet\"\nbase_url = \"https://news.example\"\n\n"
            << "[server]\naccess_log = false\n\n"
            << "[mail]\nsmtp_url = \"" << smtp_->Url() << "\"\n"
            << "from = \"Broadsheet <no-reply@news.example>\"\n";
        server_ = std::make_unique<ServeProcess>(
            kBinary, std::vector<std::string>{"--config", config.string(), "--data",
                                              (data_ / "db").string(), "--no-demo"});
        ASSERT_GT(server_->port(), 0) << "the server did not start";
    }
    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0);
        }
        server_.reset();
        smtp_.reset();
        std::filesystem::remove_all(data_);
    }

    // Signs up `email` and follows the mailed verification link.
    void SignUpAndVerify(Browser& browser, const std::string& email, size_t mails_before) {
        Reply form = browser.Get("/account/signup");
        Reply done =
            browser.Post("/account/signup",
                         {{"csrf", CsrfIn(form.body)}, {"email", email}, {"password", kPassword}});
        ASSERT_EQ(done.status, 200) << done.body;
        const std::string link = MailedLink(*smtp_, mails_before + 1, email, "/account/verify");
        ASSERT_EQ(browser.Get(link).status, 200);
    }

    Reply SignIn(Browser& browser, const std::string& email, const std::string& password,
                 const std::string& next = "") {
        Reply form = browser.Get("/account/signin" + (next.empty() ? "" : "?next=" + Encode(next)));
        return browser.Post("/account/signin", {{"csrf", CsrfIn(form.body)},
                                                {"email", email},
                                                {"password", password},
                                                {"next", next}});
    }

    std::unique_ptr<TestSmtpServer> smtp_;
    std::filesystem::path data_;
    std::unique_ptr<ServeProcess> server_;
};

TEST_F(AccountsTest, SignUpVerifySignInSeeTheDeviceAndSignOut) {
    Browser browser(*server_);
    Reply form = browser.Get("/account/signup");
    ASSERT_EQ(form.status, 200);
    EXPECT_EQ(form.Header("cache-control"), "private, no-store");
    const std::string pre = form.SetCookie("bs_pre");
    EXPECT_NE(pre.find("; Path=/account"), std::string::npos) << pre;
    EXPECT_NE(pre.find("; HttpOnly"), std::string::npos) << pre;
    EXPECT_NE(pre.find("; Secure"), std::string::npos) << "an https site" << pre;
    EXPECT_NE(form.body.find("autocomplete=\"new-password\""), std::string::npos);

    Reply signed_up = browser.Post(
        "/account/signup",
        {{"csrf", CsrfIn(form.body)}, {"email", "Ana@Example.com"}, {"password", kPassword}});
    ASSERT_EQ(signed_up.status, 200) << signed_up.body;
    EXPECT_NE(signed_up.body.find("Check your e-mail"), std::string::npos);

    // The verification mail arrives over SMTP, from the configured sender, with a Message-ID.
    std::vector<nlohmann::json> mail = smtp_->WaitForMessages(1);
    ASSERT_EQ(mail.size(), 1u);
    EXPECT_EQ(mail[0]["mail_from"], "no-reply@news.example");
    EXPECT_EQ(mail[0]["rcpt_tos"], nlohmann::json::array({"ana@example.com"}));
    EXPECT_TRUE(std::string(mail[0]["message_id"]).ends_with("@news.example>"))
        << mail[0]["message_id"];
    const std::string link = MailedLink(*smtp_, 1, "ana@example.com", "/account/verify");
    Reply verified = browser.Get(link);
    EXPECT_EQ(verified.status, 200);
    EXPECT_NE(verified.body.find("confirmed"), std::string::npos);
    EXPECT_EQ(browser.Get(link).status, 410) << "a link works once";

    Reply in = SignIn(browser, "ana@example.com", kPassword, "/account/devices");
    ASSERT_EQ(in.status, 303) << in.body;
    EXPECT_EQ(in.Header("location"), "/account/devices");
    const std::string session = in.SetCookie("bs_session");
    EXPECT_TRUE(std::regex_search(
        session, std::regex("^bs_session=[A-Za-z0-9_-]{43}; Path=/; Max-Age=\\d+; HttpOnly; "
                            "Secure; SameSite=Lax$")))
        << session;
    EXPECT_NE(in.SetCookie("bs_pre").find("Max-Age=0"), std::string::npos)
        << "the pre-session cookie is cleared";
    EXPECT_FALSE(browser.Has("bs_pre"));

    Reply devices = browser.Get("/account/devices");
    ASSERT_EQ(devices.status, 200);
    EXPECT_EQ(devices.Header("cache-control"), "private, no-store");
    EXPECT_NE(devices.body.find("Firefox on Linux"), std::string::npos);
    EXPECT_NE(devices.body.find("This device"), std::string::npos);
    EXPECT_NE(devices.body.find("First seen"), std::string::npos);

    Reply overview = browser.Get("/account");
    ASSERT_EQ(overview.status, 200);
    EXPECT_NE(overview.body.find("ana@example.com"), std::string::npos);
    EXPECT_NE(overview.body.find("Confirmed"), std::string::npos);

    Reply out = browser.Post("/account/signout", {{"csrf", CsrfIn(overview.body)}});
    EXPECT_EQ(out.status, 303);
    EXPECT_NE(out.SetCookie("bs_session").find("Max-Age=0"), std::string::npos);
    Reply after = browser.Get("/account");
    EXPECT_EQ(after.status, 303);
    EXPECT_EQ(after.Header("location"), "/account/signin?next=%2Faccount");
}

TEST_F(AccountsTest, FormsWithoutTheirCsrfTokenAreRefused) {
    Browser browser(*server_);
    SignUpAndVerify(browser, "ana@example.com", 0);
    Reply missing =
        browser.Post("/account/signin", {{"email", "ana@example.com"}, {"password", kPassword}});
    EXPECT_EQ(missing.status, 403);
    EXPECT_NE(missing.body.find("security token"), std::string::npos);
    Reply forged = browser.Post("/account/signin", {{"csrf", "AAAAAAAAAAAAAAAAAAAAAA"},
                                                    {"email", "ana@example.com"},
                                                    {"password", kPassword}});
    EXPECT_EQ(forged.status, 403);

    ASSERT_EQ(SignIn(browser, "ana@example.com", kPassword).status, 303);
    // Signed in: the pre-session token is gone, and another browser's token is no good.
    Browser other(*server_);
    const std::string others = CsrfIn(other.Get("/account/signin").body);
    EXPECT_EQ(browser.Post("/account/devices", {{"csrf", others}, {"all", "1"}}).status, 403);
    EXPECT_EQ(browser.Post("/account/devices", {{"all", "1"}}).status, 403);
    EXPECT_EQ(browser.Get("/account/devices").status, 200) << "still signed in";
}

TEST_F(AccountsTest, TooManyWrongPasswordsGet429) {
    Browser browser(*server_);
    SignUpAndVerify(browser, "ana@example.com", 0);
    for (int i = 0; i < 5; ++i) {
        Reply wrong = SignIn(browser, "ana@example.com", "not the password");
        EXPECT_EQ(wrong.status, 400) << i;
        EXPECT_NE(wrong.body.find("do not match"), std::string::npos);
    }
    Reply limited = SignIn(browser, "ana@example.com", kPassword);
    EXPECT_EQ(limited.status, 429);
    EXPECT_NE(limited.body.find("Too many attempts; try again in 15 minutes"), std::string::npos);
    EXPECT_FALSE(limited.Header("retry-after").empty());
    EXPECT_FALSE(browser.Has("bs_session"));
}

TEST_F(AccountsTest, AMailedResetLinkWorksOnceAndNotTwice) {
    Browser browser(*server_);
    SignUpAndVerify(browser, "ana@example.com", 0);
    ASSERT_EQ(SignIn(browser, "ana@example.com", kPassword).status, 303);

    Browser other(*server_);
    Reply form = other.Get("/account/reset");
    Reply asked =
        other.Post("/account/reset", {{"csrf", CsrfIn(form.body)}, {"email", "ana@example.com"}});
    ASSERT_EQ(asked.status, 200);
    EXPECT_NE(asked.body.find("Check your e-mail"), std::string::npos);
    const std::string link = MailedLink(*smtp_, 2, "ana@example.com", "/account/reset");
    const std::string token = link.substr(link.find("token=") + 6);

    Reply set_form = other.Get(link);
    ASSERT_EQ(set_form.status, 200);
    EXPECT_EQ(set_form.Header("referrer-policy"), "no-referrer");
    const std::string csrf = CsrfIn(set_form.body);
    Reply changed = other.Post(
        "/account/reset", {{"csrf", csrf}, {"token", token}, {"password", "a brand new password"}});
    ASSERT_EQ(changed.status, 200) << changed.body;
    Reply again = other.Post(
        "/account/reset", {{"csrf", csrf}, {"token", token}, {"password", "yet another password"}});
    EXPECT_EQ(again.status, 410);

    EXPECT_EQ(browser.Get("/account").status, 303) << "every device was signed out";
    EXPECT_EQ(SignIn(other, "ana@example.com", kPassword).status, 400);
    EXPECT_EQ(SignIn(other, "ana@example.com", "a brand new password").status, 303);
    std::vector<nlohmann::json> mail = smtp_->WaitForMessages(3);
    ASSERT_EQ(mail.size(), 3u);
    EXPECT_NE(std::string(mail[2]["subject"]).find("password was changed"), std::string::npos);
}

TEST_F(AccountsTest, TheDeviceLimitOffersToSignOneOut) {
    SignUpAndVerify(*std::make_unique<Browser>(*server_), "ana@example.com", 0);
    std::vector<std::unique_ptr<Browser>> devices;
    for (int i = 0; i < 3; ++i) {
        devices.push_back(std::make_unique<Browser>(*server_));
        ASSERT_EQ(SignIn(*devices.back(), "ana@example.com", kPassword).status, 303) << i;
    }
    Browser fourth(*server_,
                   "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36");
    Reply limited = SignIn(fourth, "ana@example.com", kPassword);
    ASSERT_EQ(limited.status, 409);
    EXPECT_NE(limited.body.find("Too many devices"), std::string::npos);
    std::smatch ticket;
    ASSERT_TRUE(std::regex_search(limited.body, ticket,
                                  std::regex(R"re(name="ticket" value="([^"]+)")re")));
    std::smatch replace;
    ASSERT_TRUE(std::regex_search(limited.body, replace,
                                  std::regex(R"re(name="replace" value="(\d+)")re")));
    Reply in = fourth.Post("/account/signin", {{"csrf", CsrfIn(limited.body)},
                                               {"ticket", ticket[1]},
                                               {"replace", replace[1]},
                                               {"next", "/account/devices"}});
    ASSERT_EQ(in.status, 303) << in.body;
    EXPECT_EQ(devices[0]->Get("/account").status, 303) << "the first device was signed out";
    EXPECT_NE(fourth.Get("/account/devices").body.find("Chrome on Windows"), std::string::npos);
}

TEST_F(AccountsTest, AppsGetRevocableTokens) {
    Browser browser(*server_);
    SignUpAndVerify(browser, "ana@example.com", 0);
    const std::string body =
        R"({"email":"ana@example.com","password":"correct horse battery","device_name":"Pixel 8"})";
    Reply created =
        browser.Send("POST", "/api/v1/auth/token", &body, {"Content-Type: application/json"});
    ASSERT_EQ(created.status, 201) << created.body;
    auto json = nlohmann::json::parse(created.body);
    const std::string token = json["token"];
    EXPECT_EQ(json["token_type"], "Bearer");

    ASSERT_EQ(SignIn(browser, "ana@example.com", kPassword).status, 303);
    EXPECT_NE(browser.Get("/account/devices").body.find("App: Pixel 8"), std::string::npos)
        << "a device too";

    const std::string wrong = R"({"email":"ana@example.com","password":"nope nope nope"})";
    EXPECT_EQ(browser.Send("POST", "/api/v1/auth/token", &wrong, {"Content-Type: application/json"})
                  .status,
              401);
    EXPECT_EQ(
        browser.Send("DELETE", "/api/v1/auth/token", nullptr, {"Authorization: Bearer " + token})
            .status,
        204);
    EXPECT_EQ(
        browser.Send("DELETE", "/api/v1/auth/token", nullptr, {"Authorization: Bearer " + token})
            .status,
        401);
    EXPECT_EQ(browser.Get("/account/devices").body.find("App: Pixel 8"), std::string::npos);
}

TEST(AccountsDemoTest, TheDemoHasAReaderToSignInAsAndTheCliAddsAndListsReaders) {
    const std::filesystem::path data = TempDir("demo");
    {
        ServeProcess server(kBinary, {"--data", (data / "db").string()});
        ASSERT_GT(server.port(), 0);
        std::string password;
        for (const std::string& line : server.early_lines()) {
            std::smatch match;
            if (std::regex_search(
                    line, match,
                    std::regex("^demo reader: reader@demo\\.broadsheet password (\\S+)$"))) {
                password = match[1];
            }
        }
        ASSERT_FALSE(password.empty()) << "serve prints the demo reader before serving";
        Browser browser(server);
        Reply form = browser.Get("/account/signin");
        Reply in = browser.Post("/account/signin", {{"csrf", CsrfIn(form.body)},
                                                    {"email", "reader@demo.broadsheet"},
                                                    {"password", password}});
        EXPECT_EQ(in.status, 303) << in.body;
        EXPECT_EQ(server.Stop(), 0);
    }
    const std::string db = (data / "db").string();
    Completed added = RunCommand({"/bin/sh", "-c",
                                  "printf 'a long enough password\\n' | '" + kBinary +
                                      "' reader add --email Bob@Example.com --data '" + db + "'"});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    EXPECT_NE(added.out.find("bob@example.com"), std::string::npos) << added.out;
    Completed listed = RunCommand({kBinary, "reader", "list", "--data", db});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_NE(listed.out.find("reader@demo.broadsheet  verified"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("bob@example.com  verified"), std::string::npos) << listed.out;
    Completed short_password =
        RunCommand({"/bin/sh", "-c",
                    "printf 'short\\n' | '" + kBinary +
                        "' reader add --email cy@example.com --data '" + db + "'"});
    EXPECT_NE(short_password.exit_code, 0);
    EXPECT_NE(short_password.err.find("at least 10"), std::string::npos) << short_password.err;
    std::filesystem::remove_all(data);
}

}  // namespace
}  // namespace broadsheet::testing
