#pragma once

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace broadsheet::ingest::json_fields {

/// A parsed JSON document. Keeps members in document order, so "the first one" means what
/// the producer wrote first.
using Json = nlohmann::ordered_json;

/// The path of member `key` under `path` ("a.b"), for error messages; `key` alone at the
/// top level (empty `path`).
std::string Join(std::string_view path, std::string_view key);

/// The path of element `i` of the array at `path` ("a[2]"), for error messages.
std::string Index(std::string_view path, std::size_t i);

/// The JSON type of `value` with its article ("an object", "a number", ..., "null"), for
/// error messages.
const char* TypeWithArticle(const Json& value);

/// A parse error as "parse error at line 1, column 2: syntax error ...", without
/// nlohmann's exception id and without the input bytes it quotes ("; last read: ...").
std::string DescribeParseError(const Json::parse_error& e);

/// Reads typed fields out of a JSON document and remembers the first error, as
/// ErrorCode::kInvalidInput. A field of the wrong type reads as absent and records an error
/// naming its path; a null field is absent. The base of a format's reader; not thread-safe.
class FieldReader {
public:
    /// `prefix` starts every error message (e.g. "ninjs: ").
    explicit FieldReader(std::string prefix) : prefix_(std::move(prefix)) {}

    /// Whether an error has been recorded.
    bool failed() const { return error_.has_value(); }
    /// The first error recorded. Precondition: failed().
    Error TakeError() { return std::move(*error_); }

    /// Records `message` (after the prefix) unless an error is already recorded.
    void Fail(std::string message);
    /// Records that the value at `path` should have been `expected` ("a string").
    void WrongType(std::string_view path, std::string_view expected, const Json& got);

    /// The first of `keys` present in `object` with a non-null value; nullptr if none or if
    /// `object` is not an object.
    static const Json* Find(const Json& object, std::initializer_list<std::string_view> keys);
    /// The key under which `object` holds `value` (a pointer into it), for error paths.
    static std::string KeyOf(const Json& object, const Json* value);

    /// The string at `value`; "" if absent or not a string (an error).
    std::string String(const Json* value, std::string_view path);
    /// The first of `keys` present in `object`, which must be a string; "" if absent.
    std::string String(const Json& object, std::string_view path,
                       std::initializer_list<std::string_view> keys);

    /// A number, or a string holding one (Superdesk sends "172"); nullopt if absent or not
    /// numeric text. Any other type is an error.
    std::optional<double> Number(const Json* value, std::string_view path);
    /// A Number() that fits a non-negative int, truncated; 0 otherwise.
    int Dimension(const Json* value, std::string_view path);
    /// An ISO 8601 date-time string; nullopt if absent, empty or unparseable.
    std::optional<Timestamp> Time(const Json* value, std::string_view path);

    /// An array member; nullptr if absent or not an array (an error).
    const Json* Array(const Json* value, std::string_view path);
    /// The elements of an array of objects with their paths; nulls are skipped, anything
    /// else is an error.
    std::vector<std::pair<const Json*, std::string>> Objects(const Json* array,
                                                             std::string_view path);

private:
    std::string prefix_;
    std::optional<Error> error_;
};

}  // namespace broadsheet::ingest::json_fields
