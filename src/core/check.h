#pragma once

/// CHECK(condition): a programmer error if false. Never use it on user input: it aborts.
#define CHECK(condition)                                                       \
    do {                                                                       \
        if (!(condition)) ::broadsheet::CheckFailed(#condition, __FILE__, __LINE__); \
    } while (false)

namespace broadsheet {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace broadsheet
