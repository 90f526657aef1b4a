#include "newsroom_session.h"

#include <unistd.h>

#include <fstream>
#include <regex>
#include <vector>

namespace broadsheet::testing {

void NewsroomSession::Open(const std::string& prefix, const std::string& config) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("bs-" + prefix + "-" + std::to_string(::getpid()) + "-" + test->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    config_ = (dir_ / "broadsheet.toml").string();
    data_ = (dir_ / "data").string();
    std::ofstream(config_) << config;
    Start();
    // "newsroom: editor@demo.broadsheet (editor) password Abc..."
    const std::regex line(R"(newsroom: (\S+)@demo\.broadsheet \((\w+)\) password (\w+))");
    for (const std::string& early : server_->early_lines()) {
        std::smatch match;
        if (std::regex_search(early, match, line)) passwords_[match[2]] = match[3];
    }
    ASSERT_EQ(passwords_.size(), 3u) << "serve did not print the demo staff";
}

void NewsroomSession::Start() {
    server_ = std::make_unique<ServeProcess>(
        BROADSHEET_BINARY, std::vector<std::string>{"--config", config_, "--data", data_});
    ASSERT_GT(server_->port(), 0) << "the server did not start";
}

void NewsroomSession::TearDown() {
    if (server_) {
        EXPECT_EQ(server_->Stop(), 0);
    }
    server_.reset();
    std::filesystem::remove_all(dir_);
}

Reply NewsroomSession::SignIn(Browser& browser, const std::string& email,
                              const std::string& password) {
    Reply form = browser.Get("/newsroom/login");
    EXPECT_EQ(form.status, 200);
    return browser.Post(
        "/newsroom/login",
        {{"csrf", CsrfIn(form.body)}, {"email", email}, {"password", password}, {"next", ""}});
}

void NewsroomSession::SignInAs(Browser& browser, const std::string& role) {
    Reply reply = SignIn(browser, role + "@demo.broadsheet", passwords_[role]);
    ASSERT_EQ(reply.status, 303) << reply.body;
}

}  // namespace broadsheet::testing
