#pragma once

#include <string>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"
#include "newsroom/newsroom.h"

namespace broadsheet::store {
class ArticleStore;
class WireLogStore;
}  // namespace broadsheet::store

namespace broadsheet::newsroom {

/// The newsroom's home page ("", any staff) and the wire queue ("queue", editors): the newest
/// items the ingest path saw across feeds with where each stands, filters by feed and
/// status, and the publish / hold / kill actions (POST, audited). Registers its pages on
/// construction. Thread-safe.
class WirePages final {
public:
    /// Every argument must outlive the pages.
    WirePages(Newsroom& newsroom, store::ArticleStore& articles,
              const store::WireLogStore& wire_log, const SiteTimeZone& zone);

private:
    http::Response Home(const http::Request& request, const StaffContext& staff) const;
    http::Response Queue(const http::Request& request, const StaffContext& staff) const;
    http::Response Action(const http::Request& request, const StaffContext& staff) const;

    Newsroom& newsroom_;                   // Not owned.
    store::ArticleStore& articles_;        // Not owned.
    const store::WireLogStore& wire_log_;  // Not owned.
    const SiteTimeZone& zone_;             // Not owned.
};

/// What an editor's status action does to a story: "publish" (released from hold and
/// published), "hold", "withhold" or "kill". Returns the audit action ("wire.publish"...);
/// kInvalidInput for an unknown action, kNotFound for no such story.
/// "published", "held", "withheld", "killed" for a status action.
std::string_view ActionDone(std::string_view action);

Result<std::string> ApplyStatusAction(store::ArticleStore& articles, ArticleId id,
                                      std::string_view action);

}  // namespace broadsheet::newsroom
