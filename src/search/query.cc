#include "search/query.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/text.h"

namespace broadsheet::search {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The length of the quotation mark at `i`: `"`, or the curly “ ” that phone keyboards type.
size_t QuoteAt(std::string_view text, size_t i) {
    if (text[i] == '"') return 1;
    if (text.substr(i, 2) == "\xE2\x80" && i + 2 < text.size() &&
        (text[i + 2] == '\x9C' || text[i + 2] == '\x9D')) {
        return 3;
    }
    return 0;
}

Error Invalid(std::string message) { return Fail(ErrorCode::kInvalidInput, std::move(message)); }

const char* FieldName(Field field) {
    switch (field) {
        case Field::kSection: return "section";
        case Field::kTopic: return "topic";
        case Field::kBy: return "by";
    }
    return "section";
}

std::optional<Field> FieldNamed(std::string_view name) {
    std::string lower = AsciiLower(name);
    if (lower == "section") return Field::kSection;
    if (lower == "topic") return Field::kTopic;
    if (lower == "by") return Field::kBy;
    return std::nullopt;
}

// The first day of "1997", "1997-05" or "1997-05-01" and the day after its last; nullopt
// when `text` is none of these or not a real date.
std::optional<std::pair<sys_days, sys_days>> ParseDatePeriod(std::string_view text) {
    auto number = [&](size_t at, size_t length) {
        int value = 0;
        for (size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    auto digits = [&](size_t at, size_t length) {
        return std::all_of(text.begin() + static_cast<long>(at),
                           text.begin() + static_cast<long>(at + length), IsDigit);
    };
    if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
    if (!digits(0, 4)) return std::nullopt;
    year y{number(0, 4)};
    if (text.size() == 4)
        return std::pair{sys_days{y / 1 / 1}, sys_days{(y + std::chrono::years{1}) / 1 / 1}};
    if (text[4] != '-' || !digits(5, 2)) return std::nullopt;
    month m{static_cast<unsigned>(number(5, 2))};
    if (!m.ok()) return std::nullopt;
    if (text.size() == 7) {
        auto next = y / m + std::chrono::months{1};
        return std::pair{sys_days{y / m / 1}, sys_days{next / 1}};
    }
    if (text[7] != '-' || !digits(8, 2)) return std::nullopt;
    year_month_day ymd{y, m, day{static_cast<unsigned>(number(8, 2))}};
    if (!ymd.ok()) return std::nullopt;
    return std::pair{sys_days{ymd}, sys_days{ymd} + days{1}};
}

std::string FormatDay(year_month_day ymd, int parts) {
    char out[16];
    int length = 0;
    if (parts == 1) {
        length = std::snprintf(out, sizeof out, "%04d", static_cast<int>(ymd.year()));
    } else if (parts == 2) {
        length = std::snprintf(out, sizeof out, "%04d-%02u", static_cast<int>(ymd.year()),
                               static_cast<unsigned>(ymd.month()));
    } else {
        length =
            std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    }
    return std::string(out, static_cast<size_t>(std::max(length, 0)));
}

// A reader's filter value as the slug the index holds, or nullopt when nothing is left.
std::optional<std::string> FieldSlug(std::string_view value) {
    std::string slug = Slugify(value);
    // Slugify never returns empty: "story" stands for "nothing usable".
    if (slug == "story" && AsciiLower(value).find("story") == std::string::npos)
        return std::nullopt;
    return slug;
}

// A date range "1997..2001"; also the open "2001.." and "..2001".
struct Range {
    std::optional<sys_days> from;
    std::optional<sys_days> until;
};

struct Token {
    enum class Kind { kAtom, kOr, kRange } kind = Kind::kAtom;
    Atom atom;
    bool excluded = false;
    int terms = 0;
    Range range;
};

// Splits the text into atoms, ORs and ranges; the grammar's lexical half.
class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    // The next token, nullopt at the end; or what is wrong at this point.
    Result<std::optional<Token>> Next() {
        while (true) {
            while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
            if (pos_ >= text_.size()) return std::optional<Token>();
            Token token;
            if (text_[pos_] == '-' && pos_ + 1 < text_.size() && !IsSpace(text_[pos_ + 1])) {
                token.excluded = true;
                ++pos_;
            }
            if (size_t quote = QuoteAt(text_, pos_); quote > 0) {
                pos_ += quote;
                auto phrase = Quoted();
                if (!phrase) return phrase.error();
                std::vector<std::string> words = Words(*phrase);
                if (words.empty()) continue;  // "" says nothing: ignore it.
                token.terms = static_cast<int>(words.size());
                token.atom = Atom{AtomKind::kPhrase, Field::kSection, Join(words)};
                return std::optional<Token>(std::move(token));
            }
            return Bare(std::move(token));
        }
    }

private:
    // The text up to the closing quotation mark, which is consumed.
    Result<std::string_view> Quoted() {
        size_t start = pos_;
        while (pos_ < text_.size()) {
            if (size_t quote = QuoteAt(text_, pos_); quote > 0) {
                std::string_view inside = text_.substr(start, pos_ - start);
                pos_ += quote;
                return inside;
            }
            ++pos_;
        }
        return Invalid(
            "A quotation mark is not closed: add the closing \" to search for an exact phrase.");
    }

    static std::vector<std::string> Words(std::string_view text) {
        std::vector<std::string> words;
        size_t i = 0;
        while (i < text.size()) {
            while (i < text.size() && IsSpace(text[i])) ++i;
            size_t start = i;
            while (i < text.size() && !IsSpace(text[i])) ++i;
            if (i > start) words.emplace_back(text.substr(start, i - start));
        }
        return words;
    }

    static std::string Join(const std::vector<std::string>& words) {
        std::string out;
        for (const std::string& word : words) {
            if (!out.empty()) out += ' ';
            out += word;
        }
        return out;
    }

    // A token without a leading quotation mark: OR, a filter, a date range or a word.
    Result<std::optional<Token>> Bare(Token token) {
        size_t start = pos_;
        while (pos_ < text_.size() && !IsSpace(text_[pos_]) && QuoteAt(text_, pos_) == 0) ++pos_;
        std::string_view chunk = text_.substr(start, pos_ - start);
        if (chunk == "OR" && !token.excluded) {
            token.kind = Token::Kind::kOr;
            return std::optional<Token>(std::move(token));
        }
        if (auto filter = Filter(chunk, token); !filter || *filter) return filter;
        if (auto range = DateRange(chunk, token); !range || *range) return range;
        token.terms = 1;
        token.atom = Atom{AtomKind::kWord, Field::kSection, std::string(chunk)};
        return std::optional<Token>(std::move(token));
    }

    // `name:value` or `name:"a value"`; nullopt when `chunk` is a word that merely has a
    // colon ("Breaking:", "10:30", "https://...").
    Result<std::optional<Token>> Filter(std::string_view chunk, Token& token) {
        size_t colon = chunk.find(':');
        if (colon == std::string_view::npos || colon == 0) return std::optional<Token>();
        std::string_view name = chunk.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), IsAsciiLetter)) return std::optional<Token>();
        std::string_view value = chunk.substr(colon + 1);
        bool quoted = value.empty() && pos_ < text_.size() && QuoteAt(text_, pos_) > 0;
        if (value.empty() && !quoted && !FieldNamed(name)) return std::optional<Token>();
        if (value.starts_with("/")) return std::optional<Token>();
        std::optional<Field> field = FieldNamed(name);
        if (!field) {
            return Invalid("There is no “" + std::string(name) +
                           ":” filter. Filter with section:, topic: or by: (as in section:world).");
        }
        if (quoted) {
            pos_ += QuoteAt(text_, pos_);
            auto inside = Quoted();
            if (!inside) return inside.error();
            value = *inside;
        }
        std::string example = *field == Field::kSection ? "section:world"
                              : *field == Field::kTopic ? "topic:japan"
                                                        : "by:AP";
        std::optional<std::string> slug = FieldSlug(value);
        if (!slug) {
            return Invalid("“" + std::string(FieldName(*field)) +
                           ":” needs a name after it, as in " + example + ".");
        }
        token.terms = 1;
        token.atom = Atom{AtomKind::kField, *field, std::move(*slug)};
        return std::optional<Token>(std::move(token));
    }

    // "1997..2001", "2024-11-01..2024-11-16", "2001..", "..2001"; nullopt when `chunk` does
    // not look like a range at all.
    static Result<std::optional<Token>> DateRange(std::string_view chunk, Token& token) {
        size_t dots = chunk.find("..");
        if (dots == std::string_view::npos) return std::optional<Token>();
        std::string_view left = chunk.substr(0, dots);
        std::string_view right = chunk.substr(dots + 2);
        auto looks_like_date = [](std::string_view side) {
            return side.size() >= 4 && std::all_of(side.begin(), side.begin() + 4, IsDigit);
        };
        if (left.empty() && right.empty()) return std::optional<Token>();
        if ((!left.empty() && !looks_like_date(left)) ||
            (!right.empty() && !looks_like_date(right))) {
            return std::optional<Token>();
        }
        Range range;
        for (auto [side, is_left] : {std::pair{left, true}, std::pair{right, false}}) {
            if (side.empty()) continue;
            auto period = ParseDatePeriod(side);
            if (!period) {
                return Invalid(
                    "“" + std::string(side) +
                    "” is not a date: write years (1997..2001) or days (2024-11-01..2024-11-16).");
            }
            if (is_left)
                range.from = period->first;
            else
                range.until = period->second;
        }
        if (token.excluded) return Invalid("A date range can’t be excluded: leave out the “-”.");
        token.kind = Token::Kind::kRange;
        token.range = range;
        return std::optional<Token>(std::move(token));
    }

    std::string_view text_;
    size_t pos_ = 0;
};

