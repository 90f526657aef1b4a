#include "ingest/routing.h"

#include "core/text.h"

namespace broadsheet::ingest {
namespace {

bool SubjectMatches(const WireSubject& subject, const std::string& wanted) {
    std::string name = AsciiLower(TrimWhitespace(subject.name));
    std::string code = AsciiLower(TrimWhitespace(subject.code));
    if (!name.empty() && name == wanted) return true;
    if (code.empty()) return false;
    if (code == wanted) return true;
    // "medtop:15000000", "15000000" and the Media Topic URI all name the same topic.
    auto digits = [](std::string_view s) {
        size_t cut = s.find_last_of(":/");
        return cut == std::string_view::npos ? s : s.substr(cut + 1);
    };
    std::string_view a = digits(code), b = digits(wanted);
    return !a.empty() && a == b && a.find_first_not_of("0123456789") == std::string_view::npos;
}

// A case-insensitive search for `phrase` at word boundaries.
bool ContainsPhrase(std::string_view text, const std::string& phrase) {
    std::string haystack = AsciiLower(text);
    auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (size_t at = haystack.find(phrase); at != std::string::npos; at = haystack.find(phrase, at + 1)) {
        bool starts = at == 0 || !is_word(haystack[at - 1]);
        size_t end = at + phrase.size();
        bool ends = end >= haystack.size() || !is_word(haystack[end]);
        if (starts && ends) return true;
    }
    return false;
}

bool Matches(const RoutingRule& rule, const WireItem& item, std::string_view feed_id) {
    if (!rule.feed.empty() && rule.feed != feed_id) return false;
    if (!rule.subject.empty()) {
        std::string wanted = AsciiLower(TrimWhitespace(rule.subject));
        bool found = false;
        for (const WireSubject& subject : item.subjects) found = found || SubjectMatches(subject, wanted);
        if (!found) return false;
    }
    if (!rule.keyword.empty()) {
        std::string phrase = AsciiLower(TrimWhitespace(rule.keyword));
        if (!ContainsPhrase(item.headline, phrase) && !ContainsPhrase(item.summary, phrase)) return false;
    }
    return true;
}

}  // namespace

RoutingDecision ApplyRules(const std::vector<RoutingRule>& rules, const WireItem& item, std::string_view feed_id) {
    RoutingDecision decision;
    for (const RoutingRule& rule : rules) {
        if (!Matches(rule, item, feed_id)) continue;
        if (rule.section) decision.section = rule.section;
        if (rule.premium) decision.premium = rule.premium;
        if (rule.hold) decision.hold = rule.hold;
        decision.topics.insert(decision.topics.end(), rule.topics.begin(), rule.topics.end());
    }
    return decision;
}

}  // namespace broadsheet::ingest
