#pragma once

// Reading gateway JSON (internal to billing/*.cc): fields that may be missing, null or of
// another type than documented come back as nullopt, never as an exception.

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace broadsheet::billing {

/// The value at `path` ("payload", "subscription", "entity"), or null if any step is missing.
inline const nlohmann::json* JsonAt(const nlohmann::json& root,
                                    std::initializer_list<const char*> path) {
    const nlohmann::json* node = &root;
    for (const char* key : path) {
        if (!node->is_object()) return nullptr;
        auto it = node->find(key);
        if (it == node->end()) return nullptr;
        node = &*it;
    }
    return node;
}

inline std::optional<std::string> JsonString(const nlohmann::json& root,
                                             std::initializer_list<const char*> path) {
    const nlohmann::json* node = JsonAt(root, path);
    if (!node || !node->is_string()) return std::nullopt;
    return node->get<std::string>();
}

/// An integer, also when sent as a string of digits ("12", as in Razorpay notes).
inline std::optional<int64_t> JsonInt(const nlohmann::json& root,
                                      std::initializer_list<const char*> path) {
    const nlohmann::json* node = JsonAt(root, path);
    if (!node) return std::nullopt;
    if (node->is_number_integer()) return node->get<int64_t>();
    if (node->is_string()) {
        const std::string& text = node->get_ref<const std::string&>();
        if (text.empty() || text.size() > 18 ||
            text.find_first_not_of("0123456789") != std::string::npos) {
            return std::nullopt;
        }
        return std::stoll(text);
    }
    return std::nullopt;
}

inline std::optional<bool> JsonBool(const nlohmann::json& root,
                                    std::initializer_list<const char*> path) {
    const nlohmann::json* node = JsonAt(root, path);
    if (!node || !node->is_boolean()) return std::nullopt;
    return node->get<bool>();
}

}  // namespace broadsheet::billing
