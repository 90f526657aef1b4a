#include "ingest/formats/feed_expectation_fields.h"

#include <date/date.h>

#include <algorithm>
#include <cctype>

#include "ingest/formats/dates.h"
#include "ingest/formats/feed_internal.h"
#include "ingest/sanitizer.h"

namespace broadsheet::ingest::conformance {
namespace {

using feed::CollapseWhitespace;
using feed::HtmlToText;
using feed::LooksLikeHtml;

// "Example author (me@example.com)" -> "Example author"; a bare address -> "".
std::string NameOf(std::string_view author) {
    std::size_t open = author.find('(');
    std::size_t close = author.rfind(')');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
        std::string_view inside = author.substr(open + 1, close - open - 1);
        std::string outside =
            std::string(author.substr(0, open)) + std::string(author.substr(close + 1));
        return CollapseWhitespace(
            outside.find('@') != std::string::npos ? inside : std::string_view(outside));
    }
    if (std::size_t angle = author.find('<'); angle != std::string_view::npos) {
        return CollapseWhitespace(author.substr(0, angle));
    }
    return author.find('@') != std::string_view::npos && author.find(' ') == std::string_view::npos
               ? std::string()
               : CollapseWhitespace(author);
}

std::string Text(std::string_view maybe_html) {
    return CollapseWhitespace(LooksLikeHtml(maybe_html) ? HtmlToText(maybe_html)
                                                        : std::string(maybe_html));
}

Value Missing(std::string what) {
    Value v = Of(Value::Kind::kMissing);
    v.text = std::move(what);
    return v;
}

// Maps entries[i][field][rest...] to our field of `item`. The mapping is FORMATS.md's:
// title -> headline, summary/description -> summary, content[0] -> body_html, id/guid ->
// uri, author -> byline, published/updated -> first/version_created, tags -> subjects, ...
Value MapField(const WireItem& item, const std::string& field,
               const std::vector<std::string>& rest) {
    auto is = [&](std::initializer_list<const char*> tail) {
        return std::equal(rest.begin(), rest.end(), tail.begin(), tail.end());
    };
    auto missing = Missing;
    auto date = [&](const std::optional<Timestamp>& t) {
        Value v = Field({}, Compare::kDate);
        v.time = t;
        return v;
    };
    if (field == "title" && is({})) return Field(item.headline, Compare::kText);
    if (field == "title_detail" && is({"value"})) return Field(item.headline, Compare::kText);
    if (((field == "summary" || field == "description") && is({})) ||
        (field == "summary_detail" && is({"value"}))) {
        // feedparser's summary falls back to the content; ours stays empty (a standfirst is
        // not the body), so compare with the body's text then.
        if (!item.summary.empty() || item.body_html.empty()) {
            return Field(item.summary, Compare::kText);
        }
        Value v = Field(HtmlToText(item.body_html), Compare::kText);
        v.derived = true;
        return v;
    }
    if (field == "content" && is({"0", "value"})) return Field(item.body_html, Compare::kHtml);
    if (field == "link" && is({})) return Field(item.link, Compare::kExact);
    if ((field == "id" || field == "guid") && is({})) return Field(item.uri, Compare::kExact);
    if (field == "author" && is({})) return Field(item.byline, Compare::kAuthor);
    if (field == "author_detail" && is({"name"})) return Field(item.byline, Compare::kText);
    if (field == "language" && is({})) return Field(item.language, Compare::kExact);
    if (field == "source" && is({"title"})) return Field(item.provider, Compare::kText);
    if (field == "media_credit" && is({"0", "content"}) && item.picture) {
        return Field(item.picture->credit, Compare::kText);
    }
    if ((field == "published" || field == "published_parsed") && is({})) {
        return date(item.first_created);
    }
    if ((field == "updated" || field == "updated_parsed") && is({})) {
        return date(item.version_created);
    }
    if ((field == "tags" && rest.size() == 2) || (field == "category" && is({}))) {
        std::size_t j = field == "category" ? 0 : std::stoul(rest[0]);
        std::string key = field == "category" ? "term" : rest[1];
        if (key != "term" && key != "scheme" && key != "label") {
            return Of(Value::Kind::kNotApplicable);
        }
        if (j >= item.subjects.size()) return missing("subject " + std::to_string(j));
        Value v = Field(item.subjects[j].name, key == "term"     ? Compare::kTerm
                                               : key == "scheme" ? Compare::kScheme
                                                                 : Compare::kLabel);
        v.subject = &item.subjects[j];
        return v;
    }
    const char* rendition_name = field == "enclosures"        ? "enclosure"
                                 : field == "media_thumbnail" ? "media:thumbnail"
                                 : field == "media_content"   ? "media:content"
                                                              : nullptr;
    if (rendition_name != nullptr && !rest.empty() &&
        std::isdigit(static_cast<unsigned char>(rest[0][0]))) {
        std::size_t j = std::stoul(rest[0]);
        std::string key = rest.size() > 1 ? rest[1] : "";
        if (rest.size() > 2 || (!key.empty() && key != "href" && key != "url" && key != "type")) {
            return Of(Value::Kind::kNotApplicable);
        }
        std::vector<const Rendition*> renditions;
        if (item.picture) {
            for (const Rendition& r : item.picture->renditions) {
                if (r.name == rendition_name) renditions.push_back(&r);
            }
        }
        bool enclosure = field == "enclosures";
        Compare compare = key.empty()     ? Compare::kEnclosure
                          : key == "type" ? Compare::kImageType
                                          : Compare::kImageUrl;
        Value v = Field(j < renditions.size()
                            ? (key == "type" ? renditions[j]->mime : renditions[j]->href)
                            : "",
                        enclosure ? compare : Compare::kExact);
        v.rendition = j < renditions.size() ? renditions[j] : nullptr;
        if (!enclosure && v.rendition == nullptr) return missing(field + "[" + rest[0] + "]");
        return v;
    }
    return Of(Value::Kind::kNotApplicable);
}

Evaluation Judge(bool pass, Strength strength, std::string_view ours, std::string_view theirs) {
    return Evaluation{
        pass ? Verdict::kPass : Verdict::kFail, strength, false,
        "got \"" + std::string(ours) + "\", expected \"" + std::string(theirs) + "\""};
}

// A date against a date string or a Python time tuple (Y, M, D, h, m, s, ...), both UTC.
Evaluation CompareDate(const Value& field, const Value& expected) {
    std::optional<Timestamp> want;
    if (expected.kind == Value::Kind::kString) {
        want = ParseFeedDate(expected.text);
    } else if (expected.kind == Value::Kind::kList && expected.items.size() >= 6) {
        int f[6];
        for (int k = 0; k < 6; ++k) {
            f[k] = static_cast<int>(expected.items[static_cast<std::size_t>(k)].number);
        }
        date::year_month_day ymd{date::year{f[0]}, date::month{static_cast<unsigned>(f[1])},
                                 date::day{static_cast<unsigned>(f[2])}};
        want = date::sys_days{ymd} + std::chrono::hours{f[3]} + std::chrono::minutes{f[4]} +
               std::chrono::seconds{f[5]};
    } else {
        return NotApplicable();
    }
    std::string ours = field.time ? FormatIsoUtc(*field.time) : "(none)";
    std::string theirs = want ? FormatIsoUtc(*want) : "(unparseable " + expected.text + ")";
    return Judge(want && field.time == want, Strength::kExact, ours, theirs);
}

// An enclosure against {'href': ..., 'type': ..., 'length': ...}; only images are mapped.
Evaluation CompareEnclosure(const Value& field, const Value& expected) {
    if (expected.kind != Value::Kind::kDict) return NotApplicable();
    std::string href, type;
    for (const auto& [key, value] : expected.dict) {
        if (key == "href" || key == "url") href = value.text;
        if (key == "type") type = value.text;
    }
    if (!type.starts_with("image/")) return NotApplicable();
    const Rendition* r = field.rendition;
    bool pass = r != nullptr && r->href == href && r->mime == type;
    return Judge(pass, Strength::kExact, r != nullptr ? r->href : "(none)", href);
}

// One of our string fields against a string, with the field's normalization.
Evaluation CompareString(const Value& field, const Value& expected) {
    if (expected.kind != Value::Kind::kString) return NotApplicable();
    const std::string& ours = field.text;
    const std::string& want = expected.text;
    if (ours == want && field.compare != Compare::kImageUrl &&
        field.compare != Compare::kImageType) {
        return Judge(true, Strength::kExact, ours, want);
    }
    switch (field.compare) {
        case Compare::kExact: return Judge(false, Strength::kExact, ours, want);
        case Compare::kText: {
            if (CollapseWhitespace(ours) == CollapseWhitespace(want)) {
                return Judge(true, Strength::kNormalized, ours, want);
            }
            return Judge(CollapseWhitespace(ours) == Text(want), Strength::kTextOnly, ours, want);
        }
        case Compare::kHtml: {
            // feedparser's value for text content is the text itself; ours is paragraphs.
            if (CollapseWhitespace(HtmlToText(ours)) == CollapseWhitespace(want)) {
                return Judge(true, Strength::kNormalized, ours, want);
            }
            if (SanitizeHtml(ours).html == SanitizeHtml(want).html) {
                return Judge(true, Strength::kNormalized, ours, want);
            }
            return Judge(Text(ours) == Text(want), Strength::kTextOnly, ours, want);
        }
        case Compare::kAuthor:
            return Judge(ours == NameOf(want), Strength::kNormalized, ours, want);
        case Compare::kTerm: {
            const WireSubject& s = *field.subject;
            bool pass = s.name == want || s.code == want ||
                        (s.code.size() > want.size() && s.code.ends_with(want));
            return Judge(pass, Strength::kExact, s.name + " / " + s.code, want);
        }
        case Compare::kScheme: {
            const WireSubject& s = *field.subject;
            bool pass =
                want.empty() ? s.code.empty() || s.code == s.name : s.code.starts_with(want);
            return Judge(pass, Strength::kExact, s.code, want);
        }
        case Compare::kLabel: return Judge(ours == want, Strength::kExact, ours, want);
        case Compare::kImageUrl:
            if (!feed::IsImage("", want)) return NotApplicable();
            return Judge(field.rendition != nullptr && ours == want, Strength::kExact, ours, want);
        case Compare::kImageType:
            if (!want.starts_with("image/")) return NotApplicable();
            return Judge(field.rendition != nullptr && ours == want, Strength::kExact, ours, want);
        case Compare::kDate:
        case Compare::kEnclosure: break;
    }
    return NotApplicable();
}

Evaluation CompareField(const Value& field, const Value& expected) {
    if (field.missing_entry) {
        // Not applicable stays so (a video enclosure, say); anything else fails.
        Value present = field;
        present.missing_entry = false;
        if (CompareField(present, expected).verdict == Verdict::kNotApplicable) {
            return NotApplicable();
        }
        return {Verdict::kFail, Strength::kExact, true, "missing entries[i]"};
    }
    if (field.derived) {
        Value plain = field;
        plain.derived = false;
        Evaluation e = CompareField(plain, expected);
        e.strength = std::max(e.strength, Strength::kNormalized);
        return e;
    }
    if (field.compare == Compare::kDate) return CompareDate(field, expected);
    if (field.compare == Compare::kEnclosure) return CompareEnclosure(field, expected);
    return CompareString(field, expected);
}

}  // namespace

