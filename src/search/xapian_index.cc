#include "search/xapian_index.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/index_dir.h"
#include "search/stored_fields.h"

namespace broadsheet::search {
namespace {

namespace fs = std::filesystem;

constexpr Xapian::valueno kDateSlot = 0;     // sortable_serialise(seconds since the epoch)
constexpr Xapian::valueno kYearSlot = 1;     // "1997"
constexpr Xapian::valueno kSectionSlot = 2;  // "world"
constexpr size_t kMaxTermBytes = 240;        // Xapian refuses terms over 245 bytes.
constexpr size_t kMaxIdleReaders = 32;
constexpr int kAttempts = 3;  // A search that meets a commit mid-way reopens and tries again.
constexpr int kMaxYearTerms = 60;

Error XapianError(const char* doing, const Xapian::Error& e) {
    // Another process holds the writer lock: a conflict, not a broken disk.
    ErrorCode code =
        std::strcmp(e.get_type(), "DatabaseLockError") == 0 ? ErrorCode::kConflict : ErrorCode::kIo;
    return Fail(code, std::string("search index: ") + doing + ": " + e.get_description());
}

std::string IdTerm(ArticleId id) { return "Q" + std::to_string(id.value); }

std::chrono::year_month_day Day(Timestamp t) {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)};
}

std::string YearText(Timestamp t) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d", static_cast<int>(Day(t).year()));
    return text;
}

// Every document is in one of kSampleBuckets buckets, its boolean term XB<n>: facets of a
// large result are counted over a few buckets' matches and scaled (see FacetPass). The
// bucket is a hash of the article id (Fibonacci hashing: the top 8 bits of id times 2^64/phi),
// so a bucket's stories are spread evenly over time, sections and topics, with no run of
// consecutive ids (one day's, one feed's) in one bucket.
constexpr int kSampleBuckets = 256;

int SampleBucket(ArticleId id) {
    return static_cast<int>((static_cast<uint64_t>(id.value) * 0x9E3779B97F4A7C15ULL) >> 56);
}

std::string SampleTerm(int bucket) { return "XB" + std::to_string(bucket); }

// "202611": the month term's value (UTC).
std::string MonthText(int year, unsigned month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d%02u", year, month);
    return text;
}

std::string MonthText(Timestamp t) {
    const auto day = Day(t);
    return MonthText(static_cast<int>(day.year()), static_cast<unsigned>(day.month()));
}

std::string DateValue(Timestamp t) {
    return Xapian::sortable_serialise(static_cast<double>(t.time_since_epoch().count()));
}

void AddFilterTerm(Xapian::Document& doc, const char* prefix, const std::string& value) {
    if (value.empty() || std::strlen(prefix) + value.size() > kMaxTermBytes) return;
    doc.add_boolean_term(prefix + value);
}

Xapian::Document BuildDocument(const IndexDocument& in, Xapian::TermGenerator& generator,
                               size_t body_limit) {
    Xapian::Document doc;
    generator.set_document(doc);
    // Spelling data from headlines and standfirsts: the words readers mistype, at a
    // fraction of the cost of every body word.
    generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    generator.index_text(in.headline, 3);
    generator.increase_termpos();  // A gap, so phrases never span two fields.
    generator.index_text(in.standfirst, 2);
    generator.set_flags(Xapian::TermGenerator::flags(0));
    generator.increase_termpos();
    generator.index_text(in.body_text);
    generator.increase_termpos();
    generator.index_text(in.extra_text);
    doc.add_boolean_term(IdTerm(in.id));
    AddFilterTerm(doc, "XS", in.section);
    for (const std::string& topic : in.topics) AddFilterTerm(doc, "XT", topic);
    for (const std::string& by : in.by) AddFilterTerm(doc, "XA", by);
    AddFilterTerm(doc, "XY", YearText(in.first_published));
    AddFilterTerm(doc, "XM", MonthText(in.first_published));
    doc.add_boolean_term(SampleTerm(SampleBucket(in.id)));
    doc.add_value(kDateSlot, DateValue(in.first_published));
    doc.add_value(kYearSlot, YearText(in.first_published));
    doc.add_value(kSectionSlot, in.section);
    doc.set_data(EncodeStoredFields(in, body_limit));
    return doc;
}

const char* FieldPrefix(Field field) {
    switch (field) {
        case Field::kSection: return "XS";
        case Field::kTopic: return "XT";
        case Field::kBy: return "XA";
    }
    return "XS";
}

