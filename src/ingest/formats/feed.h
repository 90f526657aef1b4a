#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "ingest/formats/parsed_document.h"

namespace broadsheet::ingest {

/// Larger feed documents are rejected with ErrorCode::kTooLarge.
inline constexpr std::size_t kMaxFeedBytes = std::size_t{16} << 20;

/// Parses an RSS 2.0, RSS 0.9x, RSS 1.0 (RDF) or Atom 1.0 document into one WireItem per
/// item or entry. Also accepted: Atom 0.3, Atom entry documents, and a `feed` root with no
/// namespace (read as Atom).
///
/// `http_charset` is the charset of the HTTP Content-Type, if the document came over HTTP;
/// the encoding is found as XmlToUtf8 says. Elements are matched by namespace URI, never by
/// prefix. Reference and markup defects are repaired before parsing (RepairXmlReferences);
/// DTDs are never read, so no entity is expanded and nothing is fetched.
///
/// Mapping (docs: FORMATS.md §2-3):
///  * RSS: uri = guid, else rdf:about (RSS 1.0), else link, else "urn:broadsheet:feed-item:"
///    + a content hash; link = link (or a permalink guid); headline = title as text;
///    summary = description as text; body_html = content:encoded, else xhtml:body, else
///    description; byline = dc:creator(s), else the name in `author` (never a bare e-mail);
///    first_created = pubDate (else atom:published, dcterms:issued/created, dc:date);
///    version_created = atom:updated, dcterms:modified or dc:date, else first_created;
///    subjects = category (+domain), dc:subject and media:category; provider = source,
///    else channel title;
///    language = dc:language, else the channel's, else xml:lang.
///  * RSS has no version: `version` is ContentHash (headline, summary, body: "h" + 16 hex
///    digits), so changed content under the same guid is a new version. The store orders
///    non-numeric versions by version_created, so a change that keeps the item's date
///    compares by the hash strings, i.e. arbitrarily.
///  * Atom: uri = id (verbatim, trimmed), else the alternate link; version = `updated` as
///    sent (else the content hash); headline/summary = title/summary as text; body_html =
///    content (html as is, xhtml without its div, text as paragraphs, @src or binary: none),
///    else summary; byline = entry authors, else the source's, else the feed's; provider =
///    source author or title, else feed author, else feed title; published/updated as
///    first/version_created; category: name = label else term, code = scheme + term (term
///    alone when there is a label but no scheme), plus dc:subject and media:category.
///    Atom 0.3's issued/modified/created and mode="base64" text are read too. An
///    at:deleted-entry (RFC 6721) gives an item with uri = @ref, pub_status kCanceled and
///    version = @when.
///  * Pictures: the image media:content elements of the first media:group holding one, then
///    the item's own, then image enclosures (RSS enclosure, Atom link rel=enclosure), as
///    renditions of one picture; media:thumbnail only when there is nothing else. Caption, credit
///    and alt text from media:description, media:credit and media:title.
///  * Links and enclosure URLs are resolved against xml:base and the feed's own link.
///    HTML is not sanitized and URLs inside it are not resolved: the publisher sanitizes.
///
/// An RSS item with no title, description or content, or an Atom entry with neither an id
/// nor an alternate link, is skipped with a reason in `rejected`; the others are still
/// returned. Whether an item has enough to publish (a headline) is the publisher's call.
///
/// Errors: kTooLarge over kMaxFeedBytes; kUnsupported for an unknown encoding or a
/// well-formed document that is not a feed; kInvalidInput when the XML is not well-formed
/// even after repair (pugixml's description, line and column). Messages start with
/// "feed: ". Thread-safe; never throws for any input.
[[nodiscard]] Result<ParsedDocument> ParseFeed(std::string_view bytes,
                                               std::string_view http_charset = {});

}  // namespace broadsheet::ingest
