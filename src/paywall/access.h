#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace broadsheet::paywall {

/// What a reader sees of a story.
enum class Access {
    kFull,    ///< The whole story.
    kTeaser,  ///< Headline, standfirst, picture and first paragraph, with the offer.
};

/// The free premium stories a reader has opened this month, and how many they may.
struct MeterState {
    int limit = 0;
    std::vector<int64_t> read;  ///< Article ids, each once.
};

struct Decision {
    Access access = Access::kTeaser;
    bool count = false;  ///< Record this story as read on the meter.
    int remaining = 0;   ///< Free premium stories left this month after this one.
};

/// THE paywall decision; every reader-facing output asks it. A story that is not premium is
/// full; a premium story is full for a reader entitled to premium stories; otherwise it is
/// full on the meter (counted once per story: a story already read stays full, a new one
/// needs a free story left) and a teaser when the meter is spent or there is no meter
/// (feeds, sitemaps, search snippets: outputs with no reader).
Decision Decide(bool premium, bool entitled, const MeterState* meter, ArticleId article);

/// The month a meter counts in: "2024-11", from a local date "2024-11-16".
std::string MeterMonth(std::string_view local_date);

/// A visitor's meter, kept in a signed cookie (tamper-evident: a changed or forged cookie
/// counts as no reads, never as more).
struct VisitorMeter {
    std::string month;          ///< "2024-11"
    std::vector<int64_t> read;  ///< Article ids read free this month.
};

/// "2024-11.12-40-7.<HMAC-SHA256, base64url>"; cookie-safe. `secret` is the data dir's key.
std::string EncodeMeterCookie(const VisitorMeter& meter, const std::string& secret);
/// nullopt when the value is malformed or its signature does not match.
std::optional<VisitorMeter> DecodeMeterCookie(std::string_view value, const std::string& secret);

/// Stories a cookie remembers at most (the meter's limit is far below).
inline constexpr size_t kMaxMeterIds = 100;

}  // namespace broadsheet::paywall