Xapian::Query Combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
    if (parts.size() == 1) return parts.front();
    return Xapian::Query(op, parts.begin(), parts.end());
}

bool IsNewYear(Timestamp t) {
    auto day = Day(t);
    return t == Timestamp{std::chrono::sys_days{day}} && day.month() == std::chrono::January &&
           day.day() == std::chrono::day{1};
}

// The date filter: year terms for whole years (cheaper than a value range over millions of
// documents), else a range on the date value slot.
Xapian::Query DateFilter(const Query& query) {
    if (!query.from && !query.until) return Xapian::Query();
    if (query.from && query.until && IsNewYear(*query.from) && IsNewYear(*query.until)) {
        int first = static_cast<int>(Day(*query.from).year());
        int last = static_cast<int>(Day(*query.until).year()) - 1;
        if (last - first < kMaxYearTerms) {
            std::vector<Xapian::Query> years;
            for (int year = first; year <= last; ++year) {
                years.emplace_back("XY" + YearText(Timestamp{std::chrono::sys_days{
                                              std::chrono::year{year} / 1 / 1}}));
            }
            return Combine(Xapian::Query::OP_OR, years);
        }
    }
    const auto last_second = [](Timestamp until) { return until - std::chrono::seconds{1}; };
    if (query.from && query.until) {
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDateSlot, DateValue(*query.from),
                             DateValue(last_second(*query.until)));
    }
    if (query.from)
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, kDateSlot, DateValue(*query.from));
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, kDateSlot,
                         DateValue(last_second(*query.until)));
}

// What a reader handle owns: none of these may be shared between threads.
struct Reader {
    explicit Reader(const std::string& dir_in) : db(dir_in), dir(dir_in), stemmer("english") {
        words.set_stemmer(stemmer);
        // Z-prefixed stems whatever the case, to match what TermGenerator indexed.
        words.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
        words.set_default_op(Xapian::Query::OP_AND);
        // The index has only stems, each with its positions: a phrase is stems in order.
        phrases.set_stemmer(stemmer);
        phrases.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    }
    Xapian::Database db;
    std::string dir;
    Xapian::Stem stemmer;
    Xapian::QueryParser words;
    Xapian::QueryParser phrases;
};

// Our AST as a Xapian query. Each word and phrase goes through Xapian's QueryParser alone,
// so it is split into terms exactly as TermGenerator split the text ("covid-19", "U.S.").
struct Translation {
    Xapian::Query query;
    bool ranked = false;  // Has words or phrases to rank by.
};

Xapian::Query AtomQuery(Reader& reader, const Atom& atom) {
    if (atom.kind == AtomKind::kField) return Xapian::Query(FieldPrefix(atom.field) + atom.text);
    try {
        if (atom.kind == AtomKind::kPhrase) {
            return reader.phrases.parse_query('"' + atom.text + '"',
                                              Xapian::QueryParser::FLAG_PHRASE);
        }
        return reader.words.parse_query(atom.text, 0);
    } catch (const Xapian::QueryParserError&) {
        return Xapian::Query();  // Nothing searchable in it (punctuation only).
    }
}

Translation Translate(Reader& reader, const Query& query) {
    std::vector<Xapian::Query> ranked, filters, excluded;
    bool had_words = false;
    for (const Clause& clause : query.clauses) {
        std::vector<Xapian::Query> parts;
        bool words = false;
        for (const Atom& atom : clause.any_of) {
            Xapian::Query part = AtomQuery(reader, atom);
            words = words || atom.kind != AtomKind::kField;
            if (part.empty()) continue;
            // A filter ORed with words must not change their ranking.
            if (atom.kind == AtomKind::kField && !clause.excluded)
                part = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, part, 0);
            parts.push_back(std::move(part));
        }
        if (parts.empty()) continue;
        if (clause.excluded) {
            excluded.push_back(Combine(Xapian::Query::OP_OR, parts));
        } else if (words) {
            had_words = true;
            ranked.push_back(Combine(Xapian::Query::OP_OR, parts));
        } else {
            filters.push_back(Combine(Xapian::Query::OP_OR, parts));
        }
    }
    bool only_punctuation =
        ranked.empty() &&
        std::any_of(query.clauses.begin(), query.clauses.end(), [](const Clause& c) {
            return !c.excluded && std::any_of(c.any_of.begin(), c.any_of.end(), [](const Atom& a) {
                return a.kind != AtomKind::kField;
            });
        });
    Translation out;
    out.ranked = had_words;
    out.query = ranked.empty()
                    ? (only_punctuation ? Xapian::Query::MatchNothing : Xapian::Query::MatchAll)
                    : Combine(Xapian::Query::OP_AND, ranked);
    if (Xapian::Query dates = DateFilter(query); !dates.empty()) filters.push_back(dates);
    if (!filters.empty())
        out.query = Xapian::Query(Xapian::Query::OP_FILTER, out.query,
                                  Combine(Xapian::Query::OP_AND, filters));
    if (!excluded.empty())
        out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, out.query,
                                  Combine(Xapian::Query::OP_OR, excluded));
    return out;
}

