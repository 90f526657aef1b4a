#include "store/sqlite/sqlite_editorial_store.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <mutex>
#include <string>

#include "store/sqlite/json_columns.h"

namespace broadsheet::store::sqlite {
namespace {

using nlohmann::json;


constexpr std::string_view kDraftColumns =
    "id, article_id, author_id, markdown, headline, standfirst, byline, section, topics, picture, premium, "
    "scheduled_at, revision, created_at, updated_at";

DraftRecord ReadDraft(const Statement& s) {
    DraftRecord d;
    d.id = s.Int(0);
    if (!s.IsNull(1)) d.article_id = ArticleId{s.Int(1)};
    d.author_id = s.Int(2);
    d.markdown = s.Text(3);
    d.headline = s.Text(4);
    d.standfirst = s.Text(5);
    d.byline = s.Text(6);
    d.section = s.Text(7);
    d.topics = TopicsFromJson(s.Text(8));
    d.picture = PictureFromJson(s.Text(9));
    d.premium = s.Int(10) != 0;
    if (!s.IsNull(11)) d.scheduled_at = FromSeconds(s.Int(11));
    d.revision = static_cast<int>(s.Int(12));
    d.created_at = FromSeconds(s.Int(13));
    d.updated_at = FromSeconds(s.Int(14));
    return d;
}

/// Binds the draft's fields from `first` on, in the order of kDraftColumns after author_id.
void BindDraftFields(Statement& s, int first, const DraftRecord& d) {
    s.Bind(first, d.markdown)
        .Bind(first + 1, d.headline)
        .Bind(first + 2, d.standfirst)
        .Bind(first + 3, d.byline)
        .Bind(first + 4, d.section)
        .Bind(first + 5, TopicsToJson(d.topics));
    if (d.picture) {
        s.Bind(first + 6, PictureToJson(d.picture));
    } else {
        s.BindNull(first + 6);
    }
    s.Bind(first + 7, d.premium ? 1 : 0);
    if (d.scheduled_at) {
        s.Bind(first + 8, ToSeconds(*d.scheduled_at));
    } else {
        s.BindNull(first + 8);
    }
    s.Bind(first + 9, d.revision);
}

PictureRecord ReadPicture(const Statement& s) {
    PictureRecord p;
    p.id = s.Int(0);
    p.picture.path = s.Text(1);
    p.picture.mime = s.Text(2);
    p.picture.width = static_cast<int>(s.Int(3));
    p.picture.height = static_cast<int>(s.Int(4));
    p.picture.alt_text = s.Text(5);
    p.picture.caption = s.Text(6);
    p.picture.credit = s.Text(7);
    p.uploaded_by = s.Int(8);
    p.uploaded_at = FromSeconds(s.Int(9));
    return p;
}

constexpr std::string_view kPictureColumns =
    "id, media_path, mime, width, height, alt, caption, credit, uploaded_by, uploaded_at";

}  // namespace

Result<int64_t> SqliteEditorialStore::CreateDraft(const DraftRecord& draft, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "INSERT INTO drafts (article_id, author_id, markdown, headline, standfirst, byline, section, topics, picture,"
        " premium, scheduled_at, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    if (draft.article_id) {
        stmt->Bind(1, draft.article_id->value);
    } else {
        stmt->BindNull(1);
    }
    stmt->Bind(2, draft.author_id);
    BindDraftFields(*stmt, 3, draft);
    stmt->Bind(13, ToSeconds(now)).Bind(14, ToSeconds(now));
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return db->LastInsertRowId();
}

Result<void> SqliteEditorialStore::UpdateDraft(const DraftRecord& draft, Timestamp now) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db,
        "UPDATE drafts SET article_id = ?, markdown = ?, headline = ?, standfirst = ?, byline = ?, section = ?,"
        " topics = ?, picture = ?, premium = ?, scheduled_at = ?, revision = ?, updated_at = ? WHERE id = ?");
    if (!stmt) return stmt.error();
    if (draft.article_id) {
        stmt->Bind(1, draft.article_id->value);
    } else {
        stmt->BindNull(1);
    }
    BindDraftFields(*stmt, 2, draft);
    stmt->Bind(12, ToSeconds(now)).Bind(13, draft.id);
    if (auto ran = stmt->Run(); !ran) return ran.error();
    if (sqlite3_changes(db->handle()) == 0) return Fail(ErrorCode::kNotFound, "no such draft");
    return {};
}

