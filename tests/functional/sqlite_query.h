#pragma once

#include <cstdint>
#include <filesystem>

namespace broadsheet::testing {

/// One integer from a read-only query on the SQLite database at `database`; -1 when the
/// database is not there yet or is busy (for 2 s).
int64_t QueryInt(const std::filesystem::path& database, const char* sql);

}  // namespace broadsheet::testing
