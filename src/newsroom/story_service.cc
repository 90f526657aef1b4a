#include "newsroom/story_service.h"

#include <algorithm>
#include <utility>

#include "core/text.h"
#include "ingest/sanitizer.h"
#include "newsroom/markdown.h"

namespace broadsheet::newsroom {
namespace {

constexpr size_t kMaxHeadline = 300;
constexpr size_t kMaxStandfirst = 2000;
constexpr size_t kMaxByline = 200;
constexpr size_t kMaxTopics = 20;
constexpr size_t kMaxCorrection = 2000;

Error Forbidden(std::string_view what) {
    return Fail(ErrorCode::kForbidden, "only editors may " + std::string(what) + " stories");
}

std::string Trimmed(std::string_view text) { return std::string(TrimWhitespace(text)); }

Result<std::vector<Topic>> ParseTopics(std::string_view names) {
    std::vector<Topic> topics;
    while (!names.empty()) {
        size_t comma = names.find(',');
        std::string name = Trimmed(names.substr(0, comma));
        names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
        if (name.empty()) continue;
        if (name.size() > 80) return Fail(ErrorCode::kInvalidInput, "a topic name is too long");
        Topic topic{Slugify(name), name};
        if (std::none_of(topics.begin(), topics.end(), [&](const Topic& t) { return t.slug == topic.slug; })) {
            topics.push_back(std::move(topic));
        }
    }
    if (topics.size() > kMaxTopics) return Fail(ErrorCode::kInvalidInput, "at most 20 topics");
    return topics;
}

}  // namespace

std::string StaffUri(int64_t draft_id) { return "staff:" + std::to_string(draft_id); }

StoryService::StoryService(store::ArticleStore& articles, store::EditorialStore& editorial, const Clock& clock,
                           SectionsProvider sections)
    : articles_(articles), editorial_(editorial), clock_(clock), sections_(std::move(sections)) {}

std::string StoryService::RenderBody(std::string_view markdown) {
    // cmark-gfm in safe mode already drops raw HTML; the allow-list is defence in depth.
    return ingest::SanitizeHtml(RenderMarkdown(markdown)).html;
}

Result<void> StoryService::Fill(const StoryInput& input, store::DraftRecord& draft) const {
    draft.headline = Trimmed(input.headline);
    draft.standfirst = Trimmed(input.standfirst);
    draft.byline = Trimmed(input.byline);
    draft.section = Trimmed(input.section);
    draft.markdown = input.markdown;
    draft.premium = input.premium;
    if (draft.headline.size() > kMaxHeadline) return Fail(ErrorCode::kInvalidInput, "the headline is too long");
    if (draft.standfirst.size() > kMaxStandfirst) return Fail(ErrorCode::kInvalidInput, "the standfirst is too long");
    if (draft.byline.size() > kMaxByline) return Fail(ErrorCode::kInvalidInput, "the byline is too long");
    if (draft.markdown.size() > kMaxMarkdownBytes) return Fail(ErrorCode::kInvalidInput, "the story is too long");
    if (!draft.section.empty()) {
        const std::vector<Section> sections = sections_();
        if (std::none_of(sections.begin(), sections.end(), [&](const Section& s) { return s.slug == draft.section; })) {
            return Fail(ErrorCode::kInvalidInput, "no such section: " + draft.section);
        }
    }
    auto topics = ParseTopics(input.topics);
    if (!topics) return topics.error();
    draft.topics = std::move(*topics);
    draft.picture.reset();
    if (input.picture_id) {
        auto picture = editorial_.FindPicture(*input.picture_id);
        if (!picture) {
            if (picture.error().code == ErrorCode::kNotFound) {
                return Fail(ErrorCode::kInvalidInput, "no such picture in the library");
            }
            return picture.error();
        }
        draft.picture = picture->picture;
    }
    return {};
}

Result<store::DraftRecord> StoryService::Editable(const Actor& actor, int64_t draft_id) const {
    auto draft = editorial_.FindDraft(draft_id);
    if (!draft) return draft.error();
    if (!actor.editor && draft->author_id != actor.staff_id) {
        return Fail(ErrorCode::kForbidden, "writers may only work on their own stories");
    }
    return draft;
}

StoryState StoryService::StateOf(const store::DraftRecord& draft, const std::optional<Article>& article) const {
    if (!article) return StoryState::kDraft;
    if (article->status == ArticleStatus::kPublished && !article->held) return StoryState::kPublished;
    if (article->status == ArticleStatus::kWithheld && draft.scheduled_at) return StoryState::kScheduled;
    return StoryState::kUnpublished;
}

Result<int64_t> StoryService::Create(const Actor& actor, const StoryInput& input) {
    store::DraftRecord draft;
    draft.author_id = actor.staff_id;
    if (auto filled = Fill(input, draft); !filled) return filled.error();
    return editorial_.CreateDraft(draft, clock_.Now());
}

Result<void> StoryService::Save(const Actor& actor, int64_t draft_id, const StoryInput& input) {
    auto draft = Editable(actor, draft_id);
    if (!draft) return draft.error();
    if (auto filled = Fill(input, *draft); !filled) return filled.error();
    return editorial_.UpdateDraft(*draft, clock_.Now());
}

Result<Story> StoryService::Find(const Actor& actor, int64_t draft_id) const {
    auto draft = Editable(actor, draft_id);
    if (!draft) return draft.error();
    Story story;
    if (draft->article_id) {
        auto article = articles_.FindById(*draft->article_id);
        if (!article && article.error().code != ErrorCode::kNotFound) return article.error();
        if (article) story.article = std::move(*article);
    }
    story.state = StateOf(*draft, story.article);
    story.draft = std::move(*draft);
    return story;
}

Result<Story> StoryService::FindByArticle(const Actor& actor, ArticleId article) const {
    auto draft = editorial_.FindDraftByArticle(article);
    if (!draft) return draft.error();
    return Find(actor, draft->id);
}

Result<std::vector<Story>> StoryService::List(const Actor& actor, int limit, int offset) const {
    auto drafts = editorial_.ListDrafts(actor.editor ? std::nullopt : std::optional<int64_t>(actor.staff_id), limit,
                                        offset);
    if (!drafts) return drafts.error();
    std::vector<Story> stories;
    stories.reserve(drafts->size());
    for (store::DraftRecord& draft : *drafts) {
        Story story;
        if (draft.article_id) {
            auto article = articles_.FindById(*draft.article_id);
            if (article) story.article = std::move(*article);
        }
        story.state = StateOf(draft, story.article);
        story.draft = std::move(draft);
        stories.push_back(std::move(story));
    }
    return stories;
}

Result<ArticleId> StoryService::Push(store::DraftRecord draft, std::optional<Timestamp> at) {
    if (draft.headline.empty()) return Fail(ErrorCode::kInvalidInput, "a story needs a headline");
    if (draft.section.empty()) return Fail(ErrorCode::kInvalidInput, "a story needs a section");
    const ingest::SanitizedHtml body = ingest::SanitizeHtml(RenderMarkdown(draft.markdown));
    if (body.word_count == 0) return Fail(ErrorCode::kInvalidInput, "a story needs some text");

    std::optional<Article> existing;
    if (draft.article_id) {
        auto article = articles_.FindById(*draft.article_id);
        if (!article && article.error().code != ErrorCode::kNotFound) return article.error();
        if (article) existing = std::move(*article);
    }
    const Timestamp now = clock_.Now();
    const Timestamp when = at.value_or(now);
    // Each publication is a newer version; the article's count guards against a draft whose
    // counter fell behind (a failure between the two stores' writes).
    const int revision = std::max(draft.revision, existing ? existing->version_count : 0) + 1;

    store::NewArticleVersion version;
    version.uri = StaffUri(draft.id);
    version.wire_version = std::to_string(revision);
    version.version_created = when;
    if (!existing) version.first_created = when;
    version.section = draft.section;
    version.slug = Slugify(draft.headline);
    version.syndicated = false;
    version.premium = draft.premium;
    version.status = at ? ArticleStatus::kWithheld : ArticleStatus::kPublished;
    version.embargo_until = at;
    version.content.headline = draft.headline;
    version.content.standfirst = draft.standfirst;
    version.content.body_html = body.html;
    version.content.byline = draft.byline;
    version.content.word_count = body.word_count;
    version.content.picture = draft.picture;
    version.content.topics = draft.topics;
    auto upserted = articles_.Upsert(version, now);
    if (!upserted) return upserted.error();
    const ArticleId id = upserted->id;
    // Placement is set when an article is created; later versions change it through the
    // editors' setters.
    if (existing && existing->premium != draft.premium) {
        if (auto set = articles_.SetPremium(id, draft.premium); !set) return set.error();
    }
    if (existing && existing->section != draft.section) {
        if (auto set = articles_.SetSection(id, draft.section); !set) return set.error();
    }
    draft.article_id = id;
    draft.revision = revision;
    draft.scheduled_at = at;
    if (auto saved = editorial_.UpdateDraft(draft, now); !saved) return saved.error();
    return id;
}

Result<ArticleId> StoryService::Publish(const Actor& actor, int64_t draft_id) {
    if (!actor.editor) return Forbidden("publish");
    auto draft = editorial_.FindDraft(draft_id);
    if (!draft) return draft.error();
    return Push(std::move(*draft), std::nullopt);
}

Result<ArticleId> StoryService::Schedule(const Actor& actor, int64_t draft_id, Timestamp at) {
    if (!actor.editor) return Forbidden("schedule");
    auto story = Find(actor, draft_id);
    if (!story) return story.error();
    if (story->state == StoryState::kPublished) {
        return Fail(ErrorCode::kConflict, "the story is already published; update it instead");
    }
    if (at <= clock_.Now()) return Fail(ErrorCode::kInvalidInput, "the publication time has passed");
    return Push(std::move(story->draft), at);
}

Result<void> StoryService::Unpublish(const Actor& actor, int64_t draft_id) {
    if (!actor.editor) return Forbidden("unpublish");
    auto story = Find(actor, draft_id);
    if (!story) return story.error();
    if (!story->article || (story->state != StoryState::kPublished && story->state != StoryState::kScheduled)) {
        return Fail(ErrorCode::kConflict, "the story is not published");
    }
    // SetStatus also ends any embargo, so a scheduled story is not released later.
    if (auto set = articles_.SetStatus(story->article->id, ArticleStatus::kWithheld); !set) return set.error();
    story->draft.scheduled_at.reset();
    return editorial_.UpdateDraft(story->draft, clock_.Now());
}

Result<void> StoryService::Correct(const Actor& actor, int64_t draft_id, std::string_view text) {
    if (!actor.editor) return Forbidden("correct");
    const std::string note = Trimmed(text);
    if (note.empty()) return Fail(ErrorCode::kInvalidInput, "the correction is empty");
    if (note.size() > kMaxCorrection) return Fail(ErrorCode::kInvalidInput, "the correction is too long");
    auto story = Find(actor, draft_id);
    if (!story) return story.error();
    if (story->state != StoryState::kPublished) return Fail(ErrorCode::kConflict, "only a published story is corrected");
    // The note first, then the update: the page re-rendered for the new version has it.
    auto added = editorial_.AddCorrection(story->article->id, clock_.Now(), note, actor.staff_id);
    if (!added) return added.error();
    auto pushed = Push(std::move(story->draft), std::nullopt);
    if (!pushed) return pushed.error();
    return {};
}

Result<std::vector<store::CorrectionRecord>> StoryService::Corrections(const Actor& actor, int64_t draft_id) const {
    auto draft = Editable(actor, draft_id);
    if (!draft) return draft.error();
    if (!draft->article_id) return std::vector<store::CorrectionRecord>{};
    return editorial_.Corrections(*draft->article_id);
}

Result<std::vector<ArticleVersion>> StoryService::Revisions(const Actor& actor, int64_t draft_id) const {
    auto draft = Editable(actor, draft_id);
    if (!draft) return draft.error();
    if (!draft->article_id) return std::vector<ArticleVersion>{};
    return articles_.Versions(*draft->article_id);
}

Result<RevisionDiff> StoryService::Compare(const Actor& actor, int64_t draft_id, int from, int to) const {
    auto versions = Revisions(actor, draft_id);
    if (!versions) return versions.error();
    auto find = [&](int number) -> const ArticleVersion* {
        for (const ArticleVersion& v : *versions) {
            if (v.number == number) return &v;
        }
        return nullptr;
    };
    const ArticleVersion* a = find(from);
    const ArticleVersion* b = find(to);
    if (!a || !b) return Fail(ErrorCode::kNotFound, "no such version");
    RevisionDiff diff;
    diff.from = *a;
    diff.to = *b;
    diff.headline = DiffWords(a->content.headline, b->content.headline);
    diff.standfirst = DiffWords(a->content.standfirst, b->content.standfirst);
    diff.body = DiffWords(ingest::SanitizeHtml(a->content.body_html).text, ingest::SanitizeHtml(b->content.body_html).text);
    return diff;
}

}  // namespace broadsheet::newsroom
