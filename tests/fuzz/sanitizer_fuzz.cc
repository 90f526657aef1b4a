// libFuzzer target: SanitizeHtml must not crash, and its output must re-sanitize to itself.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "ingest/sanitizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view html(reinterpret_cast<const char*>(data), size);
    broadsheet::ingest::SanitizedHtml once = broadsheet::ingest::SanitizeHtml(html);
    broadsheet::ingest::SanitizedHtml twice = broadsheet::ingest::SanitizeHtml(once.html);
    if (twice.html != once.html) {
        std::fprintf(stderr, "not idempotent:\n once: %s\ntwice: %s\n", once.html.c_str(),
                     twice.html.c_str());
        __builtin_trap();
    }
    return 0;
}
