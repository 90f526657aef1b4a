#pragma once

#include <cstdint>
#include <string>

namespace broadsheet {

/// An amount in a currency's minor units (paise for INR, cents for USD).
struct Money {
    int64_t minor = 0;
    std::string currency = "INR";  ///< ISO 4217 code.

    friend bool operator==(const Money&, const Money&) = default;
};

/// Formats for readers: "₹2,700", "₹1,00,000" (Indian grouping for INR), "$1,299.50";
/// whole amounts have no decimals. Unknown currencies are prefixed with their code.
std::string FormatMoney(const Money& money);

}  // namespace broadsheet
