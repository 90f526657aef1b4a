#include "ingest/formats/ninjs.h"

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "ingest/formats/json_fields.h"
#include "ingest/formats/media_topics.h"
#include "ingest/sanitizer.h"

namespace broadsheet::ingest {
namespace {

using json_fields::DescribeParseError;
using json_fields::Join;
using json_fields::Json;
using json_fields::TypeWithArticle;

enum class Generation { k1, k2, k3 };

// What a headline/description role means to us. Roles are compared case-insensitively and
// without a scheme prefix ("drol:alternativeText" is "alternativetext").
enum class Role { kOther, kMain, kAlt, kCaption, kCredit, kSummary };

Role Classify(std::string_view role) {
    std::string r = AsciiLower(TrimWhitespace(role));
    std::size_t cut = r.find_last_of(":/#");
    if (cut != std::string::npos) r.erase(0, cut + 1);
    if (r == "main") return Role::kMain;
    if (r == "alt" || r == "alttext" || r == "alternativetext") return Role::kAlt;
    if (r == "caption") return Role::kCaption;
    if (r == "creditline" || r == "credit") return Role::kCredit;
    if (r == "summary") return Role::kSummary;
    return Role::kOther;
}

bool IsHtmlType(std::string_view content_type) {
    return AsciiLower(content_type).find("html") != std::string::npos;
}

std::string HtmlToText(std::string_view html) { return SanitizeHtml(html).text; }

// Reads typed values out of the document and remembers the first type error.
class Reader final : public json_fields::FieldReader {
public:
    explicit Reader(Generation generation) : FieldReader("ninjs: "), generation_(generation) {}

    using FieldReader::Find;
    // A 1.x/2.x lower-case key or its 3.x camelCase spelling, the detected one first.
    const Json* Find(const Json& object, std::string_view lower, std::string_view camel) const {
        return generation_ == Generation::k3 ? Find(object, {camel, lower})
                                             : Find(object, {lower, camel});
    }

