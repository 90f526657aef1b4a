#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace broadsheet::newsroom {

/// What a stretch of a diff does.
enum class DiffOp { kEqual, kInsert, kDelete };

/// One stretch of a diff: text both versions share, or text only the newer (kInsert) or
/// only the older (kDelete) has. Plain text; the template escapes it.
struct DiffSegment {
    DiffOp op = DiffOp::kEqual;
    std::string text;
    friend bool operator==(const DiffSegment&, const DiffSegment&) = default;
};

/// Splits `text` into words (runs of non-whitespace) and the whitespace between them, in
/// order; concatenated they give `text` back.
std::vector<std::string_view> SplitWords(std::string_view text);

/// A word-level diff of `before` and `after` (Myers' O(ND) shortest edit script over the
/// tokens of SplitWords, after trimming the common head and tail). Adjacent segments of the
/// same kind are merged, and deletions come before insertions where both replace the same
/// stretch. The kEqual and kDelete segments concatenate to `before`; the kEqual and kInsert
/// ones to `after`. When the two differ in more than `max_edits` tokens, the differing
/// middle is given as one deletion and one insertion (bounded time and memory for huge,
/// wholly rewritten texts). Pure; thread-safe.
std::vector<DiffSegment> DiffWords(std::string_view before, std::string_view after, int max_edits = 4000);

}  // namespace broadsheet::newsroom
