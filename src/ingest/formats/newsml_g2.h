#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "ingest/formats/parsed_document.h"

namespace broadsheet::ingest {

/// Larger NewsML-G2 documents are rejected with ErrorCode::kTooLarge.
inline constexpr std::size_t kMaxNewsMLG2Bytes = std::size_t{16} << 20;

/// The `embargoed_until` of an item whose itemMeta/embargoed is empty (the XSD's "embargoed,
/// release time to follow") or unreadable: 9999-12-31T23:59:59Z, so the item is held until a
/// later version names the time.
inline constexpr Timestamp kEmbargoedIndefinitely{
    std::chrono::sys_days{std::chrono::year{9999} / 12 / 31} + std::chrono::hours{23} +
    std::chrono::minutes{59} + std::chrono::seconds{59}};

/// Parses a NewsML-G2 document: a newsItem, a packageItem, or a newsMessage holding several.
///
/// Elements are matched by local name and namespace URI (never by prefix); documents in no
/// namespace are accepted when they declare standard="NewsML-G2" (TT sends them so). Mapping
/// per docs FORMATS.md §5: guid -> uri, @version (default "1"), itemMeta, contentMeta,
/// rightsInfo; the body is the first inlineXML (XHTML, NITF mapped to HTML, or HTML) or else
/// inlineData (plain text becomes paragraphs); remoteContent becomes picture renditions.
/// Media Topic subjects get the URI form as code, and a name from MediaTopicName when the
/// wire sends none. Fallbacks: located <- the dateline's leading place; byline <- creator
/// names; headline <- the NITF hl1 or XHTML title; ed_note <- "Correction" for a
/// sig:correction signal. text/plain inlineData that starts with <p>, <div> or <br> is taken
/// as HTML (ANSA sends it so); XML other than XHTML/NITF/HTML in inlineXML is no body.
///
/// Items and pictures: a picture newsItem yields a WireItem of type "picture" with its
/// picture filled. A packageItem yields ONE item: its first referenced text item found in the
/// document (else its first other non-picture one), given the package's first referenced
/// picture; when none is in the document, a "composite" item made of the package's own
/// metadata and its itemRefs' titles and descriptions (rejected if the package has no guid).
/// A picture item referenced by a package or by a text item's itemMeta/link is not returned
/// on its own; it becomes the picture of the first item that references it (each item lends
/// itself once, so the output never outgrows the input). Everything else is returned in
/// document order. conceptItems, knowledgeItems, planningItems and catalogItems, newsItems
/// without a guid and items with an unknown pubStatus go to `rejected` with the reason.
///
/// Safety: DTDs are skipped and entities other than the XML built-ins are never expanded
/// (a billion-laughs document parses at once); no external resources are read. Encodings are
/// decoded by XmlToUtf8 (BOM, then the XML declaration: UTF-8/16/32, ISO-8859-1/-15,
/// Windows-1252, others through iconv).
///
/// Errors (messages start "newsml-g2: "): kTooLarge over kMaxNewsMLG2Bytes; kUnsupported for
/// an encoding iconv does not know; kInvalidInput when it is not well-formed XML (with line
/// and column), its root is not a NewsML-G2 element, or an element has more than 256
/// attributes. Thread-safe; never throws.
[[nodiscard]] Result<ParsedDocument> ParseNewsMLG2(std::string_view xml);

}  // namespace broadsheet::ingest