Value Resolve(const std::vector<std::string>& keys, const std::vector<WireItem>& items) {
    if (keys.size() < 3 || keys[1].empty() ||
        !std::isdigit(static_cast<unsigned char>(keys[1][0]))) {
        return Of(Value::Kind::kNotApplicable);
    }
    std::size_t index = std::stoul(keys[1]);
    std::vector<std::string> rest(keys.begin() + 3, keys.end());
    if (index < items.size()) return MapField(items[index], keys[2], rest);
    // A missing entry fails only what we would have mapped.
    static const WireItem kEmpty;
    Value v = MapField(kEmpty, keys[2], rest);
    if (v.kind == Value::Kind::kMissing) return Missing("entries[" + keys[1] + "]");
    v.missing_entry = true;
    return v;
}

Evaluation Equal(const Value& a, const Value& b) {
    using Kind = Value::Kind;
    for (const Value* v : {&a, &b}) {
        if (v->kind == Kind::kNotApplicable || v->kind == Kind::kVerdict) return NotApplicable();
    }
    for (const Value* v : {&a, &b}) {
        if (v->kind == Kind::kMissing) {
            return {Verdict::kFail, Strength::kExact, v->text.starts_with("entries"),
                    "missing " + v->text};
        }
    }
    if (a.kind == Kind::kIgnored || b.kind == Kind::kIgnored) return {};
    if (a.kind == Kind::kField && b.kind == Kind::kField) {
        if (a.missing_entry || b.missing_entry) {
            return {Verdict::kFail, Strength::kExact, true, "missing entries[i]"};
        }
        bool same = a.text == b.text && a.time == b.time;
        return {same ? Verdict::kPass : Verdict::kFail, Strength::kExact, false,
                "fields differ: " + a.text + " / " + b.text};
    }
    if (a.kind == Kind::kField) return CompareField(a, b);
    if (b.kind == Kind::kField) return CompareField(b, a);
    if (a.kind == Kind::kNumber && b.kind == Kind::kNumber) {
        return {a.number == b.number ? Verdict::kPass : Verdict::kFail, Strength::kExact, false,
                "got " + std::to_string(a.number) + ", expected " + std::to_string(b.number)};
    }
    return NotApplicable();
}

}  // namespace broadsheet::ingest::conformance
