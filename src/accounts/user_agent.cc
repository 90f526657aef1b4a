#include "accounts/user_agent.h"

namespace broadsheet::accounts {
namespace {

bool Has(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

std::string_view Browser(std::string_view ua) {
    // Order matters: Edge and Opera say "Chrome", Chrome says "Safari", iOS browsers say
    // "Safari" with their own token.
    if (Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/")) return "Edge";
    if (Has(ua, "OPR/")) return "Opera";
    if (Has(ua, "SamsungBrowser/")) return "Samsung Internet";
    if (Has(ua, "Firefox/") || Has(ua, "FxiOS/")) return "Firefox";
    if (Has(ua, "Chrome/") || Has(ua, "CriOS/") || Has(ua, "Chromium/")) return "Chrome";
    if (Has(ua, "Safari/")) return "Safari";
    return {};
}

std::string_view System(std::string_view ua) {
    if (Has(ua, "iPhone")) return "iPhone";
    if (Has(ua, "iPad")) return "iPad";
    if (Has(ua, "Android")) return "Android";
    if (Has(ua, "CrOS")) return "ChromeOS";
    if (Has(ua, "Windows")) return "Windows";
    if (Has(ua, "Mac OS X") || Has(ua, "Macintosh")) return "macOS";
    if (Has(ua, "Linux")) return "Linux";
    return {};
}

}  // namespace

std::string DeviceName(std::string_view user_agent) {
    const std::string_view browser = Browser(user_agent);
    const std::string_view system = System(user_agent);
    std::string name = browser.empty() ? "Unknown browser" : std::string(browser);
    if (!system.empty()) name += " on " + std::string(system);
    return name;
}

}  // namespace broadsheet::accounts
