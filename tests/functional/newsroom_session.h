#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "browser.h"
#include "serve_process.h"

namespace broadsheet::testing {

/// The fixture the newsroom's end-to-end tests share: the real `broadsheet serve` with the
/// demo content and staff on a fresh temporary directory, and staff sign-in through the
/// login form. Compiled into each test that uses it (it needs BROADSHEET_BINARY).
class NewsroomSession : public ::testing::Test {
protected:
    /// Makes an empty bs-<prefix>-<pid>-<test name> in the temporary directory, writes
    /// `config` to its broadsheet.toml, starts serve on it (data in <dir>/data) and reads the
    /// passwords of the demo staff serve prints on its first start. Call it from SetUp.
    void Open(const std::string& prefix, const std::string& config);
    /// Starts serve with config_ and data_ (again, after a test stopped it).
    void Start();
    /// Stops the server, expecting exit code 0, and removes the directory.
    void TearDown() override;

    /// Posts the sign-in form with `email` and `password`; the reply (303 when signed in).
    Reply SignIn(Browser& browser, const std::string& email, const std::string& password);
    /// Signs the demo staff member with `role` (writer, editor, admin) in.
    void SignInAs(Browser& browser, const std::string& role);

    std::filesystem::path dir_;
    std::string config_;
    std::string data_;
    std::unique_ptr<ServeProcess> server_;
    /// The demo staff's passwords by role.
    std::map<std::string, std::string> passwords_;
};

}  // namespace broadsheet::testing
