#include "store/sqlite/json_columns.h"

#include <nlohmann/json.hpp>

namespace broadsheet::store::sqlite {

using nlohmann::json;

std::string PictureToJson(const std::optional<Picture>& picture) {
    if (!picture) return {};
    return json{{"path", picture->path},     {"mime", picture->mime},    {"width", picture->width},
                {"height", picture->height}, {"alt", picture->alt_text}, {"caption", picture->caption},
                {"credit", picture->credit}}
        .dump();
}

std::optional<Picture> PictureFromJson(const std::string& text) {
    if (text.empty()) return std::nullopt;
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return std::nullopt;
    Picture p;
    p.path = j.value("path", "");
    p.mime = j.value("mime", "");
    p.width = j.value("width", 0);
    p.height = j.value("height", 0);
    p.alt_text = j.value("alt", "");
    p.caption = j.value("caption", "");
    p.credit = j.value("credit", "");
    return p;
}

std::string TopicsToJson(const std::vector<Topic>& topics) {
    json list = json::array();
    for (const Topic& t : topics) list.push_back({{"slug", t.slug}, {"name", t.name}});
    return list.dump();
}

std::vector<Topic> TopicsFromJson(const std::string& text) {
    std::vector<Topic> topics;
    json list = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!list.is_array()) return topics;
    for (const json& t : list) {
        if (t.is_object()) topics.push_back(Topic{t.value("slug", ""), t.value("name", "")});
    }
    return topics;
}

}  // namespace broadsheet::store::sqlite
