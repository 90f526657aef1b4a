#include "newsroom/settings.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "store/settings_store.h"

namespace broadsheet::newsroom {
namespace {

SiteSettings Sample() {
    return {"Broadsheet",
            "News as it happens",
            "Asia/Kolkata",
            {{"world", "World"}, {"india", "India"}, {"sports", "Sports"}}};
}

std::vector<std::string> Slugs(const SiteSettings& settings) {
    std::vector<std::string> slugs;
    for (const Section& section : settings.sections) slugs.push_back(section.slug);
    return slugs;
}

TEST(SettingsTest, AddSectionChecksTheAddressAndTheName) {
    struct Case {
        const char* slug;
        const char* name;
        ErrorCode code;
    };
    const Case kRefused[] = {
        {"", "Science", ErrorCode::kInvalidInput},
        {"Science", "Science", ErrorCode::kInvalidInput},    // upper case
        {"sci ence", "Science", ErrorCode::kInvalidInput},   // space
        {"-science", "Science", ErrorCode::kInvalidInput},   // leading hyphen
        {"science/x", "Science", ErrorCode::kInvalidInput},  // slash
        {"topic", "Topics", ErrorCode::kInvalidInput},       // another page's path
        {"newsroom", "Newsroom", ErrorCode::kInvalidInput},
        {"sitemap-2024", "Maps", ErrorCode::kInvalidInput},  // shadowed by /sitemap-…
        {"world", "Globe", ErrorCode::kConflict},            // duplicate address
        {"globe", "world", ErrorCode::kConflict},            // duplicate name, any case
        {"science", "", ErrorCode::kInvalidInput},
        {"science", "Sci\nence", ErrorCode::kInvalidInput},
        {"science", "This name is far too long to fit in the navigation bar",
         ErrorCode::kInvalidInput},
        {"a-very-long-section-address-that-nobody-would-type", "Long", ErrorCode::kInvalidInput},
    };
    const SiteSettings before = Sample();
    for (const Case& c : kRefused) {
        auto added = AddSection(before, c.slug, c.name);
        ASSERT_FALSE(added.has_value()) << c.slug << " / " << c.name;
        EXPECT_EQ(added.error().code, c.code)
            << c.slug << " / " << c.name << ": " << added.error().message;
        EXPECT_FALSE(added.error().message.empty());
    }
    auto added = AddSection(before, " science ", "  Science  ");
    ASSERT_TRUE(added.has_value()) << added.error().message;
    EXPECT_EQ(Slugs(*added), (std::vector<std::string>{"world", "india", "sports", "science"}));
    EXPECT_EQ(added->sections.back().name, "Science");
    EXPECT_EQ(before, Sample()) << "the input is never changed";
}

TEST(SettingsTest, RenameAndMoveSections) {
    auto renamed = RenameSection(Sample(), "india", "Nation");
    ASSERT_TRUE(renamed.has_value());
    EXPECT_EQ(renamed->sections[1].name, "Nation");
    EXPECT_TRUE(RenameSection(Sample(), "india", "India").has_value())
        << "its own name again is fine";
    EXPECT_EQ(RenameSection(Sample(), "india", "WORLD").error().code, ErrorCode::kConflict);
    EXPECT_EQ(RenameSection(Sample(), "nowhere", "X").error().code, ErrorCode::kNotFound);

    auto up = MoveSection(Sample(), "sports", -1);
    ASSERT_TRUE(up.has_value());
    EXPECT_EQ(Slugs(*up), (std::vector<std::string>{"world", "sports", "india"}));
    auto down = MoveSection(Sample(), "world", 1);
    ASSERT_TRUE(down.has_value());
    EXPECT_EQ(Slugs(*down), (std::vector<std::string>{"india", "world", "sports"}));
    EXPECT_EQ(MoveSection(Sample(), "world", -1).error().code, ErrorCode::kConflict);
    EXPECT_EQ(MoveSection(Sample(), "sports", 1).error().code, ErrorCode::kConflict);
    EXPECT_FALSE(MoveSection(Sample(), "india", 2).has_value());
}

TEST(SettingsTest, RemoveSectionOnlyWhenNothingUsesIt) {
    auto used = RemoveSection(Sample(), "sports", 3, "");
    ASSERT_FALSE(used.has_value());
    EXPECT_EQ(used.error().code, ErrorCode::kConflict);
    EXPECT_NE(used.error().message.find("3 stories or drafts"), std::string::npos)
        << used.error().message;
    auto pinned = RemoveSection(Sample(), "world", 0, "wire items that name no section go there");
    ASSERT_FALSE(pinned.has_value());
    EXPECT_NE(pinned.error().message.find("name no section"), std::string::npos);
    EXPECT_EQ(RemoveSection(SiteSettings{"B", "", "UTC", {{"world", "World"}}}, "world", 0, "")
                  .error()
                  .code,
              ErrorCode::kConflict)
        << "the last section stays";
    auto removed = RemoveSection(Sample(), "india", 0, "");
    ASSERT_TRUE(removed.has_value());
    EXPECT_EQ(Slugs(*removed), (std::vector<std::string>{"world", "sports"}));
}

TEST(SettingsTest, TimeZonesMustBeKnownIanaNames) {
    for (const char* bad : {"", "Mars/Olympus_Mons", "Asia/Kolkatta", "../../etc/passwd",
                            "UTC; rm -rf /", "Europe/London\n"}) {
        auto changed = SetTimeZone(Sample(), bad);
        if (std::string_view(bad) == "Europe/London\n") {
            EXPECT_TRUE(changed.has_value()) << "trimmed";
            continue;
        }
        ASSERT_FALSE(changed.has_value()) << bad;
        EXPECT_EQ(changed.error().code, ErrorCode::kInvalidInput);
        EXPECT_NE(changed.error().message.find("not a time zone"), std::string::npos)
            << changed.error().message;
    }
    auto london = SetTimeZone(Sample(), "Europe/London");
    ASSERT_TRUE(london.has_value());
    EXPECT_EQ(london->timezone, "Europe/London");
}

TEST(SettingsTest, IdentityIsTrimmedAndBounded) {
    auto changed = SetIdentity(Sample(), "  The Daily  ", " Every day ");
    ASSERT_TRUE(changed.has_value());
    EXPECT_EQ(changed->name, "The Daily");
    EXPECT_EQ(changed->tagline, "Every day");
    EXPECT_TRUE(SetIdentity(Sample(), "The Daily", "").has_value()) << "the tagline may be empty";
    EXPECT_FALSE(SetIdentity(Sample(), "   ", "x").has_value());
    EXPECT_FALSE(SetIdentity(Sample(), std::string(81, 'x'), "").has_value());
    std::string accented;
    for (int i = 0; i < 80; ++i) accented += "\u00e9";  // 80 characters, 160 bytes
    EXPECT_TRUE(SetIdentity(Sample(), accented, "").has_value())
        << "characters are counted, not bytes";
    EXPECT_FALSE(SetIdentity(Sample(), accented + "\u00e9", "").has_value());
    EXPECT_FALSE(SetIdentity(Sample(), "The\tDaily", "").has_value());
    EXPECT_FALSE(SetIdentity(Sample(), "The Daily", std::string(161, 'x')).has_value());
}

TEST(SettingsTest, TopicNamesOverrideTheWiresAndCanBeRestored) {
    const Topic dprk{"north-korea", "North Korea"};
    auto renamed = RenameTopic(Sample(), dprk, "  DPRK ");
    ASSERT_TRUE(renamed.has_value());
    EXPECT_EQ(renamed->topic_names.at("north-korea"), "DPRK");
    auto restored = RenameTopic(*renamed, dprk, "");
    ASSERT_TRUE(restored.has_value());
    EXPECT_TRUE(restored->topic_names.empty());
    EXPECT_TRUE(RenameTopic(*renamed, dprk, "North Korea")->topic_names.empty())
        << "the wire's own name restores it";
    EXPECT_FALSE(RenameTopic(Sample(), dprk, std::string(61, 'x')).has_value());
    EXPECT_FALSE(RenameTopic(Sample(), dprk, "D\x01PRK").has_value());
    auto applied = ApplyStored(
        Sample(), R"({"topic_names":{"north-korea":"DPRK","Bad Slug":"x","cricket":""}})");
    ASSERT_TRUE(applied.has_value());
    EXPECT_EQ(applied->topic_names, (std::map<std::string, std::string>{{"north-korea", "DPRK"}}));
}

TEST(SettingsTest, ApplyStoredOverlaysOnlyWhatWasStoredAndValid) {
    auto applied = ApplyStored(
        Sample(), R"({"name":"The Daily","sections":[{"slug":"science","name":"Science"}]})");
    ASSERT_TRUE(applied.has_value());
    EXPECT_EQ(applied->name, "The Daily");
    EXPECT_EQ(applied->tagline, "News as it happens");
    EXPECT_EQ(applied->timezone, "Asia/Kolkata");
    EXPECT_EQ(Slugs(*applied), (std::vector<std::string>{"science"}));

    auto stale = ApplyStored(
        Sample(), R"({"timezone":"Nowhere/Gone","sections":[{"slug":"Bad Slug","name":"X"}]})");
    ASSERT_TRUE(stale.has_value());
    EXPECT_EQ(stale->timezone, "Asia/Kolkata");
    EXPECT_EQ(Slugs(*stale), Slugs(Sample()));
    EXPECT_FALSE(ApplyStored(Sample(), "not json").has_value());
}

class MemorySettingsStore final : public store::SettingsStore {
public:
    Result<std::optional<std::string>> Load(std::string_view key) const override {
        auto it = values.find(std::string(key));
        if (it == values.end()) return std::optional<std::string>();
        return std::optional<std::string>(it->second);
    }
    Result<void> Save(std::string_view key, std::string_view value, int64_t by,
                      Timestamp) override {
        if (fail) return Fail(ErrorCode::kIo, "disk full");
        values[std::string(key)] = std::string(value);
        last_by = by;
        return {};
    }
    Result<int64_t> SectionUseCount(std::string_view slug) const override {
        return slug == "sports" ? 2 : 0;
    }
    Result<std::vector<Topic>> ListTopics(std::string_view from, int limit) const override {
        std::vector<Topic> out;
        for (const Topic& topic : topics) {
            if (topic.slug >= from && static_cast<int>(out.size()) < limit) out.push_back(topic);
        }
        return out;
    }
    Result<Topic> FindTopic(std::string_view slug) const override {
        for (const Topic& topic : topics) {
            if (topic.slug == slug) return topic;
        }
        return Fail(ErrorCode::kNotFound, "no topic");
    }

