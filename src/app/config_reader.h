#pragma once

// Internal to app/: the TOML reading helpers shared by config.cc and config_feeds.cc.

#include <toml++/toml.h>

#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"

namespace broadsheet::app::config_internal {

// Collects the first problem found while reading, with where it was.
/// Reads typed values, keeping the first problem found with its file, line and key.
class Reader final {
public:
    explicit Reader(std::string_view source) : source_(source) {}

    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }

    void Problem(const toml::node* node, std::string_view key, std::string_view message) {
        if (failed()) return;
        std::ostringstream out;
        out << source_;
        if (node) out << ":" << node->source().begin.line;
        out << ": " << key << ": " << message;
        error_ = out.str();
    }

    // Reports every key of `table` not in `known`.
    void CheckKeys(const toml::table& table, std::string_view where, std::initializer_list<std::string_view> known) {
        for (const auto& [key, node] : table) {
            bool ok = false;
            for (std::string_view k : known) ok = ok || k == key.str();
            if (!ok) {
                std::string name = where.empty() ? std::string(key.str()) : std::string(where) + "." + std::string(key.str());
                Problem(&node, name, "unknown key");
            }
        }
    }

    void String(const toml::table& table, std::string_view where, std::string_view key, std::string& out) {
        const toml::node* node = table.get(key);
        if (!node) return;
        if (auto value = node->value<std::string>(); node->is_string() && value) {
            out = *value;
        } else {
            Problem(node, Name(where, key), "expected a string");
        }
    }

    void Int(const toml::table& table, std::string_view where, std::string_view key, int64_t& out, int64_t min,
             int64_t max) {
        const toml::node* node = table.get(key);
        if (!node) return;
        if (!node->is_integer()) {
            Problem(node, Name(where, key), "expected an integer");
            return;
        }
        int64_t value = *node->value<int64_t>();
        if (value < min || value > max) {
            Problem(node, Name(where, key),
                    "must be between " + std::to_string(min) + " and " + std::to_string(max));
            return;
        }
        out = value;
    }

    void Int(const toml::table& table, std::string_view where, std::string_view key, int& out, int min, int max) {
        int64_t wide = out;
        Int(table, where, key, wide, min, max);
        out = static_cast<int>(wide);
    }

    void Bool(const toml::table& table, std::string_view where, std::string_view key, bool& out) {
        const toml::node* node = table.get(key);
        if (!node) return;
        if (!node->is_boolean()) {
            Problem(node, Name(where, key), "expected true or false");
            return;
        }
        out = *node->value<bool>();
    }

    void StringList(const toml::table& table, std::string_view where, std::string_view key,
                    std::vector<std::string>& out) {
        const toml::node* node = table.get(key);
        if (!node) return;
        const toml::array* array = node->as_array();
        if (!array) {
            Problem(node, Name(where, key), "expected an array of strings");
            return;
        }
        out.clear();
        for (const toml::node& element : *array) {
            if (!element.is_string()) {
                Problem(&element, Name(where, key), "expected an array of strings");
                return;
            }
            out.push_back(*element.value<std::string>());
        }
    }

    // The tables of an array of tables `[[key]]`, or nullptr (reported) if it is something else.
    const toml::array* Tables(const toml::table& root, std::string_view key) {
        const toml::node* node = root.get(key);
        if (!node) return nullptr;
        const toml::array* array = node->as_array();
        if (!array || !array->is_array_of_tables()) {
            Problem(node, key, "expected an array of tables, written [[" + std::string(key) + "]]");
            return nullptr;
        }
        return array;
    }

    const toml::table* Table(const toml::table& root, std::string_view key) {
        const toml::node* node = root.get(key);
        if (!node) return nullptr;
        if (!node->is_table()) {
            Problem(node, key, "expected a table, written [" + std::string(key) + "]");
            return nullptr;
        }
        return node->as_table();
    }

private:
    static std::string Name(std::string_view where, std::string_view key) {
        return std::string(where) + "." + std::string(key);
    }

    std::string source_;
    std::string error_;
};

/// Lower-case letters, digits and inner hyphens.
inline bool IsSlug(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return s.front() != '-' && s.back() != '-';
}

/// Reads `[[feeds]]` into `config.feeds` (sections must already be read).
void ReadFeeds(Reader& r, const toml::table& root, Config& config);

/// Reads `[[rules]]` into `config.rules` (sections and feeds must already be read).
void ReadRules(Reader& r, const toml::table& root, Config& config);

}  // namespace broadsheet::app::config_internal
