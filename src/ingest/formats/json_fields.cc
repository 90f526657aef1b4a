#include "ingest/formats/json_fields.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "core/text.h"

namespace broadsheet::ingest::json_fields {

std::string Join(std::string_view path, std::string_view key) {
    std::string out(path);
    if (!out.empty()) out += '.';
    out += key;
    return out;
}

std::string Index(std::string_view path, std::size_t i) {
    return std::string(path) + '[' + std::to_string(i) + ']';
}

const char* TypeWithArticle(const Json& value) {
    switch (value.type()) {
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        case Json::value_t::string: return "a string";
        case Json::value_t::boolean: return "a boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float: return "a number";
        default: return "null";
    }
}

std::string DescribeParseError(const Json::parse_error& e) {
    std::string what = e.what();
    std::size_t start = what.find("] ");
    if (start != std::string::npos) what.erase(0, start + 2);
    std::size_t quote = what.find("; last read");
    if (quote != std::string::npos) what.erase(quote);
    return what;
}

void FieldReader::Fail(std::string message) {
    if (!error_) error_ = Error{ErrorCode::kInvalidInput, prefix_ + std::move(message)};
}

void FieldReader::WrongType(std::string_view path, std::string_view expected, const Json& got) {
    Fail("\"" + std::string(path) + "\" must be " + std::string(expected) + ", not " +
         TypeWithArticle(got));
}

const Json* FieldReader::Find(const Json& object, std::initializer_list<std::string_view> keys) {
    if (!object.is_object()) return nullptr;
    for (std::string_view key : keys) {
        auto it = object.find(key);
        if (it != object.end() && !it->is_null()) return &*it;
    }
    return nullptr;
}

std::string FieldReader::KeyOf(const Json& object, const Json* value) {
    for (const auto& [key, member] : object.items()) {
        if (&member == value) return key;
    }
    return {};
}

std::string FieldReader::String(const Json* value, std::string_view path) {
    if (value == nullptr) return {};
    if (!value->is_string()) {
        WrongType(path, "a string", *value);
        return {};
    }
    return value->get<std::string>();
}

std::string FieldReader::String(const Json& object, std::string_view path,
                                std::initializer_list<std::string_view> keys) {
    const Json* value = Find(object, keys);
    if (value == nullptr || value->is_string()) return value ? value->get<std::string>() : "";
    WrongType(Join(path, KeyOf(object, value)), "a string", *value);
    return {};
}

std::optional<double> FieldReader::Number(const Json* value, std::string_view path) {
    if (value == nullptr) return std::nullopt;
    if (value->is_number()) return value->get<double>();
    if (value->is_string()) {
        std::string_view text = TrimWhitespace(value->get_ref<const std::string&>());
        double number = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec == std::errc() && end == text.data() + text.size()) return number;
        return std::nullopt;
    }
    WrongType(path, "a number", *value);
    return std::nullopt;
}

int FieldReader::Dimension(const Json* value, std::string_view path) {
    std::optional<double> n = Number(value, path);
    if (!n || !std::isfinite(*n) || *n < 0 || *n > std::numeric_limits<int>::max()) return 0;
    return static_cast<int>(*n);
}

std::optional<Timestamp> FieldReader::Time(const Json* value, std::string_view path) {
    std::string text = String(value, path);
    return text.empty() ? std::nullopt : ParseIsoDateTime(text);
}

const Json* FieldReader::Array(const Json* value, std::string_view path) {
    if (value == nullptr) return nullptr;
    if (!value->is_array()) {
        WrongType(path, "an array", *value);
        return nullptr;
    }
    return value;
}

std::vector<std::pair<const Json*, std::string>> FieldReader::Objects(const Json* array,
                                                                      std::string_view path) {
    std::vector<std::pair<const Json*, std::string>> out;
    if (Array(array, path) == nullptr) return out;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const Json& element = (*array)[i];
        if (element.is_null()) continue;
        if (!element.is_object()) {
            WrongType(Index(path, i), "an object", element);
            continue;
        }
        out.emplace_back(&element, Index(path, i));
    }
    return out;
}

}  // namespace broadsheet::ingest::json_fields
