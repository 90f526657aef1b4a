#include "ingest/routing.h"

#include <gtest/gtest.h>

namespace broadsheet::ingest {
namespace {

WireItem Item() {
    WireItem item;
    item.uri = "urn:x";
    item.headline = "India clinch T20 series in Johannesburg";
    item.summary = "Samson and Varma hit centuries";
    item.subjects = {{"Cricket", "http://cv.iptc.org/newscodes/mediatopic/20001109"}, {"", "medtop:15000000"}};
    return item;
}

TEST(ApplyRulesTest, MatchesSubjectsByNameCodeOrMediaTopicNumber) {
    for (const char* subject : {"cricket", "CRICKET", "medtop:20001109", "20001109", "15000000",
                                "http://cv.iptc.org/newscodes/mediatopic/15000000"}) {
        RoutingRule rule{.subject = subject, .section = std::string("sports")};
        EXPECT_EQ(ApplyRules({rule}, Item(), "").section, "sports") << subject;
    }
    RoutingRule other{.subject = "medtop:04000000", .section = std::string("markets")};
    EXPECT_FALSE(ApplyRules({other}, Item(), "").section.has_value());
}

TEST(ApplyRulesTest, KeywordsMatchWholeWordsInHeadlineOrSummary) {
    RoutingRule rule{.keyword = "T20", .premium = true};
    EXPECT_EQ(ApplyRules({rule}, Item(), "").premium, true);
    RoutingRule phrase{.keyword = "hit centuries", .hold = true};
    EXPECT_EQ(ApplyRules({phrase}, Item(), "").hold, true);
    RoutingRule partial{.keyword = "Johannes", .premium = true};  // Not a whole word.
    EXPECT_FALSE(ApplyRules({partial}, Item(), "").premium.has_value());
}

TEST(ApplyRulesTest, FeedConditionAndOrder) {
    std::vector<RoutingRule> rules = {
        RoutingRule{.section = std::string("world"), .topics = {"Wire"}},
        RoutingRule{.feed = "pti", .subject = "Cricket", .section = std::string("sports"), .topics = {"Cricket"}},
        RoutingRule{.feed = "ap", .premium = true},
        RoutingRule{.keyword = "series", .hold = false},
    };
    RoutingDecision pti = ApplyRules(rules, Item(), "pti");
    EXPECT_EQ(pti.section, "sports");
    EXPECT_EQ(pti.topics, (std::vector<std::string>{"Wire", "Cricket"}));
    EXPECT_FALSE(pti.premium.has_value());
    EXPECT_EQ(pti.hold, false);
    RoutingDecision ap = ApplyRules(rules, Item(), "ap");
    EXPECT_EQ(ap.section, "world");
    EXPECT_EQ(ap.premium, true);
    EXPECT_TRUE(ApplyRules({}, Item(), "ap").topics.empty());
}

}  // namespace
}  // namespace broadsheet::ingest
