#include "newsroom/wire_pages.h"

#include "newsroom/newsroom_util.h"
#include "store/article_store.h"
#include "store/wire_log_store.h"

namespace broadsheet::newsroom {
namespace {

constexpr int kQueuePage = 50;

}  // namespace

std::string_view ActionDone(std::string_view action) {
    if (action == "publish") return "published";
    if (action == "hold") return "held";
    if (action == "withhold") return "withheld";
    return "killed";
}

Result<std::string> ApplyStatusAction(store::ArticleStore& articles, ArticleId id,
                                      std::string_view action) {
    if (action == "publish") {
        if (auto released = articles.SetHeld(id, false); !released) return released.error();
        if (auto published = articles.SetStatus(id, ArticleStatus::kPublished); !published)
            return published.error();
    } else if (action == "hold") {
        if (auto held = articles.SetHeld(id, true); !held) return held.error();
    } else if (action == "withhold") {
        if (auto withheld = articles.SetStatus(id, ArticleStatus::kWithheld); !withheld)
            return withheld.error();
    } else if (action == "kill") {
        if (auto killed = articles.SetStatus(id, ArticleStatus::kKilled); !killed)
            return killed.error();
    } else {
        return Fail(ErrorCode::kInvalidInput, "unknown action");
    }
    return "wire." + std::string(action);
}

WirePages::WirePages(Newsroom& newsroom, store::ArticleStore& articles,
                     const store::WireLogStore& wire_log, const SiteTimeZone& zone)
    : newsroom_(newsroom), articles_(articles), wire_log_(wire_log), zone_(zone) {
    newsroom.AddPage("", Role::kWriter,
                     [this](const http::Request& request, const StaffContext& staff) {
                         return Home(request, staff);
                     });
    newsroom.AddPage("queue", Role::kEditor,
                     [this](const http::Request& request, const StaffContext& staff) {
                         if (request.path == "/newsroom/queue/action")
                             return Action(request, staff);
                         return Queue(request, staff);
                     });
}

http::Response WirePages::Home(const http::Request&, const StaffContext& staff) const {
    nlohmann::json model{{"heading", "Newsroom"}};
    if (staff.member.role >= Role::kEditor) {
        auto held = articles_.ListForNewsroom({.held = true, .limit = 100});
        if (held && !held->empty()) {
            model["held_count"] = std::to_string(held->size()) + (held->size() == 100 ? "+" : "");
        }
    }
    return newsroom_.RenderPage(staff, "home", "Newsroom", std::move(model));
}

http::Response WirePages::Queue(const http::Request& request, const StaffContext& staff) const {
    if (request.method == "POST") return newsroom_.Redirect("/newsroom/queue");
    store::WireQueueQuery query;
    query.limit = kQueuePage + 1;
    const std::string feed = request.QueryParam("feed").value_or("");
    const std::string status = request.QueryParam("status").value_or("");
    if (!feed.empty()) query.feed = feed == "(files)" ? std::string() : feed;
    if (auto parsed = store::ParseQueueStatus(status)) query.status = parsed;
    int page = 1;
    if (auto number = ParseId(request.QueryParam("page").value_or(""));
        number && *number < 10'000) {
        page = static_cast<int>(*number);
    }
    query.offset = (page - 1) * kQueuePage;
    auto items = wire_log_.Queue(query);
    if (!items) {
        return newsroom_.RenderPage(
            staff, "message", "Wire queue",
            {{"heading", "Wire queue"},
             {"message", "The queue could not be read: " + items.error().message}},
            500);
    }
    const bool more = static_cast<int>(items->size()) > kQueuePage;
    if (more) items->pop_back();
    nlohmann::json rows = nlohmann::json::array();
    for (const store::WireQueueItem& item : *items) {
        nlohmann::json flags = nlohmann::json::array();
        if (item.premium) flags.push_back("premium");
        if (item.embargoed) flags.push_back("embargoed");
        if (item.overridden) flags.push_back("overridden");
        if (item.entry.outcome == store::WireOutcome::kUpdated) flags.push_back("new version");
        const char* status_name = store::QueueStatusName(item.status);
        nlohmann::json row{{"time", zone_.FormatDateTime(item.entry.at)},
                           {"feed", item.entry.feed.empty() ? "files" : item.entry.feed},
                           {"uri", item.entry.uri},
                           {"status", status_name},
                           {"headline", item.headline.empty() ? item.entry.uri : item.headline},
                           {"reason", item.entry.reason},
                           {"section", item.section},
                           {"flags", flags}};
        if (item.entry.article && item.status != store::QueueStatus::kRejected) {
            const std::string id = std::to_string(item.entry.article->value);
            row["article_id"] = id;
            row["edit_url"] = "/newsroom/articles/" + id;
            nlohmann::json actions = nlohmann::json::array();
            auto add = [&actions](const char* action, const char* label) {
                actions.push_back({{"action", action}, {"label", label}});
            };
            if (item.status == store::QueueStatus::kHeld ||
                item.status == store::QueueStatus::kWithheld ||
                item.status == store::QueueStatus::kKilled) {
                add("publish", "Publish");
            }
            if (item.status == store::QueueStatus::kPublished ||
                item.status == store::QueueStatus::kWithheld) {
                add("hold", "Hold");
            }
            if (item.status != store::QueueStatus::kKilled) add("kill", "Kill");
            row["actions"] = actions;
        }
        rows.push_back(std::move(row));
    }
    nlohmann::json feeds = nlohmann::json::array();
    if (auto known = wire_log_.Feeds()) {
        for (const std::string& id : *known) {
            std::string value = id.empty() ? "(files)" : id;
            feeds.push_back({{"value", value},
                             {"label", id.empty() ? "files" : id},
                             {"selected", value == feed}});
        }
    }
    nlohmann::json statuses = nlohmann::json::array();
    for (const char* name : {"published", "held", "withheld", "killed", "rejected"}) {
        statuses.push_back({{"value", name}, {"label", name}, {"selected", status == name}});
    }
    std::string back = request.target;
    auto page_url = [&](int number) {
        std::string url = "/newsroom/queue?page=" + std::to_string(number);
        if (!feed.empty()) url += "&feed=" + http::PercentEncode(feed);
        if (!status.empty()) url += "&status=" + http::PercentEncode(status);
        return url;
    };
    nlohmann::json model{{"heading", "Wire queue"},
                         {"items", rows},
                         {"has_items", !rows.empty()},
                         {"feeds", feeds},
                         {"statuses", statuses},
                         {"back", back},
                         {"previous_url", page > 1 ? page_url(page - 1) : ""},
                         {"next_url", more ? page_url(page + 1) : ""}};
    return newsroom_.RenderPage(staff, "queue", "Wire queue", std::move(model));
}

http::Response WirePages::Action(const http::Request& request, const StaffContext& staff) const {
    const std::string back = SafeNewsroomPath(Field(request, "back"));
    if (request.method != "POST") return newsroom_.Redirect("/newsroom/queue");
    auto id = ParseId(Field(request, "article"));
    if (!id) return newsroom_.Forbidden(staff, "The action names no story.");
    const std::string action = Field(request, "action");
    auto applied = ApplyStatusAction(articles_, ArticleId{*id}, action);
    if (!applied) {
        if (applied.error().code == ErrorCode::kInvalidInput) {
            return newsroom_.Forbidden(staff,
                                       "Unknown action \"" + action + "\"; nothing was changed.");
        }
        return newsroom_.Redirect(back,
                                  "Story " + std::to_string(*id) + ": " + applied.error().message);
    }
    newsroom_.Audit(staff, *applied, "article " + std::to_string(*id));
    return newsroom_.Redirect(
        back, "Story " + std::to_string(*id) + " " + std::string(ActionDone(action)) + ".");
}

}  // namespace broadsheet::newsroom
