// End to end: staff stories on the real `broadsheet serve` with the demo staff: a writer
// drafts and may not publish; an editor publishes, updates (Last Updated moves), corrects
// (dated on the reader page), schedules and unpublishes; revisions show a word diff; the
// picture library strips EXIF and refuses other types; forms without CSRF are refused.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "browser.h"
#include "http_client.h"
#include "newsroom_session.h"

namespace broadsheet::testing {
namespace {

const std::string kSource = BROADSHEET_SOURCE_DIR;
constexpr const char* kSecret = "GPS 35.6762N 139.6503E serial 0xC0FFEE";

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::string Match(const std::string& text, const std::string& pattern) {
    std::smatch match;
    if (!std::regex_search(text, match, std::regex(pattern))) return {};
    return match[1];
}

using Fields = std::vector<std::pair<std::string, std::string>>;

class NewsroomStoriesTest : public NewsroomSession {
protected:
    void SetUp() override {
        Open("stories", "[site]\nname = \"Broadsheet\"\nbase_url = \"http://news.example\"\n"
                        "timezone = \"UTC\"\n\n[server]\naccess_log = false\n");
    }

    static Fields StoryFields(const std::string& csrf, const std::string& action, const std::string& headline) {
        return {{"csrf", csrf},
                {"headline", headline},
                {"standfirst", "The council met for six hours"},
                {"byline", "Demo Writer"},
                {"section", "world"},
                {"topics", "Local politics, Budget"},
                {"markdown", "The *council* voted on Tuesday.\n\n<script>alert(1)</script>\n\nThe budget passed."},
                {"picture", ""},
                {"action", action}};
    }

    /// A writer's new draft; its editor path "/newsroom/stories/<id>".
    std::string Draft(Browser& writer, const std::string& headline) {
        Reply form = writer.Get("/newsroom/stories/new");
        EXPECT_EQ(form.status, 200);
        Reply created = writer.Post("/newsroom/stories/new", StoryFields(CsrfIn(form.body), "save", headline));
        EXPECT_EQ(created.status, 303) << created.body;
        return created.Header("location");
    }

    /// Posts the story form at `path` with `action`.
    Reply Act(Browser& browser, const std::string& path, const std::string& action, const std::string& headline,
              Fields extra = {}) {
        Reply page = browser.Get(path);
        EXPECT_EQ(page.status, 200) << page.body;
        Fields fields = StoryFields(CsrfIn(page.body), action, headline);
        fields.insert(fields.end(), extra.begin(), extra.end());
        return browser.Post(path, fields);
    }

    std::string ReaderPath(Browser& staff, const std::string& path) {
        return Match(staff.Get(path).body, R"re(href="(/world/[a-z0-9-]+-\d+)">Read it on the site)re");
    }
};

TEST_F(NewsroomStoriesTest, WriterDraftsEditorPublishesUpdatesCorrectsAndUnpublishes) {
    Browser writer(*server_);
    SignInAs(writer, "writer");
    const std::string path = Draft(writer, "Council passes the budget");
    ASSERT_TRUE(std::regex_match(path, std::regex(R"(/newsroom/stories/\d+)"))) << path;

    // A writer may not publish: 403, and nothing is published.
    Reply refused = Act(writer, path, "publish", "Council passes the budget");
    EXPECT_EQ(refused.status, 403);
    EXPECT_TRUE(writer.Get(path).Has("<strong>Draft</strong>"));
    EXPECT_TRUE(writer.Get("/newsroom/stories").Has("Council passes the budget"));
    // A form without the CSRF token changes nothing either.
    Browser editor(*server_);
    SignInAs(editor, "editor");
    Fields no_csrf = StoryFields("", "publish", "Council passes the budget");
    no_csrf.erase(no_csrf.begin());
    EXPECT_EQ(editor.Post(path, no_csrf).status, 403);
    EXPECT_TRUE(editor.Get(path).Has("<strong>Draft</strong>"));

    // An editor publishes; readers see it, without the script.
    Reply published = Act(editor, path, "publish", "Council passes the budget");
    ASSERT_EQ(published.status, 303) << published.body;
    const std::string reader_path = ReaderPath(editor, path);
    ASSERT_FALSE(reader_path.empty());
    HttpResponse page = HttpGet(server_->Url(reader_path));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Council passes the budget"), std::string::npos);
    EXPECT_NE(page.body.find("<em>council</em>"), std::string::npos);
    EXPECT_EQ(page.body.find("alert(1)"), std::string::npos);
    const std::string updated_pattern = R"re(story__updated">Last Updated : <time datetime="([^"]+)")re";
    const std::string first_updated = Match(page.body, updated_pattern);
    ASSERT_FALSE(first_updated.empty());

    // An update moves Last Updated.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    ASSERT_EQ(Act(editor, path, "publish", "Council passes the budget at last").status, 303);
    page = HttpGet(server_->Url(reader_path));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Council passes the budget at last"), std::string::npos);
    const std::string second_updated = Match(page.body, updated_pattern);
    EXPECT_GT(second_updated, first_updated);

    // The revisions show a word diff.
    Reply revisions = editor.Get(path + "/revisions?a=1&b=2");
    ASSERT_EQ(revisions.status, 200);
    EXPECT_TRUE(revisions.Has("<ins> at last</ins>")) << revisions.body;