// A better spelling of `word` when the index has never seen it; nullopt otherwise.
std::optional<std::string> Correct(const Xapian::Database& db, const Xapian::Stem& stemmer,
                                   const std::string& word, unsigned distance) {
    if (word.empty() || word.size() > 64) return std::nullopt;
    std::string lower = Xapian::Unicode::tolower(word);
    for (Xapian::Utf8Iterator it(lower); it != Xapian::Utf8Iterator(); ++it) {
        if (!Xapian::Unicode::is_wordchar(*it)) return std::nullopt;
    }
    if (db.get_termfreq("Z" + stemmer(lower)) > 0) return std::nullopt;
    std::string suggestion = db.get_spelling_suggestion(lower, distance);
    if (suggestion.empty() || suggestion == lower) return std::nullopt;
    return suggestion;
}

std::string DidYouMean(const Xapian::Database& db, const Xapian::Stem& stemmer, const Query& query,
                       unsigned distance) {
    Query corrected = query;
    bool changed = false;
    for (Clause& clause : corrected.clauses) {
        for (Atom& atom : clause.any_of) {
            if (atom.kind == AtomKind::kField) continue;
            std::string rewritten;
            size_t start = 0;
            while (start <= atom.text.size()) {
                size_t end = std::min(atom.text.find(' ', start), atom.text.size());
                std::string word = atom.text.substr(start, end - start);
                if (auto better = Correct(db, stemmer, word, distance)) {
                    word = *better;
                    changed = true;
                }
                rewritten += (start > 0 ? " " : "") + word;
                start = end + 1;
            }
            atom.text = std::move(rewritten);
        }
    }
    return changed ? FormatQuery(corrected) : std::string();
}

// What a hit's snippet looks for in its text: each word the reader typed (phrases give
// theirs), lower-cased, with its English stem, longest first.
std::vector<std::string> SnippetNeedles(const Query& query, const Xapian::Stem& stemmer) {
    std::vector<std::string> needles;
    auto add = [&needles](std::string needle) {
        if (needle.size() >= 2 && std::find(needles.begin(), needles.end(), needle) == needles.end())
            needles.push_back(std::move(needle));
    };
    for (const Clause& clause : query.clauses) {
        if (clause.excluded) continue;
        for (const Atom& atom : clause.any_of) {
            if (atom.kind == AtomKind::kField) continue;
            size_t start = 0;
            while (start < atom.text.size()) {
                size_t end = std::min(atom.text.find(' ', start), atom.text.size());
                std::string word = Xapian::Unicode::tolower(atom.text.substr(start, end - start));
                if (!word.empty()) {
                    add(stemmer(word));
                    add(std::move(word));
                }
                start = end + 1;
            }
        }
    }
    return needles;
}

// The part of `text` a snippet is made from. MSet::snippet tokenizes and stems all the text
// it is given, which for a 4 KB body cost 0.1-0.25 ms a hit, most of a query's time at 20
// hits; so it is given about `window` bytes around the first place one of `needles` (see
// SnippetNeedles) occurs, found by a plain search of the lower-cased text, or the start of
// the text when none does. The window is cut at spaces, so never inside a UTF-8 character.
std::string SnippetWindow(const std::string& text, const std::vector<std::string>& needles, size_t window) {
    if (text.size() <= window) return text;
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    size_t first = std::string::npos;
    for (const std::string& needle : needles) first = std::min(first, lower.find(needle));
    size_t begin = first == std::string::npos || first < window / 3 ? 0 : first - window / 3;
    if (begin > 0) {
        const size_t space = text.find(' ', begin);
        begin = space == std::string::npos ? 0 : space + 1;
    }
    size_t end = std::min(text.size(), begin + window);
    if (end < text.size()) {
        const size_t space = text.rfind(' ', end);
        if (space != std::string::npos && space > begin) end = space;
    }
    return text.substr(begin, end - begin);
}

