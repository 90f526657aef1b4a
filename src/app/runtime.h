#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/config.h"
#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {
class ArticleStore;
class FeedStore;
class WireLogStore;
namespace sqlite {
class ConnectionPool;
}  // namespace sqlite
}  // namespace broadsheet::store

namespace broadsheet::media {
class MediaStore;
class Renditions;
}  // namespace broadsheet::media

namespace broadsheet::ingest {
class Publisher;
class UrlFetcher;
class ConditionalFetcher;
class FeedPoller;
class FeedRunner;
}  // namespace broadsheet::ingest

namespace broadsheet::app {

/// Where templates, static files and demo content live: $BROADSHEET_RESOURCES, else the
/// source tree the binary was built from.
std::filesystem::path ResourceDir();

/// The composition root: builds the stores, media store, publisher and feed runner for a
/// data dir, in dependency order, and destroys them in reverse (the feed runner, stopped,
/// first). Each command builds one.
class Runtime final {
public:
    /// Creates the data dir if needed, opens and migrates the database.
    static Result<std::unique_ptr<Runtime>> Open(const Config& config, const std::filesystem::path& data_dir);
    ~Runtime();

    /// The config with the site settings admins stored in the newsroom over it (as at Open).
    const Config& config() const { return config_; }
    /// The config file's values alone.
    const Config& file_config() const { return file_config_; }
    /// The sections now: config().sections until an admin changes them while serving. The
    /// publisher routes by them. Thread-safe.
    std::vector<Section> Sections() const;
    void UpdateSections(std::vector<Section> sections);
    const std::filesystem::path& data_dir() const { return data_dir_; }
    /// True when this Open created the database (a first start).
    bool fresh() const { return fresh_; }
    const Clock& clock() const { return clock_; }
    /// 32 random bytes kept in <data dir>/secret.key (mode 0600), made on first start: the
    /// key for session CSRF tokens, meter cookies and one-time links. Never leaves the machine.
    const std::string& secret() const { return secret_; }
    /// The database's connections, for the stores of other modules.
    store::sqlite::ConnectionPool& pool() { return *pool_; }
    store::ArticleStore& articles() { return *articles_; }
    const media::MediaStore& media() const { return *media_; }
    /// Responsive renditions of the media store's pictures (made on request by the site).
    const media::Renditions& renditions() const { return *renditions_; }
    const ingest::Publisher& publisher() const { return *publisher_; }
    store::FeedStore& feed_states() { return *feed_states_; }
    /// Every item the ingest path saw (the newsroom's wire queue).
    store::WireLogStore& wire_log() { return *wire_log_; }
    /// Runs the configured feeds; not started (`serve` starts it).
    ingest::FeedRunner& feed_runner() { return *feed_runner_; }

private:
    Runtime(Config config, std::filesystem::path data_dir);

    const Config file_config_;
    Config config_;  // Set in Open; not changed after.
    mutable std::mutex sections_mutex_;
    std::vector<Section> sections_;
    const std::filesystem::path data_dir_;
    bool fresh_ = false;
    std::string secret_;
    SystemClock clock_;
    std::unique_ptr<store::sqlite::ConnectionPool> pool_;
    std::unique_ptr<store::ArticleStore> articles_;
    std::unique_ptr<media::MediaStore> media_;
    std::unique_ptr<media::Renditions> renditions_;
    std::unique_ptr<store::WireLogStore> wire_log_;
    std::unique_ptr<ingest::UrlFetcher> fetcher_;
    std::unique_ptr<ingest::Publisher> publisher_;
    std::unique_ptr<store::FeedStore> feed_states_;
    std::unique_ptr<ingest::ConditionalFetcher> conditional_fetcher_;
    std::unique_ptr<ingest::FeedPoller> poller_;
    std::unique_ptr<ingest::FeedRunner> feed_runner_;  // Last: destroyed (and stopped) first.
};

}  // namespace broadsheet::app
