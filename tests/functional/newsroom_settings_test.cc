// End to end: site settings on the real `broadsheet serve` with the demo staff and content.
// An admin renames the site, adds and reorders a section: readers see it at once (the page
// cache too), the new section answers and a pushed wire item naming it is filed there, and
// it all survives a restart. Editors are kept out; forms without CSRF, unknown time zones
// and removing a section with stories are refused and change nothing.
#include <gtest/gtest.h>
#include <sodium.h>

#include <regex>

#include "browser.h"
#include "http_client.h"
#include "newsroom_session.h"

namespace broadsheet::testing {
namespace {

constexpr const char* kPushSecret = "a-long-shared-secret-for-settings-tests";

std::string Hmac(const std::string& secret, const std::string& body) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                                secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                  body.size());
    crypto_auth_hmacsha256_final(&state, mac);
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return std::string("sha256=") + hex;
}

using Fields = std::vector<std::pair<std::string, std::string>>;

class NewsroomSettingsTest : public NewsroomSession {
protected:
    void SetUp() override {
        Open("settings", std::string("[site]\nname = \"Broadsheet\"\nbase_url = \"http://news.example\"\n") +
                             "timezone = \"UTC\"\n\n[server]\naccess_log = false\n\n" +
                             "[[feeds]]\nid = \"wire\"\nformat = \"ninjs\"\nsecret = \"" + kPushSecret + "\"\n");
    }

    /// Posts a settings form with the page's CSRF token.
    Reply Change(Browser& admin, Fields fields) {
        Reply page = admin.Get("/newsroom/settings");
        EXPECT_EQ(page.status, 200) << page.body;
        fields.insert(fields.begin(), {"csrf", CsrfIn(page.body)});
        return admin.Post("/newsroom/settings", fields);
    }

    Reply Reader(const std::string& path) { return Browser(*server_).Get(path); }

    /// Where `href="<path>"` first appears in the reader home page's navigation.
    size_t NavPosition(const std::string& home, const std::string& path) {
        const size_t nav = home.find("aria-label=\"Sections\"");
        EXPECT_NE(nav, std::string::npos);
        return home.find("href=\"" + path + "\"", nav);
    }
};

TEST_F(NewsroomSettingsTest, AdminRenamesAddsAndReordersLiveWithoutARestart) {
    // Readers' pages are in the page cache before the change.
    Reply before = Reader("/");
    ASSERT_EQ(before.status, 200);
    ASSERT_TRUE(before.Has("Broadsheet"));
    ASSERT_EQ(Reader("/science").status, 404);

    Browser admin(*server_);
    SignInAs(admin, "admin");
    Reply page = admin.Get("/newsroom/settings");
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(page.Has("Feeds and routing rules"));
    EXPECT_TRUE(page.Has("pushes to /ingest/wire")) << "the configured feed is shown read-only";

    Reply renamed = Change(
        admin,
        {{"action", "site"}, {"name", "The Evening Ledger"}, {"tagline", "Read all about it"}});
    ASSERT_EQ(renamed.status, 303) << renamed.body;
    Reply added =
        Change(admin, {{"action", "section-add"}, {"slug", "science"}, {"name", "Science"}});
    ASSERT_EQ(added.status, 303) << added.body;
    // Demo sections: world, india, markets, technology, sports; science goes last, then up twice.
    for (int i = 0; i < 2; ++i) {
        Reply moved =
            Change(admin, {{"action", "section-up"}, {"slug", "science"}, {"name", "Science"}});
        ASSERT_EQ(moved.status, 303) << moved.body;
    }
    Reply renamed_section =
        Change(admin, {{"action", "section-rename"}, {"slug", "india"}, {"name", "Nation"}});
    ASSERT_EQ(renamed_section.status, 303) << renamed_section.body;

    Reply home = Reader("/");
    ASSERT_EQ(home.status, 200);
    EXPECT_TRUE(home.Has("The Evening Ledger"));
    EXPECT_TRUE(home.Has("Read all about it"));
    EXPECT_TRUE(home.Has(">Nation</a>"));
    EXPECT_LT(NavPosition(home.body, "/markets"), NavPosition(home.body, "/science"));
    EXPECT_LT(NavPosition(home.body, "/science"), NavPosition(home.body, "/technology"));
    EXPECT_LT(NavPosition(home.body, "/technology"), NavPosition(home.body, "/sports"));
    Reply science = Reader("/science");
    EXPECT_EQ(science.status, 200);
    EXPECT_TRUE(science.Has("The Evening Ledger"));

    // The ingest path routes to the new section at once: a pushed item naming it is filed there.
    const std::string story =
        R"({"uri":"urn:push:comet","version":"1","headline":"A comet lights up the sky",)"
        R"("body_html":"<p>Astronomers watched all night.</p>","subjects":[{"name":"Science"}]})";
    HttpResponse pushed = HttpPost(server_->Url("/ingest/wire"), story,
                                   {"X-Broadsheet-Signature: " + Hmac(kPushSecret, story)});
    ASSERT_EQ(pushed.status, 200) << pushed.body;
    Reply listed = Reader("/science");
    EXPECT_TRUE(listed.Has("A comet lights up the sky")) << listed.body;
    EXPECT_TRUE(std::regex_search(listed.body,
                                  std::regex(R"(href="/science/a-comet-lights-up-the-sky-\d+")")));

    // Audited.
    Reply audit = admin.Get("/newsroom/audit?action=settings.");
    EXPECT_TRUE(audit.Has("settings.site"));
    EXPECT_TRUE(audit.Has("settings.section.add"));
    EXPECT_TRUE(audit.Has("settings.section.move"));
    EXPECT_TRUE(audit.Has("settings.section.rename"));

    // Stored: a restart keeps it.
    ASSERT_EQ(server_->Stop(), 0);
    Start();
    Reply again = Reader("/");
    EXPECT_TRUE(again.Has("The Evening Ledger"));
    EXPECT_LT(NavPosition(again.body, "/science"), NavPosition(again.body, "/technology"));
    EXPECT_EQ(Reader("/science").status, 200);
}