// Newest first sorts every match by date, which over a common word means reading the date
// of each of hundreds of thousands of stories; yet nearly every page asked for is among the
// first few, whose stories are all recent. So the matcher first looks only at the stories
// of the index's newest month (UTC), then of its newest 3, 12 and 24 months: the first of
// those windows whose matches fill the page gives exactly the page (every story left out is
// older than all of them), at the cost of that window's matches, not the word's. Windows
// are ORs of boolean XM<yyyymm> terms, so the matcher skips through the word's postings to
// those months' stories instead of reading the date of every match (a date range would).
// Pages deeper than kRecentPassMaxRank skip it.
constexpr Xapian::doccount kRecentPassMaxRank = 100;
constexpr std::array<int, 4> kRecentWindowMonths = {1, 3, 12, 24};

std::optional<Xapian::MSet> RecentPass(const Xapian::Database& db, const Xapian::Query& query,
                                       Xapian::doccount offset, Xapian::doccount size) {
    const std::string newest = db.get_value_upper_bound(kDateSlot);
    if (newest.empty()) return std::nullopt;
    const auto newest_seconds = static_cast<int64_t>(Xapian::sortable_unserialise(newest));
    const auto newest_month = Day(Timestamp{std::chrono::seconds{newest_seconds}});
    std::chrono::year_month month{newest_month.year(), newest_month.month()};
    std::vector<Xapian::Query> months;
    for (int window : kRecentWindowMonths) {
        while (static_cast<int>(months.size()) < window) {
            months.emplace_back("XM" + MonthText(static_cast<int>(month.year()), static_cast<unsigned>(month.month())));
            month -= std::chrono::months{1};
        }
        Xapian::Enquire recent(db);
        recent.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                       Xapian::Query(Xapian::Query::OP_OR, months.begin(), months.end())));
        recent.set_sort_by_value_then_relevance(kDateSlot, true);
        Xapian::MSet page = recent.get_mset(offset, size);
        if (page.size() == size) return page;
    }
    return std::nullopt;
}

// The totals and facets of a query: what FacetPass counted.
struct Tally {
    int64_t total = 0;
    bool exact = false;
    std::vector<FacetCount> sections;
    std::vector<FacetCount> years;
};

// Each document's year and section by docid, read once from the value streams: a facet
// count looks them up in memory instead of reading two values of every match it counts
// (about 2 µs a value here at 1 M stories: most of a large result's time). One byte each:
// an index into `names`, 0 for none. Shared by the searches of one database (FacetTables).
struct FacetTable {
    std::string dir;
    Xapian::rev revision = 0;
    Xapian::docid last = 0;  // Covers docids 1..last.
    std::chrono::steady_clock::time_point built;
    std::vector<uint8_t> codes[2];  // [0] year, [1] section; index docid - 1.
    std::vector<std::string> names[2] = {{""}, {""}};
    std::unordered_map<std::string, uint8_t> lookup[2];
    bool overflow = false;  // More than 255 distinct values in a slot: not usable.

    static constexpr Xapian::valueno kSlots[2] = {kYearSlot, kSectionSlot};

    // Reads the values of docids after `last` (all of them for a new table).
    void Extend(const Xapian::Database& db) {
        const Xapian::docid until = db.get_lastdocid();
        for (int f = 0; f < 2; ++f) {
            codes[f].resize(until, 0);
            Xapian::ValueIterator it = db.valuestream_begin(kSlots[f]);
            if (last > 0 && it != db.valuestream_end(kSlots[f])) it.skip_to(last + 1);
            for (; it != db.valuestream_end(kSlots[f]); ++it) {
                const Xapian::docid did = it.get_docid();
                if (did > until) break;
                const std::string value = *it;
                auto [known, added] = lookup[f].try_emplace(value, static_cast<uint8_t>(names[f].size()));
                if (added) {
                    if (names[f].size() > 255) {
                        overflow = true;
                        return;
                    }
                    names[f].push_back(value);
                }
                codes[f][did - 1] = known->second;
            }
        }
        last = until;
        revision = db.get_revision();
    }
};

