#include "newsroom/settings_pages.h"

#include "newsroom/newsroom_util.h"

namespace broadsheet::newsroom {
namespace {

using nlohmann::json;

constexpr const char* kPath = "/newsroom/settings";
constexpr int kTopicsShown = 50;

int StatusFor(const Error& error) {
    switch (error.code) {
        case ErrorCode::kInvalidInput: return 422;
        case ErrorCode::kConflict:
        case ErrorCode::kNotFound: return 409;
        default: return 500;
    }
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string SectionName(const SiteSettings& settings, std::string_view slug) {
    for (const Section& section : settings.sections) {
        if (section.slug == slug) return section.name;
    }
    return std::string(slug);
}

std::string SectionOrder(const SiteSettings& settings) {
    std::string order;
    for (const Section& section : settings.sections)
        order += (order.empty() ? "" : ", ") + section.slug;
    return order;
}

// "subject Sports and feed ap" → "section sports, premium".
json RuleRow(const ingest::RoutingRule& rule, size_t index) {
    std::string when;
    auto add = [](std::string& text, const std::string& part) {
        text += (text.empty() ? "" : " and ") + part;
    };
    if (!rule.feed.empty()) add(when, "feed " + Quoted(rule.feed));
    if (!rule.subject.empty()) add(when, "subject " + Quoted(rule.subject));
    if (!rule.keyword.empty()) add(when, "keyword " + Quoted(rule.keyword));
    if (when.empty()) when = "every item";
    std::string then;
    auto also = [](std::string& text, const std::string& part) {
        text += (text.empty() ? "" : "; ") + part;
    };
    if (rule.section) also(then, "section " + *rule.section);
    if (!rule.topics.empty()) {
        std::string topics;
        for (const std::string& topic : rule.topics) topics += (topics.empty() ? "" : ", ") + topic;
        also(then, "topics " + topics);
    }
    if (rule.premium) also(then, *rule.premium ? "premium" : "not premium");
    if (rule.hold) also(then, *rule.hold ? "hold for an editor" : "publish");
    return {{"number", index + 1}, {"when", when}, {"then", then.empty() ? "nothing" : then}};
}

}  // namespace

SettingsPages::SettingsPages(Newsroom& newsroom, SettingsService& settings,
                             SettingsPagesOptions options)
    : newsroom_(newsroom), settings_(settings), options_(std::move(options)) {
    newsroom_.AddPage("settings", Role::kAdmin,
                      [this](const http::Request& request, const StaffContext& staff) {
                          return Route(request, staff);
                      });
}

http::Response SettingsPages::Route(const http::Request& request, const StaffContext& staff) const {
    std::string_view rest = request.path;
    rest.remove_prefix(std::min(rest.size(), std::string_view(kPath).size()));
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (!rest.empty()) {
        return newsroom_.RenderPage(
            staff, "message", "Not found",
            {{"heading", "Not found"}, {"message", "There is no such settings page."}}, 404);
    }
    if (request.method == "POST") return Change(request, staff);
    json form = json::object();
    const std::string from = request.QueryParam("topics").value_or("");
    if (!from.empty() && from.size() <= 80) form["topics_from"] = from;
    return Page(staff, std::move(form), 200);
}

http::Response SettingsPages::Change(const http::Request& request,
                                     const StaffContext& staff) const {
    const std::string action = Field(request, "action");
    const std::string slug = Field(request, "slug");
    const int64_t by = staff.member.id;
    const SiteSettings before = settings_.Current();
    json form = json::object();
    std::string error_key = "error_sections";
    std::string audit_action, target, detail, flash;
    Result<SiteSettings> changed =
        Fail(ErrorCode::kInvalidInput, "Unknown change " + Quoted(action.substr(0, 40)));

    if (action == "site") {
        const std::string name = Field(request, "name"), tagline = Field(request, "tagline");
        form = {{"name", name}, {"tagline", tagline}};
        error_key = "error_site";
        changed = settings_.ChangeIdentity(name, tagline, by);
        if (changed) {
            audit_action = "settings.site";
            target = "site";
            detail = "name " + Quoted(before.name) + " to " + Quoted(changed->name) + "; tagline " +
                     Quoted(before.tagline) + " to " + Quoted(changed->tagline);
            flash = "The site is now called " + Quoted(changed->name) + ".";
        }
    } else if (action == "timezone") {
        const std::string zone = Field(request, "timezone");
        form = {{"timezone", zone}};
        error_key = "error_timezone";
        changed = settings_.ChangeTimeZone(zone, by);
        if (changed) {
            audit_action = "settings.timezone";
            target = "site";
            detail = before.timezone + " to " + changed->timezone;
            flash = "Times are now shown in " + changed->timezone + ".";
        }
    } else if (action == "section-add") {
        const std::string name = Field(request, "name");
        form = {{"new_slug", slug}, {"new_name", name}};
        error_key = "error_add";
        changed = settings_.AddSection(slug, name, by);
        if (changed) {
            audit_action = "settings.section.add";
            target = "section " + slug;
            detail = Quoted(name) + "; order " + SectionOrder(*changed);
            flash = "Section " + Quoted(changed->sections.back().name) + " added at /" + slug + ".";
        }
    } else if (action == "section-rename") {
        const std::string name = Field(request, "name");
        changed = settings_.RenameSection(slug, name, by);
        if (changed) {
            audit_action = "settings.section.rename";
            target = "section " + slug;
            detail =
                Quoted(SectionName(before, slug)) + " to " + Quoted(SectionName(*changed, slug));
            flash = "Section renamed " + Quoted(SectionName(*changed, slug)) + ".";
        }
    } else if (action == "section-up" || action == "section-down") {
        changed = settings_.MoveSection(slug, action == "section-up" ? -1 : 1, by);
        if (changed) {
            audit_action = "settings.section.move";
            target = "section " + slug;
            detail = "order " + SectionOrder(*changed);
            flash = Quoted(SectionName(*changed, slug)) + " moved " +
                    (action == "section-up" ? "up." : "down.");
        }
    } else if (action == "topic-rename") {
        const std::string name = Field(request, "name");
        form = {{"topics_from", slug}};
        error_key = "error_topics";
        changed = settings_.RenameTopic(slug, name, by);
        if (changed) {
            auto named = changed->topic_names.find(slug);
            const std::string shown =
                named != changed->topic_names.end() ? named->second : "the wires' name";
            audit_action = "settings.topic.rename";
            target = "topic " + slug;
            detail = (named != changed->topic_names.end() ? Quoted(shown) : shown);
            flash = "Topic /topic/" + slug + " is now shown as " +
                    (named != changed->topic_names.end() ? Quoted(shown) : shown) + ".";
        }
    } else if (action == "section-remove") {
        changed = settings_.RemoveSection(slug, by);
        if (changed) {
            audit_action = "settings.section.remove";
            target = "section " + slug;
            detail = Quoted(SectionName(before, slug)) + "; order " + SectionOrder(*changed);
            flash = "Section " + Quoted(SectionName(before, slug)) + " removed.";
        }
    }
    if (!changed) {
        form[error_key] = changed.error().message + ". Nothing was changed.";
        return Page(staff, std::move(form), StatusFor(changed.error()));
    }
    newsroom_.Audit(staff, audit_action, target, detail);
    return newsroom_.Redirect(kPath, flash);
}

http::Response SettingsPages::Page(const StaffContext& staff, json form, int status) const {
    const SiteSettings current = settings_.Current();
    json model = json::object();
    model["name"] = form.value("name", current.name);
    model["tagline"] = form.value("tagline", current.tagline);
    model["timezone"] = form.value("timezone", current.timezone);
    model["new_slug"] = form.value("new_slug", "");
    model["new_name"] = form.value("new_name", "");
    for (const char* key :
         {"error_site", "error_timezone", "error_add", "error_sections", "error_topics"}) {
        if (form.contains(key)) model[key] = form[key];
    }
    model["limits"] = {{"name", kMaxSiteNameLength},
                       {"tagline", kMaxTaglineLength},
                       {"slug", kMaxSectionSlugLength},
                       {"section_name", kMaxSectionNameLength}};
    json sections = json::array();
    for (size_t i = 0; i < current.sections.size(); ++i) {
        const Section& section = current.sections[i];
        sections.push_back({{"slug", section.slug},
                            {"name", section.name},
                            {"position", i + 1},
                            {"first", i == 0},
                            {"last", i + 1 == current.sections.size()},
                            {"pinned", settings_.PinnedBy(section.slug)}});
    }
    model["sections"] = std::move(sections);
    model["default_section"] = options_.default_section;
    const std::string topics_from = form.value("topics_from", "");
    model["topics_from"] = topics_from;
    json topics = json::array();
    if (auto rows = settings_.Topics(topics_from, kTopicsShown); rows) {
        for (const SettingsService::TopicRow& row : *rows) {
            topics.push_back({{"slug", row.slug},
                              {"name", row.name},
                              {"wire_name", row.wire_name},
                              {"renamed", row.name != row.wire_name}});
        }
    } else {
        model["error_topics"] = rows.error().message;
    }
    model["has_topics"] = !topics.empty();
    model["topics"] = std::move(topics);
    model["limits"]["topic_name"] = kMaxTopicNameLength;
    json feeds = json::array();
    for (const ingest::FeedConfig& feed : options_.feeds) {
        std::string source = !feed.url.empty()      ? feed.url
                             : !feed.folder.empty() ? "folder " + feed.folder
                                                    : "";
        if (!feed.secret.empty())
            source += std::string(source.empty() ? "" : "; ") + "pushes to /ingest/" + feed.id;
        feeds.push_back(
            {{"id", feed.id},
             {"name", feed.name},
             {"source", source},
             {"section",
              feed.section.empty() ? options_.default_section + " (the default)" : feed.section},
             {"mode", feed.auto_publish ? "publishes" : "holds for an editor"},
             {"premium", feed.premium}});
    }
    model["feeds"] = std::move(feeds);
    model["has_feeds"] = !options_.feeds.empty();
    json rules = json::array();
    for (size_t i = 0; i < options_.rules.size(); ++i)
        rules.push_back(RuleRow(options_.rules[i], i));
    model["rules"] = std::move(rules);
    model["has_rules"] = !options_.rules.empty();
    model["config_file"] = options_.config_file.empty() ? "the config file" : options_.config_file;
    return newsroom_.RenderPage(staff, "settings", "Settings", std::move(model), status);
}

}  // namespace broadsheet::newsroom
