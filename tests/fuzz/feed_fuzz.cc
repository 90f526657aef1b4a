// libFuzzer target: ParseFeed must accept or reject any input without crashing, and what it
// accepts must keep its contract. The first byte picks an HTTP charset, so that path is
// fuzzed too.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/formats/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static constexpr std::array<std::string_view, 6> kCharsets = {"", "", "utf-8", "windows-1252",
                                                                   "utf-16", "shift_jis"};
    std::string_view charset = size > 0 ? kCharsets[data[0] % kCharsets.size()] : "";
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto doc = broadsheet::ingest::ParseFeed(bytes, charset);
    if (doc) {
        for (const auto& item : doc->items) {
            if (item.uri.empty()) __builtin_trap();  // Every item has an identity.
        }
        for (const auto& reason : doc->rejected) {
            if (reason.empty()) __builtin_trap();
        }
    } else if (doc.error().message.empty()) {
        __builtin_trap();
    }
    return 0;
}