Result<DraftRecord> SqliteEditorialStore::FindDraft(int64_t id) const {
    auto drafts = QueryDrafts("id = ?", id, 1, 0);
    if (!drafts) return drafts.error();
    if (drafts->empty()) return Fail(ErrorCode::kNotFound, "no such draft");
    return std::move(drafts->front());
}

Result<DraftRecord> SqliteEditorialStore::FindDraftByArticle(ArticleId article) const {
    auto drafts = QueryDrafts("article_id = ?", article.value, 1, 0);
    if (!drafts) return drafts.error();
    if (drafts->empty()) return Fail(ErrorCode::kNotFound, "not a staff story");
    return std::move(drafts->front());
}

Result<std::vector<DraftRecord>> SqliteEditorialStore::ListDrafts(std::optional<int64_t> author, int limit,
                                                                  int offset) const {
    if (author) return QueryDrafts("author_id = ?", *author, limit, offset);
    return QueryDrafts("1", std::nullopt, limit, offset);
}

Result<std::vector<DraftRecord>> SqliteEditorialStore::QueryDrafts(std::string_view where,
                                                                   std::optional<int64_t> value, int limit,
                                                                   int offset) const {
    auto db = pool_.Acquire();
    std::string sql = "SELECT " + std::string(kDraftColumns) + " FROM drafts WHERE " + std::string(where) +
                      " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?";
    auto stmt = Statement::Prepare(*db, sql);
    if (!stmt) return stmt.error();
    int next = 1;
    if (value) stmt->Bind(next++, *value);
    stmt->Bind(next, limit).Bind(next + 1, offset);
    std::vector<DraftRecord> drafts;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        drafts.push_back(ReadDraft(*stmt));
    }
    return drafts;
}

Result<int64_t> SqliteEditorialStore::AddCorrection(ArticleId article, Timestamp at, std::string_view text,
                                                    int64_t by) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "INSERT INTO corrections (article_id, at, text, by_staff) VALUES (?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    stmt->Bind(1, article.value).Bind(2, ToSeconds(at)).Bind(3, text).Bind(4, by);
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return db->LastInsertRowId();
}

Result<std::vector<CorrectionRecord>> SqliteEditorialStore::Corrections(ArticleId article) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(
        *db, "SELECT id, article_id, at, text, by_staff FROM corrections WHERE article_id = ? ORDER BY at, id");
    if (!stmt) return stmt.error();
    stmt->Bind(1, article.value);
    std::vector<CorrectionRecord> corrections;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        corrections.push_back({stmt->Int(0), ArticleId{stmt->Int(1)}, FromSeconds(stmt->Int(2)), stmt->Text(3),
                               stmt->Int(4)});
    }
    return corrections;
}

Result<int64_t> SqliteEditorialStore::AddPicture(const PictureRecord& record) {
    std::lock_guard writer(pool_.write_mutex());
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db,
                                   "INSERT INTO pictures (media_path, mime, width, height, alt, caption, credit,"
                                   " uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    const Picture& p = record.picture;
    stmt->Bind(1, p.path).Bind(2, p.mime).Bind(3, p.width).Bind(4, p.height).Bind(5, p.alt_text);
    stmt->Bind(6, p.caption).Bind(7, p.credit).Bind(8, record.uploaded_by).Bind(9, ToSeconds(record.uploaded_at));
    if (auto ran = stmt->Run(); !ran) return ran.error();
    return db->LastInsertRowId();
}

Result<PictureRecord> SqliteEditorialStore::FindPicture(int64_t id) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT " + std::string(kPictureColumns) + " FROM pictures WHERE id = ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, id);
    auto row = stmt->Step();
    if (!row) return row.error();
    if (!*row) return Fail(ErrorCode::kNotFound, "no such picture");
    return ReadPicture(*stmt);
}

Result<std::vector<PictureRecord>> SqliteEditorialStore::ListPictures(int limit, int offset) const {
    auto db = pool_.Acquire();
    auto stmt = Statement::Prepare(*db, "SELECT " + std::string(kPictureColumns) +
                                            " FROM pictures ORDER BY uploaded_at DESC, id DESC LIMIT ? OFFSET ?");
    if (!stmt) return stmt.error();
    stmt->Bind(1, limit).Bind(2, offset);
    std::vector<PictureRecord> pictures;
    while (true) {
        auto row = stmt->Step();
        if (!row) return row.error();
        if (!*row) break;
        pictures.push_back(ReadPicture(*stmt));
    }
    return pictures;
}

}  // namespace broadsheet::store::sqlite