// A from/to input: nullopt for empty, else the period it names.
Result<std::optional<std::pair<sys_days, sys_days>>> ParseDateInput(std::string_view text,
                                                                    const char* what) {
    text = TrimWhitespace(text);
    if (text.empty()) return std::optional<std::pair<sys_days, sys_days>>();
    auto period = ParseDatePeriod(text);
    if (!period) {
        return Invalid(std::string("The “") + what +
                       "” date should look like 2024-11-01 (or 2024-11, or 2024).");
    }
    return std::optional(period);
}

void Intersect(Query& query, std::optional<sys_days> from, std::optional<sys_days> until) {
    if (from && (!query.from || Timestamp{*from} > *query.from)) query.from = Timestamp{*from};
    if (until && (!query.until || Timestamp{*until} < *query.until))
        query.until = Timestamp{*until};
}

Result<void> ParseClauses(std::string_view text, Query& query) {
    const char* const kDanglingOr = "OR goes between two terms, as in japan OR korea.";
    Lexer lexer(text);
    int terms = 0;
    bool pending_or = false;
    bool last_was_atom = false;
    while (true) {
        auto next = lexer.Next();
        if (!next) return next.error();
        if (!*next) break;
        Token& token = **next;
        switch (token.kind) {
            case Token::Kind::kOr:
                if (!last_was_atom) return Invalid(kDanglingOr);
                pending_or = true;
                last_was_atom = false;
                continue;
            case Token::Kind::kRange:
                if (pending_or) return Invalid("A date range can’t be joined with OR.");
                Intersect(query, token.range.from, token.range.until);
                last_was_atom = false;
                continue;
            case Token::Kind::kAtom: break;
        }
        terms += token.terms;
        if (terms > kMaxQueryTerms) {
            return Invalid("That query has too many terms: use at most " +
                           std::to_string(kMaxQueryTerms) + ".");
        }
        if (pending_or) {
            if (token.excluded || query.clauses.back().excluded) {
                return Invalid("An excluded term (“-word”) can’t be joined with OR.");
            }
            query.clauses.back().any_of.push_back(std::move(token.atom));
            pending_or = false;
        } else {
            query.clauses.push_back(Clause{{std::move(token.atom)}, token.excluded});
        }
        last_was_atom = true;
    }
    if (pending_or) return Invalid(kDanglingOr);
    return {};
}

}  // namespace

