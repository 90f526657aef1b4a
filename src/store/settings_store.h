#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {

/// The site settings admins change in the newsroom (`site_settings`, migration 15), and what
/// they need to know before removing a section. Implemented in store/sqlite. Thread-safe.
class SettingsStore {
public:
    virtual ~SettingsStore() = default;

    /// The stored value (JSON text) under `key`; nullopt when never set.
    virtual Result<std::optional<std::string>> Load(std::string_view key) const = 0;
    /// Stores `value` (JSON text) under `key`, by staff member `by` (0: the command line).
    virtual Result<void> Save(std::string_view key, std::string_view value, int64_t by,
                              Timestamp now) = 0;
    /// How many articles (any status) and staff drafts are filed under section `slug`.
    virtual Result<int64_t> SectionUseCount(std::string_view slug) const = 0;
    /// Topics stories carry (with the names the wires gave them), by slug from the first
    /// at or after `from`, at most `limit`.
    virtual Result<std::vector<Topic>> ListTopics(std::string_view from, int limit) const = 0;
    /// The topic `slug` with its wire name; kNotFound when no story ever carried it.
    virtual Result<Topic> FindTopic(std::string_view slug) const = 0;
};

}  // namespace broadsheet::store
