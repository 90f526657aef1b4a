#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/time.h"
#include "newsroom/newsroom.h"
#include "newsroom/pictures.h"
#include "newsroom/story_service.h"

namespace broadsheet::newsroom {

/// What the story pages need besides the services.
struct StoryPagesOptions {
    SiteTimeZone zone;             ///< Times are shown, and scheduled, in the site's zone.
    std::string script_url;        ///< The fingerprinted /static/newsroom-story.js (live preview).
    StoryService::SectionsProvider sections;
};

/// The staff story pages: /newsroom/stories (list), stories/new, stories/<draft id> (the
/// editor with preview, save, publish, schedule, unpublish), stories/<id>/revisions (with a
/// word diff of any two versions, ?a=1&b=3), stories/<id>/corrections, stories/preview (the
/// live preview's endpoint) and stories/article/<article id> (to the story's editor); and
/// /newsroom/pictures, the picture library with its upload form. Writers may use them for
/// their own stories; publishing, scheduling, unpublishing and corrections are for editors
/// (403 otherwise, before anything changes). Every change is audited. Registers its pages
/// on construction; `newsroom`, `stories` and `pictures` must outlive it. Thread-safe.
class StoryPages final {
public:
    StoryPages(Newsroom& newsroom, StoryService& stories, PictureLibrary& pictures, StoryPagesOptions options);

private:
    http::Response Route(const http::Request& request, const StaffContext& staff) const;
    http::Response List(const StaffContext& staff) const;
    http::Response Editor(const StaffContext& staff, const std::optional<Story>& story, const StoryInput& input,
                          std::vector<std::string> errors, bool show_preview, int status) const;
    http::Response Create(const http::Request& request, const StaffContext& staff) const;
    http::Response Act(const http::Request& request, const StaffContext& staff, int64_t id) const;
    http::Response Revisions(const http::Request& request, const StaffContext& staff, int64_t id) const;
    http::Response Corrections(const http::Request& request, const StaffContext& staff, int64_t id) const;
    http::Response Preview(const http::Request& request) const;
    http::Response ForArticle(const StaffContext& staff, std::string_view article_id) const;
    /// The page for an expected failure: 403, 404, or the message with `status`.
    http::Response Failure(const StaffContext& staff, const Error& error, int status = 409) const;

    http::Response Pictures(const http::Request& request, const StaffContext& staff) const;
    http::Response PictureLibraryPage(const StaffContext& staff, std::vector<std::string> errors, int status) const;

    Newsroom& newsroom_;        // Not owned.
    StoryService& stories_;     // Not owned.
    PictureLibrary& pictures_;  // Not owned.
    const StoryPagesOptions options_;
};

/// Reads the story form's fields from an application/x-www-form-urlencoded request.
StoryInput StoryInputFromForm(const http::Request& request);

/// Parses an HTML datetime-local value ("2024-11-16T15:57", seconds optional) as a time in
/// the IANA zone `zone_name`; nullopt when malformed or the zone is unknown.
std::optional<Timestamp> ParseLocalDateTime(std::string_view text, const std::string& zone_name);

/// `t` in the zone as a datetime-local value, "2024-11-16T15:57".
std::string FormatLocalDateTime(Timestamp t, const std::string& zone_name);

}  // namespace broadsheet::newsroom
