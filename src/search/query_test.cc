#include "search/query.h"

#include <gtest/gtest.h>

#include <chrono>

namespace broadsheet::search {
namespace {

using std::chrono::sys_days;
using std::chrono::year;

Atom W(std::string text) { return Atom{AtomKind::kWord, Field::kSection, std::move(text)}; }
Atom P(std::string text) { return Atom{AtomKind::kPhrase, Field::kSection, std::move(text)}; }
Atom F(Field field, std::string text) { return Atom{AtomKind::kField, field, std::move(text)}; }
Clause C(Atom atom) { return Clause{{std::move(atom)}, false}; }
Clause Not(Atom atom) { return Clause{{std::move(atom)}, true}; }
Clause Any(std::vector<Atom> atoms) { return Clause{std::move(atoms), false}; }
Timestamp Day(int y, unsigned m, unsigned d) { return Timestamp{sys_days{year{y} / m / d}}; }

TEST(ParseQueryTest, TheGrammar) {
    struct Case {
        const char* text;
        std::vector<Clause> clauses;
    };
    const Case cases[] = {
        {"japan", {C(W("japan"))}},
        {"  Japan   Ministers ", {C(W("Japan")), C(W("Ministers"))}},
        {"\"prime minister\"", {C(P("prime minister"))}},
        {"\"  prime \t minister \"", {C(P("prime minister"))}},
        {"“prime minister” resigns", {C(P("prime minister")), C(W("resigns"))}},
        {"japan -korea", {C(W("japan")), Not(W("korea"))}},
        {"japan -\"north korea\"", {C(W("japan")), Not(P("north korea"))}},
        {"japan OR korea", {Any({W("japan"), W("korea")})}},
        {"japan OR korea OR \"south korea\" trade",
         {Any({W("japan"), W("korea"), P("south korea")}), C(W("trade"))}},
        {"japan or korea", {C(W("japan")), C(W("or")), C(W("korea"))}},
        {"\"japan OR korea\"", {C(P("japan OR korea"))}},
        {"section:world", {C(F(Field::kSection, "world"))}},
        {"Section:World", {C(F(Field::kSection, "world"))}},
        {"topic:japan", {C(F(Field::kTopic, "japan"))}},
        {"topic:\"North Korea\" missiles", {C(F(Field::kTopic, "north-korea")), C(W("missiles"))}},
        {"by:AP", {C(F(Field::kBy, "ap"))}},
        {"by:\"Jane Smith\"", {C(F(Field::kBy, "jane-smith"))}},
        {"-section:sport", {Not(F(Field::kSection, "sport"))}},
        {"section:world OR section:asia",
         {Any({F(Field::kSection, "world"), F(Field::kSection, "asia")})}},
        {"Breaking: quake 10:30", {C(W("Breaking:")), C(W("quake")), C(W("10:30"))}},
        {"https://example.com", {C(W("https://example.com"))}},
        {"covid-19 U.S.", {C(W("covid-19")), C(W("U.S."))}},
        {"- japan", {C(W("-")), C(W("japan"))}},
        {"--japan", {Not(W("-japan"))}},
        {"\"\" japan", {C(W("japan"))}},
        {"a..b", {C(W("a..b"))}},
        {"trade\"tariffs now\"", {C(W("trade")), C(P("tariffs now"))}},
    };
    for (const Case& c : cases) {
        auto query = ParseQuery({.text = c.text});
        ASSERT_TRUE(query) << c.text << ": " << query.error().message;
        EXPECT_EQ(query->clauses, c.clauses) << c.text;
        EXPECT_FALSE(query->from) << c.text;
        EXPECT_FALSE(query->until) << c.text;
    }
}

TEST(ParseQueryTest, DateRanges) {
    struct Case {
        QueryInput input;
        std::optional<Timestamp> from;
        std::optional<Timestamp> until;
    };
    const Case cases[] = {
        {{.text = "japan 1997..2001"}, Day(1997, 1, 1), Day(2002, 1, 1)},
        {{.text = "2024-11-01..2024-11-16"}, Day(2024, 11, 1), Day(2024, 11, 17)},
        {{.text = "2024-02..2024-02"}, Day(2024, 2, 1), Day(2024, 3, 1)},
        {{.text = "japan 2001.."}, Day(2001, 1, 1), std::nullopt},
        {{.text = "japan ..2001"}, std::nullopt, Day(2002, 1, 1)},
        {{.text = "japan", .from = "2024-11-01", .to = "2024-11-16"},
         Day(2024, 11, 1),
         Day(2024, 11, 17)},
        {{.text = "japan", .from = "1997"}, Day(1997, 1, 1), std::nullopt},
        {{.text = "", .to = "1999-12"}, std::nullopt, Day(2000, 1, 1)},
        // The range in the text and the form's fields narrow each other.
        {{.text = "japan 1997..2001", .from = "1999-06-01"}, Day(1999, 6, 1), Day(2002, 1, 1)},
        {{.text = "1990..2000 1995..2010"}, Day(1995, 1, 1), Day(2001, 1, 1)},
        {{.text = "2024-02-29..2024-02-29"}, Day(2024, 2, 29), Day(2024, 3, 1)},
    };
    for (const Case& c : cases) {
        auto query = ParseQuery(c.input);
        ASSERT_TRUE(query) << c.input.text << ": " << query.error().message;
        EXPECT_EQ(query->from, c.from) << c.input.text;
        EXPECT_EQ(query->until, c.until) << c.input.text;
    }
}

TEST(ParseQueryTest, Order) {
    EXPECT_EQ(ParseQuery({.text = "japan"})->order, Order::kRelevance);
    EXPECT_EQ(ParseQuery({.text = "japan", .order = "relevance"})->order, Order::kRelevance);
    EXPECT_EQ(ParseQuery({.text = "japan", .order = "newest"})->order, Order::kNewest);
}

TEST(ParseQueryTest, MalformedQueriesGetFriendlyMessages) {
    struct Case {
        QueryInput input;
        const char* message;
    };
    const std::string too_long(kMaxQueryBytes + 1, 'a');
    std::string many_terms;
    for (int i = 0; i <= kMaxQueryTerms; ++i) many_terms += "w" + std::to_string(i) + " ";
    const std::string long_phrase = "\"" + many_terms + "\"";
    const Case cases[] = {
        {{.text = ""}, "Type a word to search for."},
        {{.text = "   \t "}, "Type a word to search for."},
        {{.text = "\"\""}, "Type a word to search for."},
        {{.text = too_long}, "That query is too long: use at most 500 characters."},
        {{.text = many_terms}, "That query has too many terms: use at most 32."},
        {{.text = long_phrase}, "That query has too many terms: use at most 32."},
        {{.text = "\"prime minister"},
         "A quotation mark is not closed: add the closing \" to search for an exact phrase."},
        {{.text = "topic:\"north korea"},
         "A quotation mark is not closed: add the closing \" to search for an exact phrase."},
        {{.text = "colour:red"},
         "There is no “colour:” filter. Filter with section:, topic: or by: (as in "
         "section:world)."},
        {{.text = "section:"}, "“section:” needs a name after it, as in section:world."},
        {{.text = "topic:\"!!\""}, "“topic:” needs a name after it, as in topic:japan."},
        {{.text = "by:…"}, "“by:” needs a name after it, as in by:AP."},
        {{.text = "OR japan"}, "OR goes between two terms, as in japan OR korea."},
        {{.text = "japan OR"}, "OR goes between two terms, as in japan OR korea."},
        {{.text = "japan OR OR korea"}, "OR goes between two terms, as in japan OR korea."},
        {{.text = "japan -korea OR china"}, "An excluded term (“-word”) can’t be joined with OR."},
        {{.text = "japan OR -korea"}, "An excluded term (“-word”) can’t be joined with OR."},
        {{.text = "japan OR 1997..2001"}, "A date range can’t be joined with OR."},
        {{.text = "japan -1997..2001"}, "A date range can’t be excluded: leave out the “-”."},
        {{.text = "2024-13-01..2024-12-01"},
         "“2024-13-01” is not a date: write years (1997..2001) or days (2024-11-01..2024-11-16)."},
        {{.text = "2023-02-29..2024"},
         "“2023-02-29” is not a date: write years (1997..2001) or days (2024-11-01..2024-11-16)."},
        {{.text = "2001..1997"}, "No date is in that range: it ends before it starts."},
        {{.text = "japan", .from = "2001", .to = "1997"},
         "No date is in that range: it ends before it starts."},
        {{.text = "japan", .from = "yesterday"},
         "The “from” date should look like 2024-11-01 (or 2024-11, or 2024)."},
        {{.text = "japan", .to = "2024/11/01"},
         "The “to” date should look like 2024-11-01 (or 2024-11, or 2024)."},
        {{.text = "japan", .order = "oldest"}, "Results can be ordered by relevance or newest."},
    };
    for (const Case& c : cases) {
        auto query = ParseQuery(c.input);
        ASSERT_FALSE(query) << c.input.text;
        EXPECT_EQ(query.error().code, ErrorCode::kInvalidInput) << c.input.text;
        EXPECT_EQ(query.error().message, c.message) << c.input.text;
    }
}

TEST(ParseQueryTest, LimitsAreInclusive) {
    std::string terms;
    for (int i = 0; i < kMaxQueryTerms; ++i) terms += "w ";
    EXPECT_TRUE(ParseQuery({.text = terms}));
    EXPECT_TRUE(ParseQuery({.text = std::string(kMaxQueryBytes, 'a')}));
}

TEST(FormatQueryTest, ParsesBackToTheSameQuery) {
    const char* const texts[] = {
        "japan",
        "\"prime minister\" -\"north korea\" -sport",
        "japan OR korea OR \"south korea\" section:world OR topic:\"North Korea\"",
        "by:\"Jane Smith\" -section:sport 1997..2001",
        "2024-11-01..2024-11-16 markets",
        "2024-02..2024-03 markets",
        "..2001-06-15 japan",
        "2001-06.. japan",
        "--x - OR y Breaking: 10:30",
        "trade\"tariffs now\"",
    };
    for (const char* text : texts) {
        auto query = ParseQuery({.text = text});
        ASSERT_TRUE(query) << text;
        std::string formatted = FormatQuery(*query);
        auto again = ParseQuery({.text = formatted});
        ASSERT_TRUE(again) << text << " -> " << formatted << ": " << again.error().message;
        EXPECT_EQ(*again, *query) << text << " -> " << formatted;
    }
    EXPECT_EQ(FormatQuery(*ParseQuery({.text = "japan  OR   korea  \"a  b\" 1997..2001"})),
              "japan OR korea \"a b\" 1997..2001");
    EXPECT_EQ(FormatQuery(*ParseQuery({.text = "x", .from = "2024-11-01", .to = "2024-11-16"})),
              "x 2024-11..2024-11-16");
}

}  // namespace
}  // namespace broadsheet::search
