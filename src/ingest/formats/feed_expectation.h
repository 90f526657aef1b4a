#pragma once

// Test support for feed_conformance_test.cc: evaluates the Python "Expect:" expressions of
// the Universal Feed Parser test files against what ParseFeed produced.

#include <string>
#include <string_view>
#include <vector>

#include "ingest/wire_item.h"

namespace broadsheet::ingest::conformance {

enum class Verdict {
    kPass,
    kFail,
    kNotApplicable,  ///< The expression reads something Broadsheet does not map.
    kIgnored,        ///< Only `bozo` (feedparser's "was it ill-formed") and constants.
};

/// How close a passing comparison is (the weakest clause counts).
enum class Strength {
    kExact,       ///< Equal as they are (dates: the same instant).
    kNormalized,  ///< Equal after whitespace collapsing, the sanitizer on both sides (HTML),
                  ///< or taking the name out of "name (e-mail)".
    kTextOnly,    ///< Equal as visible text only: the expected value has markup, ours is text.
};

struct Evaluation {
    Verdict verdict = Verdict::kIgnored;
    Strength strength = Strength::kExact;
    bool missing_entry = false;  ///< A failure because entries[i] does not exist.
    std::string detail;          ///< What failed: "headline: got ..., expected ...".
};

/// Evaluates `expression` ("not bozo and entries[0]['title'] == u'Example'") against the
/// items parsed from the same file. Supported: `and`, `not`, `==`/`!=` chains, parentheses,
/// string/number/tuple/list/dict literals, `ord()`, and paths into entries[i] for the
/// fields Broadsheet maps. Anything else makes the whole expression kNotApplicable.
Evaluation EvaluateExpectation(std::string_view expression, const std::vector<WireItem>& items);

}  // namespace broadsheet::ingest::conformance
