// libFuzzer target: ParseNinjs must accept or reject any input without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/formats/ninjs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view json(reinterpret_cast<const char*>(data), size);
    auto item = broadsheet::ingest::ParseNinjs(json);
    if (item) {
        // A parsed item always has an identity.
        if (item->uri.empty()) __builtin_trap();
    } else if (item.error().message.empty()) {
        __builtin_trap();
    }
    return 0;
}
