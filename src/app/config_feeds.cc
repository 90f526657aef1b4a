#include <set>

#include "app/config_reader.h"
#include "ingest/ingest_files.h"

namespace broadsheet::app::config_internal {
namespace {

void ReadFeed(Reader& r, const toml::node& node, const std::vector<Section>& sections, ingest::FeedConfig& feed) {
    const toml::table& t = *node.as_table();
    r.CheckKeys(t, "feeds", {"id", "name", "format", "url", "folder", "interval", "section", "auto_publish",
                             "premium", "secret"});
    for (auto [key, out] : {std::pair{"id", &feed.id}, {"name", &feed.name}, {"format", &feed.format},
                            {"url", &feed.url}, {"folder", &feed.folder}, {"section", &feed.section},
                            {"secret", &feed.secret}}) {
        r.String(t, "feeds", key, *out);
    }
    int64_t interval = feed.interval.count();
    r.Int(t, "feeds", "interval", interval, 10, 86400);
    feed.interval = std::chrono::seconds(interval);
    r.Bool(t, "feeds", "auto_publish", feed.auto_publish);
    r.Bool(t, "feeds", "premium", feed.premium);
    auto where = [&](const char* key) { return t.get(key) ? t.get(key) : &node; };
    if (!IsSlug(feed.id)) r.Problem(where("id"), "feeds.id", "is required: lower-case letters, digits and hyphens");
    if (feed.name.empty()) feed.name = feed.id;
    if (auto format = ingest::ParseWireFormat(feed.format); !format) {
        r.Problem(where("format"), "feeds.format", format.error().message);
    }
    std::string_view url = feed.url;
    if (!url.empty() && url.substr(0, 7) != "http://" && url.substr(0, 8) != "https://") {
        r.Problem(where("url"), "feeds.url", "must start with http:// or https://");
    }
    bool known = feed.section.empty();
    for (const Section& s : sections) known = known || s.slug == feed.section;
    if (!known) r.Problem(where("section"), "feeds.section", "names no configured section");
    if (!feed.secret.empty() && feed.secret.size() < 16) {
        r.Problem(where("secret"), "feeds.secret", "must be at least 16 characters");
    }
    if (feed.url.empty() && feed.folder.empty() && feed.secret.empty()) {
        r.Problem(&node, "feeds", "feed \"" + feed.id + "\" needs a url, a folder or a secret");
    }
}

}  // namespace

void ReadFeeds(Reader& r, const toml::table& root, Config& config) {
    const toml::array* tables = r.Tables(root, "feeds");
    if (!tables) return;
    std::set<std::string> seen;
    for (const toml::node& node : *tables) {
        ingest::FeedConfig feed;
        ReadFeed(r, node, config.sections, feed);
        if (!seen.insert(feed.id).second) {
            r.Problem(node.as_table()->get("id"), "feeds.id", "duplicate feed \"" + feed.id + "\"");
        }
        config.feeds.push_back(std::move(feed));
    }
}


void ReadRules(Reader& r, const toml::table& root, Config& config) {
    const toml::array* tables = r.Tables(root, "rules");
    if (!tables) return;
    for (const toml::node& node : *tables) {
        const toml::table& t = *node.as_table();
        r.CheckKeys(t, "rules", {"feed", "subject", "keyword", "section", "topics", "premium", "publish"});
        ingest::RoutingRule rule;
        r.String(t, "rules", "feed", rule.feed);
        r.String(t, "rules", "subject", rule.subject);
        r.String(t, "rules", "keyword", rule.keyword);
        std::string section, publish;
        r.String(t, "rules", "section", section);
        r.String(t, "rules", "publish", publish);
        r.StringList(t, "rules", "topics", rule.topics);
        if (t.get("premium")) {
            bool premium = false;
            r.Bool(t, "rules", "premium", premium);
            rule.premium = premium;
        }
        auto where = [&](const char* key) { return t.get(key) ? t.get(key) : &node; };
        if (!section.empty()) {
            bool known = false;
            for (const Section& s : config.sections) known = known || s.slug == section;
            if (!known) r.Problem(where("section"), "rules.section", "names no configured section");
            rule.section = section;
        }
        if (publish == "hold") {
            rule.hold = true;
        } else if (publish == "auto") {
            rule.hold = false;
        } else if (!publish.empty()) {
            r.Problem(where("publish"), "rules.publish", "must be \"auto\" or \"hold\"");
        }
        if (!rule.feed.empty()) {
            bool known = false;
            for (const ingest::FeedConfig& feed : config.feeds) known = known || feed.id == rule.feed;
            if (!known) r.Problem(where("feed"), "rules.feed", "names no configured feed");
        }
        config.rules.push_back(std::move(rule));
    }
}

}  // namespace broadsheet::app::config_internal