    Generation generation() const { return generation_; }

private:
    Generation generation_;
};

Generation DetectGeneration(const Json& doc) {
    for (const char* key : {"standard", "$standard"}) {
        const Json* standard = Reader::Find(doc, {key});
        const Json* version = standard ? Reader::Find(*standard, {"version"}) : nullptr;
        if (version != nullptr && version->is_string() &&
            !version->get_ref<const std::string&>().empty()) {
            switch (version->get_ref<const std::string&>().front()) {
                case '1': return Generation::k1;
                case '2': return Generation::k2;
                case '3': return Generation::k3;
                default: break;
            }
        }
    }
    for (const char* key : {"versionCreated", "firstCreated", "pubStatus", "embargoedUntil",
                            "copyrightHolder", "edNote", "infoSources", "altIds"}) {
        if (doc.contains(key)) return Generation::k3;
    }
    for (const char* key :
         {"headlines", "bodies", "descriptions", "by", "subjects", "genres", "infosources"}) {
        if (doc.contains(key)) return Generation::k2;
    }
    for (const char* key : {"renditions", "associations"}) {
        const Json* value = Reader::Find(doc, {key});
        if (value != nullptr && value->is_array()) return Generation::k2;
    }
    return Generation::k1;
}

// A headline or description with its role, as plain text.
struct Text {
    Role role;
    std::string text;
};

// The headlines (or descriptions) of `object`: the 1.x keys `headline`, `headline_<x>`
// (`description_<x>`, where x is text/html/xhtml/richtext or a role; plain text before
// markup) and the 2.x array `headlines[]` (`descriptions[]`), the detected generation's
// first. HTML becomes text.
std::vector<Text> ReadTexts(Reader& r, const Json& object, std::string_view path,
                            std::string_view singular, std::string_view plural) {
    std::vector<Text> v1;
    std::vector<Text> v1_markup;
    std::vector<Text> v2;
    std::string prefix = std::string(singular) + "_";
    for (const auto& [key, value] : object.items()) {
        if (value.is_null()) continue;
        Role role = Role::kOther;
        bool html = false;
        if (key == singular) {
            role = singular == "headline" ? Role::kMain : Role::kOther;
        } else if (key.compare(0, prefix.size(), prefix) == 0) {
            std::string suffix = AsciiLower(std::string_view(key).substr(prefix.size()));
            html = suffix == "richtext" || suffix.find("html") != std::string::npos;
            if (suffix != "text" && !html) role = Classify(suffix);
        } else {
            continue;
        }
        std::string text = r.String(&value, Join(path, key));
        if (html) text = HtmlToText(text);
        if (!text.empty()) (html ? v1_markup : v1).push_back({role, std::move(text)});
    }
    for (Text& text : v1_markup) v1.push_back(std::move(text));
    std::string array_path = Join(path, plural);
    for (const auto& [entry, entry_path] : r.Objects(Reader::Find(object, {plural}), array_path)) {
        std::string text = r.String(*entry, entry_path, {"value"});
        std::string type = r.String(*entry, entry_path, {"contenttype", "contentType"});
        if (IsHtmlType(type)) text = HtmlToText(text);
        if (text.empty()) continue;
        v2.push_back({Classify(r.String(*entry, entry_path, {"role"})), std::move(text)});
    }
    std::vector<Text>& first = r.generation() == Generation::k1 ? v1 : v2;
    std::vector<Text>& second = r.generation() == Generation::k1 ? v2 : v1;
    first.insert(first.end(), std::make_move_iterator(second.begin()),
                 std::make_move_iterator(second.end()));
    return std::move(first);
}

// The first text whose role is in `roles`; "" if none.
std::string Pick(const std::vector<Text>& texts, std::initializer_list<Role> roles) {
    for (const Text& t : texts) {
        for (Role role : roles) {
            if (t.role == role) return t.text;
        }
    }
    return {};
}

std::string PickHeadline(const std::vector<Text>& headlines) {
    std::string main = Pick(headlines, {Role::kMain});
    if (!main.empty()) return main;
    return Pick(headlines, {Role::kOther, Role::kSummary, Role::kCaption, Role::kCredit});
}

std::string ReadBody(Reader& r, const Json& doc) {
    std::string v1;
    for (const char* key : {"body_html", "body_xhtml", "body_richtext"}) {
        v1 = r.String(Reader::Find(doc, {key}), key);
        if (!v1.empty()) break;
    }
    if (v1.empty()) v1 = TextToHtml(r.String(Reader::Find(doc, {"body_text"}), "body_text"));
    std::string html;
    std::string plain;
    for (const auto& [body, path] : r.Objects(Reader::Find(doc, {"bodies"}), "bodies")) {
        std::string value = r.String(*body, path, {"value"});
        std::string type =
            AsciiLower(TrimWhitespace(r.String(*body, path, {"contenttype", "contentType"})));
        if (IsHtmlType(type)) {
            if (html.empty()) html = std::move(value);
        } else if (type.empty() || type.rfind("text/plain", 0) == 0) {
            if (plain.empty()) plain = std::move(value);
        }
    }
    std::string v2 = !html.empty() ? std::move(html) : TextToHtml(plain);
    if (r.generation() == Generation::k1) return !v1.empty() ? v1 : v2;
    return !v2.empty() ? v2 : v1;
}


// Subjects or genres from the 1.x and 2.x arrays: {name, and uri, literal or scheme+code}.
std::vector<WireSubject> ReadTerms(Reader& r, const Json& doc, std::string_view v1_key,
                                   std::string_view v2_key) {
    std::vector<WireSubject> out;
    for (std::string_view key : {v1_key, v2_key}) {
        for (const auto& [term, path] : r.Objects(Reader::Find(doc, {key}), key)) {
            WireSubject subject;
            subject.name = r.String(*term, path, {"name"});
            subject.code = r.String(*term, path, {"uri"});
            if (subject.code.empty()) {
                subject.code =
                    SchemeCode(r.String(*term, path, {"scheme"}), r.String(*term, path, {"code"}));
            }
            if (subject.code.empty()) subject.code = r.String(*term, path, {"literal"});
            if (!subject.name.empty() || !subject.code.empty()) out.push_back(std::move(subject));
        }
    }
    return out;
}

// The agency: an info source whose role says "source", else the first one without a role,
// else Superdesk's `source`, else the copyright holder.
std::string ReadProvider(Reader& r, const Json& doc, const std::string& copyright_holder) {
    std::string first;
    for (const char* key : {"infosources", "infosource", "infoSources"}) {
        for (const auto& [source, path] : r.Objects(Reader::Find(doc, {key}), key)) {
            std::string name = std::string(TrimWhitespace(r.String(*source, path, {"name"})));
            if (name.empty()) continue;
            // 2.x says `role`, 1.x `rel`; either may be a URI or a qcode.
            std::string role = AsciiLower(r.String(*source, path, {"role", "rel"}));
            std::size_t cut = role.find_last_of(":/#");
            std::string last = cut == std::string::npos ? role : role.substr(cut + 1);
            if (last == "source" || last == "originalsource" || last == "originatingsource") {
                return name;
            }
            if (role.empty() && first.empty()) first = std::move(name);
        }
    }
    if (!first.empty()) return first;
    // `source` is not a ninjs field: only a plain string is taken, nothing else is an error.
    const Json* source = Reader::Find(doc, {"source"});
    if (source != nullptr && source->is_string() &&
        !TrimWhitespace(source->get_ref<const std::string&>()).empty()) {
        return source->get<std::string>();
    }
    return copyright_holder;
}

std::vector<Rendition> ReadRenditions(Reader& r, const Json& object, std::string_view path) {
    std::vector<Rendition> out;
    const Json* renditions = Reader::Find(object, {"renditions"});
    if (renditions == nullptr) return out;
    std::string renditions_path = Join(path, "renditions");
    std::vector<std::pair<std::string, std::pair<const Json*, std::string>>> entries;
    if (renditions->is_object()) {
        for (const auto& [name, value] : renditions->items()) {
            if (value.is_null()) continue;
            std::string entry_path = Join(renditions_path, name);
            if (!value.is_object()) {
                r.WrongType(entry_path, "an object", value);
                continue;
            }
            entries.push_back({name, {&value, entry_path}});
        }
    } else {
        for (auto& [value, entry_path] : r.Objects(renditions, renditions_path)) {
            entries.push_back({r.String(*value, entry_path, {"name"}), {value, entry_path}});
        }
    }
    for (auto& [name, entry] : entries) {
        const auto& [value, entry_path] = entry;
        Rendition rendition;
        rendition.name = name;
        rendition.href = r.String(*value, entry_path, {"href"});
        rendition.mime = r.String(*value, entry_path, {"mimetype", "contenttype", "contentType"});
        rendition.width = r.Dimension(Reader::Find(*value, {"width"}), Join(entry_path, "width"));
        rendition.height =
            r.Dimension(Reader::Find(*value, {"height"}), Join(entry_path, "height"));
        if (!TrimWhitespace(rendition.href).empty()) out.push_back(std::move(rendition));
    }
    return out;
}

WirePicture ReadPicture(Reader& r, const Json& object, std::string_view path,
                        std::vector<Rendition> renditions) {
    WirePicture picture;
    picture.uri = r.String(object, path, {"uri"});
    if (picture.uri.empty()) {
        const Json* guid = Reader::Find(object, {"guid"});
        if (guid != nullptr && guid->is_string()) picture.uri = guid->get<std::string>();
    }
    std::vector<Text> headlines = ReadTexts(r, object, path, "headline", "headlines");
    std::vector<Text> descriptions = ReadTexts(r, object, path, "description", "descriptions");
    picture.alt_text = Pick(headlines, {Role::kAlt});
    if (picture.alt_text.empty()) picture.alt_text = Pick(descriptions, {Role::kAlt});
    if (picture.alt_text.empty()) picture.alt_text = PickHeadline(headlines);
    picture.caption = Pick(descriptions, {Role::kCaption});
    if (picture.caption.empty()) {
        picture.caption = Pick(descriptions, {Role::kOther, Role::kMain, Role::kSummary});
    }
    picture.credit = r.String(object, path, {"by", "byline"});
    if (picture.credit.empty()) picture.credit = Pick(descriptions, {Role::kCredit});
    if (picture.credit.empty()) {
        picture.credit = r.String(Reader::Find(object, {"copyrightholder", "copyrightHolder"}),
                                  Join(path, "copyrightholder"));
    }
    picture.renditions = std::move(renditions);
    return picture;
}

bool IsPictureType(std::string_view type) {
    std::string t = AsciiLower(TrimWhitespace(type));
    return t == "picture" || t == "graphic" || t == "image" || t == "photo";
}

// Whether an association is a picture: by its type if it has one, else by its name or by
// an image rendition.
bool IsPicture(std::string_view name, std::string_view type,
               const std::vector<Rendition>& renditions) {
    if (!TrimWhitespace(type).empty()) return IsPictureType(type);
    std::string n = AsciiLower(name);
    if (n == "featureimage" || n == "featuremedia") return true;
    for (const Rendition& rendition : renditions) {
        if (AsciiLower(rendition.mime).rfind("image/", 0) == 0) return true;
    }
    return false;
}

std::optional<WirePicture> ReadLeadPicture(Reader& r, const Json& doc, std::string_view item_type) {
    struct Candidate {
        std::string name;
        const Json* value;
        std::string path;
    };
    std::vector<Candidate> candidates;
    const Json* associations = Reader::Find(doc, {"associations"});
    if (associations != nullptr && associations->is_object()) {
        for (const auto& [name, value] : associations->items()) {
            if (value.is_null()) continue;
            std::string path = Join("associations", name);
            if (!value.is_object()) {
                r.WrongType(path, "an object", value);
                continue;
            }
            candidates.push_back({name, &value, path});
        }
    } else if (associations != nullptr && !associations->is_array()) {
        r.WrongType("associations", "an object or an array", *associations);
    } else {
        for (auto& [value, path] : r.Objects(associations, "associations")) {
            candidates.push_back({r.String(*value, path, {"name"}), value, path});
        }
    }
    std::optional<WirePicture> without_renditions;
    for (const Candidate& c : candidates) {
        std::vector<Rendition> renditions = ReadRenditions(r, *c.value, c.path);
        if (!IsPicture(c.name, r.String(*c.value, c.path, {"type"}), renditions)) continue;
        bool usable = !renditions.empty();
        WirePicture picture = ReadPicture(r, *c.value, c.path, std::move(renditions));
        if (usable) return picture;
        if (!without_renditions) without_renditions = std::move(picture);
    }
    if (without_renditions) return without_renditions;
    if (IsPictureType(item_type)) {
        std::vector<Rendition> renditions = ReadRenditions(r, doc, "");
        if (!renditions.empty()) return ReadPicture(r, doc, "", std::move(renditions));
    }
    return std::nullopt;
}

std::string ReadVersion(Reader& r, const Json* value) {
    if (value == nullptr) return {};
    if (value->is_number_integer()) return std::to_string(value->get<std::int64_t>());
    if (value->is_number_unsigned()) return std::to_string(value->get<std::uint64_t>());
    if (value->is_number_float()) return value->dump();
    return r.String(value, "version");
}

std::optional<PubStatus> ReadPubStatus(Reader& r, const Json* value, std::string_view path) {
    std::string status = AsciiLower(TrimWhitespace(r.String(value, path)));
    if (status.rfind("stat:", 0) == 0) status.erase(0, 5);
    if (status.empty() || status == "usable") return PubStatus::kUsable;
    if (status == "withheld") return PubStatus::kWithheld;
    if (status == "canceled" || status == "cancelled") return PubStatus::kCanceled;
    r.Fail("\"" + std::string(path) + "\" is \"" + r.String(value, path) +
           "\"; expected usable, withheld or canceled");
    return std::nullopt;
}

}  // namespace

Result<WireItem> ParseNinjs(std::string_view json) {
    if (json.size() > kMaxNinjsBytes) {
        return Fail(ErrorCode::kTooLarge, "ninjs: the document is " + std::to_string(json.size()) +
                                              " bytes; the limit is " +
                                              std::to_string(kMaxNinjsBytes) + " bytes (8 MiB)");
    }
    Json doc;
    try {
        doc = Json::parse(json.begin(), json.end());
    } catch (const Json::parse_error& e) {
        return Fail(ErrorCode::kInvalidInput, "ninjs: not valid JSON: " + DescribeParseError(e));
    } catch (const Json::exception& e) {
        return Fail(ErrorCode::kInvalidInput, std::string("ninjs: not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) {
        return Fail(
            ErrorCode::kInvalidInput,
            std::string("ninjs: the document must be a JSON object, not ") + TypeWithArticle(doc));
    }
    Reader r(DetectGeneration(doc));
    WireItem item;
    item.uri = r.String(doc, "", {"uri"});
    if (TrimWhitespace(item.uri).empty()) {
        // Superdesk's ninjs replaces `uri` with `guid` (its own documentation says so).
        const Json* guid = Reader::Find(doc, {"guid"});
        if (guid != nullptr && guid->is_string()) item.uri = guid->get<std::string>();
    }
    if (r.failed()) return r.TakeError();
    if (TrimWhitespace(item.uri).empty()) {
        return Fail(ErrorCode::kInvalidInput, Reader::Find(doc, {"uri"})
                                                  ? "ninjs: \"uri\" is empty"
                                                  : "ninjs: missing \"uri\"");
    }
    item.version = ReadVersion(r, Reader::Find(doc, {"version"}));
    item.type = r.String(doc, "", {"type"});
    item.first_created = r.Time(r.Find(doc, "firstcreated", "firstCreated"), "firstcreated");
    item.version_created =
        r.Time(r.Find(doc, "versioncreated", "versionCreated"), "versioncreated");
    item.embargoed_until = r.Time(r.Find(doc, "embargoed", "embargoedUntil"), "embargoed");
    item.pub_status = ReadPubStatus(r, r.Find(doc, "pubstatus", "pubStatus"), "pubstatus")
                          .value_or(PubStatus::kUsable);
    std::optional<double> urgency = r.Number(Reader::Find(doc, {"urgency"}), "urgency");
    if (urgency && *urgency >= 1 && *urgency <= 9 && std::floor(*urgency) == *urgency) {
        item.urgency = static_cast<int>(*urgency);
    }
    item.language = r.String(doc, "", {"language"});
    std::vector<Text> headlines = ReadTexts(r, doc, "", "headline", "headlines");
    item.headline = PickHeadline(headlines);
    std::vector<Text> descriptions = ReadTexts(r, doc, "", "description", "descriptions");
    item.summary = Pick(descriptions, {Role::kSummary});
    if (item.summary.empty()) item.summary = Pick(descriptions, {Role::kOther, Role::kMain});
    item.body_html = ReadBody(r, doc);
    item.byline = r.generation() == Generation::k1 ? r.String(doc, "", {"byline", "by"})
                                                   : r.String(doc, "", {"by", "byline"});
    item.located = r.String(doc, "", {"located"});
    item.copyright_holder =
        r.String(r.Find(doc, "copyrightholder", "copyrightHolder"), "copyrightholder");
    item.provider = ReadProvider(r, doc, item.copyright_holder);
    item.slugline = r.String(doc, "", {"slugline"});
    item.ed_note = r.String(r.Find(doc, "ednote", "edNote"), "ednote");
    item.subjects = ReadTerms(r, doc, "subject", "subjects");
    for (WireSubject& genre : ReadTerms(r, doc, "genre", "genres")) {
        item.genres.push_back(!genre.name.empty() ? std::move(genre.name) : std::move(genre.code));
    }
    item.picture = ReadLeadPicture(r, doc, item.type);
    if (r.failed()) return r.TakeError();
    return item;
}

}  // namespace broadsheet::ingest
