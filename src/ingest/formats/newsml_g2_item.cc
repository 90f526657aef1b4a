#include "ingest/formats/newsml_g2_item.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "core/text.h"
#include "ingest/formats/media_topics.h"
#include "ingest/formats/newsml_g2.h"
#include "ingest/sanitizer.h"

namespace broadsheet::ingest::g2 {
namespace {

// What a headline or description role means to us, from the code after its scheme
// ("drol:summary", "descRole:caption", "hld:subHeadline"); compared case-insensitively.
enum class Role { kNone, kMain, kSummary, kCaption, kAlt, kCredit, kOther };

// The code part of a QCode or URI: "nprov:AP" -> "AP", ".../pubstatusg2/usable" -> "usable".
std::string_view CodePart(std::string_view code) {
    code = TrimWhitespace(code);
    std::size_t cut = code.find_last_of(":/#");
    return cut == std::string_view::npos ? code : code.substr(cut + 1);
}

Role Classify(std::string_view role) {
    if (TrimWhitespace(role).empty()) return Role::kNone;
    std::string r = AsciiLower(CodePart(role));
    if (r == "main") return Role::kMain;
    if (r == "summary" || r == "abstract" || r == "intro" || r == "teaser") return Role::kSummary;
    if (r == "caption" || r == "videocaption") return Role::kCaption;
    if (r == "alt" || r == "alttext" || r == "alternativetext") return Role::kAlt;
    if (r == "creditline" || r == "credit") return Role::kCredit;
    return Role::kOther;
}

// The primary language subtag, lower-cased: "en-GB" -> "en".
std::string PrimaryLanguage(std::string_view tag) {
    std::string lower = AsciiLower(TrimWhitespace(tag));
    return lower.substr(0, lower.find_first_of("-_"));
}

// The xml:lang in force at `node`.
std::string_view LanguageAt(pugi::xml_node node) {
    for (pugi::xml_node n = node; n.type() == pugi::node_element; n = n.parent()) {
        if (pugi::xml_attribute lang = n.attribute("xml:lang")) return lang.value();
    }
    return {};
}

// The best `name` child of a concept (subject, provider, ...): one in `language` (a primary subtag)
// over others, and a full name over a mnemonic or short one; the first among equals.
std::string ConceptName(const Vocabulary& g2, pugi::xml_node concept_element,
                        std::string_view language) {
    std::string best;
    int best_score = -1;
    for (pugi::xml_node name : g2.Children(concept_element, "name")) {
        std::string text = Text(name);
        if (text.empty()) continue;
        std::string role = AsciiLower(CodePart(Attr(name, "role")));
        int score = (role != "mnemonic" && role != "short") ? 1 : 0;
        if (!language.empty() && PrimaryLanguage(LanguageAt(name)) == language) score += 2;
        if (score > best_score) {
            best = std::move(text);
            best_score = score;
        }
    }
    return best;
}

// A concept as text: its name, else @literal, else the code of @qcode, else @uri.
std::string ConceptLabel(const Vocabulary& g2, pugi::xml_node concept_element,
                         std::string_view language) {
    std::string label = ConceptName(g2, concept_element, language);
    if (label.empty()) label = Collapse(Attr(concept_element, "literal"));
    if (label.empty()) label = std::string(CodePart(Attr(concept_element, "qcode")));
    if (label.empty()) label = Collapse(Attr(concept_element, "uri"));
    return label;
}

// An item class as a type: "ninat:picture" / "icls:picture" -> "picture".
std::string ClassOf(pugi::xml_node item_class) {
    std::string_view code = Attr(item_class, "qcode");
    if (TrimWhitespace(code).empty()) code = Attr(item_class, "uri");
    return AsciiLower(CodePart(code));
}

std::string FirstText(const Vocabulary& g2, pugi::xml_node parent, std::string_view local) {
    for (pugi::xml_node child : g2.Children(parent, local)) {
        if (std::string text = Text(child); !text.empty()) return text;
    }
    return {};
}

std::optional<Timestamp> TimeOf(pugi::xml_node node) {
    if (!node) return std::nullopt;
    return ParseIsoDateTime(Text(node));
}

int SmallInt(std::string_view text, int max) {
    text = TrimWhitespace(text);
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > max)
        return 0;
    return value;
}

std::optional<PubStatus> ReadPubStatus(pugi::xml_node status) {
    std::string_view code = Attr(status, "qcode");
    if (TrimWhitespace(code).empty()) code = Attr(status, "uri");
    if (TrimWhitespace(code).empty()) code = Attr(status, "literal");
    std::string value = AsciiLower(CodePart(code));
    if (value.empty() || value == "usable") return PubStatus::kUsable;
    if (value == "withheld") return PubStatus::kWithheld;
    if (value == "canceled" || value == "cancelled") return PubStatus::kCanceled;
    return std::nullopt;
}

Result<void> ReadItemMeta(const Vocabulary& g2, pugi::xml_node meta, std::string_view language,
                          ParsedItem& out) {
    WireItem& item = out.item;
    item.type = ClassOf(g2.Child(meta, "itemClass"));
    item.provider = ConceptLabel(g2, g2.Child(meta, "provider"), language);
    item.version_created = TimeOf(g2.Child(meta, "versionCreated"));
    item.first_created = TimeOf(g2.Child(meta, "firstCreated"));
    if (pugi::xml_node embargoed = g2.Child(meta, "embargoed")) {
        // Empty means "embargoed, release time to follow"; an unreadable time is held too.
        item.embargoed_until = ParseIsoDateTime(Text(embargoed)).value_or(kEmbargoedIndefinitely);
    }
    if (pugi::xml_node status = g2.Child(meta, "pubStatus")) {
        std::optional<PubStatus> pub_status = ReadPubStatus(status);
        if (!pub_status) {
            return Fail(ErrorCode::kInvalidInput, "pubStatus \"" + Collapse(Attr(status, "qcode")) +
                                                      "\" is not usable, withheld or canceled");
        }
        item.pub_status = *pub_status;
    }
    std::unordered_set<std::string> notes;  // dpa repeats notes under several roles.
    for (pugi::xml_node note : g2.Children(meta, "edNote")) {
        std::string text = Text(note);
        if (text.empty() || !notes.insert(text).second) continue;
        if (!item.ed_note.empty()) item.ed_note += '\n';
        item.ed_note += text;
    }
    for (pugi::xml_node signal : g2.Children(meta, "signal")) {
        if (item.ed_note.empty() && Attr(signal, "qcode") == "sig:correction") {
            item.ed_note = "Correction";
        }
    }
    for (pugi::xml_node link : g2.Children(meta, "link")) {
        if (AsciiLower(CodePart(Attr(link, "rel"))) == "previousversion") continue;
        std::string target(TrimWhitespace(Attr(link, "residref")));
        if (target.empty()) target = TrimWhitespace(Attr(link, "guidref"));
        if (!target.empty() && target != item.uri) out.linked.push_back(std::move(target));
    }
    return {};
}

// The place a dateline starts with: "London (dpa) - " -> "London", "FORT WASHINGTON, Pa." ->
// "FORT WASHINGTON"; "" when that holds a digit (Reuters puts a timestamp there).
std::string PlaceOfDateline(const std::string& dateline) {
    std::string place = dateline.substr(0, dateline.find_first_of(",("));
    bool cut = true;
    while (cut) {
        cut = false;
        for (std::string_view tail : {" ", "-", ":", ";", "\u2013", "\u2014"}) {
            if (std::string_view(place).ends_with(tail)) {
                place.erase(place.size() - tail.size());
                cut = true;
            }
        }
    }
    if (std::ranges::any_of(place, [](char c) { return c >= '0' && c <= '9'; })) return {};
    return place;
}

struct Texts {
    std::vector<std::pair<Role, std::string>> descriptions;
    std::string creditline;
};

// The first description with a role in `roles`.
std::string Pick(const Texts& texts, std::initializer_list<Role> roles) {
    for (const auto& [role, text] : texts.descriptions) {
        if (std::ranges::find(roles, role) != roles.end()) return text;
    }
    return {};
}

WireSubject ReadSubject(const Vocabulary& g2, pugi::xml_node subject, std::string_view language) {
    WireSubject out;
    out.name = ConceptName(g2, subject, language);
    out.code = Collapse(Attr(subject, "qcode"));
    if (out.code.empty()) out.code = Collapse(Attr(subject, "uri"));
    if (out.code.empty()) out.code = Collapse(Attr(subject, "literal"));
    if (std::optional<std::string_view> digits = MediaTopicDigits(out.code)) {
        // One spelling for Media Topics across formats: the URI, as ninjs sends it.
        out.code = std::string(kMediaTopicUriPrefix) + std::string(*digits);
        if (out.name.empty()) out.name = std::string(MediaTopicName(out.code).value_or(""));
    }
    return out;
}

// `language` is the item's primary language subtag, to choose among names.
Texts ReadContentMeta(const Vocabulary& g2, pugi::xml_node meta, std::string_view language,
                      WireItem& item) {
    item.urgency = SmallInt(FirstText(g2, meta, "urgency"), 9);
    for (pugi::xml_node located : g2.Children(meta, "located")) {
        item.located = ConceptName(g2, located, language);
        if (item.located.empty()) item.located = Collapse(Attr(located, "literal"));
        if (!item.located.empty()) break;
    }
    if (item.located.empty()) item.located = PlaceOfDateline(FirstText(g2, meta, "dateline"));
    item.byline = FirstText(g2, meta, "by");
    if (item.byline.empty()) {
        for (pugi::xml_node creator : g2.Children(meta, "creator")) {
            std::string name = ConceptName(g2, creator, language);
            if (name.empty()) continue;
            if (!item.byline.empty()) item.byline += ", ";
            item.byline += name;
        }
    }
    std::unordered_set<std::string> seen;  // name + '\n' + code
    for (pugi::xml_node subject : g2.Children(meta, "subject")) {
        WireSubject s = ReadSubject(g2, subject, language);
        if ((s.name.empty() && s.code.empty()) || !seen.insert(s.name + '\n' + s.code).second) {
            continue;
        }
        item.subjects.push_back(std::move(s));
    }
    for (pugi::xml_node genre : g2.Children(meta, "genre")) {
        std::string label = ConceptLabel(g2, genre, language);
        if (!label.empty()) item.genres.push_back(std::move(label));
    }
    item.slugline = FirstText(g2, meta, "slugline");
    // The first headline without a role or with role "main"; else the first.
    for (pugi::xml_node headline : g2.Children(meta, "headline")) {
        std::string text = Text(headline);
        if (text.empty()) continue;
        Role role = Classify(Attr(headline, "role"));
        if (role == Role::kNone || role == Role::kMain) {
            item.headline = std::move(text);
            break;
        }
        if (item.headline.empty()) item.headline = std::move(text);
    }
    Texts texts;
    for (pugi::xml_node description : g2.Children(meta, "description")) {
        std::string text = Text(description);
        if (!text.empty())
            texts.descriptions.emplace_back(Classify(Attr(description, "role")), text);
    }
    item.summary = Pick(texts, {Role::kSummary});
    if (item.summary.empty()) item.summary = Pick(texts, {Role::kNone});
    texts.creditline = FirstText(g2, meta, "creditline");
    return texts;
}

// Concatenated character data of `node` (text and CDATA children).
std::string CharacterData(pugi::xml_node node) {
    std::string out;
    for (pugi::xml_node child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
            out += child.value();
    }
    return out;
}

// Plain text that plainly is HTML (ANSA sends <p> blocks as text/plain).
bool LooksLikeHtml(std::string_view text) {
    std::string start = AsciiLower(TrimWhitespace(text).substr(0, 4));
    return start.starts_with("<p>") || start.starts_with("<p ") || start == "<div" ||
           start.starts_with("<br");
}

std::string TextOrHtml(std::string text, std::string_view content_type) {
    if (content_type.find("html") != std::string_view::npos || LooksLikeHtml(text)) return text;
    return TextToHtml(text);
}

// An inlineXML body as HTML; `headline` gets the body's own headline, if it has one.
std::string InlineXmlToHtml(pugi::xml_node inline_xml, std::string& headline) {
    std::string type = AsciiLower(Attr(inline_xml, "contenttype"));
    pugi::xml_node root =
        inline_xml.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
    if (!root) return TextOrHtml(CharacterData(inline_xml), type);
    std::string_view local = LocalName(root);
    std::optional<std::string_view> ns = NamespaceOf(root);
    bool nitf = local == "nitf" || ns == kNitfNamespace || type.find("nitf") != std::string::npos;
    bool html = local == "html" || local == "body" || ns == kXhtmlNamespace ||
                type.find("html") != std::string::npos;
    if (!nitf && !html) return {};  // Another vocabulary (SportsML, events): not a body.
    if (nitf) {
        pugi::xml_node body = local == "body" ? root : ChildByLocalName(root, "body");
        headline = Text(ChildByLocalName(
            ChildByLocalName(ChildByLocalName(body, "body.head"), "hedline"), "hl1"));
        if (headline.empty())
            headline = Text(ChildByLocalName(ChildByLocalName(root, "head"), "title"));
        return ChildrenToHtml(ChildByLocalName(body, "body.content"), Markup::kNitf);
    }
    pugi::xml_node document = local == "html" ? root : pugi::xml_node();
    headline = Text(ChildByLocalName(ChildByLocalName(document, "head"), "title"));
    pugi::xml_node body = local == "body" ? root : ChildByLocalName(document, "body");
    return ChildrenToHtml(body ? body : document ? document : inline_xml, Markup::kXhtml);
}

Rendition ReadRendition(pugi::xml_node remote) {
    Rendition r;
    r.name = Collapse(Attr(remote, "rendition"));
    r.href = std::string(TrimWhitespace(Attr(remote, "href")));
    if (r.href.empty()) r.href = TrimWhitespace(Attr(remote, "residref"));
    r.mime = Collapse(Attr(remote, "contenttype"));
    r.width = SmallInt(Attr(remote, "width"), 100000);
    r.height = SmallInt(Attr(remote, "height"), 100000);
    return r;
}

// The body (first inlineXML with content, else first inlineData) and the renditions.
void ReadContentSet(const Vocabulary& g2, pugi::xml_node set, WireItem& item,
                    std::vector<Rendition>& renditions, std::string& body_headline) {
    std::string data_html;
    for (pugi::xml_node child : set.children()) {
        if (g2.Is(child, "inlineXML") && TrimWhitespace(item.body_html).empty()) {
            item.body_html = InlineXmlToHtml(child, body_headline);
        } else if (g2.Is(child, "inlineData") && data_html.empty()) {
            std::string type = AsciiLower(TrimWhitespace(Attr(child, "contenttype")));
            std::string encoding = AsciiLower(TrimWhitespace(Attr(child, "encoding")));
            bool textual =
                type.empty() || type.starts_with("text/") || type.find("html") != std::string::npos;
            if (textual && (encoding.empty() || encoding.starts_with("utf"))) {
                data_html = TextOrHtml(CharacterData(child), type);
            }
        } else if (g2.Is(child, "remoteContent")) {
            Rendition r = ReadRendition(child);
            if (!r.href.empty()) renditions.push_back(std::move(r));
        }
    }
    if (TrimWhitespace(item.body_html).empty()) item.body_html = std::move(data_html);
}

std::vector<ItemRef> ReadRefs(const Vocabulary& g2, pugi::xml_node package) {
    std::vector<pugi::xml_node> refs;
    for (pugi::xml_node group : g2.Children(g2.Child(package, "groupSet"), "group")) {
        for (pugi::xml_node ref : g2.Children(group, "itemRef")) refs.push_back(ref);
    }
    if (refs.empty()) refs = g2.Children(package, "itemRef");  // Loose examples skip groupSet.
    std::vector<ItemRef> out;
    for (pugi::xml_node ref : refs) {
        ItemRef r;
        r.residref = TrimWhitespace(Attr(ref, "residref"));
        if (r.residref.empty()) r.residref = TrimWhitespace(Attr(ref, "href"));
        r.item_class = ClassOf(g2.Child(ref, "itemClass"));
        r.title = FirstText(g2, ref, "title");
        r.description = FirstText(g2, ref, "description");
        out.push_back(std::move(r));
    }
    return out;
}

bool IsImage(const Rendition& r) { return AsciiLower(r.mime).starts_with("image/"); }

}  // namespace