// The FacetTable of the database searched now: built on the first count, extended with the
// documents added since when the database changes, and built again from scratch at most
// every kFacetTableRebuild (a replaced document keeps its docid: a story moved to another
// section counts under the old one until then).
class FacetTables {
public:
    std::shared_ptr<const FacetTable> For(const Xapian::Database& db, const std::string& dir) {
        std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        // A table made from a later revision (by a search whose handle reopened after this
        // one's) serves an earlier one too: it only knows of more documents.
        if (table_ && table_->dir == dir && table_->revision >= db.get_revision()) return table_;
        std::shared_ptr<FacetTable> next;
        if (table_ && table_->dir == dir && db.get_lastdocid() >= table_->last &&
            now - table_->built < kFacetTableRebuild) {
            next = std::make_shared<FacetTable>(*table_);
        } else {
            next = std::make_shared<FacetTable>();
            next->dir = dir;
            next->built = now;
        }
        next->Extend(db);
        table_ = next->overflow ? nullptr : next;
        return table_;
    }

private:
    static constexpr auto kFacetTableRebuild = std::chrono::seconds(60);
    std::mutex mutex_;
    std::shared_ptr<const FacetTable> table_;
};

// Counts the matches it is shown by year and section, from a FacetTable (or, for a document
// newer than the table or with no table, from its values).
class FacetSpy final : public Xapian::MatchSpy {
public:
    explicit FacetSpy(std::shared_ptr<const FacetTable> table) : table_(std::move(table)) {
        for (int f = 0; f < 2; ++f) counts_[f].assign(table_ ? table_->names[f].size() : 1, 0);
    }
    void operator()(const Xapian::Document& doc, double) override {
        ++total_;
        const Xapian::docid did = doc.get_docid();
        if (table_ && did >= 1 && did <= table_->last) {
            for (int f = 0; f < 2; ++f) ++counts_[f][table_->codes[f][did - 1]];
            return;
        }
        for (int f = 0; f < 2; ++f) ++others_[f][doc.get_value(FacetTable::kSlots[f])];
    }
    Xapian::doccount total() const { return total_; }
    // The counts of field f (0 year, 1 section), each multiplied by `scale` and rounded (at
    // least 1), in value order.
    std::vector<FacetCount> Counts(int f, double scale) const {
        std::map<std::string, uint64_t> all = others_[f];
        for (size_t code = 1; code < counts_[f].size(); ++code) {
            if (counts_[f][code] > 0) all[table_->names[f][code]] += counts_[f][code];
        }
        std::vector<FacetCount> out;
        for (const auto& [value, seen] : all) {
            if (value.empty() || seen == 0) continue;
            out.push_back(FacetCount{value, std::max<int64_t>(1, std::llround(static_cast<double>(seen) * scale))});
        }
        return out;
    }

private:
    std::shared_ptr<const FacetTable> table_;
    std::vector<uint64_t> counts_[2];
    std::map<std::string, uint64_t> others_[2];
    Xapian::doccount total_ = 0;
};

// What `spy` saw, each count multiplied by `scale`.
Tally MakeTally(const FacetSpy& spy, double scale, bool exact) {
    Tally tally;
    tally.exact = exact;
    tally.total = std::llround(spy.total() * scale);
    tally.sections = spy.Counts(1, scale);
    std::sort(tally.sections.begin(), tally.sections.end(), [](const FacetCount& x, const FacetCount& y) {
        return x.count != y.count ? x.count > y.count : x.value < y.value;
    });
    tally.years = spy.Counts(0, scale);  // In value order: "1997" < "1998".
    return tally;
}

// Counts `query`'s matches and their sections and years. Few matches (the estimate `hint`
// at most `sample` of them): every one, exactly. More: only the matches in the first k of
// the kSampleBuckets buckets, k chosen for about `sample` of them, then scaled by
// kSampleBuckets / k: a uniform sample (buckets go by article id), so every year and
// section is estimated alike, at the cost of k buckets' postings instead of every match.
// The matcher weighs nothing here (BoolWeight). When the hint was far too high (an AND's
// estimate), a sample that came out small is counted again over more buckets.
Tally FacetPass(const Xapian::Database& db, const std::shared_ptr<const FacetTable>& table,
                const Xapian::Query& query, Xapian::doccount hint, Xapian::doccount sample) {
    const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
    auto buckets_for = [&](double matches) {
        if (matches <= sample) return kSampleBuckets;
        return std::clamp(static_cast<int>(std::ceil(sample * static_cast<double>(kSampleBuckets) / matches)), 1,
                          kSampleBuckets);
    };
    int k = buckets_for(hint);
    for (int attempt = 0;; ++attempt) {
        Xapian::Query counted = query;
        if (k < kSampleBuckets) {
            std::vector<Xapian::Query> terms;
            for (int bucket = 0; bucket < k; ++bucket) terms.emplace_back(SampleTerm(bucket));
            counted = Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
        }
        FacetSpy spy(table);
        Xapian::Enquire enquire(db);
        enquire.set_query(counted);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, all);  // Checks every match: the spy sees them all.
        const Xapian::doccount seen = spy.total();
        if (k < kSampleBuckets && attempt == 0 && seen < sample / 4) {
            const double matches = static_cast<double>(std::max<Xapian::doccount>(seen, 1)) * kSampleBuckets / k;
            const int more = buckets_for(matches);
            if (more > k) {
                k = more;
                continue;
            }
        }
        return MakeTally(spy, static_cast<double>(kSampleBuckets) / k, k == kSampleBuckets);
    }
}

