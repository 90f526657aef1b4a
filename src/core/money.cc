#include "core/money.h"

#include <cstdlib>
#include <string_view>

namespace broadsheet {
namespace {

std::string_view SymbolFor(const std::string& currency) {
    if (currency == "INR") return "₹";
    if (currency == "USD") return "$";
    if (currency == "EUR") return "€";
    if (currency == "GBP") return "£";
    if (currency == "JPY") return "¥";
    return {};
}

// Groups the digits of `whole`: Indian style (last three, then pairs) or in threes.
std::string GroupDigits(uint64_t whole, bool indian) {
    std::string digits = std::to_string(whole);
    std::string out;
    int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        int remaining = n - i;  // digits from here to the end
        out += digits[static_cast<size_t>(i)];
        if (remaining <= 1) continue;
        bool separator = indian ? (remaining - 1 == 3 || (remaining - 1 > 3 && (remaining - 1 - 3) % 2 == 0))
                                : (remaining - 1) % 3 == 0;
        if (separator) out += ',';
    }
    return out;
}

}  // namespace

std::string FormatMoney(const Money& money) {
    bool negative = money.minor < 0;
    uint64_t abs_minor = negative ? static_cast<uint64_t>(-(money.minor + 1)) + 1
                                  : static_cast<uint64_t>(money.minor);
    // JPY has no minor unit in practice; all others here use hundredths.
    uint64_t per_unit = money.currency == "JPY" ? 1 : 100;
    uint64_t whole = abs_minor / per_unit;
    uint64_t fraction = abs_minor % per_unit;

    std::string out;
    if (negative) out += '-';
    std::string_view symbol = SymbolFor(money.currency);
    if (symbol.empty()) {
        out += money.currency;
        out += ' ';
    } else {
        out += symbol;
    }
    out += GroupDigits(whole, money.currency == "INR");
    if (fraction != 0) {
        out += '.';
        if (fraction < 10) out += '0';
        out += std::to_string(fraction);
    }
    return out;
}

}  // namespace broadsheet
