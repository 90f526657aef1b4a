#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/time.h"
#include "newsroom/newsroom.h"

namespace broadsheet::store {
class ArticleStore;
}  // namespace broadsheet::store

namespace broadsheet::newsroom {

/// The form fields a POST to a syndicated story's editor may carry: the headline, the lead
/// picture (choice, caption, credit, alt text) and placement (section, topics, premium).
/// Anything else — body, byline, dateline, standfirst, provider, or a name we do not know —
/// is refused whole with 403 and nothing changes.
inline constexpr const char* kSyndicatedEditableFields[] = {
    "csrf", "headline", "picture", "caption", "credit", "alt", "section", "topics", "premium",
};

/// The newsroom's article pages (editors): /newsroom/articles (search and filter by
/// section, status, source, headline words) and /newsroom/articles/<id>, the editor of a
/// syndicated story, which by construction changes only what the reference page promises
/// ("Only the headline and picture of this report may have been reworked by the staff")
/// plus placement. Staff stories link to the story editor (/newsroom/stories/<id>).
/// Registers its pages on construction. Thread-safe.
class ArticlePages final {
public:
    /// `newsroom` and `articles` must outlive the pages.
    /// `sections` is asked on each use, so sections changed in the settings show at once.
    ArticlePages(Newsroom& newsroom, store::ArticleStore& articles,
                 std::function<std::vector<Section>()> sections, SiteTimeZone zone);

private:
    http::Response Route(const http::Request& request, const StaffContext& staff) const;
    http::Response List(const http::Request& request, const StaffContext& staff) const;
    http::Response Editor(const StaffContext& staff, const Article& article, nlohmann::json errors,
                          int status) const;
    http::Response Save(const http::Request& request, const StaffContext& staff,
                        const Article& article) const;
    http::Response Status(const http::Request& request, const StaffContext& staff,
                          const Article& article) const;
    std::optional<Section> FindSection(std::string_view slug) const;

    Newsroom& newsroom_;             // Not owned.
    store::ArticleStore& articles_;  // Not owned.
    const std::function<std::vector<Section>()> sections_;
    const SiteTimeZone zone_;
};

}  // namespace broadsheet::newsroom
