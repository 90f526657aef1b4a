// libFuzzer target: ParseQuery must not crash on any input, and a query it accepts must
// format to text that parses back to the same query (the "did you mean" links rely on it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "search/query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    // Bytes after the first NUL, if any, feed the from/to fields.
    std::string_view text = input.substr(0, input.find('\0'));
    std::string_view rest =
        text.size() < input.size() ? input.substr(text.size() + 1) : std::string_view();
    std::string_view from = rest.substr(0, std::min<std::size_t>(rest.size(), 10));
    std::string_view to = rest.substr(from.size());
    auto query =
        broadsheet::search::ParseQuery({.text = text, .from = from, .to = to, .order = ""});
    if (!query) {
        if (query.error().message.empty()) __builtin_trap();
        return 0;
    }
    std::string formatted = broadsheet::search::FormatQuery(*query);
    if (formatted.size() > broadsheet::search::kMaxQueryBytes) return 0;  // Spaces were added.
    auto again = broadsheet::search::ParseQuery({.text = formatted});
    if (!again || !(*again == *query)) {
        std::fprintf(stderr, "does not round-trip:\n  text: %.*s\nformat: %s\n  %s\n",
                     static_cast<int>(text.size()), text.data(), formatted.c_str(),
                     again ? "parsed differently" : again.error().message.c_str());
        __builtin_trap();
    }
    return 0;
}
