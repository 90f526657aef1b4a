#pragma once

#include <chrono>
#include <string>

namespace broadsheet::ingest {

/// One configured wire feed (`[[feeds]]` in the config). A feed is polled over HTTP when it
/// has a `url`, watched as a drop folder when it has a `folder`, and accepts pushes at
/// `POST /ingest/<id>` when it has a `secret`.
struct FeedConfig {
    std::string id;       ///< Lower-case slug; also the push URL's last part.
    std::string name;     ///< For people: "AP World".
    std::string format = "auto";  ///< "auto", "ninjs", "newsml-g2", "rss" or "atom".
    std::string url;      ///< http(s) URL to poll; empty = not polled.
    std::string folder;   ///< Drop folder; empty = none.
    std::chrono::seconds interval{300};  ///< Between polls / folder scans.
    std::string section;  ///< Section for items that name none; empty = the site default.
    bool auto_publish = true;  ///< false: items wait for an editor (held).
    bool premium = false;      ///< Items are premium stories.
    std::string secret;   ///< HMAC-SHA256 key for pushes; empty = pushes refused.
};

}  // namespace broadsheet::ingest
