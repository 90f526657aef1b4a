#include "newsroom/diff.h"

#include <algorithm>
#include <cstddef>

namespace broadsheet::newsroom {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

using Tokens = std::vector<std::string_view>;

struct Edit {
    DiffOp op;
    std::string_view token;
};

/// Myers' greedy forward search, keeping each round's furthest-reaching x per diagonal so
/// the path can be walked back; appends the edits to `out`. False when more than `max_edits`
/// are needed (then `out` is unchanged).
bool ShortestEdits(const Tokens& a, const Tokens& b, int max_edits, std::vector<Edit>& out) {
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    const int limit = std::min(n + m, max_edits);
    // trace[d][k + d] is the furthest x on diagonal k (x - y) after d edits.
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= limit && found < 0; ++d) {
        std::vector<int> v(static_cast<size_t>(2 * d + 1));
        const std::vector<int>* prev = d > 0 ? &trace.back() : nullptr;
        auto prev_at = [&](int k) { return (*prev)[static_cast<size_t>(k + d - 1)]; };
        for (int k = -d; k <= d; k += 2) {
            int x = 0;
            if (d == 0) {
                x = 0;
            } else if (k == -d || (k != d && prev_at(k - 1) < prev_at(k + 1))) {
                x = prev_at(k + 1);  // Down: a token of b inserted.
            } else {
                x = prev_at(k - 1) + 1;  // Right: a token of a deleted.
            }
            int y = x - k;
            while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) {
                ++x;
                ++y;
            }
            v[static_cast<size_t>(k + d)] = x;
            if (x >= n && y >= m) found = d;
        }
        trace.push_back(std::move(v));
    }
    if (found < 0) return false;

    std::vector<Edit> reversed;
    int x = n;
    int y = m;
    for (int d = found; d > 0; --d) {
        const std::vector<int>& prev = trace[static_cast<size_t>(d - 1)];
        auto prev_at = [&](int k) { return prev[static_cast<size_t>(k + d - 1)]; };
        const int k = x - y;
        const bool down = k == -d || (k != d && prev_at(k - 1) < prev_at(k + 1));
        const int prev_k = down ? k + 1 : k - 1;
        const int prev_x = prev_at(prev_k);
        const int prev_y = prev_x - prev_k;
        while (x > prev_x && y > prev_y) {
            reversed.push_back({DiffOp::kEqual, a[static_cast<size_t>(x - 1)]});
            --x;
            --y;
        }
        if (down) {
            reversed.push_back({DiffOp::kInsert, b[static_cast<size_t>(prev_y)]});
        } else {
            reversed.push_back({DiffOp::kDelete, a[static_cast<size_t>(prev_x)]});
        }
        x = prev_x;
        y = prev_y;
    }
    while (x > 0 && y > 0) {
        reversed.push_back({DiffOp::kEqual, a[static_cast<size_t>(x - 1)]});
        --x;
        --y;
    }
    out.insert(out.end(), reversed.rbegin(), reversed.rend());
    return true;
}

void Append(std::vector<DiffSegment>& segments, DiffOp op, std::string_view text) {
    if (text.empty()) return;
    if (!segments.empty() && segments.back().op == op) {
        segments.back().text.append(text);
        return;
    }
    segments.push_back({op, std::string(text)});
}

}  // namespace

std::vector<std::string_view> SplitWords(std::string_view text) {
    std::vector<std::string_view> tokens;
    size_t start = 0;
    while (start < text.size()) {
        const bool space = IsSpace(text[start]);
        size_t end = start + 1;
        while (end < text.size() && IsSpace(text[end]) == space) ++end;
        tokens.push_back(text.substr(start, end - start));
        start = end;
    }
    return tokens;
}

std::vector<DiffSegment> DiffWords(std::string_view before, std::string_view after, int max_edits) {
    const Tokens a_all = SplitWords(before);
    const Tokens b_all = SplitWords(after);
    size_t head = 0;
    while (head < a_all.size() && head < b_all.size() && a_all[head] == b_all[head]) ++head;
    size_t tail = 0;
    while (tail < a_all.size() - head && tail < b_all.size() - head &&
           a_all[a_all.size() - 1 - tail] == b_all[b_all.size() - 1 - tail]) {
        ++tail;
    }
    const Tokens a(a_all.begin() + static_cast<std::ptrdiff_t>(head), a_all.end() - static_cast<std::ptrdiff_t>(tail));
    const Tokens b(b_all.begin() + static_cast<std::ptrdiff_t>(head), b_all.end() - static_cast<std::ptrdiff_t>(tail));

    std::vector<Edit> edits;
    for (size_t i = 0; i < head; ++i) edits.push_back({DiffOp::kEqual, a_all[i]});
    if (!ShortestEdits(a, b, max_edits, edits)) {
        for (std::string_view token : a) edits.push_back({DiffOp::kDelete, token});
        for (std::string_view token : b) edits.push_back({DiffOp::kInsert, token});
    }
    for (size_t i = a_all.size() - tail; i < a_all.size(); ++i) edits.push_back({DiffOp::kEqual, a_all[i]});

    // Within each changed stretch, all of its deletions, then all of its insertions.
    std::vector<DiffSegment> segments;
    size_t i = 0;
    while (i < edits.size()) {
        if (edits[i].op == DiffOp::kEqual) {
            Append(segments, DiffOp::kEqual, edits[i].token);
            ++i;
            continue;
        }
        size_t end = i;
        while (end < edits.size() && edits[end].op != DiffOp::kEqual) ++end;
        for (size_t j = i; j < end; ++j) {
            if (edits[j].op == DiffOp::kDelete) Append(segments, DiffOp::kDelete, edits[j].token);
        }
        for (size_t j = i; j < end; ++j) {
            if (edits[j].op == DiffOp::kInsert) Append(segments, DiffOp::kInsert, edits[j].token);
        }
        i = end;
    }
    return segments;
}

}  // namespace broadsheet::newsroom
