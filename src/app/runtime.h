#pragma once

#include <filesystem>
#include <memory>

#include "app/config.h"
#include "core/result.h"
#include "core/time.h"

namespace broadsheet::store {
class ArticleStore;
namespace sqlite {
class ConnectionPool;
}  // namespace sqlite
}  // namespace broadsheet::store

namespace broadsheet::media {
class MediaStore;
}  // namespace broadsheet::media

namespace broadsheet::ingest {
class Publisher;
class UrlFetcher;
}  // namespace broadsheet::ingest

namespace broadsheet::app {

/// Where templates, static files and demo content live: $BROADSHEET_RESOURCES, else the
/// source tree the binary was built from.
std::filesystem::path ResourceDir();

/// The composition root: builds the store, media store and publisher for a data dir, in
/// dependency order, and destroys them in reverse. Each command builds one.
class Runtime final {
public:
    /// Creates the data dir if needed, opens and migrates the database.
    static Result<std::unique_ptr<Runtime>> Open(const Config& config, const std::filesystem::path& data_dir);
    ~Runtime();

    const Config& config() const { return config_; }
    const std::filesystem::path& data_dir() const { return data_dir_; }
    /// True when this Open created the database (a first start).
    bool fresh() const { return fresh_; }
    const Clock& clock() const { return clock_; }
    store::ArticleStore& articles() { return *articles_; }
    const media::MediaStore& media() const { return *media_; }
    const ingest::Publisher& publisher() const { return *publisher_; }

private:
    Runtime(Config config, std::filesystem::path data_dir);

    const Config config_;
    const std::filesystem::path data_dir_;
    bool fresh_ = false;
    SystemClock clock_;
    std::unique_ptr<store::sqlite::ConnectionPool> pool_;
    std::unique_ptr<store::ArticleStore> articles_;
    std::unique_ptr<media::MediaStore> media_;
    std::unique_ptr<ingest::UrlFetcher> fetcher_;
    std::unique_ptr<ingest::Publisher> publisher_;
};

}  // namespace broadsheet::app
