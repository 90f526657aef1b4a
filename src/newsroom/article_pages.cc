#include "newsroom/article_pages.h"

#include <algorithm>

#include "core/text.h"
#include "newsroom/newsroom_util.h"
#include "newsroom/wire_pages.h"
#include "site/site.h"
#include "store/article_store.h"

namespace broadsheet::newsroom {
namespace {

constexpr int kListPage = 50;
constexpr size_t kMaxHeadline = 300;
constexpr size_t kMaxPictureText = 1000;
constexpr int kLibrarySize = 48;

const char* StatusLabel(ArticleStatus status, bool held) {
    if (status == ArticleStatus::kKilled) return "killed";
    if (held) return "held";
    if (status == ArticleStatus::kWithheld) return "withheld";
    return "published";
}

bool Editable(std::string_view name) {
    return std::any_of(std::begin(kSyndicatedEditableFields), std::end(kSyndicatedEditableFields),
                       [name](const char* allowed) { return name == allowed; });
}

bool HasControlCharacters(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

std::string TopicNames(const std::vector<Topic>& topics) {
    std::string names;
    for (const Topic& topic : topics) names += (names.empty() ? "" : ", ") + topic.name;
    return names;
}

std::vector<Topic> ParseTopics(std::string_view text) {
    std::vector<Topic> topics;
    while (!text.empty()) {
        size_t comma = text.find(',');
        std::string name(TrimWhitespace(text.substr(0, comma)));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        if (name.empty()) continue;
        Topic topic{Slugify(name), name};
        if (topic.slug.empty()) continue;
        if (std::none_of(topics.begin(), topics.end(),
                         [&](const Topic& t) { return t.slug == topic.slug; })) {
            topics.push_back(std::move(topic));
        }
    }
    return topics;
}

nlohmann::json StatusActions(ArticleStatus status, bool held) {
    nlohmann::json actions = nlohmann::json::array();
    auto add = [&actions](const char* action, const char* label) {
        actions.push_back({{"action", action}, {"label", label}});
    };
    if (held || status != ArticleStatus::kPublished) add("publish", "Publish");
    if (!held && status != ArticleStatus::kKilled) add("hold", "Hold");
    if (status == ArticleStatus::kPublished && !held) add("withhold", "Withhold");
    if (status != ArticleStatus::kKilled) add("kill", "Kill");
    return actions;
}

}  // namespace

ArticlePages::ArticlePages(Newsroom& newsroom, store::ArticleStore& articles,
                           std::function<std::vector<Section>()> sections, SiteTimeZone zone)
    : newsroom_(newsroom),
      articles_(articles),
      sections_(std::move(sections)),
      zone_(std::move(zone)) {
    newsroom.AddPage("articles", Role::kEditor,
                     [this](const http::Request& request, const StaffContext& staff) {
                         return Route(request, staff);
                     });
}

std::optional<Section> ArticlePages::FindSection(std::string_view slug) const {
    for (Section& section : sections_()) {
        if (section.slug == slug) return std::move(section);
    }
    return std::nullopt;
}

http::Response ArticlePages::Route(const http::Request& request, const StaffContext& staff) const {
    std::string_view rest = request.path;
    rest.remove_prefix(std::min(rest.size(), std::string_view("/newsroom/articles").size()));
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.empty()) return List(request, staff);
    std::string_view id_text = rest.substr(0, rest.find('/'));
    std::string_view action =
        rest.size() > id_text.size() ? rest.substr(id_text.size() + 1) : std::string_view();
    auto id = ParseId(id_text);
    auto article =
        id ? articles_.FindById(ArticleId{*id}) : Result<Article>(Fail(ErrorCode::kNotFound, ""));
    if (!article || (!action.empty() && action != "status")) {
        return newsroom_.RenderPage(
            staff, "message", "Story not found",
            {{"heading", "Story not found"},
             {"message", "There is no story " + std::string(id_text) + "."}},
            404);
    }
    if (action == "status") return Status(request, staff, *article);
    if (request.method == "POST") return Save(request, staff, *article);
    return Editor(staff, *article, nlohmann::json::object(), 200);
}

http::Response ArticlePages::List(const http::Request& request, const StaffContext& staff) const {
    store::NewsroomQuery query;
    const std::string section = request.QueryParam("section").value_or("");
    const std::string status = request.QueryParam("status").value_or("");
    const std::string source = request.QueryParam("source").value_or("");
    query.text = std::string(TrimWhitespace(request.QueryParam("q").value_or("")));
    if (FindSection(section)) query.section = section;
    if (status == "published") {
        query.status = ArticleStatus::kPublished;
        query.held = false;
    } else if (status == "held") {
        query.held = true;
    } else if (status == "withheld") {
        query.status = ArticleStatus::kWithheld;
    } else if (status == "killed") {
        query.status = ArticleStatus::kKilled;
    }
    if (source == "syndicated") query.syndicated = true;
    if (source == "staff") query.syndicated = false;
    int page = 1;
    if (auto number = ParseId(request.QueryParam("page").value_or(""));
        number && *number < 10'000) {
        page = static_cast<int>(*number);
    }
    query.limit = kListPage + 1;
    query.offset = (page - 1) * kListPage;
    auto found = articles_.ListForNewsroom(query);
    if (!found) {
        return newsroom_.RenderPage(staff, "message", "Articles",
                                    {{"heading", "Articles"}, {"message", found.error().message}},
                                    500);
    }
    const bool more = static_cast<int>(found->size()) > kListPage;
    if (more) found->pop_back();
    nlohmann::json rows = nlohmann::json::array();
    for (const store::NewsroomArticle& item : *found) {
        const std::optional<Section> in = FindSection(item.summary.section);
        rows.push_back(
            {{"id", std::to_string(item.summary.id.value)},
             {"headline", item.summary.headline},
             {"url", "/newsroom/articles/" + std::to_string(item.summary.id.value)},
             {"section", in ? in->name : item.summary.section},
             {"status", StatusLabel(item.status, item.held)},
             {"source",
              item.syndicated ? (item.provider.empty() ? "wire" : item.provider) : "staff"},
             {"premium", item.premium},
             {"overridden", item.overridden},
             {"updated", zone_.FormatDateTime(item.summary.last_updated)}});
    }
    auto options = [](std::initializer_list<std::pair<const char*, const char*>> values,
                      const std::string& current) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& [value, label] : values) {
            list.push_back({{"value", value}, {"label", label}, {"selected", current == value}});
        }
        return list;
    };
    nlohmann::json sections = nlohmann::json::array();
    for (const Section& s : sections_()) {
        sections.push_back({{"value", s.slug}, {"label", s.name}, {"selected", s.slug == section}});
    }
    auto page_url = [&](int number) {
        return "/newsroom/articles?page=" + std::to_string(number) +
               "&q=" + http::PercentEncode(query.text) +
               "&section=" + http::PercentEncode(section) +
               "&status=" + http::PercentEncode(status) + "&source=" + http::PercentEncode(source);
    };
    nlohmann::json model{
        {"heading", "Articles"},
        {"items", rows},
        {"has_items", !rows.empty()},
        {"q", query.text},
        {"sections", sections},
        {"statuses", options({{"published", "published"},
                              {"held", "held"},
                              {"withheld", "withheld"},
                              {"killed", "killed"}},
                             status)},
        {"sources", options({{"syndicated", "syndicated"}, {"staff", "staff"}}, source)},
        {"previous_url", page > 1 ? page_url(page - 1) : ""},
        {"next_url", more ? page_url(page + 1) : ""}};
    return newsroom_.RenderPage(staff, "articles", "Articles", std::move(model));
}