Result<Query> ParseQuery(const QueryInput& input) {
    if (input.text.size() > kMaxQueryBytes) {
        return Invalid("That query is too long: use at most " + std::to_string(kMaxQueryBytes) +
                       " characters.");
    }
    Query query;
    if (input.order.empty() || input.order == "relevance") {
        query.order = Order::kRelevance;
    } else if (input.order == "newest") {
        query.order = Order::kNewest;
    } else {
        return Invalid("Results can be ordered by relevance or newest.");
    }
    if (auto parsed = ParseClauses(input.text, query); !parsed) return parsed.error();
    auto from = ParseDateInput(input.from, "from");
    if (!from) return from.error();
    auto to = ParseDateInput(input.to, "to");
    if (!to) return to.error();
    Intersect(query, *from ? std::optional((*from)->first) : std::nullopt,
              *to ? std::optional((*to)->second) : std::nullopt);
    if (query.from && query.until && *query.from >= *query.until) {
        return Invalid("No date is in that range: it ends before it starts.");
    }
    if (query.clauses.empty() && !query.from && !query.until)
        return Invalid("Type a word to search for.");
    return query;
}

std::string FormatQuery(const Query& query) {
    std::string out;
    auto separate = [&] {
        if (!out.empty()) out += ' ';
    };
    for (const Clause& clause : query.clauses) {
        separate();
        if (clause.excluded) out += '-';
        for (size_t i = 0; i < clause.any_of.size(); ++i) {
            const Atom& atom = clause.any_of[i];
            if (i > 0) out += " OR ";
            switch (atom.kind) {
                case AtomKind::kWord: out += atom.text; break;
                case AtomKind::kPhrase: out += '"' + atom.text + '"'; break;
                case AtomKind::kField:
                    out += std::string(FieldName(atom.field)) + ":" + atom.text;
                    break;
            }
        }
    }
    if (query.from || query.until) {
        separate();
        if (query.from) {
            year_month_day first{std::chrono::floor<days>(*query.from)};
            out += FormatDay(first, first.day() != day{1} ? 3 : first.month() != month{1} ? 2 : 1);
        }
        out += "..";
        if (query.until) {
            year_month_day end{std::chrono::floor<days>(*query.until)};
            year_month_day last{std::chrono::floor<days>(*query.until) - days{1}};
            out += FormatDay(last, end.day() != day{1} ? 3 : end.month() != month{1} ? 2 : 1);
        }
    }
    return out;
}

}  // namespace broadsheet::search
