// End to end: the newsroom on the real `broadsheet serve` with the demo content and staff:
// sign-in and sessions, roles, CSRF, the syndicated-copy rule (only the headline and picture
// may be reworked), the wire queue, the audit log and `broadsheet user`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "browser.h"
#include "newsroom_session.h"
#include "process.h"

namespace broadsheet::testing {
namespace {

const std::string kBinary = BROADSHEET_BINARY;
const std::string kSource = BROADSHEET_SOURCE_DIR;

std::string ReadText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void Replace(std::string& text, const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
}

// The value of `name=` in a Set-Cookie header line.
std::string CookieValue(const std::string& set_cookie, const std::string& name) {
    if (set_cookie.rfind(name + "=", 0) != 0) return {};
    size_t end = set_cookie.find(';');
    return set_cookie.substr(name.size() + 1,
                             end == std::string::npos ? std::string::npos : end - name.size() - 1);
}

class NewsroomHttpTest : public NewsroomSession {
protected:
    void SetUp() override {
        Open("newsroom",
             "[site]\nname = \"Broadsheet\"\nbase_url = \"https://news.example\"\n\n"
             "[server]\naccess_log = false\n");
    }

    // The newsroom id and reader path of the demo's reference story.
    std::pair<std::string, std::string> ReferenceStory(Browser& editor) {
        Reply list = editor.Get("/newsroom/articles?q=" + Encode("minister visits Kyiv"));
        std::smatch id;
        EXPECT_TRUE(
            std::regex_search(list.body, id, std::regex(R"re(href="/newsroom/articles/(\d+)")re")))
            << list.body;
        Reply page = editor.Get("/newsroom/articles/" + id[1].str());
        std::smatch reader;
        EXPECT_TRUE(std::regex_search(
            page.body, reader, std::regex(R"re(href="(/world/[a-z0-9-]+-\d+)">Reader page)re")));
        return {id[1], reader[1]};
    }
};

TEST_F(NewsroomHttpTest, SignInWithCookieRulesRotateTheSessionAndSignOut) {
    Browser browser(*server_);
    Reply away = browser.Get("/newsroom/queue");
    EXPECT_EQ(away.status, 303);
    EXPECT_EQ(away.Header("location"), "/newsroom/login?next=%2Fnewsroom%2Fqueue");

    Reply wrong = SignIn(browser, "editor@demo.broadsheet", "not the password");
    EXPECT_EQ(wrong.status, 400);
    EXPECT_TRUE(wrong.Has("Wrong e-mail address or password."));

    Reply signed_in = SignIn(browser, "Editor@Demo.Broadsheet", passwords_["editor"]);
    ASSERT_EQ(signed_in.status, 303) << signed_in.body;
    const std::string cookie = signed_in.SetCookie("bs_staff");
    EXPECT_NE(cookie.find("; Path=/newsroom"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; SameSite=Lax"), std::string::npos) << cookie;
    EXPECT_NE(cookie.find("; Secure"), std::string::npos) << "an https site: " << cookie;
    Reply home = browser.Get("/newsroom");
    ASSERT_EQ(home.status, 200);
    EXPECT_EQ(home.Header("cache-control"), "no-store");
    EXPECT_EQ(home.Header("x-frame-options"), "DENY");
    EXPECT_NE(home.Header("x-robots-tag").find("noindex"), std::string::npos);
    EXPECT_TRUE(home.Has("editor@demo.broadsheet"));

    // Signing in again rotates the session: the old token stops working.
    Browser old_tab(*server_);
    Reply again = SignIn(browser, "editor@demo.broadsheet", passwords_["editor"]);
    ASSERT_EQ(again.status, 303);
    const std::string first = CookieValue(cookie, "bs_staff");
    const std::string second = CookieValue(again.SetCookie("bs_staff"), "bs_staff");
    EXPECT_NE(first, second);
    EXPECT_EQ(old_tab.Send("GET", "/newsroom", nullptr, {"Cookie: bs_staff=" + first}).status, 303);
    EXPECT_EQ(old_tab.Send("GET", "/newsroom", nullptr, {"Cookie: bs_staff=" + second}).status,
              200);

    Reply page = browser.Get("/newsroom");
    Reply out = browser.Post("/newsroom/logout", {{"csrf", CsrfIn(page.body)}});
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(old_tab.Send("GET", "/newsroom", nullptr, {"Cookie: bs_staff=" + second}).status,
              303);
}

TEST_F(NewsroomHttpTest, TooManyWrongPasswordsAreRefusedWithAClearMessage) {
    Browser browser(*server_);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(SignIn(browser, "admin@demo.broadsheet", "wrong password").status, 400);
    Reply limited = SignIn(browser, "admin@demo.broadsheet", passwords_["admin"]);
    EXPECT_EQ(limited.status, 429);
    EXPECT_TRUE(limited.Has("Too many attempts; try again in 15 minutes.")) << limited.body;
    EXPECT_FALSE(limited.Header("retry-after").empty());
}

TEST_F(NewsroomHttpTest, ADisabledStaffMemberIsSignedOutAndCannotSignIn) {
    Browser writer(*server_);
    SignInAs(writer, "writer");
    ASSERT_EQ(writer.Get("/newsroom").status, 200);
    Completed disabled = RunCommand({kBinary, "user", "disable", "--config", config_, "--data",
                                     data_, "--email", "writer@demo.broadsheet"});
    ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
    EXPECT_NE(disabled.out.find("1 session(s) ended"), std::string::npos) << disabled.out;
    EXPECT_EQ(writer.Get("/newsroom").status, 303);
    Reply refused = SignIn(writer, "writer@demo.broadsheet", passwords_["writer"]);
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(refused.Has("disabled"));
    Completed list = RunCommand({kBinary, "user", "list", "--config", config_, "--data", data_});
    EXPECT_NE(list.out.find("writer@demo.broadsheet  writer  \"Demo Writer\"  disabled"),
              std::string::npos)
        << list.out;
}

TEST_F(NewsroomHttpTest, SyndicatedCopyRefusesAnyChangeButHeadlineAndPicture) {
    Browser editor(*server_);
    SignInAs(editor, "editor");
    auto [id, reader_path] = ReferenceStory(editor);
    ASSERT_FALSE(reader_path.empty());
    Browser reader(*server_);
    const std::string before = reader.Get(reader_path).body;
    ASSERT_NE(before.find("Japan&apos;s minister visits Kyiv"), std::string::npos);

    const std::string edit = "/newsroom/articles/" + id;
    std::string csrf = CsrfIn(editor.Get(edit).body);
    for (const std::string field : {"body", "byline", "standfirst", "located", "body_html"}) {
        Reply refused = editor.Post(
            edit, {{"csrf", csrf}, {"headline", "Changed"}, {field, "Rewritten by an editor"}});
        EXPECT_EQ(refused.status, 403) << field;
        EXPECT_TRUE(refused.Has("Nothing was changed")) << field;
    }
    // No CSRF token: refused before anything is looked at.
    EXPECT_EQ(editor.Post(edit, {{"headline", "Changed"}}).status, 403);
    const std::string after = reader.Get(reader_path).body;
    EXPECT_EQ(after.find("Rewritten by an editor"), std::string::npos);
    EXPECT_EQ(after.find("Changed"), std::string::npos);
    EXPECT_EQ(before, after);

    // What the rules allow goes through, and the reader page keeps the syndication notice.
    Reply saved = editor.Post(
        edit, {{"csrf", csrf},
               {"headline", "Japan's foreign minister in Kyiv over North Korean troops"},
               {"picture", ""},
               {"section", "world"},
               {"topics", "Russia Ukraine Conflict, Kiev Ukraine"}});
    EXPECT_EQ(saved.status, 303) << saved.body;
    const std::string edited = reader.Get(reader_path).body;
    EXPECT_NE(edited.find("Japan&apos;s foreign minister in Kyiv over North Korean troops"),
              std::string::npos);
    EXPECT_NE(edited.find("Only the headline and picture of this report may have been reworked by "
                          "the Broadsheet staff"),
              std::string::npos);

    Browser admin(*server_);
    SignInAs(admin, "admin");
    Reply audit = admin.Get("/newsroom/audit?action=article.");
    EXPECT_TRUE(audit.Has("article.edit_refused")) << audit.body;
    EXPECT_TRUE(audit.Has("article.edit"));
    EXPECT_TRUE(audit.Has("editor@demo.broadsheet"));
    EXPECT_TRUE(audit.Has("fields: byline"));
}

TEST_F(NewsroomHttpTest, WritersCannotReachTheQueueOrItsActions) {
    Browser writer(*server_);
    SignInAs(writer, "writer");
    EXPECT_EQ(writer.Get("/newsroom/queue").status, 403);
    EXPECT_EQ(writer.Get("/newsroom/articles").status, 403);
    const std::string csrf = CsrfIn(writer.Get("/newsroom").body);
    Browser editor(*server_);
    SignInAs(editor, "editor");
    auto [id, reader_path] = ReferenceStory(editor);
    EXPECT_EQ(
        writer.Post("/newsroom/queue/action", {{"csrf", csrf}, {"article", id}, {"action", "kill"}})
            .status,
        403);
    EXPECT_EQ(
        writer.Post("/newsroom/articles/" + id + "/status", {{"csrf", csrf}, {"action", "publish"}})
            .status,
        403);
    Browser reader(*server_);
    EXPECT_EQ(reader.Get(reader_path).status, 200);

    // An editor holds it from the queue and publishes it again.
    Reply queue = editor.Get("/newsroom/queue");
    ASSERT_EQ(queue.status, 200);
    EXPECT_TRUE(queue.Has("Japan&apos;s minister visits Kyiv"));
    EXPECT_TRUE(queue.Has("status-published"));
    const std::string editor_csrf = CsrfIn(queue.body);
    EXPECT_EQ(editor
                  .Post("/newsroom/queue/action", {{"csrf", editor_csrf},
                                                   {"article", id},
                                                   {"action", "hold"},
                                                   {"back", "/newsroom/queue"}})
                  .status,
              303);
    EXPECT_EQ(reader.Get(reader_path).status, 404);
    EXPECT_TRUE(editor.Get("/newsroom/queue?status=held").Has("Japan&apos;s minister visits Kyiv"));
    EXPECT_EQ(editor
                  .Post("/newsroom/queue/action",
                        {{"csrf", editor_csrf}, {"article", id}, {"action", "publish"}})
                  .status,
              303);
    EXPECT_EQ(reader.Get(reader_path).status, 200);
    EXPECT_EQ(editor
                  .Post("/newsroom/queue/action",
                        {{"csrf", editor_csrf}, {"article", id}, {"action", "kill"}})
                  .status,
              303);
    EXPECT_EQ(reader.Get(reader_path).status, 410);
}

TEST_F(NewsroomHttpTest, TheEditorsHeadlineSurvivesANewerWireVersion) {
    Browser editor(*server_);
    SignInAs(editor, "editor");
    auto [id, reader_path] = ReferenceStory(editor);
    const std::string edit = "/newsroom/articles/" + id;
    Reply saved = editor.Post(edit, {{"csrf", CsrfIn(editor.Get(edit).body)},
                                     {"headline", "Our own headline on the Kyiv visit"},
                                     {"section", "world"},
                                     {"topics", "Russia Ukraine Conflict, Kiev Ukraine"}});
    ASSERT_EQ(saved.status, 303);
    ASSERT_EQ(server_->Stop(), 0);

    // Version 2 from the wire: a new headline and new text.
    std::string v2 = ReadText(kSource + "/fixtures/demo/reference.json");
    Replace(v2, "\"version\": \"1\"", "\"version\": \"2\"");
    Replace(v2, "\"versioncreated\": \"2024-11-16T10:27:00Z\"",
            "\"versioncreated\": \"2024-11-16T13:00:00Z\"");
    Replace(v2, "Japan's minister visits Kyiv", "Japan's foreign minister visits Kyiv");
    Replace(v2, "<p>Japan's foreign minister arrived in Kyiv on Saturday",
            "<p>Updated: Japan's foreign minister arrived in Kyiv on Saturday");
    std::filesystem::create_directories(dir_ / "wire" / "pictures");
    std::filesystem::copy_file(kSource + "/fixtures/demo/pictures/japan-flag.jpg",
                               dir_ / "wire" / "pictures" / "japan-flag.jpg");
    std::ofstream(dir_ / "wire" / "v2.json") << v2;
    Completed ingested = RunCommand({kBinary, "ingest", "--config", config_, "--data", data_,
                                     (dir_ / "wire" / "v2.json").string()});
    ASSERT_EQ(ingested.out, "ingested 0, updated 1, unchanged 0, rejected 0\n") << ingested.err;
    // An item without a headline is rejected, and the queue says why.
    std::string bad = ReadText(kSource + "/fixtures/demo/reference.json");
    Replace(bad, "urn:broadsheet:demo:japan-minister-kyiv", "urn:broadsheet:test:no-headline");
    Replace(
        bad,
        "\"value\": \"Japan's minister visits Kyiv to stress mutual concern over N Korean troops\"",
        "\"value\": \"\"");
    std::ofstream(dir_ / "wire" / "bad.json") << bad;
    Completed rejected = RunCommand({kBinary, "ingest", "--config", config_, "--data", data_,
                                     (dir_ / "wire" / "bad.json").string()});
    ASSERT_EQ(rejected.out, "ingested 0, updated 0, unchanged 0, rejected 1\n") << rejected.err;

    Start();
    Browser reader(*server_);
    const std::string page = reader.Get(reader_path).body;
    EXPECT_NE(page.find("Our own headline on the Kyiv visit"), std::string::npos);
    EXPECT_EQ(page.find("Japan&apos;s foreign minister visits Kyiv"), std::string::npos);
    EXPECT_NE(page.find("Updated: Japan&#39;s foreign minister arrived"), std::string::npos);
    // The queue shows the new version, from the wire log.
    Browser again(*server_);
    SignInAs(again, "editor");
    EXPECT_TRUE(again.Get("/newsroom/queue").Has("new version"));
    Reply rejected_items = again.Get("/newsroom/queue?status=rejected");
    EXPECT_TRUE(rejected_items.Has("urn:broadsheet:test:no-headline")) << rejected_items.body;
    EXPECT_TRUE(rejected_items.Has("the item has no headline"));
    EXPECT_FALSE(rejected_items.Has("status-published"));
}

TEST_F(NewsroomHttpTest, UserAddPrintsALinkThatWorksOnce) {
    Completed added =
        RunCommand({kBinary, "user", "add", "--config", config_, "--data", data_, "--email",
                    "New.Editor@example.com", "--role", "editor", "--name", "New Editor"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    std::smatch link;
    ASSERT_TRUE(std::regex_search(
        added.out, link, std::regex(R"(https://news\.example(/newsroom/signin/[A-Za-z0-9_-]+))")))
        << added.out;
    Browser browser(*server_);
    Reply form = browser.Get(link[1]);
    ASSERT_EQ(form.status, 200);
    const std::string csrf = CsrfIn(form.body);
    Reply mismatch = browser.Post(
        link[1], {{"csrf", csrf}, {"password", "a new password 1"}, {"confirm", "other"}});
    EXPECT_EQ(mismatch.status, 400);
    Reply set = browser.Post(
        link[1],
        {{"csrf", csrf}, {"password", "a new password 1"}, {"confirm", "a new password 1"}});
    ASSERT_EQ(set.status, 303) << set.body;
    EXPECT_TRUE(browser.Get("/newsroom").Has("new.editor@example.com"));

    Browser other(*server_);
    Reply second_form = other.Get(link[1]);
    Reply used = other.Post(link[1], {{"csrf", CsrfIn(second_form.body)},
                                      {"password", "another password 2"},
                                      {"confirm", "another password 2"}});
    EXPECT_EQ(used.status, 410);
    EXPECT_EQ(SignIn(other, "new.editor@example.com", "another password 2").status, 400);
    EXPECT_EQ(SignIn(other, "new.editor@example.com", "a new password 1").status, 303);

    // With --password-stdin there is no link.
    Completed direct = RunCommand({"/bin/sh", "-c",
                                   "printf 'typed password 3\\n' | '" + kBinary +
                                       "' user add --config '" + config_ + "' --data '" + data_ +
                                       "' --email w2@example.com --role writer --password-stdin"});
    ASSERT_EQ(direct.exit_code, 0) << direct.err;
    EXPECT_EQ(direct.out.find("signin"), std::string::npos);
    EXPECT_EQ(SignIn(other, "w2@example.com", "typed password 3").status, 303);
}

}  // namespace
}  // namespace broadsheet::testing
