// The story pages' history: revisions with a word diff of any two versions, and corrections.
#include <string>

#include "newsroom/newsroom_util.h"
#include "newsroom/story_pages.h"

namespace broadsheet::newsroom {
namespace {

using nlohmann::json;

/// The diff as a view model: each segment's text (escaped by the template) and its kind;
/// the template wraps insertions in <ins> and deletions in <del>.
json Segments(const std::vector<DiffSegment>& segments) {
    json list = json::array();
    for (const DiffSegment& segment : segments) {
        list.push_back({{"text", segment.text},
                        {"equal", segment.op == DiffOp::kEqual},
                        {"inserted", segment.op == DiffOp::kInsert},
                        {"deleted", segment.op == DiffOp::kDelete}});
    }
    return list;
}

bool Changed(const std::vector<DiffSegment>& segments) {
    for (const DiffSegment& segment : segments) {
        if (segment.op != DiffOp::kEqual) return true;
    }
    return false;
}

/// The body's diff split at line breaks into paragraphs, so the template shows each as a <p>.
json Paragraphs(const std::vector<DiffSegment>& segments) {
    json paragraphs = json::array();
    json current = json::array();
    for (const DiffSegment& segment : segments) {
        std::string_view text = segment.text;
        while (true) {
            const size_t newline = text.find('\n');
            const std::string_view piece = text.substr(0, newline);
            if (!piece.empty()) current.push_back(Segments({{segment.op, std::string(piece)}})[0]);
            if (newline == std::string_view::npos) break;
            if (!current.empty()) paragraphs.push_back({{"segments", std::move(current)}});
            current = json::array();
            text.remove_prefix(newline + 1);
        }
    }
    if (!current.empty()) paragraphs.push_back({{"segments", std::move(current)}});
    return paragraphs;
}

}  // namespace

http::Response StoryPages::Revisions(const http::Request& request, const StaffContext& staff, int64_t id) const {
    const Actor actor{staff.member.id, staff.member.role >= Role::kEditor};
    auto story = stories_.Find(actor, id);
    if (!story) return Failure(staff, story.error());
    auto versions = stories_.Revisions(actor, id);
    if (!versions) return Failure(staff, versions.error());
    const int latest = versions->empty() ? 0 : versions->back().number;
    const int a = static_cast<int>(ParseId(request.QueryParam("a").value_or("")).value_or(latest > 1 ? latest - 1 : 1));
    const int b = static_cast<int>(ParseId(request.QueryParam("b").value_or("")).value_or(latest));
    json rows = json::array();
    for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
        rows.push_back({{"number", it->number},
                        {"headline", it->content.headline},
                        {"published", options_.zone.FormatDateTime(it->published_at)},
                        {"words", it->content.word_count},
                        {"is_a", it->number == a},
                        {"is_b", it->number == b}});
    }
    json model{{"story_url", "/newsroom/stories/" + std::to_string(id)},
               {"action_url", "/newsroom/stories/" + std::to_string(id) + "/revisions"},
               {"headline", story->draft.headline},
               {"versions", rows},
               {"has_versions", !rows.empty()},
               {"comparable", versions->size() > 1}};
    if (versions->size() > 1 || request.QueryParam("a")) {
        auto diff = stories_.Compare(actor, id, a, b);
        if (!diff) return Failure(staff, diff.error(), 404);
        model["diff"] = {{"a", a},
                         {"b", b},
                         {"a_published", options_.zone.FormatDateTime(diff->from.published_at)},
                         {"b_published", options_.zone.FormatDateTime(diff->to.published_at)},
                         {"headline", Segments(diff->headline)},
                         {"headline_changed", Changed(diff->headline)},
                         {"standfirst", Segments(diff->standfirst)},
                         {"standfirst_changed", Changed(diff->standfirst)},
                         {"body", Paragraphs(diff->body)},
                         {"body_changed", Changed(diff->body)}};
    }
    return newsroom_.RenderPage(staff, "revisions", "Revisions: " + story->draft.headline, std::move(model));
}

http::Response StoryPages::Corrections(const http::Request& request, const StaffContext& staff, int64_t id) const {
    const Actor actor{staff.member.id, staff.member.role >= Role::kEditor};
    std::vector<std::string> errors;
    int status = 200;
    if (request.method == "POST") {
        if (!actor.editor) {
            return newsroom_.Forbidden(staff, "Only editors may correct stories. Nothing was changed.");
        }
        const std::string text = Field(request, "text");
        auto corrected = stories_.Correct(actor, id, text);
        if (corrected) {
            newsroom_.Audit(staff, "story.correct", "draft " + std::to_string(id), text);
            return newsroom_.Redirect("/newsroom/stories/" + std::to_string(id) + "/corrections",
                                      "Correction published with an update to the story.");
        }
        if (corrected.error().code != ErrorCode::kInvalidInput && corrected.error().code != ErrorCode::kConflict) {
            return Failure(staff, corrected.error());
        }
        errors.push_back(corrected.error().message);
        status = corrected.error().code == ErrorCode::kConflict ? 409 : 422;
    }
    auto story = stories_.Find(actor, id);
    if (!story) return Failure(staff, story.error());
    auto corrections = stories_.Corrections(actor, id);
    if (!corrections) return Failure(staff, corrections.error());
    json rows = json::array();
    for (const store::CorrectionRecord& correction : *corrections) {
        rows.push_back({{"at", options_.zone.FormatDateTime(correction.at)}, {"text", correction.text}});
    }
    json error_list = json::array();
    for (std::string& error : errors) error_list.push_back({{"message", std::move(error)}});
    json model{{"story_url", "/newsroom/stories/" + std::to_string(id)},
               {"action_url", "/newsroom/stories/" + std::to_string(id) + "/corrections"},
               {"headline", story->draft.headline},
               {"corrections", rows},
               {"has_corrections", !rows.empty()},
               {"may_correct", actor.editor && story->state == StoryState::kPublished},
               {"errors", error_list},
               {"has_errors", !error_list.empty()}};
    return newsroom_.RenderPage(staff, "story_corrections", "Corrections: " + story->draft.headline,
                                std::move(model), status);
}

}  // namespace broadsheet::newsroom
