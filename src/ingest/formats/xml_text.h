#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/text.h"

namespace broadsheet::ingest {

/// Converts an XML document's bytes to UTF-8, ready for an XML parser told "UTF-8".
///
/// The encoding comes from the byte order mark (UTF-8/16/32), else from the first bytes'
/// pattern (UTF-16/32 without a BOM, XML 1.0 appendix F), else from `http_charset` (the
/// charset of an HTTP Content-Type; quotes allowed; empty when there was none), else from
/// the XML declaration, else UTF-8. A declaration naming UTF-16/32 in an 8-bit document is
/// ignored. US-ASCII, UTF-8, UTF-16/32 (LE/BE), ISO-8859-1, Windows-1252 and ISO-8859-15
/// are decoded here, everything else iconv knows through iconv. ISO-8859-1 is decoded as
/// Windows-1252 (0x80-0x9F are the printable characters feeds mean), as browsers do.
///
/// UTF-8 and US-ASCII are decoded leniently: a byte that is not part of a valid UTF-8
/// sequence is taken as Windows-1252 (Latin-1 text mislabelled as UTF-8 is the commonest
/// feed defect), and so is a C1 control character (U+0080-U+009F, which no feed means).
/// Elsewhere undecodable input becomes U+FFFD; NUL always does. The BOM is
/// dropped and the declaration's encoding is rewritten to "UTF-8".
///
/// Errors: ErrorCode::kUnsupported for an encoding name iconv does not know. Pure;
/// thread-safe.
[[nodiscard]] Result<std::string> XmlToUtf8(std::string_view bytes,
                                            std::string_view http_charset = {});

/// Repairs the reference and markup defects of hand-made feeds in UTF-8 XML, outside
/// comments, CDATA sections, processing instructions and the DOCTYPE:
///  * named references XML does not define (`&hellip;`, `&nbsp;`) become numeric ones
///    when HTML 4 defines them, else their `&` is escaped (`&amp;bogus;`);
///  * a bare `&` becomes `&amp;`;
///  * numeric references to characters XML forbids become U+FFFD, except 128-159, which
///    are taken as the Windows-1252 characters they mean (`&#146;` is a quote);
///  * a `<` that cannot start markup (`a < b`) becomes `&lt;`.
/// nullopt when there is nothing to repair. Apart from references to 128-159, every repair
/// is of a well-formedness error, so a well-formed document keeps its meaning. pugixml does
/// not reject these defects (it keeps `&hellip;` verbatim), so feeds are always passed
/// through this. Pure; thread-safe.
std::optional<std::string> RepairXmlReferences(std::string_view xml);

/// The code point of an HTML 4 named character reference ("hellip" -> U+2026), nullopt
/// for other names. Case-sensitive, as HTML is ("Aacute" and "aacute" differ).
std::optional<char32_t> HtmlEntityCodePoint(std::string_view name);

}  // namespace broadsheet::ingest