Result<ParsedItem> ReadItem(const Vocabulary& g2, pugi::xml_node element) {
    ParsedItem out;
    WireItem& item = out.item;
    out.is_package = LocalName(element) == "packageItem";
    item.uri = TrimWhitespace(Attr(element, "guid"));
    // A package without a guid can still stand for the item it references.
    if (item.uri.empty() && !out.is_package) return Fail(ErrorCode::kInvalidInput, "no guid");
    item.version = TrimWhitespace(Attr(element, "version"));
    if (item.version.empty()) item.version = "1";  // The XSD default.
    pugi::xml_node content_meta = g2.Child(element, "contentMeta");
    for (pugi::xml_node tag : g2.Children(content_meta, "language")) {
        item.language = Collapse(Attr(tag, "tag"));
        if (!item.language.empty()) break;
    }
    if (item.language.empty()) item.language = Collapse(LanguageAt(element));
    std::string language = PrimaryLanguage(item.language);
    Result<void> meta = ReadItemMeta(g2, g2.Child(element, "itemMeta"), language, out);
    if (!meta) return meta.error();
    Texts texts = ReadContentMeta(g2, content_meta, language, item);
    for (pugi::xml_node rights : g2.Children(element, "rightsInfo")) {
        item.copyright_holder = ConceptLabel(g2, g2.Child(rights, "copyrightHolder"), language);
        if (!item.copyright_holder.empty()) break;
    }
    if (out.is_package) {
        item.type = "composite";
        out.refs = ReadRefs(g2, element);
        return out;
    }
    std::vector<Rendition> renditions;
    std::string body_headline;
    ReadContentSet(g2, g2.Child(element, "contentSet"), item, renditions, body_headline);
    if (item.headline.empty()) item.headline = std::move(body_headline);
    if (item.type.empty()) {
        bool image = std::ranges::any_of(renditions, IsImage);
        item.type = !item.body_html.empty() ? "text" : image ? "picture" : "";
    }
    out.is_picture = item.type == "picture" || item.type == "graphic";
    if (out.is_picture) {
        WirePicture picture;
        picture.uri = item.uri;
        picture.alt_text = Pick(texts, {Role::kAlt});
        if (picture.alt_text.empty()) picture.alt_text = item.headline;
        picture.caption = Pick(texts, {Role::kCaption});
        if (picture.caption.empty()) picture.caption = Pick(texts, {Role::kNone, Role::kSummary});
        picture.credit = !texts.creditline.empty() ? texts.creditline
                         : !item.byline.empty()    ? item.byline
                                                   : item.copyright_holder;
        picture.renditions = std::move(renditions);
        item.picture = std::move(picture);
    } else if (std::ranges::any_of(renditions, IsImage)) {
        // A text item that carries its own picture (ANSA).
        WirePicture picture;
        std::erase_if(renditions, [](const Rendition& r) { return !IsImage(r); });
        picture.uri = renditions.front().href;
        picture.credit = item.copyright_holder;
        picture.renditions = std::move(renditions);
        item.picture = std::move(picture);
    }
    return out;
}

}  // namespace broadsheet::ingest::g2