Result<SearchResults> RunSearch(Reader& reader, FacetTables& facet_tables, const SearchRequest& request,
                                const XapianIndexOptions& options) {
    Translation translation = Translate(reader, request.query);
    const bool by_date = request.query.order == Order::kNewest || !translation.ranked;
    const auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.page_size);
    const auto size = static_cast<Xapian::doccount>(request.page_size);
    const auto sample = static_cast<Xapian::doccount>(std::max(options.facet_sample, 1));
    // The page: from the recent pass when it can give it, else from ranking every match.
    std::optional<Xapian::MSet> mset;
    if (by_date && offset + size <= kRecentPassMaxRank) mset = RecentPass(reader.db, translation.query, offset, size);
    // How many matches there are, as far as known: first Xapian's guess from term statistics
    // (no match run), then the ranking pass's estimate when it runs.
    Xapian::Enquire guess(reader.db);
    guess.set_query(translation.query);
    Xapian::doccount hint = guess.get_mset(0, 0).get_matches_estimated();
    std::optional<Tally> tally;
    if (!mset) {
        // A small result is counted by the ranking pass itself, every match seen by the spy;
        // a large one by FacetPass.
        const bool count_here = request.facets && hint <= sample;
        FacetSpy spy(count_here ? facet_tables.For(reader.db, reader.dir) : nullptr);
        Xapian::Enquire enquire(reader.db);
        enquire.set_query(translation.query);
        if (by_date) {
            enquire.set_sort_by_value_then_relevance(kDateSlot, true);
        } else {
            enquire.set_docid_order(Xapian::Enquire::DESCENDING);  // Ties: the later indexed first.
        }
        if (count_here) enquire.add_matchspy(&spy);
        mset = enquire.get_mset(offset, size, count_here ? 4 * sample : 0);
        hint = mset->get_matches_estimated();
        const bool exact = mset->get_matches_lower_bound() == mset->get_matches_upper_bound();
        if (count_here && exact && spy.total() == mset->get_matches_lower_bound()) {
            tally = MakeTally(spy, 1.0, true);
        } else if (!request.facets && exact) {
            tally = Tally{.total = static_cast<int64_t>(hint), .exact = true};
        }
    }
    if (!tally) {
        tally = FacetPass(reader.db, request.facets ? facet_tables.For(reader.db, reader.dir) : nullptr,
                          translation.query, hint, sample);
    }
    SearchResults results;
    results.total_estimate = tally->total;
    results.total_exact = tally->exact;
    if (request.facets) {
        results.facets_estimated = !tally->exact;
        results.sections = std::move(tally->sections);
        results.years = std::move(tally->years);
    }
    // Not SNIPPET_EXHAUSTIVE: over a 16 KB body it cost 1.6 ms a hit here; the first good
    // window costs about 0.1-0.25 ms.
    const unsigned flags = 0;
    const std::vector<std::string> needles = SnippetNeedles(request.query, reader.stemmer);
    for (Xapian::MSetIterator it = mset->begin(); it != mset->end(); ++it) {
        std::optional<StoredFields> fields = DecodeStoredFields(it.get_document().get_data());
        if (!fields)
            return Fail(ErrorCode::kIo,
                        "search index: document " + std::to_string(*it) + " is damaged");
        // The paywall rule: a premium story's body reaches the snippet only when the caller
        // says this reader may read it; otherwise the snippet is made from the standfirst.
        const bool body_allowed =
            !fields->premium || (request.may_read_premium && request.may_read_premium(fields->id));
        std::string text = fields->standfirst;
        if (body_allowed && !fields->body_text.empty()) {
            // Standfirsts seldom end in a full stop; without one the snippet runs them into
            // the body's first sentence ("…against Moscow Japan's foreign minister…").
            if (!text.empty() && std::string_view(".!?…\"'").find(text.back()) == std::string_view::npos) text += '.';
            text += "\n" + fields->body_text;
        }
        results.hits.push_back(SearchHit{
            .id = fields->id,
            .score = it.get_weight(),
            .snippet_html = mset->snippet(SnippetWindow(text, needles, options.snippet_bytes * 3 / 2),
                                         options.snippet_bytes, reader.stemmer, flags,
                                         "<mark>", "</mark>", "…"),
            .headline = std::move(fields->headline),
            .section = std::move(fields->section),
            .slug = std::move(fields->slug),
            .first_published = fields->first_published,
            .premium = fields->premium,
        });
    }
    results.did_you_mean = DidYouMean(reader.db, reader.stemmer, request.query, options.spelling_edit_distance);
    return results;
}

}  // namespace