http::Response ArticlePages::Editor(const StaffContext& staff, const Article& article,
                                    nlohmann::json errors, int status) const {
    const std::string id = std::to_string(article.id.value);
    nlohmann::json model{
        {"id", id},
        {"heading", article.content.headline},
        {"reader_url", site::Site::ArticlePath(article.section, article.slug, article.id)},
        {"status", StatusLabel(article.status, article.held)},
        {"actions", StatusActions(article.status, article.held)},
        {"syndicated", article.syndicated},
        {"provider", article.content.provider},
        {"versions", std::to_string(article.version_count)},
        {"wire_version", article.wire_version},
        {"updated", zone_.FormatDateTime(article.last_updated)},
        {"errors", errors},
        {"has_errors", !errors.empty()}};
    if (!article.syndicated) {
        model["story_editor_url"] = "/newsroom/stories/article/" + id;
        return newsroom_.RenderPage(staff, "article_staff", "Story " + id, std::move(model),
                                    status);
    }
    // The wire's own headline and picture: what clearing an override gives back.
    ArticleContent wire = article.content;
    if (auto versions = articles_.Versions(article.id); versions && !versions->empty()) {
        wire = versions->back().content;
    }
    model["headline"] = article.content.headline;
    model["wire_headline"] = wire.headline;
    model["headline_overridden"] = article.headline_overridden;
    model["picture_overridden"] = article.picture_overridden;
    const std::optional<Picture>& current = article.content.picture;
    model["caption"] = current ? current->caption : "";
    model["credit"] = current ? current->credit : "";
    model["alt"] = current ? current->alt_text : "";
    if (current)
        model["current_picture"] = {{"src", "/media/" + current->path}, {"alt", current->alt_text}};
    if (wire.picture)
        model["wire_picture"] = {{"src", "/media/" + wire.picture->path},
                                 {"alt", wire.picture->alt_text}};
    nlohmann::json library = nlohmann::json::array();
    if (auto pictures = articles_.RecentPictures(kLibrarySize)) {
        int n = 0;
        for (const Picture& picture : *pictures) {
            library.push_back(
                {{"path", picture.path},
                 {"src", "/media/" + picture.path},
                 {"alt", picture.alt_text},
                 {"label", picture.caption.empty() ? picture.alt_text : picture.caption},
                 {"field_id", "picture-" + std::to_string(++n)},
                 {"checked",
                  article.picture_overridden && current && current->path == picture.path}});
        }
    }
    model["library"] = library;
    model["wire_checked"] = !article.picture_overridden;
    nlohmann::json sections = nlohmann::json::array();
    for (const Section& s : sections_()) {
        sections.push_back(
            {{"value", s.slug}, {"label", s.name}, {"selected", s.slug == article.section}});
    }
    model["sections"] = sections;
    model["topics"] = TopicNames(article.content.topics);
    model["premium"] = article.premium;
    model["standfirst"] = article.content.standfirst;
    model["byline"] = article.content.byline;
    model["located"] = article.content.located;
    model["body_html"] = article.content.body_html;
    return newsroom_.RenderPage(staff, "article_edit", "Edit: " + article.content.headline,
                                std::move(model), status);
}

