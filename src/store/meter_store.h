#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/reader.h"
#include "core/result.h"

namespace broadsheet::store {

/// The meter of signed-in readers: which premium stories each read free in a month.
/// (Visitors' meters live in a signed cookie.) Thread-safe.
class MeterStore {
public:
    virtual ~MeterStore() = default;
    /// The stories `reader` read free in `month` ("2024-11"), oldest first.
    virtual Result<std::vector<int64_t>> ReadIn(ReaderId reader, const std::string& month) const = 0;
    /// Records a free read; reading the same story again in the month changes nothing.
    virtual Result<void> Record(ReaderId reader, const std::string& month, ArticleId article, Timestamp at) = 0;
};

}  // namespace broadsheet::store