    // A correction appears dated on the reader page.
    Reply corrections = editor.Get(path + "/corrections");
    ASSERT_EQ(corrections.status, 200);
    Reply corrected = editor.Post(path + "/corrections",
                                  {{"csrf", CsrfIn(corrections.body)}, {"text", "An earlier version gave the wrong day."}});
    ASSERT_EQ(corrected.status, 303) << corrected.body;
    page = HttpGet(server_->Url(reader_path));
    EXPECT_NE(page.body.find("An earlier version gave the wrong day."), std::string::npos);
    EXPECT_TRUE(std::regex_search(page.body, std::regex(R"re(<li><time datetime="\d{4}-\d\d-\d\dT[^"]+">[^<]+</time>: An earlier)re")))
        << page.body;
    // Writers may not add corrections.
    EXPECT_EQ(writer.Post(path + "/corrections", {{"csrf", CsrfIn(writer.Get(path).body)}, {"text", "x"}}).status, 403);

    // Unpublished: readers get 404.
    ASSERT_EQ(Act(editor, path, "unpublish", "Council passes the budget at last").status, 303);
    EXPECT_EQ(HttpGet(server_->Url(reader_path)).status, 404);
}

TEST_F(NewsroomStoriesTest, AScheduledStoryAppearsAtItsTime) {
    Browser editor(*server_);
    SignInAs(editor, "editor");
    const std::string path = Draft(editor, "Scheduled: the harbour reopens");
    // The site's zone is UTC here; seconds are accepted in the datetime-local value.
    const auto at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::seconds(4);
    const std::time_t at_t = std::chrono::system_clock::to_time_t(at);
    char local[32];
    std::strftime(local, sizeof local, "%Y-%m-%dT%H:%M:%S", std::gmtime(&at_t));
    Reply scheduled = Act(editor, path, "schedule", "Scheduled: the harbour reopens", {{"publish_at", local}});
    ASSERT_EQ(scheduled.status, 303) << scheduled.body;
    Reply page = editor.Get(path);
    EXPECT_TRUE(page.Has("<strong>Scheduled</strong>")) << page.body;
    const std::string id = Match(page.body, R"re(/newsroom/stories/(\d+)/revisions)re");
    // Not visible before its time: the story's article is withheld (the home page lacks it).
    EXPECT_EQ(HttpGet(server_->Url("/")).body.find("the harbour reopens"), std::string::npos);
    // The embargo release runs every 2 s: it appears within a few seconds of its time.
    bool appeared = false;
    for (int i = 0; i < 40 && !appeared; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        appeared = HttpGet(server_->Url("/world")).body.find("the harbour reopens") != std::string::npos;
    }
    EXPECT_TRUE(appeared);
    EXPECT_GE(std::chrono::system_clock::now(), at);
    EXPECT_TRUE(editor.Get(path).Has("<strong>Published</strong>"));
}

TEST_F(NewsroomStoriesTest, PictureUploadsLoseExifAndOtherTypesAreRefused) {
    Browser writer(*server_);
    SignInAs(writer, "writer");
    Reply library = writer.Get("/newsroom/pictures");
    ASSERT_EQ(library.status, 200);
    const std::string csrf = CsrfIn(library.body);
    auto upload = [&](const std::string& bytes, const std::string& filename, const std::string& token) {
        const std::string boundary = "----BroadsheetTestBoundary";
        std::string body;
        auto field = [&](const std::string& name, const std::string& value) {
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
        };
        if (!token.empty()) field("csrf", token);
        field("alt", "The flag of Japan");
        field("caption", "Flying in Tokyo");
        field("credit", "Staff");
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
                "\"\r\nContent-Type: image/jpeg\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
        return writer.Send("POST", "/newsroom/pictures", &body,
                           {"Content-Type: multipart/form-data; boundary=" + boundary});
    };
    std::string jpeg = ReadFile(std::filesystem::path(kSource) / "fixtures/demo/pictures/japan-flag.jpg");
    ASSERT_GT(jpeg.size(), 100u);
    std::string exif = std::string("Exif\0\0", 6) + kSecret;
    std::string app1{'\xFF', '\xE1', static_cast<char>((exif.size() + 2) >> 8), static_cast<char>((exif.size() + 2) & 0xFF)};
    jpeg.insert(2, app1 + exif);

    EXPECT_EQ(upload(jpeg, "flag.jpg", "").status, 403);  // No CSRF token.
    Reply uploaded = upload(jpeg, "flag.jpg", csrf);
    ASSERT_EQ(uploaded.status, 303) << uploaded.body;
    library = writer.Get("/newsroom/pictures");
    const std::string rendition = Match(library.body, R"re(src="/media/r/320/([0-9a-f]+/[0-9a-f]+)\.jpg")re");
    ASSERT_FALSE(rendition.empty()) << library.body;
    std::string stored;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "data" / "media")) {
        if (entry.path().string().find(rendition + ".jpg") != std::string::npos &&
            entry.path().string().find("/r/") == std::string::npos) {
            stored = ReadFile(entry.path());
        }
    }
    ASSERT_FALSE(stored.empty()) << "the original is not in the media store";
    EXPECT_EQ(stored.find(kSecret), std::string::npos) << "EXIF kept in the stored original";
    EXPECT_EQ(stored.substr(0, 2), "\xFF\xD8");
    // The rendition the reader site makes from it works.
    EXPECT_EQ(HttpGet(server_->Url("/media/r/320/" + rendition + ".jpg")).status, 200);

    // Not an image (whatever its name and type say), and a GIF: refused.
    Reply text = upload("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", "evil.jpg", csrf);
    EXPECT_EQ(text.status, 415);
    EXPECT_TRUE(text.Has("only JPEG, PNG and WebP")) << text.body;
    EXPECT_EQ(upload(std::string("GIF89a\x01\0\x01\0\0\0\0;", 14), "a.gif", csrf).status, 415);
}

}  // namespace
}  // namespace broadsheet::testing
