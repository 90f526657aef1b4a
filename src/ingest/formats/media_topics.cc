#include "ingest/formats/media_topics.h"

#include <fstream>

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.h"

namespace broadsheet::ingest {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

// Sorted by code. Sources: the 17 top-level topics; the rest as the samples in
// ../shared/corpora name them (lower-cased as IPTC writes its labels). Two corrections:
// the NewsML-G2 guide's LISTING_22 calls 20000822 "sport", but dpa's production feed names
// it "Disziplin" and IPTC's label is "competition discipline"; 20000013 ("Litteratur", TT)
// and 20001065 ("Fußball", dpa) come only with Swedish/German names.
constexpr std::array kTopics = {
    Entry{"01000000", "arts, culture, entertainment and media"},
    Entry{"02000000", "crime, law and justice"},
    Entry{"03000000", "disaster, accident and emergency incident"},
    Entry{"04000000", "economy, business and finance"},
    Entry{"05000000", "education"},
    Entry{"06000000", "environment"},
    Entry{"07000000", "health"},
    Entry{"08000000", "human interest"},
    Entry{"09000000", "labour"},
    Entry{"10000000", "lifestyle and leisure"},
    Entry{"11000000", "politics"},
    Entry{"12000000", "religion"},
    Entry{"13000000", "science and technology"},
    Entry{"14000000", "society"},
    Entry{"15000000", "sport"},
    Entry{"16000000", "conflict, war and peace"},
    Entry{"17000000", "weather"},
    Entry{"20000003", "animation"},
    Entry{"20000013", "literature"},
    Entry{"20000304", "media"},
    Entry{"20000309", "news agency"},
    Entry{"20000350", "central bank"},
    Entry{"20000379", "money and monetary policy"},
    Entry{"20000523", "labour market"},
    Entry{"20000533", "unemployment"},
    Entry{"20000737", "medical research"},
    Entry{"20000763", "IT/computer sciences"},
    Entry{"20000822", "competition discipline"},
    Entry{"20000849", "baseball"},
    Entry{"20000892", "cycling"},
    Entry{"20001057", "alpine skiing"},
    Entry{"20001065", "soccer"},
    Entry{"20001071", "swimming"},
    Entry{"20001105", "drug abuse in sport"},
};

static_assert(std::ranges::is_sorted(kTopics, {}, &Entry::first), "kTopics must stay sorted");

bool IsEightDigits(std::string_view s) {
    return s.size() == 8 && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string_view> MediaTopicDigits(std::string_view code) {
    code = TrimWhitespace(code);
    for (std::string_view prefix :
         {std::string_view("medtop:"), kMediaTopicUriPrefix,
          std::string_view("https://cv.iptc.org/newscodes/mediatopic/")}) {
        if (code.starts_with(prefix)) {
            code.remove_prefix(prefix.size());
            break;
        }
    }
    if (!IsEightDigits(code)) return std::nullopt;
    return code;
}

std::optional<std::string_view> MediaTopicName(std::string_view code) {
    std::optional<std::string_view> digits = MediaTopicDigits(code);
    if (!digits) return std::nullopt;
    const auto* it = std::ranges::lower_bound(kTopics, *digits, {}, &Entry::first);
    if (it == kTopics.end() || it->first != *digits) return std::nullopt;
    return it->second;
}

std::string SchemeCode(std::string_view scheme, std::string_view code) {
    if (code.empty()) return {};
    if (scheme.empty()) return std::string(code);
    char last = scheme.back();
    if (last == '/' || last == '#' || last == '=' || last == ':') {
        return std::string(scheme) + std::string(code);
    }
    return std::string(scheme) + ":" + std::string(code);
}

Result<MediaTopicNames> LoadMediaTopicNames(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) return Fail(ErrorCode::kIo, "cannot read Media Topic vocabulary " + path.string());
    MediaTopicNames names;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        size_t tab = line.find('\t');
        std::optional<std::string_view> digits =
            tab == std::string::npos ? std::nullopt : MediaTopicDigits(std::string_view(line).substr(0, tab));
        std::string name = tab == std::string::npos ? std::string() : line.substr(tab + 1);
        if (!digits || name.empty()) {
            return Fail(ErrorCode::kInvalidInput, path.string() + ":" + std::to_string(number) +
                                                      ": expected a Media Topic code, a tab and a name");
        }
        names[std::string(*digits)] = name;
    }
    return names;
}

}  // namespace broadsheet::ingest
