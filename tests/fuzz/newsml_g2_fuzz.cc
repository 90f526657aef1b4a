// libFuzzer target: ParseNewsMLG2 must accept or reject any input without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/formats/newsml_g2.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    auto parsed = broadsheet::ingest::ParseNewsMLG2(xml);
    if (parsed) {
        // Every item has an identity; every rejection says why.
        for (const auto& item : parsed->items) {
            if (item.uri.empty()) __builtin_trap();
        }
        for (const auto& reason : parsed->rejected) {
            if (reason.empty()) __builtin_trap();
        }
    } else if (parsed.error().message.empty()) {
        __builtin_trap();
    }
    return 0;
}
