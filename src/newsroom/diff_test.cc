#include "newsroom/diff.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace broadsheet::newsroom {
namespace {

std::string Side(const std::vector<DiffSegment>& segments, DiffOp keep) {
    std::string text;
    for (const DiffSegment& s : segments) {
        if (s.op == DiffOp::kEqual || s.op == keep) text += s.text;
    }
    return text;
}

int Changed(const std::vector<DiffSegment>& segments) {
    int words = 0;
    for (const DiffSegment& s : segments) {
        if (s.op == DiffOp::kEqual) continue;
        for (std::string_view token : SplitWords(s.text)) words += token.find_first_not_of(" \n\t") != std::string_view::npos;
    }
    return words;
}

TEST(SplitWordsTest, WordsAndTheSpaceBetween) {
    auto tokens = SplitWords("  Japan's PM,\nvisits  ");
    std::vector<std::string_view> expected{"  ", "Japan's", " ", "PM,", "\n", "visits", "  "};
    EXPECT_EQ(tokens, expected);
    EXPECT_TRUE(SplitWords("").empty());
}

TEST(DiffWordsTest, Cases) {
    struct Case {
        const char* before;
        const char* after;
        std::vector<DiffSegment> expected;
    };
    const Case kCases[] = {
        {"", "", {}},
        {"same text", "same text", {{DiffOp::kEqual, "same text"}}},
        {"", "new", {{DiffOp::kInsert, "new"}}},
        {"old", "", {{DiffOp::kDelete, "old"}}},
        {"the quick fox", "the slow fox",
         {{DiffOp::kEqual, "the "}, {DiffOp::kDelete, "quick"}, {DiffOp::kInsert, "slow"}, {DiffOp::kEqual, " fox"}}},
        {"a b c", "a c", {{DiffOp::kEqual, "a "}, {DiffOp::kDelete, "b "}, {DiffOp::kEqual, "c"}}},
        {"a c", "a b c", {{DiffOp::kEqual, "a "}, {DiffOp::kInsert, "b "}, {DiffOp::kEqual, "c"}}},
        {"Minister visits Kyiv", "Minister visits Kyiv today",
         {{DiffOp::kEqual, "Minister visits Kyiv"}, {DiffOp::kInsert, " today"}}},
    };
    for (const Case& c : kCases) {
        EXPECT_EQ(DiffWords(c.before, c.after), c.expected) << c.before << " -> " << c.after;
    }
}

TEST(DiffWordsTest, FindsAShortestScriptAndRebuildsBothSides) {
    // Classic example: ABCABBA -> CBABAC needs 5 edits.
    auto segments = DiffWords("A B C A B B A", "C B A B A C");
    EXPECT_EQ(Side(segments, DiffOp::kDelete), "A B C A B B A");
    EXPECT_EQ(Side(segments, DiffOp::kInsert), "C B A B A C");
    EXPECT_EQ(Changed(segments), 5);
}

TEST(DiffWordsTest, RandomEditsRoundTrip) {
    std::mt19937 random(7);
    const char* words[] = {"a", "b", "c", "dd", "e", "Kyiv", "the"};
    for (int round = 0; round < 300; ++round) {
        std::string before;
        std::string after;
        int n = static_cast<int>(random() % 30);
        for (int i = 0; i < n; ++i) {
            std::string w = words[random() % 7];
            before += w + " ";
            if (random() % 4 != 0) after += w + " ";
            if (random() % 5 == 0) after += std::string(words[random() % 7]) + "\n";
        }
        auto segments = DiffWords(before, after);
        ASSERT_EQ(Side(segments, DiffOp::kDelete), before);
        ASSERT_EQ(Side(segments, DiffOp::kInsert), after);
        for (size_t i = 1; i < segments.size(); ++i) ASSERT_NE(segments[i].op, segments[i - 1].op);
    }
}

TEST(DiffWordsTest, TooManyEditsFallsBackToReplacingTheMiddle) {
    std::string before = "start";
    std::string after = "start";
    for (int i = 0; i < 200; ++i) {
        before += " x" + std::to_string(i);
        after += " y" + std::to_string(i);
    }
    before += " end";
    after += " end";
    auto segments = DiffWords(before, after, /*max_edits=*/10);
    ASSERT_EQ(segments.size(), 4u);
    EXPECT_EQ(segments[0], (DiffSegment{DiffOp::kEqual, "start "}));
    EXPECT_EQ(segments[1].op, DiffOp::kDelete);
    EXPECT_EQ(segments[2].op, DiffOp::kInsert);
    EXPECT_EQ(segments[3], (DiffSegment{DiffOp::kEqual, " end"}));
    EXPECT_EQ(Side(segments, DiffOp::kInsert), after);
}

}  // namespace
}  // namespace broadsheet::newsroom