TEST_F(NewsroomSettingsTest, EditorsAndFormsWithoutCsrfAreRefused) {
    Browser editor(*server_);
    SignInAs(editor, "editor");
    Reply page = editor.Get("/newsroom/settings");
    EXPECT_EQ(page.status, 403);
    Reply home = editor.Get("/newsroom");
    Reply post = editor.Post(
        "/newsroom/settings",
        {{"csrf", CsrfIn(home.body)}, {"action", "site"}, {"name", "Hijacked"}, {"tagline", ""}});
    EXPECT_EQ(post.status, 403);

    Browser admin(*server_);
    SignInAs(admin, "admin");
    Reply no_csrf = admin.Post("/newsroom/settings",
                               {{"action", "site"}, {"name", "Hijacked"}, {"tagline", ""}});
    EXPECT_EQ(no_csrf.status, 403);
    Reply wrong_csrf =
        admin.Post("/newsroom/settings",
                   {{"csrf", CsrfIn(home.body)}, {"action", "site"}, {"name", "Hijacked"}});
    EXPECT_EQ(wrong_csrf.status, 403) << "another session's token";
    EXPECT_FALSE(Reader("/").Has("Hijacked"));
    EXPECT_FALSE(admin.Get("/newsroom/settings").Has("Hijacked"));
}

TEST_F(NewsroomSettingsTest, UnknownTimeZonesAndBadSectionsAreRefusedAndChangeNothing) {
    Browser admin(*server_);
    SignInAs(admin, "admin");
    Reply zone = Change(admin, {{"action", "timezone"}, {"timezone", "Mars/Olympus_Mons"}});
    EXPECT_EQ(zone.status, 422);
    EXPECT_TRUE(zone.Has("is not a time zone this server knows")) << zone.body;
    EXPECT_TRUE(zone.Has("Nothing was changed"));
    EXPECT_TRUE(admin.Get("/newsroom/settings").Has("value=\"UTC\""));

    Reply reserved =
        Change(admin, {{"action", "section-add"}, {"slug", "archive"}, {"name", "Old news"}});
    EXPECT_EQ(reserved.status, 422);
    EXPECT_TRUE(reserved.Has("belongs to another page"));
    Reply duplicate =
        Change(admin, {{"action", "section-add"}, {"slug", "world"}, {"name", "Globe"}});
    EXPECT_EQ(duplicate.status, 409);
    Reply shape =
        Change(admin, {{"action", "section-add"}, {"slug", "Big News!"}, {"name", "Big"}});
    EXPECT_EQ(shape.status, 422);
    EXPECT_FALSE(admin.Get("/newsroom/settings").Has("href=\"/archive\""));

    // Readers' times follow the zone at once.
    std::smatch link;
    const std::string home = Reader("/").body;
    ASSERT_TRUE(std::regex_search(home, link, std::regex(R"re(href="(/world/[a-z0-9-]+-\d+)")re")));
    const std::string article = link[1];
    EXPECT_TRUE(Reader(article).Has(" UTC")) << "times are in UTC first";
    Reply tokyo = Change(admin, {{"action", "timezone"}, {"timezone", "Asia/Tokyo"}});
    EXPECT_EQ(tokyo.status, 303) << tokyo.body;
    Reply in_tokyo = Reader(article);
    EXPECT_TRUE(in_tokyo.Has(" JST")) << in_tokyo.body.substr(0, 4000);
    EXPECT_FALSE(in_tokyo.Has(" UTC<"));
    EXPECT_TRUE(admin.Get("/newsroom/settings").Has("value=\"Asia/Tokyo\""));
    Reply audit = admin.Get("/newsroom/audit?action=settings.");
    EXPECT_TRUE(audit.Has("UTC to Asia/Tokyo"));
    EXPECT_FALSE(audit.Has("Mars/Olympus_Mons"));
}

