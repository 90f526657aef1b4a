#pragma once

// Internals of feed_expectation.cc: the values an expectation compares and how feedparser's
// fields map onto a WireItem's. Test support only.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ingest/formats/feed_expectation.h"

namespace broadsheet::ingest::conformance {

// How one of our fields compares with feedparser's expected value.
enum class Compare {
    kExact,
    kText,
    kHtml,
    kAuthor,
    kDate,
    kTerm,
    kScheme,
    kLabel,
    kImageUrl,
    kImageType,
    kEnclosure
};

struct Value {
    enum class Kind {
        kNone,
        kString,
        kNumber,
        kList,
        kDict,
        kField,
        kNotApplicable,
        kMissing,
        kIgnored,
        kVerdict
    };
    Kind kind = Kind::kNone;
    std::string text;  // kString, kField (ours), kMissing (what is missing)
    double number = 0;
    std::vector<Value> items;
    std::vector<std::pair<std::string, Value>> dict;
    Compare compare = Compare::kExact;
    std::optional<Timestamp> time;
    const WireSubject* subject = nullptr;
    const Rendition* rendition = nullptr;
    bool derived = false;        // Ours came from another field, as feedparser's would.
    bool missing_entry = false;  // entries[i] does not exist; this is the field it would have.
    Evaluation verdict;          // kVerdict: a parenthesized expression
};

inline Value Of(Value::Kind kind) {
    Value v;
    v.kind = kind;
    return v;
}

inline Value Field(std::string text, Compare compare) {
    Value v = Of(Value::Kind::kField);
    v.text = std::move(text);
    v.compare = compare;
    return v;
}

/// The value at `keys` ("entries", "0", "title", ...): one of our fields, kNotApplicable
/// for what Broadsheet does not map, kMissing for an absent subject or picture rendition.
Value Resolve(const std::vector<std::string>& keys, const std::vector<WireItem>& items);

/// Compares two operands of `==`.
Evaluation Equal(const Value& a, const Value& b);

/// An evaluation that says "not applicable".
inline Evaluation NotApplicable() { return {Verdict::kNotApplicable, Strength::kExact, false, {}}; }

}  // namespace broadsheet::ingest::conformance
