// The newsroom's frame (routing, sessions, roles, CSRF, headers) and the syndicated-copy rule,
// with a real SQLite store and the real templates.
#include "newsroom/newsroom.h"

#include <gtest/gtest.h>

#include "accounts/tokens.h"
#include "newsroom/article_pages.h"
#include "newsroom/staff_accounts.h"
#include "site/templates.h"
#include "store/sqlite/sqlite_article_store.h"
#include "store/sqlite/sqlite_staff_store.h"
#include "store/sqlite/test_database.h"

namespace broadsheet::newsroom {
namespace {

constexpr int64_t kNov16 = 1731752820;  // 2024-11-16T10:27:00Z
Timestamp At(int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

class NewsroomTest : public ::testing::Test {
protected:
    NewsroomTest() {
        auto loaded = site::Templates::Load(
            std::filesystem::path(BROADSHEET_SOURCE_DIR) / "templates" / "newsroom",
            {"layout", "message", "login", "set_password"});
        EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
        templates_ = std::move(*loaded);
        NewsroomOptions options;
        options.site_name = "The Test Times";
        options.secret = "0123456789abcdef0123456789abcdef";
        newsroom_ = std::make_unique<Newsroom>(options, staff_, *templates_, clock_);
        newsroom_->AddPage(
            "", Role::kWriter, [this](const http::Request&, const StaffContext& staff) {
                ++calls_;
                return newsroom_->RenderPage(staff, "message", "Home",
                                             {{"heading", "Home"}, {"message", "home"}});
            });
        newsroom_->AddPage("queue", Role::kEditor, [](const http::Request&, const StaffContext&) {
            return http::Response::Text(200, "queue");
        });
        newsroom_->AddPage("queue/deep", Role::kEditor,
                           [](const http::Request&, const StaffContext&) {
                               return http::Response::Text(200, "deep");
                           });
        newsroom_->AddPage("users", Role::kAdmin, [](const http::Request&, const StaffContext&) {
            return http::Response::Text(200, "users");
        });
    }

    // A signed-in session for a new staff member with `role`: the cookie and CSRF token.
    std::pair<std::string, std::string> SignedIn(Role role, std::string email) {
        auto added =
            AddStaff(staff_, email, "", role, std::string("a long enough password"), clock_);
        EXPECT_TRUE(added.has_value());
        std::string token = accounts::RandomToken();
        auto id = staff_.CreateSession(
            {.staff_id = added->member.id, .token_hash = accounts::TokenHash(token)}, clock_.Now());
        return {token, accounts::CsrfToken("0123456789abcdef0123456789abcdef",
                                           "staff:" + std::to_string(*id))};
    }

    static http::Request Get(std::string path, const std::string& cookie = {}) {
        http::Request request;
        request.method = "GET";
        request.path = path;
        request.target = std::move(path);
        request.remote_address = "10.1.2.3";
        if (!cookie.empty()) request.headers.emplace_back("Cookie", "bs_staff=" + cookie);
        return request;
    }

    static http::Request Post(std::string path, const std::string& cookie, std::string body) {
        http::Request request = Get(std::move(path), cookie);
        request.method = "POST";
        request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        request.body = std::move(body);
        return request;
    }

    store::sqlite::TestDatabase database_;
    store::sqlite::SqliteStaffStore staff_{database_.pool()};
    FixedClock clock_{At(kNov16)};
    std::unique_ptr<site::Templates> templates_;
    std::unique_ptr<Newsroom> newsroom_;
    int calls_ = 0;
};

TEST_F(NewsroomTest, SignedOutVisitorsAreSentToSignInWithTheirPage) {
    http::Response response = newsroom_->Handle(Get("/newsroom/queue?feed=ap"));
    EXPECT_EQ(response.status, 303);
    EXPECT_EQ(response.GetHeader("Location"),
              "/newsroom/login?next=%2Fnewsroom%2Fqueue%3Ffeed%3Dap");
    EXPECT_EQ(response.GetHeader("Cache-Control"), "no-store");
    EXPECT_EQ(response.GetHeader("X-Frame-Options"), "DENY");
    http::Response login = newsroom_->Handle(Get("/newsroom/login"));
    EXPECT_EQ(login.status, 200);
    EXPECT_NE(login.body->find("name=\"csrf\""), std::string::npos);
    EXPECT_NE(login.GetHeader("Set-Cookie").find("bs_staff_pre="), std::string_view::npos);
    EXPECT_NE(login.GetHeader("X-Robots-Tag").find("noindex"), std::string_view::npos);
}

TEST_F(NewsroomTest, RoutesByLongestPrefixAndRole) {
    auto [writer, writer_csrf] = SignedIn(Role::kWriter, "w@example.com");
    auto [editor, editor_csrf] = SignedIn(Role::kEditor, "e@example.com");
    EXPECT_EQ(newsroom_->Handle(Get("/newsroom", writer)).status, 200);
    EXPECT_EQ(calls_, 1);
    EXPECT_EQ(newsroom_->Handle(Get("/newsroom/queue", writer)).status, 403);
    EXPECT_EQ(*newsroom_->Handle(Get("/newsroom/queue/x", editor)).body, "queue");
    EXPECT_EQ(*newsroom_->Handle(Get("/newsroom/queue/deep/1", editor)).body, "deep");
    EXPECT_EQ(newsroom_->Handle(Get("/newsroom/queuex", editor)).status, 404);
    EXPECT_EQ(newsroom_->Handle(Get("/newsroom/users", editor)).status, 403);
    http::Response home = newsroom_->Handle(Get("/newsroom/", editor));
    EXPECT_NE(home.body->find("href=\"/newsroom/queue\""), std::string::npos);  // The nav.
    EXPECT_EQ(home.body->find("href=\"/newsroom/users\""), std::string::npos);
    EXPECT_NE(home.body->find(editor_csrf), std::string::npos);
}

TEST_F(NewsroomTest, APostWithoutTheTokenIsRefusedBeforeTheHandlerRuns) {
    auto [cookie, csrf] = SignedIn(Role::kAdmin, "a@example.com");
    EXPECT_EQ(newsroom_->Handle(Post("/newsroom", cookie, "x=1")).status, 403);
    EXPECT_EQ(newsroom_->Handle(Post("/newsroom", cookie, "csrf=wrong")).status, 403);
    EXPECT_EQ(calls_, 0);
    EXPECT_EQ(newsroom_->Handle(Post("/newsroom", cookie, "csrf=" + csrf)).status, 200);
    http::Request header = Post("/newsroom", cookie, "");
    header.headers.emplace_back("X-CSRF-Token", csrf);
    EXPECT_EQ(newsroom_->Handle(header).status, 200);
    EXPECT_EQ(calls_, 2);
}

TEST_F(NewsroomTest, DisabledStaffAndEndedSessionsAreSignedOut) {
    auto [cookie, csrf] = SignedIn(Role::kEditor, "gone@example.com");
    EXPECT_EQ(newsroom_->Handle(Get("/newsroom", cookie)).status, 200);
    ASSERT_EQ(*DisableStaff(staff_, "gone@example.com"), 1);
    EXPECT_EQ(newsroom_->Handle(Get("/newsroom", cookie)).status, 303);
    auto [idle, idle_csrf] = SignedIn(Role::kEditor, "idle@example.com");
    clock_.Set(At(kNov16 + 9 * 3600));
    EXPECT_EQ(newsroom_->Handle(Get("/newsroom", idle)).status, 303);
}

TEST_F(NewsroomTest, RedirectCarriesAFlashShownOnce) {
    auto [cookie, csrf] = SignedIn(Role::kWriter, "w@example.com");
    http::Response redirect = newsroom_->Redirect("/newsroom", "Saved <b>it</b>.");
    EXPECT_EQ(redirect.status, 303);
    std::string set_cookie(redirect.GetHeader("Set-Cookie"));
    std::string flash = set_cookie.substr(0, set_cookie.find(';'));
    http::Request next = Get("/newsroom");
    next.headers.emplace_back("Cookie", "bs_staff=" + cookie + "; " + flash);
    http::Response page = newsroom_->Handle(next);
    EXPECT_NE(page.body->find("Saved &lt;b&gt;it&lt;/b&gt;."), std::string::npos);
    EXPECT_NE(page.GetHeader("Set-Cookie").find("bs_flash=;"), std::string_view::npos);
    EXPECT_EQ(newsroom_->Redirect("https://evil.example/").GetHeader("Location"), "/newsroom");
}

TEST_F(NewsroomTest, SyndicatedCopyAcceptsOnlyTheHeadlinePictureAndPlacement) {
    store::sqlite::SqliteArticleStore articles(database_.pool());
    store::NewArticleVersion wire;
    wire.uri = "urn:wire:1";
    wire.wire_version = "1";
    wire.section = "world";
    wire.slug = "s";
    wire.content.headline = "Wire headline";
    wire.content.body_html = "<p>Wire body</p>";
    wire.content.byline = "Agency reporter";
    ArticleId id = articles.Upsert(wire, At(kNov16))->id;
    ArticlePages pages(
        *newsroom_, articles,
        [] { return std::vector<Section>{Section{"world", "World"}, Section{"business", "Business"}}; },
        *SiteTimeZone::Find("UTC"));
    auto [cookie, csrf] = SignedIn(Role::kEditor, "e@example.com");
    const std::string path = "/newsroom/articles/" + std::to_string(id.value);
    for (const char* field :
         {"body", "byline", "standfirst", "located", "provider", "dateline", "anything"}) {
        http::Response refused = newsroom_->Handle(
            Post(path, cookie, "csrf=" + csrf + "&headline=New&" + field + "=changed"));
        EXPECT_EQ(refused.status, 403) << field;
        EXPECT_NE(refused.body->find("Nothing was changed"), std::string::npos) << field;
    }
    Article unchanged = *articles.FindById(id);
    EXPECT_EQ(unchanged.content.headline, "Wire headline");
    EXPECT_FALSE(unchanged.headline_overridden);

    http::Response saved = newsroom_->Handle(
        Post(path, cookie,
             "csrf=" + csrf +
                 "&headline=Editor%27s+headline&section=business"
                 "&topics=Trade%2C+Japan&premium=1&picture=&caption=&credit=&alt="));
    EXPECT_EQ(saved.status, 303);
    Article edited = *articles.FindById(id);
    EXPECT_EQ(edited.content.headline, "Editor's headline");
    EXPECT_EQ(edited.section, "business");
    EXPECT_TRUE(edited.premium);
    ASSERT_EQ(edited.content.topics.size(), 2u);
    EXPECT_EQ(edited.content.topics[0].slug, "trade");
    EXPECT_EQ(edited.content.body_html, "<p>Wire body</p>");
    EXPECT_EQ(edited.content.byline, "Agency reporter");
    auto audit = staff_.ListAudit({});
    ASSERT_FALSE(audit->empty());
    EXPECT_EQ(audit->front().action, "article.edit");
    EXPECT_EQ(audit->front().target, "article " + std::to_string(id.value));
    EXPECT_EQ(audit->front().client_address, "10.1.2.3");

    // A picture that is not in the library is refused; the editor's headline stays.
    EXPECT_EQ(
        newsroom_->Handle(Post(path, cookie, "csrf=" + csrf + "&picture=..%2F..%2Fetc%2Fpasswd"))
            .status,
        400);
    // Clearing the headline gives the wire's back.
    EXPECT_EQ(newsroom_
                  ->Handle(Post(path, cookie,
                                "csrf=" + csrf +
                                    "&headline=&section=business&premium=1"
                                    "&topics=Trade%2C+Japan"))
                  .status,
              303);
    EXPECT_EQ(articles.FindById(id)->content.headline, "Wire headline");
}

}  // namespace
}  // namespace broadsheet::newsroom
