#pragma once

#include <string>
#include <string_view>

namespace broadsheet::accounts {

/// A device's name for the devices page, from its User-Agent, simply: "Chrome on Windows",
/// "Safari on iPhone", "Firefox on Linux", "Edge on Windows"; "Unknown browser" when
/// nothing is recognised.
std::string DeviceName(std::string_view user_agent);

}  // namespace broadsheet::accounts