/// The Xapian objects behind a XapianIndex and the locks that guard them.
class XapianIndexState {
public:
    XapianIndexState(fs::path root, bool follows_current, XapianIndexOptions options)
        : follows_current_(follows_current),
          options_(options),
          current_(root),
          dir_(root.string()) {
        generator_.set_stemmer(Xapian::Stem("english"));
        // Stems only, each with positions: half the terms of stems plus exact words, and
        // half the build time (docs/search.md, "Index format").
        generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    }

    const XapianIndexOptions& options() const { return options_; }

    // The database directory to use now.
    Result<std::string> Location() {
        return follows_current_ ? current_.Directory() : Result<std::string>(dir_);
    }

    // Runs `write` on the writer (opened, or reopened after a swap, first). Serialized.
    template <typename F>
    Result<void> Write(const char* doing, F&& write) {
        std::lock_guard lock(writer_mutex_);
        try {
            auto where = Location();
            if (!where) return where.error();
            if (!writer_ || writer_dir_ != *where) {
                writer_.reset();
                writer_.emplace(*where, Xapian::DB_CREATE_OR_OPEN | (options_.no_sync ? Xapian::DB_NO_SYNC : 0));
                writer_dir_ = *where;
                // A new database is made in this format; an old one keeps what it records.
                if (writer_->get_doccount() == 0) writer_->set_metadata(kIndexFormatKey, kIndexFormat);
                generator_.set_database(*writer_);
            }
            write(*writer_, generator_);
            return {};
        } catch (const Xapian::Error& e) {
            return XapianError(doing, e);
        }
    }

    // Runs `read` with a pooled reader brought up to date; retries when a commit or a swap
    // pulls the database from under it.
    template <typename T, typename F>
    Result<T> Read(const char* doing, F&& read) {
        for (int attempt = 1;; ++attempt) {
            try {
                auto where = Location();
                if (!where) return where.error();
                std::unique_ptr<Reader> reader = TakeReader();
                if (!reader || reader->dir != *where) {
                    reader = std::make_unique<Reader>(*where);
                } else {
                    reader->db.reopen();
                }
                Result<T> result = read(*reader);
                GiveBack(std::move(reader));
                return result;
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt == kAttempts) return XapianError(doing, e);
            } catch (const Xapian::DatabaseOpeningError& e) {
                if (attempt == kAttempts) return XapianError(doing, e);
            } catch (const Xapian::Error& e) {
                return XapianError(doing, e);
            }
        }
    }

private:
    std::unique_ptr<Reader> TakeReader() {
        std::lock_guard lock(pool_mutex_);
        if (idle_.empty()) return nullptr;
        std::unique_ptr<Reader> reader = std::move(idle_.back());
        idle_.pop_back();
        return reader;
    }

    void GiveBack(std::unique_ptr<Reader> reader) {
        std::lock_guard lock(pool_mutex_);
        if (idle_.size() < kMaxIdleReaders) idle_.push_back(std::move(reader));
    }

    const bool follows_current_;
    const XapianIndexOptions options_;

    CurrentFollower current_;  // Used when follows_current_.
    const std::string dir_;    // Used otherwise.

    std::mutex writer_mutex_;
    std::optional<Xapian::WritableDatabase> writer_;
    std::string writer_dir_;
    Xapian::TermGenerator generator_;

    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<Reader>> idle_;

public:
    FacetTables facet_tables;
};

XapianIndex::XapianIndex(std::unique_ptr<XapianIndexState> state) : state_(std::move(state)) {}
XapianIndex::~XapianIndex() = default;

