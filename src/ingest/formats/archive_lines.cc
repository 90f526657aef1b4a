#include "ingest/formats/archive_lines.h"

#include <nlohmann/json.hpp>

#include <cstdint>

#include "core/text.h"
#include "ingest/sanitizer.h"

namespace broadsheet::ingest {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kParagraphBytes = 600;

Error Reject(std::string reason) { return Fail(ErrorCode::kInvalidInput, std::move(reason)); }

// FNV-1a, 64 bits: stable across builds and platforms (std::hash is not promised to be).
class Fnv final {
public:
    void Add(std::string_view text) {
        for (char c : text) {
            hash_ ^= static_cast<unsigned char>(c);
            hash_ *= 0x100000001b3ULL;
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        hash_ ^= 0xFF;
        hash_ *= 0x100000001b3ULL;
    }
    std::string Hex() const {
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out(16, '0');
        uint64_t h = hash_;
        for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kDigits[h & 0xF];
        return out;
    }

private:
    uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// The string at `key`: "" when absent or null; an error when of another type.
Result<std::string> StringField(const Json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::string();
    if (!it->is_string()) return Reject(std::string("\"") + key + "\" is not a string");
    return it->get<std::string>();
}

Result<std::string> IdText(const Json& object) {
    auto it = object.find("id");
    if (it == object.end() || it->is_null()) return std::string();
    if (it->is_number_integer()) return it->dump();
    if (it->is_string() && !TrimWhitespace(it->get_ref<const std::string&>()).empty()) {
        return std::string(TrimWhitespace(it->get_ref<const std::string&>()));
    }
    return Reject("\"id\" is not a number or a string");
}

// "YYYY-MM-DD" (midnight UTC) or an RFC 3339 date-time.
std::optional<Timestamp> ParseDate(std::string_view text) {
    text = TrimWhitespace(text);
    if (text.size() < 10) return std::nullopt;
    return ParseIsoDateTime(text);
}

// Why nlohmann refused the line, in words an operator can act on.
std::string JsonProblem(const Json::parse_error& e) {
    std::string what = e.what();
    if (what.find("UTF-8") != std::string::npos) return "bad UTF-8 at byte " + std::to_string(e.byte);
    return "bad JSON at byte " + std::to_string(e.byte);
}

void AppendParagraph(std::string& html, std::string_view text) {
    text = TrimWhitespace(text);
    if (text.empty()) return;
    html += "<p>";
    html += EscapeHtml(text);
    html += "</p>";
}

// Cuts a long line into paragraphs after a sentence ("." "!" "?" then a space) once it
// has run about kParagraphBytes.
void AppendLongLine(std::string& html, std::string_view line) {
    std::size_t start = 0;
    while (line.size() - start > kParagraphBytes + kParagraphBytes / 2) {
        std::size_t cut = std::string_view::npos;
        for (std::size_t i = start + kParagraphBytes; i + 1 < line.size(); ++i) {
            if ((line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i + 1] == ' ') {
                cut = i + 1;
                break;
            }
        }
        if (cut == std::string_view::npos || line.size() - cut < kParagraphBytes / 3) break;
        AppendParagraph(html, line.substr(start, cut - start));
        start = cut;
    }
    AppendParagraph(html, line.substr(start));
}

}  // namespace

std::string PlainTextToParagraphs(std::string_view text) {
    std::string html;
    html.reserve(text.size() + text.size() / 16 + 16);
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        AppendLongLine(html, line);
        start = end + 1;
    }
    return html;
}

Topic ArchiveTopic(std::string_view slug_or_name) {
    std::string_view text = TrimWhitespace(slug_or_name);
    std::string slug = Slugify(text);
    if (slug != text) return Topic{slug, std::string(text)};  // A name.
    std::string name;
    name.reserve(text.size());
    bool word_start = true;
    for (char c : text) {
        if (c == '-') {
            name += ' ';
            word_start = true;
            continue;
        }
        name += word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        word_start = false;
    }
    return Topic{std::move(slug), std::move(name)};
}

Result<ArchiveRecord> ParseArchiveLine(std::string_view line) {
    if (line.size() > kMaxArchiveLineBytes) return Reject("line over 16 MiB");
    if (TrimWhitespace(line).empty()) return Reject("empty line");
    Json object;
    try {
        object = Json::parse(line.begin(), line.end());
    } catch (const Json::parse_error& e) {
        return Reject(JsonProblem(e));
    } catch (const Json::exception& e) {
        return Reject(std::string("bad JSON: ") + e.what());
    }
    if (!object.is_object()) return Reject("not a JSON object");

    ArchiveRecord record;
    auto headline = StringField(object, "headline");
    if (!headline) return headline.error();
    record.headline = std::string(TrimWhitespace(*headline));
    if (record.headline.empty()) return Reject("no headline");

    auto date = StringField(object, "published");
    if (!date) return date.error();
    const char* date_key = "published";
    if (date->empty()) {
        date = StringField(object, "date");
        if (!date) return date.error();
        date_key = "date";
    }
    if (date->empty()) return Reject("no date");
    auto published = ParseDate(*date);
    if (!published) return Reject(std::string("\"") + date_key + "\" is not a date: \"" + date->substr(0, 40) + "\"");
    record.published = *published;

    struct Text {
        const char* key;
        std::string* out;
    };
    for (const Text& field : {Text{"summary", &record.summary}, Text{"body", &record.body},
                              Text{"section", &record.section}, Text{"byline", &record.byline},
                              Text{"provider", &record.provider}, Text{"url", &record.url}}) {
        auto value = StringField(object, field.key);
        if (!value) return value.error();
        *field.out = std::move(*value);
    }
    if (record.provider.empty()) {
        auto agency = StringField(object, "agency");
        if (!agency) return agency.error();
        record.provider = std::move(*agency);
    }
    record.section = std::string(TrimWhitespace(record.section));
    if (TrimWhitespace(record.body).empty() && TrimWhitespace(record.summary).empty()) {
        return Reject("no body and no summary");
    }

    if (auto topics = object.find("topics"); topics != object.end() && !topics->is_null()) {
        if (!topics->is_array()) return Reject("\"topics\" is not a list");
        for (const Json& topic : *topics) {
            if (!topic.is_string()) return Reject("\"topics\" holds something that is not a string");
            const auto& text = topic.get_ref<const std::string&>();
            if (!TrimWhitespace(text).empty()) record.topics.push_back(text);
        }
    }

    auto uri = StringField(object, "uri");
    if (!uri) return uri.error();
    auto id = IdText(object);
    if (!id) return id.error();
    if (!TrimWhitespace(*uri).empty()) {
        record.uri = std::string(TrimWhitespace(*uri));
    } else if (!id->empty()) {
        record.uri = "archive:" + *id;
    } else {
        Fnv identity;
        identity.Add(*date);
        identity.Add(record.headline);
        record.uri = "archive:h" + identity.Hex();
    }

    auto version = StringField(object, "version");
    if (!version) return version.error();
    if (!TrimWhitespace(*version).empty()) {
        record.version = std::string(TrimWhitespace(*version));
    } else {
        Fnv content;
        for (const std::string* part : {&*date, &record.section, &record.headline, &record.summary, &record.body,
                                        &record.byline, &record.provider}) {
            content.Add(*part);
        }
        for (const std::string& topic : record.topics) content.Add(topic);
        record.version = "h" + content.Hex();
    }
    return record;
}

}  // namespace broadsheet::ingest
