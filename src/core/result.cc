#include "core/result.h"

#include <cstdio>
#include <cstdlib>

namespace broadsheet {

void CheckFailed(const char* condition, const char* file, int line) {
    std::fprintf(stderr, "CHECK failed: %s at %s:%d\n", condition, file, line);
    std::abort();
}

const char* ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidInput: return "invalid_input";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kGone: return "gone";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kForbidden: return "forbidden";
        case ErrorCode::kTooLarge: return "too_large";
        case ErrorCode::kUnsupported: return "unsupported";
        case ErrorCode::kIo: return "io";
        case ErrorCode::kRateLimited: return "rate_limited";
    }
    return "unknown";
}

}  // namespace broadsheet
