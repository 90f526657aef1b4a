#include "ingest/formats/dates.h"

#include <date/date.h>

#include <array>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"

namespace broadsheet::ingest {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Reads 1 to `max_digits` digits at `pos`, advancing it; false if there is none.
bool ReadNumber(std::string_view s, std::size_t& pos, std::size_t max_digits, int& out) {
    std::size_t start = pos;
    int value = 0;
    while (pos < s.size() && pos - start < max_digits && IsDigit(s[pos])) {
        value = value * 10 + (s[pos++] - '0');
    }
    if (pos == start) return false;
    out = value;
    return true;
}

struct Fields {
    int year = -1;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int offset_minutes = 0;  // Local time minus UTC.
};

std::optional<Timestamp> Assemble(Fields f) {
    if (f.year < 0 || f.month < 1 || f.month > 12 || f.day < 1) return std::nullopt;
    date::year_month_day ymd{date::year{f.year}, date::month{static_cast<unsigned>(f.month)},
                             date::day{static_cast<unsigned>(f.day)}};
    if (!ymd.ok() || f.hour > 24 || f.minute > 59 || f.second > 60) return std::nullopt;
    if (f.second == 60) f.second = 59;  // Leap seconds collapse onto the last second.
    auto local = date::sys_days{ymd} + std::chrono::hours{f.hour} + std::chrono::minutes{f.minute} +
                 std::chrono::seconds{f.second};
    return Timestamp{local - std::chrono::minutes{f.offset_minutes}};
}

// A numeric offset "+0800", "-08:00", "+8", "+05:30" at the start of `s`; nullopt otherwise.
std::optional<int> ParseOffset(std::string_view s) {
    if (s.size() < 2 || (s[0] != '+' && s[0] != '-') || !IsDigit(s[1])) return std::nullopt;
    std::size_t pos = 1;
    int hours = 0;
    int minutes = 0;
    std::size_t digits = 0;
    while (pos + digits < s.size() && IsDigit(s[pos + digits])) ++digits;
    if (digits == 3 || digits == 4) {  // hmm / hhmm
        int hhmm = 0;
        ReadNumber(s, pos, 4, hhmm);
        hours = hhmm / 100;
        minutes = hhmm % 100;
    } else if (digits <= 2) {
        ReadNumber(s, pos, 2, hours);
        if (pos < s.size() && s[pos] == ':' && !ReadNumber(s, ++pos, 2, minutes)) {
            return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    if (pos != s.size() || hours > 23 || minutes > 59) return std::nullopt;
    int total = hours * 60 + minutes;
    return s[0] == '-' ? -total : total;
}

// Named zones, in hours from UTC. RFC 822 military letters follow the RFC as written.
std::optional<int> NamedZoneMinutes(std::string_view lower) {
    static constexpr std::array<std::pair<std::string_view, int>, 33> kZones = {{
        {"ut", 0},    {"utc", 0},   {"gmt", 0},   {"z", 0},    {"est", -5}, {"edt", -4},
        {"cst", -6},  {"cdt", -5},  {"mst", -7},  {"mdt", -6}, {"pst", -8}, {"pdt", -7},
        {"et", -5},   {"ct", -6},   {"mt", -7},   {"pt", -8},  {"ast", -4}, {"adt", -3},
        {"akst", -9}, {"akdt", -8}, {"hst", -10}, {"wet", 0},  {"west", 1}, {"bst", 1},
        {"cet", 1},   {"cest", 2},  {"met", 1},   {"mest", 2}, {"eet", 2},  {"eest", 3},
        {"jst", 9},   {"aest", 10}, {"aedt", 11},
    }};
    for (const auto& [name, hours] : kZones) {
        if (lower == name) return hours * 60;
    }
    if (lower.size() == 1 && lower[0] >= 'a' && lower[0] <= 'y' && lower[0] != 'j') {
        char c = lower[0];
        if (c <= 'i') return -(c - 'a' + 1) * 60;
        if (c <= 'm') return -(c - 'a') * 60;  // k..m are -10..-12 (j is unused).
        return (c - 'n' + 1) * 60;
    }
    return std::nullopt;
}

// The month a (lower-case) word names: a prefix of at least three letters of an English,
// French, German, Spanish, Italian or Dutch month name; 0 if none.
int MonthOf(std::string_view word) {
    static constexpr std::array<std::pair<std::string_view, int>, 62> kMonths = {{
        {"january", 1},   {"february", 2},   {"march", 3},      {"april", 4},      {"may", 5},
        {"june", 6},      {"july", 7},       {"august", 8},     {"september", 9},  {"october", 10},
        {"november", 11}, {"december", 12},  {"janvier", 1},    {"février", 2},    {"fevrier", 2},
        {"mars", 3},      {"avril", 4},      {"mai", 5},        {"juin", 6},       {"juillet", 7},
        {"août", 8},      {"aout", 8},       {"septembre", 9},  {"octobre", 10},   {"décembre", 12},
        {"januar", 1},    {"jänner", 1},     {"februar", 2},    {"märz", 3},       {"maerz", 3},
        {"mrz", 3},       {"juni", 6},       {"juli", 7},       {"oktober", 10},   {"dezember", 12},
        {"enero", 1},     {"febrero", 2},    {"marzo", 3},      {"abril", 4},      {"mayo", 5},
        {"junio", 6},     {"julio", 7},      {"agosto", 8},     {"septiembre", 9}, {"setiembre", 9},
        {"octubre", 10},  {"noviembre", 11}, {"diciembre", 12}, {"gennaio", 1},    {"febbraio", 2},
        {"aprile", 4},    {"maggio", 5},     {"giugno", 6},     {"luglio", 7},     {"settembre", 9},
        {"ottobre", 10},  {"dicembre", 12},  {"januari", 1},    {"februari", 2},   {"maart", 3},
        {"mei", 5},       {"augustus", 8},
    }};
    if (word.size() < 3) return 0;
    for (const auto& [name, month] : kMonths) {
        if (name.substr(0, word.size()) == word) return month;
    }
    return 0;
}

bool IsWeekday(std::string_view word) {
    static constexpr std::array<std::string_view, 7> kDays = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    if (word.size() < 3) return false;
    for (std::string_view day : kDays) {
        if (day.substr(0, word.size()) == word) return true;
    }
    return word == "tues" || word == "thur" || word == "thurs";
}

// "hh:mm[:ss[.fff]]" at the start of `token`; returns the rest (e.g. a glued zone).
std::optional<std::string_view> ParseTime(std::string_view token, Fields& f) {
    std::size_t pos = 0;
    if (!ReadNumber(token, pos, 2, f.hour) || pos >= token.size() || token[pos] != ':') {
        return std::nullopt;
    }
    if (!ReadNumber(token, ++pos, 2, f.minute)) return std::nullopt;
    if (pos < token.size() && token[pos] == ':' && !ReadNumber(token, ++pos, 2, f.second)) {
        return std::nullopt;
    }
    if (pos < token.size() && (token[pos] == '.' || token[pos] == ',') && pos + 1 < token.size() &&
        IsDigit(token[pos + 1])) {
        ++pos;
        while (pos < token.size() && IsDigit(token[pos])) ++pos;
    }
    return token.substr(pos);
}

// A zone token: numeric offset, name, or name followed by an offset ("GMT+1").
bool ParseZone(std::string_view token, Fields& f) {
    if (auto offset = ParseOffset(token)) {
        f.offset_minutes = *offset;
        return true;
    }
    std::size_t alpha = 0;
    while (alpha < token.size() && IsAlpha(token[alpha])) ++alpha;
    if (alpha == 0) return false;
    std::string name = AsciiLower(token.substr(0, alpha));
    if (alpha == token.size()) {
        auto named = NamedZoneMinutes(name);
        if (!named) return false;
        f.offset_minutes = *named;
        return true;
    }
    if (name != "gmt" && name != "utc" && name != "ut") return false;
    auto offset = ParseOffset(token.substr(alpha));
    if (!offset) return false;
    f.offset_minutes = *offset;
    return true;
}

// Splits `text` into words at whitespace and commas, dropping "(comments)" and splitting
// RFC 850 "06-Nov-94" dates. Returns whether each word ended in a comma.
std::vector<std::pair<std::string_view, bool>> Words(std::string_view text) {
    std::vector<std::pair<std::string_view, bool>> words;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '(') {
            while (i < text.size() && text[i] != ')') ++i;
            ++i;
            continue;
        }
        if (IsSpace(c) || c == ',') {
            if (c == ',' && !words.empty()) words.back().second = true;
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < text.size() && !IsSpace(text[i]) && text[i] != ',' && text[i] != '(') ++i;
        std::string_view word = text.substr(start, i - start);
        std::size_t dash = word.find('-');
        if (dash != std::string_view::npos && dash > 0 && IsDigit(word[0]) &&
            dash + 1 < word.size() && IsAlpha(word[dash + 1])) {
            std::size_t second = word.find('-', dash + 1);
            words.emplace_back(word.substr(0, dash), false);
            words.emplace_back(
                word.substr(dash + 1,
                            second == std::string_view::npos ? second : second - dash - 1),
                false);
            if (second != std::string_view::npos) {
                words.emplace_back(word.substr(second + 1), false);
            }
        } else {
            words.emplace_back(word, false);
        }
    }
    return words;
}

std::optional<Timestamp> ParseRfc822(std::string_view text) {
    Fields f;
    bool have_time = false;
    bool have_zone = false;
    int pm = -1;  // -1 no marker, 0 am, 1 pm.
    for (auto [word, comma] : Words(text)) {
        if (IsDigit(word[0]) && word.find(':') != std::string_view::npos && !have_time) {
            auto rest = ParseTime(word, f);
            if (!rest) return std::nullopt;
            have_time = true;
            if (!rest->empty() && !ParseZone(*rest, f)) return std::nullopt;
            have_zone = !rest->empty();
            continue;
        }
        if (IsDigit(word[0])) {
            std::size_t pos = 0;
            int value = 0;
            ReadNumber(word, pos, 4, value);
            std::size_t digits = pos;
            if (pos < word.size() && word[pos] == '.') ++pos;            // "28." in some locales
            if (pos + 2 == word.size() && IsAlpha(word[pos])) pos += 2;  // "1st", "28th"
            if (pos != word.size()) return std::nullopt;
            if (digits <= 2 && f.day == 0) {
                f.day = value;
            } else if (f.year < 0 && (digits == 2 || digits == 4)) {
                f.year = digits == 4 ? value : (value < 50 ? 2000 + value : 1900 + value);
            } else {
                return std::nullopt;
            }
            continue;
        }
        if (word[0] == '+' || word[0] == '-') {
            if (!ParseZone(word, f)) return std::nullopt;
            have_zone = true;
            continue;
        }
        std::string lower = AsciiLower(word);
        while (!lower.empty() && lower.back() == '.') lower.pop_back();
        bool date_started = f.day != 0 || f.month != 0 || f.year >= 0;
        if (lower == "am" || lower == "pm") {
            pm = lower == "pm" ? 1 : 0;
        } else if (!date_started && (comma || IsWeekday(lower))) {
            continue;  // A weekday, possibly wrong or localized: never trusted.
        } else if (int month = MonthOf(lower); month != 0 && f.month == 0) {
            f.month = month;
        } else if (!have_zone && (have_time || f.year >= 0) && ParseZone(word, f)) {
            have_zone = true;
        } else if (!date_started) {
            continue;  // A localized weekday without a comma.
        } else if (have_time && !have_zone) {
            have_zone = true;  // An unknown zone name: taken as UTC.
        } else {
            return std::nullopt;
        }
    }
    if (pm == 1 && f.hour < 12) f.hour += 12;
    if (pm == 0 && f.hour == 12) f.hour = 0;
    return Assemble(f);
}

// W3C-DTF beyond what ParseIsoDateTime takes: one-digit fields, "YYYY" and "YYYY-MM",
// whitespace or a zone name before the zone, and the compact "YYYYMMDDThhmmss" form.
std::optional<Timestamp> ParseLenientIso(std::string_view s) {
    Fields f;
    std::size_t pos = 0;
    bool compact = s.size() >= 8 && s.find('-') > 8;
    if (!ReadNumber(s, pos, 4, f.year) || pos != 4) return std::nullopt;
    f.month = 1;
    f.day = 1;
    if (compact) {
        if (!ReadNumber(s, pos, 2, f.month) || !ReadNumber(s, pos, 2, f.day) || pos != 8) {
            return std::nullopt;
        }
    } else if (pos < s.size() && s[pos] == '-') {
        if (!ReadNumber(s, ++pos, 2, f.month)) return std::nullopt;
        if (pos < s.size() && s[pos] == '-' && !ReadNumber(s, ++pos, 2, f.day)) return std::nullopt;
    }
    if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || IsSpace(s[pos]))) {
        while (++pos < s.size() && IsSpace(s[pos])) {
        }
        if (compact) {
            int hhmmss = 0;
            std::size_t start = pos;
            if (!ReadNumber(s, pos, 6, hhmmss) || (pos - start != 4 && pos - start != 6)) {
                return std::nullopt;
            }
            if (pos - start == 4) hhmmss *= 100;
            f.hour = hhmmss / 10000;
            f.minute = hhmmss / 100 % 100;
            f.second = hhmmss % 100;
            if (pos < s.size() && s[pos] == '.') {
                while (++pos < s.size() && IsDigit(s[pos])) {
                }
            }
        } else {
            auto rest = ParseTime(s.substr(pos), f);
            if (!rest) return std::nullopt;
            pos = s.size() - rest->size();
        }
        while (pos < s.size() && IsSpace(s[pos])) ++pos;
        std::string_view zone = s.substr(pos);
        if (zone == "Z" || zone == "z") {
            pos = s.size();
        } else if (!zone.empty()) {
            if (!ParseZone(zone, f)) return std::nullopt;
            pos = s.size();
        }
    }
    if (pos != s.size()) return std::nullopt;
    return Assemble(f);
}

}  // namespace

std::optional<Timestamp> ParseFeedDate(std::string_view text) {
    std::string_view s = TrimWhitespace(text);
    if (s.empty() || s.size() > 200) return std::nullopt;
    if (s.size() >= 4 && IsDigit(s[0]) && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3])) {
        if (auto iso = ParseIsoDateTime(s)) return iso;
        if (auto iso = ParseLenientIso(s)) return iso;
    }
    return ParseRfc822(s);
}

}  // namespace broadsheet::ingest