    std::vector<Topic> topics = {{"cricket", "Cricket"}, {"north-korea", "North Korea"}};

    std::map<std::string, std::string> values;
    int64_t last_by = 0;
    bool fail = false;
};

TEST(SettingsServiceTest, StoresOnlyChangesNotifiesAndSurvivesARestart) {
    MemorySettingsStore store;
    FixedClock clock(Timestamp{std::chrono::seconds{1731752820}});
    auto pins = [](std::string_view slug) {
        return slug == "world" ? std::string("the default") : std::string();
    };
    SettingsService service(Sample(), store, clock, pins);
    ASSERT_TRUE(service.Load().has_value());
    std::vector<SiteSettings> heard;
    service.AddListener([&heard](const SiteSettings& settings) { heard.push_back(settings); });

    ASSERT_TRUE(service.ChangeIdentity("The Daily", "News as it happens", 7).has_value());
    ASSERT_TRUE(service.AddSection("science", "Science", 7).has_value());
    ASSERT_TRUE(service.MoveSection("science", -1, 7).has_value());
    ASSERT_EQ(heard.size(), 3u);
    EXPECT_EQ(heard.back().name, "The Daily");
    EXPECT_EQ(Slugs(heard.back()),
              (std::vector<std::string>{"world", "india", "science", "sports"}));
    EXPECT_EQ(store.last_by, 7);
    auto doc = nlohmann::json::parse(store.values.at(SettingsService::kKey));
    EXPECT_TRUE(doc.contains("name"));
    EXPECT_FALSE(doc.contains("tagline")) << "unchanged values keep following the config file";
    EXPECT_FALSE(doc.contains("timezone"));
    EXPECT_TRUE(doc.contains("sections"));

    // Refusals change nothing and tell no one.
    EXPECT_EQ(service.RemoveSection("sports", 7).error().code, ErrorCode::kConflict);  // 2 stories
    EXPECT_EQ(service.RemoveSection("world", 7).error().code, ErrorCode::kConflict);   // pinned
    EXPECT_FALSE(service.ChangeTimeZone("Nowhere/Gone", 7).has_value());
    store.fail = true;
    EXPECT_EQ(service.RenameSection("india", "Nation", 7).error().code, ErrorCode::kIo);
    store.fail = false;
    EXPECT_EQ(heard.size(), 3u);
    EXPECT_TRUE(service.Current() == heard.back());

    ASSERT_TRUE(service.RenameTopic("cricket", "Cricket World", 7).has_value());
    EXPECT_EQ(service.RenameTopic("no-such-topic", "X", 7).error().code, ErrorCode::kNotFound);
    auto topics = service.Topics("", 10);
    ASSERT_TRUE(topics.has_value());
    ASSERT_EQ(topics->size(), 2u);
    EXPECT_EQ((*topics)[0].name, "Cricket World");
    EXPECT_EQ((*topics)[0].wire_name, "Cricket");
    EXPECT_EQ((*topics)[1].name, "North Korea");

    // A restart: the config's values with the stored changes over them.
    SettingsService restarted(Sample(), store, clock, pins);
    ASSERT_TRUE(restarted.Load().has_value());
    EXPECT_TRUE(restarted.Current() == service.Current());
    EXPECT_EQ(restarted.Current().topic_names.at("cricket"), "Cricket World");
}

}  // namespace
}  // namespace broadsheet::newsroom