http::Response ArticlePages::Save(const http::Request& request, const StaffContext& staff,
                                  const Article& article) const {
    const std::string target = "article " + std::to_string(article.id.value);
    if (!article.syndicated) {
        return newsroom_.Forbidden(
            staff, "Staff stories are edited in the story editor (/newsroom/stories/article/" +
                       std::to_string(article.id.value) + "). Nothing was changed.");
    }
    // The rule of syndicated copy, enforced on what was sent rather than on what the form
    // shows: every field must be one the rules allow, or nothing changes.
    auto names = FormFieldNames(request);
    if (!names) {
        return newsroom_.Forbidden(
            staff, "Syndicated copy is edited with the newsroom's form only. Nothing was changed.");
    }
    std::vector<std::string> refused;
    for (const std::string& name : *names) {
        if (!Editable(name) && std::find(refused.begin(), refused.end(), name) == refused.end()) {
            refused.push_back(name);
        }
    }
    if (!refused.empty()) {
        std::string list;
        for (const std::string& name : refused)
            list += (list.empty() ? "" : ", ") + name.substr(0, 40);
        newsroom_.Audit(staff, "article.edit_refused", target, "fields: " + list);
        return newsroom_.Forbidden(
            staff,
            "This is syndicated copy: only its headline and lead picture may be reworked (and its "
            "section, "
            "topics and premium flag changed). The form also tried to change: " +
                list + ". Nothing was changed.");
    }

    nlohmann::json errors = nlohmann::json::object();
    ArticleContent wire = article.content;
    if (auto versions = articles_.Versions(article.id); versions && !versions->empty()) {
        wire = versions->back().content;
    }
    const std::string headline = Field(request, "headline");
    if (headline.size() > kMaxHeadline)
        errors["headline"] = "A headline may have at most 300 characters.";
    if (HasControlCharacters(headline)) errors["headline"] = "A headline is one line of text.";
    std::optional<std::string> headline_override;
    if (!headline.empty() && headline != wire.headline) headline_override = headline;

    std::optional<Picture> picture_override;
    const std::string chosen = Field(request, "picture");
    if (!chosen.empty()) {
        auto library = articles_.RecentPictures(1000);
        const Picture* found = nullptr;
        if (library) {
            for (const Picture& picture : *library) {
                if (picture.path == chosen) found = &picture;
            }
        }
        if (!found) {
            errors["picture"] = "Choose a picture from the library.";
        } else {
            Picture picture = *found;
            picture.caption = Field(request, "caption");
            picture.credit = Field(request, "credit");
            picture.alt_text = Field(request, "alt");
            if (picture.caption.size() > kMaxPictureText ||
                picture.credit.size() > kMaxPictureText ||
                picture.alt_text.size() > kMaxPictureText) {
                errors["picture"] =
                    "Caption, credit and alt text may have at most 1000 characters each.";
            }
            // Never an image without a text alternative.
            if (picture.alt_text.empty()) {
                picture.alt_text = picture.caption.empty()
                                       ? (headline.empty() ? wire.headline : headline)
                                       : picture.caption;
            }
            picture_override = std::move(picture);
        }
    }
    const std::string section = Field(request, "section");
    if (!section.empty() && !FindSection(section))
        errors["section"] = "Choose one of the sections.";
    if (!errors.empty()) {
        Article shown = article;
        return Editor(staff, shown, errors, 400);
    }

    std::vector<std::string> changed;
    if (headline_override !=
        (article.headline_overridden ? std::optional(article.content.headline) : std::nullopt)) {
        changed.push_back(headline_override ? "headline \"" + *headline_override + "\""
                                            : "headline restored");
    }
    const std::optional<Picture> current_picture =
        article.picture_overridden ? article.content.picture : std::optional<Picture>();
    if (picture_override != current_picture) {
        changed.push_back(picture_override ? "picture " + picture_override->path
                                           : "picture restored");
    }
    if (!changed.empty()) {
        if (auto set = articles_.SetOverrides(article.id, headline_override, picture_override);
            !set) {
            return newsroom_.Redirect("/newsroom/articles/" + std::to_string(article.id.value),
                                      "Not saved: " + set.error().message);
        }
    }
    if (!section.empty() && section != article.section) {
        if (auto set = articles_.SetSection(article.id, section); set)
            changed.push_back("section " + section);
    }
    const std::string topics_text = Field(request, "topics");
    if (topics_text != TopicNames(article.content.topics)) {
        std::vector<Topic> topics = ParseTopics(topics_text);
        auto set = topics.empty() ? articles_.SetTopics(article.id, std::nullopt)
                                  : articles_.SetTopics(article.id, topics);
        if (set)
            changed.push_back(topics.empty() ? "topics restored" : "topics " + TopicNames(topics));
    }
    const bool premium = request.FormParam("premium").has_value();
    if (premium != article.premium) {
        if (auto set = articles_.SetPremium(article.id, premium); set)
            changed.push_back(premium ? "premium" : "free");
    }
    std::string detail;
    for (const std::string& change : changed) detail += (detail.empty() ? "" : "; ") + change;
    if (!changed.empty()) newsroom_.Audit(staff, "article.edit", target, detail);
    return newsroom_.Redirect("/newsroom/articles/" + std::to_string(article.id.value),
                              changed.empty() ? "Nothing changed." : "Saved: " + detail + ".");
}

http::Response ArticlePages::Status(const http::Request& request, const StaffContext& staff,
                                    const Article& article) const {
    const std::string path = "/newsroom/articles/" + std::to_string(article.id.value);
    if (request.method != "POST") return newsroom_.Redirect(path);
    const std::string action = Field(request, "action");
    auto applied = ApplyStatusAction(articles_, article.id, action);
    if (!applied)
        return newsroom_.Forbidden(staff,
                                   "Unknown action \"" + action + "\"; nothing was changed.");
    newsroom_.Audit(staff, *applied, "article " + std::to_string(article.id.value));
    return newsroom_.Redirect(path, "Story " + std::string(ActionDone(action)) + ".");
}

}  // namespace broadsheet::newsroom
