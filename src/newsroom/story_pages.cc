// The staff story pages: list, editor (with preview), publish/schedule/unpublish. The
// revision and correction pages are in story_history_pages.cc, the picture library in
// pictures_pages.cc.
#include "newsroom/story_pages.h"

#include <date/date.h>
#include <date/tz.h>

#include <sstream>

#include "core/text.h"
#include "media/renditions.h"
#include "newsroom/newsroom_util.h"
#include "site/site.h"

namespace broadsheet::newsroom {
namespace {

using nlohmann::json;

const char* StateLabel(StoryState state) {
    switch (state) {
        case StoryState::kDraft: return "Draft";
        case StoryState::kScheduled: return "Scheduled";
        case StoryState::kPublished: return "Published";
        case StoryState::kUnpublished: return "Unpublished";
    }
    return "Draft";
}

std::string TopicNames(const std::vector<Topic>& topics) {
    std::string names;
    for (const Topic& topic : topics) names += (names.empty() ? "" : ", ") + topic.name;
    return names;
}

StoryInput InputFromDraft(const store::DraftRecord& draft, std::optional<int64_t> picture_id) {
    StoryInput input;
    input.headline = draft.headline;
    input.standfirst = draft.standfirst;
    input.byline = draft.byline;
    input.section = draft.section;
    input.topics = TopicNames(draft.topics);
    input.markdown = draft.markdown;
    input.premium = draft.premium;
    input.picture_id = picture_id;
    return input;
}

Actor ActorOf(const StaffContext& staff) {
    return Actor{staff.member.id, staff.member.role >= Role::kEditor};
}

std::string StoryPath(int64_t id) { return "/newsroom/stories/" + std::to_string(id); }

std::string ThumbnailUrl(const Picture& picture) {
    return "/media/" + media::Renditions::PathFor(picture.path, 320, media::RenditionFormat::kJpeg);
}

}  // namespace

StoryInput StoryInputFromForm(const http::Request& request) {
    StoryInput input;
    input.headline = Field(request, "headline");
    input.standfirst = Field(request, "standfirst");
    input.byline = Field(request, "byline");
    input.section = Field(request, "section");
    input.topics = Field(request, "topics");
    // The body keeps its leading spaces (Markdown's indented code) and line breaks.
    input.markdown = request.FormParam("markdown").value_or("");
    input.premium = !Field(request, "premium").empty();
    input.picture_id = ParseId(Field(request, "picture"));
    return input;
}

std::optional<Timestamp> ParseLocalDateTime(std::string_view text, const std::string& zone_name) {
    // A datetime-local value, "2024-11-16T09:30[:15]": wall time with no zone, which
    // ParseIsoDateTime reads as if it were UTC; the zone is applied below.
    text = TrimWhitespace(text);
    if (text.size() != 16 && text.size() != 19) return std::nullopt;
    const std::optional<Timestamp> wall = ParseIsoDateTime(text);
    if (!wall) return std::nullopt;
    const date::local_seconds local{wall->time_since_epoch()};
    try {
        const date::time_zone* zone = date::locate_zone(zone_name);
        return std::chrono::time_point_cast<std::chrono::seconds>(zone->to_sys(local, date::choose::earliest));
    } catch (const std::exception&) {
        return std::nullopt;  // An unknown zone name.
    }
}

std::string FormatLocalDateTime(Timestamp t, const std::string& zone_name) {
    try {
        const date::time_zone* zone = date::locate_zone(zone_name);
        return date::format("%Y-%m-%dT%H:%M", std::chrono::time_point_cast<std::chrono::minutes>(zone->to_local(t)));
    } catch (const std::exception&) {
        return date::format("%Y-%m-%dT%H:%M", std::chrono::time_point_cast<std::chrono::minutes>(t));
    }
}

StoryPages::StoryPages(Newsroom& newsroom, StoryService& stories, PictureLibrary& pictures, StoryPagesOptions options)
    : newsroom_(newsroom), stories_(stories), pictures_(pictures), options_(std::move(options)) {
    newsroom_.AddPage("stories", Role::kWriter,
                      [this](const http::Request& request, const StaffContext& staff) { return Route(request, staff); });
    newsroom_.AddPage("pictures", Role::kWriter, [this](const http::Request& request, const StaffContext& staff) {
        return Pictures(request, staff);
    });
}

http::Response StoryPages::Route(const http::Request& request, const StaffContext& staff) const {
    std::string_view rest = request.path;
    rest.remove_prefix(std::min(rest.size(), std::string_view("/newsroom/stories").size()));
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    const bool post = request.method == "POST";
    if (rest.empty()) return List(staff);
    if (rest == "new") {
        if (post) return Create(request, staff);
        StoryInput blank;
        return Editor(staff, std::nullopt, blank, {}, false, 200);
    }
    if (rest == "preview" && post) return Preview(request);
    if (rest.starts_with("article/")) return ForArticle(staff, rest.substr(8));
    const size_t slash = rest.find('/');
    const std::optional<int64_t> id = ParseId(rest.substr(0, slash));
    const std::string_view sub = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (id && sub.empty()) {
        if (post) return Act(request, staff, *id);
        auto story = stories_.Find(ActorOf(staff), *id);
        if (!story) return Failure(staff, story.error());
        std::optional<int64_t> picture_id;
        // The library entry showing the draft's picture, to preselect it.
        if (story->draft.picture) {
            if (auto list = pictures_.List(200, 0); list) {
                for (const store::PictureRecord& record : *list) {
                    if (record.picture.path == story->draft.picture->path) picture_id = record.id;
                }
            }
        }
        return Editor(staff, *story, InputFromDraft(story->draft, picture_id), {}, true, 200);
    }
    if (id && sub == "revisions" && !post) return Revisions(request, staff, *id);
    if (id && sub == "corrections") return Corrections(request, staff, *id);
    return Failure(staff, Error{ErrorCode::kNotFound, "There is no story page here."});
}

http::Response StoryPages::Failure(const StaffContext& staff, const Error& error, int status) const {
    switch (error.code) {
        case ErrorCode::kForbidden: return newsroom_.Forbidden(staff, error.message + ". Nothing was changed.");
        case ErrorCode::kNotFound:
            return newsroom_.RenderPage(staff, "message", "Not found",
                                        {{"heading", "Not found"}, {"message", error.message}}, 404);
        case ErrorCode::kIo: status = 500; break;
        default: break;
    }
    return newsroom_.RenderPage(staff, "message", "Not done", {{"heading", "Not done"}, {"message", error.message}},
                                status);
}

http::Response StoryPages::List(const StaffContext& staff) const {
    auto stories = stories_.List(ActorOf(staff), 100, 0);
    if (!stories) return Failure(staff, stories.error());
    json rows = json::array();
    for (const Story& story : *stories) {
        json row{{"id", story.draft.id},
                 {"url", StoryPath(story.draft.id)},
                 {"headline", story.draft.headline.empty() ? "(no headline yet)" : story.draft.headline},
                 {"state", StateLabel(story.state)},
                 {"section", story.draft.section},
                 {"updated", options_.zone.FormatDateTime(story.draft.updated_at)},
                 {"mine", story.draft.author_id == staff.member.id}};
        if (story.state == StoryState::kScheduled && story.draft.scheduled_at) {
            row["scheduled"] = options_.zone.FormatDateTime(*story.draft.scheduled_at);
        }
        if (story.article && story.state == StoryState::kPublished) {
            row["reader_url"] = site::Site::ArticlePath(story.article->section, story.article->slug, story.article->id);
        }
        rows.push_back(std::move(row));
    }
    return newsroom_.RenderPage(staff, "story_list", "Stories", {{"stories", rows}, {"has_stories", !rows.empty()}});
}

http::Response StoryPages::Editor(const StaffContext& staff, const std::optional<Story>& story, const StoryInput& input,
                                  std::vector<std::string> errors, bool show_preview, int status) const {
    const bool editor = staff.member.role >= Role::kEditor;
    json sections = json::array();
    for (const Section& section : options_.sections()) {
        sections.push_back({{"slug", section.slug}, {"name", section.name}, {"selected", section.slug == input.section}});
    }
    json pictures = json::array();
    if (auto list = pictures_.List(60, 0); list) {
        for (const store::PictureRecord& record : *list) {
            pictures.push_back({{"id", record.id},
                                {"thumb_url", ThumbnailUrl(record.picture)},
                                {"alt", record.picture.alt_text},
                                {"caption", record.picture.caption},
                                {"selected", input.picture_id == record.id}});
        }
    }
    json error_list = json::array();
    for (std::string& error : errors) error_list.push_back({{"message", std::move(error)}});
    json model{{"headline", input.headline},
               {"standfirst", input.standfirst},
               {"byline", input.byline.empty() && !story ? staff.member.name : input.byline},
               {"topics", input.topics},
               {"markdown", input.markdown},
               {"premium", input.premium},
               {"sections", sections},
               {"pictures", pictures},
               {"no_picture", !input.picture_id},
               {"can_publish", editor},
               {"errors", error_list},
               {"has_errors", !error_list.empty()},
               {"script_url", options_.script_url},
               {"zone", options_.zone.name()},
               {"preview_html", show_preview ? StoryService::RenderBody(input.markdown) : std::string()}};
    std::string title = "New story";
    if (story) {
        const int64_t id = story->draft.id;
        title = "Edit: " + (story->draft.headline.empty() ? "story " + std::to_string(id) : story->draft.headline);
        model["action_url"] = StoryPath(id);
        model["revisions_url"] = StoryPath(id) + "/revisions";
        model["corrections_url"] = StoryPath(id) + "/corrections";
        model["state"] = StateLabel(story->state);
        model["is_published"] = story->state == StoryState::kPublished;
        model["may_schedule"] = editor && story->state != StoryState::kPublished;
        model["may_unpublish"] =
            editor && (story->state == StoryState::kPublished || story->state == StoryState::kScheduled);
        model["publish_label"] = story->state == StoryState::kPublished ? "Update" : "Publish now";
        model["updated"] = options_.zone.FormatDateTime(story->draft.updated_at);
        if (story->draft.scheduled_at && story->state == StoryState::kScheduled) {
            model["scheduled"] = options_.zone.FormatDateTime(*story->draft.scheduled_at);
            model["publish_at"] = FormatLocalDateTime(*story->draft.scheduled_at, options_.zone.name());
        }
        // Readers can follow the link only while the story is out; a scheduled or
        // unpublished one has an article they cannot see yet.
        if (story->article && story->state == StoryState::kPublished) {
            model["reader_url"] = site::Site::ArticlePath(story->article->section, story->article->slug, story->article->id);
            model["last_updated"] = options_.zone.FormatDateTime(story->article->last_updated);
            const int count = story->article->version_count;
            model["versions"] = std::to_string(count) + (count == 1 ? " version" : " versions");
        }
    } else {
        model["action_url"] = "/newsroom/stories/new";
        model["is_new"] = true;
        model["publish_label"] = "Publish now";
    }
    return newsroom_.RenderPage(staff, "story_edit", std::move(title), std::move(model), status);
}

http::Response StoryPages::Create(const http::Request& request, const StaffContext& staff) const {
    const StoryInput input = StoryInputFromForm(request);
    auto id = stories_.Create(ActorOf(staff), input);
    if (!id) {
        if (id.error().code == ErrorCode::kInvalidInput) {
            return Editor(staff, std::nullopt, input, {id.error().message}, true, 422);
        }
        return Failure(staff, id.error());
    }
    newsroom_.Audit(staff, "story.create", "draft " + std::to_string(*id), input.headline);
    return newsroom_.Redirect(StoryPath(*id), "Draft saved.");
}

http::Response StoryPages::Act(const http::Request& request, const StaffContext& staff, int64_t id) const {
    const Actor actor = ActorOf(staff);
    const std::string action = Field(request, "action");
    const std::string target = "draft " + std::to_string(id);
    const bool editorial = action == "publish" || action == "schedule" || action == "unpublish";
    // Checked before anything is saved: a refused publish changes nothing at all.
    if (editorial && !actor.editor) {
        return newsroom_.Forbidden(staff, "Only editors may " + action + " stories; your role is " +
                                              RoleName(staff.member.role) + ". Nothing was changed.");
    }
    auto story = stories_.Find(actor, id);
    if (!story) return Failure(staff, story.error());
    const StoryInput input = StoryInputFromForm(request);
    auto again = [&](const Error& error) {
        if (error.code == ErrorCode::kInvalidInput || error.code == ErrorCode::kConflict) {
            return Editor(staff, *story, input, {error.message}, true, error.code == ErrorCode::kConflict ? 409 : 422);
        }
        return Failure(staff, error);
    };
    if (action == "preview") return Editor(staff, *story, input, {}, true, 200);
    if (action == "unpublish") {
        if (auto done = stories_.Unpublish(actor, id); !done) return again(done.error());
        newsroom_.Audit(staff, "story.unpublish", target, story->draft.headline);
        return newsroom_.Redirect(StoryPath(id), "Unpublished: readers no longer see the story.");
    }
    if (auto saved = stories_.Save(actor, id, input); !saved) return again(saved.error());
    if (action == "publish") {
        auto published = stories_.Publish(actor, id);
        if (!published) return again(published.error());
        const bool update = story->state == StoryState::kPublished;
        newsroom_.Audit(staff, update ? "story.update" : "story.publish",
                        target + ", article " + std::to_string(published->value), input.headline);
        return newsroom_.Redirect(StoryPath(id), update ? "Updated on the site." : "Published.");
    }
    if (action == "schedule") {
        std::optional<Timestamp> at = ParseLocalDateTime(Field(request, "publish_at"), options_.zone.name());
        if (!at) return again(Error{ErrorCode::kInvalidInput, "give the publication date and time"});
        auto scheduled = stories_.Schedule(actor, id, *at);
        if (!scheduled) return again(scheduled.error());
        newsroom_.Audit(staff, "story.schedule", target + ", article " + std::to_string(scheduled->value),
                        FormatIsoUtc(*at));
        return newsroom_.Redirect(StoryPath(id), "Scheduled for " + options_.zone.FormatDateTime(*at) + ".");
    }
    newsroom_.Audit(staff, "story.save", target, input.headline);
    return newsroom_.Redirect(StoryPath(id), "Draft saved.");
}

http::Response StoryPages::Preview(const http::Request& request) const {
    // The live preview's fragment: the same rendering and sanitising as publication.
    http::Response response = http::Response::Html(200, StoryService::RenderBody(request.FormParam("markdown").value_or("")));
    response.SetHeader("Cache-Control", "no-store");
    return response;
}

http::Response StoryPages::ForArticle(const StaffContext& staff, std::string_view article_id) const {
    // The article list links staff stories by article id; their uri names the draft.
    std::optional<int64_t> id = ParseId(article_id);
    if (!id) return Failure(staff, Error{ErrorCode::kNotFound, "There is no such story."});
    auto story = stories_.FindByArticle(ActorOf(staff), ArticleId{*id});
    if (!story) return Failure(staff, story.error());
    return newsroom_.Redirect(StoryPath(story->draft.id));
}

}  // namespace broadsheet::newsroom