TEST_F(NewsroomSettingsTest, SectionsWithStoriesAreNotRemoved) {
    Browser admin(*server_);
    SignInAs(admin, "admin");
    // The demo's markets stories are filed there.
    Reply refused =
        Change(admin, {{"action", "section-remove"}, {"slug", "markets"}, {"name", "Markets"}});
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(refused.Has("cannot be removed")) << refused.body;
    EXPECT_TRUE(refused.Has("filed under it"));
    EXPECT_EQ(Reader("/markets").status, 200);
    EXPECT_TRUE(Reader("/").Has("href=\"/markets\""));

    // An empty one goes, and with it its page.
    ASSERT_EQ(
        Change(admin, {{"action", "section-add"}, {"slug", "puzzles"}, {"name", "Puzzles"}}).status,
        303);
    EXPECT_EQ(Reader("/puzzles").status, 200);
    Reply removed =
        Change(admin, {{"action", "section-remove"}, {"slug", "puzzles"}, {"name", "Puzzles"}});
    EXPECT_EQ(removed.status, 303) << removed.body;
    EXPECT_EQ(Reader("/puzzles").status, 404);
    EXPECT_FALSE(Reader("/").Has("href=\"/puzzles\""));
    EXPECT_TRUE(admin.Get("/newsroom/audit?action=settings.").Has("settings.section.remove"));
}

TEST_F(NewsroomSettingsTest, TopicsAreRenamedForReaders) {
    std::smatch match;
    const std::string home = Reader("/").body;
    ASSERT_TRUE(
        std::regex_search(home, match, std::regex(R"re(href="(/world/[a-z0-9-]+-\d+)")re")));
    const std::string article = match[1];
    const std::string page = Reader(article).body;
    ASSERT_TRUE(std::regex_search(page, match,
                                  std::regex(R"re(href="/topic/([a-z0-9-]+)"[^>]*>([^<]+)<)re")))
        << "the demo story has topics";
    const std::string slug = match[1], wire_name = match[2];
    ASSERT_TRUE(Reader("/topic/" + slug).Has(wire_name));

    Browser admin(*server_);
    SignInAs(admin, "admin");
    EXPECT_TRUE(admin.Get("/newsroom/settings?topics=" + slug).Has("/topic/" + slug));
    Reply renamed =
        Change(admin, {{"action", "topic-rename"}, {"slug", slug}, {"name", "Renamed Topic Name"}});
    ASSERT_EQ(renamed.status, 303) << renamed.body;
    EXPECT_TRUE(Reader(article).Has(">Renamed Topic Name<"));
    EXPECT_TRUE(Reader("/topic/" + slug).Has("Renamed Topic Name"));
    EXPECT_TRUE(Reader("/feeds/topic/" + slug + ".rss").Has("Renamed Topic Name"));
    EXPECT_EQ(Change(admin, {{"action", "topic-rename"}, {"slug", "no-such-topic"}, {"name", "X"}})
                  .status,
              409);
    EXPECT_TRUE(admin.Get("/newsroom/audit?action=settings.").Has("settings.topic.rename"));

    // An empty name restores the wires'.
    ASSERT_EQ(Change(admin, {{"action", "topic-rename"}, {"slug", slug}, {"name", ""}}).status,
              303);
    EXPECT_FALSE(Reader(article).Has("Renamed Topic Name"));
}

}  // namespace
}  // namespace broadsheet::testing
