#include "site/reader.h"

namespace broadsheet::site {

std::optional<AdPosition> ParseAdPosition(std::string_view name) {
    for (AdPosition position : {AdPosition::kTop, AdPosition::kArticle, AdPosition::kListing, AdPosition::kBottom}) {
        if (AdPositionName(position) == name) return position;
    }
    return std::nullopt;
}

std::string_view AdPositionName(AdPosition position) {
    switch (position) {
        case AdPosition::kTop: return "top";
        case AdPosition::kArticle: return "article";
        case AdPosition::kListing: return "listing";
        case AdPosition::kBottom: return "bottom";
    }
    return "top";
}

}  // namespace broadsheet::site
