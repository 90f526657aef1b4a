#include "billing/gateway.h"

#include <cctype>

namespace broadsheet::billing {

std::string_view FindHeader(const Headers& headers, std::string_view name) {
    for (const auto& [header, value] : headers) {
        if (header.size() != name.size()) continue;
        bool same = true;
        for (size_t i = 0; i < name.size() && same; ++i) {
            same = std::tolower(static_cast<unsigned char>(header[i])) ==
                   std::tolower(static_cast<unsigned char>(name[i]));
        }
        if (same) return value;
    }
    return {};
}

}  // namespace broadsheet::billing