Result<std::unique_ptr<XapianIndex>> XapianIndex::Open(const fs::path& root,
                                                       XapianIndexOptions options) {
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec)
        return Fail(ErrorCode::kIo,
                    "search index: creating " + root.string() + ": " + ec.message());
    auto current = ReadCurrent(root);
    if (!current) return current.error();
    if (!*current) {
        auto lock = FileLock::Acquire(root / "current.lock", true);
        if (!lock) return lock.error();
        current = ReadCurrent(root);  // Another opener may have won the race.
        if (!current) return current.error();
        if (!*current) {
            std::string name = IndexDirName(NextIndexNumber(root));
            try {
                Xapian::WritableDatabase first(fs::path(root / name).string(), Xapian::DB_CREATE_OR_OPEN);
                first.set_metadata(kIndexFormatKey, kIndexFormat);
                first.commit();
            } catch (const Xapian::Error& e) {
                return XapianError("creating the index", e);
            }
            if (auto written = WriteCurrent(root, name); !written) return written.error();
        }
    }
    auto index =
        std::make_unique<XapianIndex>(std::make_unique<XapianIndexState>(root, true, options));
    if (auto count = index->Count(); !count)
        return count.error();  // Fails early on a broken index.
    return index;
}

Result<std::unique_ptr<XapianIndex>> XapianIndex::OpenDirectory(const fs::path& dir,
                                                                XapianIndexOptions options) {
    auto index =
        std::make_unique<XapianIndex>(std::make_unique<XapianIndexState>(dir, false, options));
    if (auto opened = index->state_->Write("opening", [](auto&, auto&) {}); !opened)
        return opened.error();
    return index;
}

Result<void> XapianIndex::Add(const IndexDocument& document) {
    const size_t limit = state_->options().stored_body_bytes;
    return state_->Write("adding a document",
                         [&](Xapian::WritableDatabase& db, Xapian::TermGenerator& generator) {
                             db.add_document(BuildDocument(document, generator, limit));
                         });
}

Result<void> XapianIndex::Replace(const IndexDocument& document) {
    const size_t limit = state_->options().stored_body_bytes;
    return state_->Write("replacing a document", [&](Xapian::WritableDatabase& db,
                                                     Xapian::TermGenerator& generator) {
        db.replace_document(IdTerm(document.id), BuildDocument(document, generator, limit));
    });
}

Result<void> XapianIndex::Remove(ArticleId id) {
    return state_->Write("removing a document",
                         [&](Xapian::WritableDatabase& db, Xapian::TermGenerator&) {
                             db.delete_document(IdTerm(id));
                         });
}

Result<void> XapianIndex::Commit() {
    return state_->Write("committing",
                         [](Xapian::WritableDatabase& db, Xapian::TermGenerator&) { db.commit(); });
}

Result<SearchResults> XapianIndex::Search(const SearchRequest& request) const {
    if (request.page < 1 || request.page_size < 1 || request.page_size > kMaxPageSize) {
        return Fail(ErrorCode::kInvalidInput, "There is no such page of results.");
    }
    if (static_cast<int64_t>(request.page) * request.page_size > kMaxResultDepth) {
        return Fail(ErrorCode::kInvalidInput, "Only the first " + std::to_string(kMaxResultDepth) +
                                                  " results can be shown: narrow the search.");
    }
    return state_->Read<SearchResults>(
        "searching", [&](Reader& reader) {
            return RunSearch(reader, state_->facet_tables, request, state_->options());
        });
}

Result<int64_t> XapianIndex::Count() const {
    return state_->Read<int64_t>("counting", [](Reader& reader) -> Result<int64_t> {
        return static_cast<int64_t>(reader.db.get_doccount());
    });
}

Result<bool> XapianIndex::InCurrentFormat() const {
    return state_->Read<bool>("reading the index format", [](Reader& reader) -> Result<bool> {
        return reader.db.get_doccount() == 0 || reader.db.get_metadata(kIndexFormatKey) == kIndexFormat;
    });
}

Result<std::string> XapianIndex::GetMetadata(const std::string& key) const {
    return state_->Read<std::string>("reading metadata", [&](Reader& reader) -> Result<std::string> {
        return reader.db.get_metadata(key);
    });
}

Result<void> XapianIndex::SetMetadata(const std::string& key, const std::string& value) {
    return state_->Write("writing metadata", [&](Xapian::WritableDatabase& db, Xapian::TermGenerator&) {
        db.set_metadata(key, value);
    });
}

Result<fs::path> XapianIndex::CurrentDirectory() const {
    auto where = state_->Location();
    if (!where) return where.error();
    return fs::path(*where);
}

}  // namespace broadsheet::search
