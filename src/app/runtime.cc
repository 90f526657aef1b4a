#include "app/runtime.h"

#include <cstdlib>
#include <thread>

#include "ingest/publisher.h"
#include "ingest/sources/conditional_fetcher.h"
#include "ingest/sources/feed_poller.h"
#include "ingest/sources/feed_runner.h"
#include "ingest/sources/url_fetcher.h"
#include "media/media_store.h"
#include "media/renditions.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"
#include "store/sqlite/sqlite_feed_store.h"

namespace broadsheet::app {

std::filesystem::path ResourceDir() {
    if (const char* env = std::getenv("BROADSHEET_RESOURCES"); env && *env) return env;
    return BROADSHEET_RESOURCE_DIR;
}

Runtime::Runtime(Config config, std::filesystem::path data_dir)
    : config_(std::move(config)), data_dir_(std::move(data_dir)) {}

Runtime::~Runtime() = default;

Result<std::unique_ptr<Runtime>> Runtime::Open(const Config& config, const std::filesystem::path& data_dir) {
    std::unique_ptr<Runtime> runtime(new Runtime(config, data_dir));  // NOLINT: private constructor
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create data dir " + data_dir.string() + ": " + ec.message());
    std::filesystem::path database = data_dir / "broadsheet.db";
    runtime->fresh_ = !std::filesystem::exists(database, ec);

    int connections = static_cast<int>(std::max(2u, std::thread::hardware_concurrency() * 2));
    auto pool = store::sqlite::ConnectionPool::Open(database, connections);
    if (!pool) return pool.error();
    runtime->pool_ = std::move(*pool);
    {
        auto db = runtime->pool_->Acquire();
        auto migrated = store::sqlite::Migrate(*db);
        if (!migrated) return migrated.error();
    }
    runtime->articles_ = std::make_unique<store::sqlite::SqliteArticleStore>(*runtime->pool_);
    runtime->media_ = std::make_unique<media::MediaStore>(data_dir / "media");
    runtime->renditions_ = std::make_unique<media::Renditions>(data_dir / "media");
    runtime->fetcher_ = std::make_unique<ingest::CurlFetcher>();

    ingest::PublisherOptions options;
    options.sections = config.sections;
    options.default_section = config.DefaultSection();
    options.max_picture_bytes = static_cast<size_t>(config.ingest.max_picture_bytes);
    options.fetch_timeout = std::chrono::seconds(config.ingest.fetch_timeout_seconds);
    if (!config.ingest.media_topics.empty()) {
        auto names = ingest::LoadMediaTopicNames(config.ingest.media_topics);
        if (!names) return names.error();  // The message names the file (and line).
        options.media_topic_names = std::move(*names);
    }
    options.rules = config.rules;
    runtime->publisher_ = std::make_unique<ingest::Publisher>(options, *runtime->articles_, *runtime->media_,
                                                              *runtime->fetcher_, runtime->clock_);

    runtime->feed_states_ = std::make_unique<store::sqlite::SqliteFeedStore>(*runtime->pool_);
    runtime->conditional_fetcher_ = std::make_unique<ingest::CurlConditionalFetcher>();
    ingest::FeedPollerOptions poller_options;
    poller_options.max_item_bytes = static_cast<size_t>(config.ingest.max_item_bytes);
    poller_options.timeout = options.fetch_timeout;
    runtime->poller_ = std::make_unique<ingest::FeedPoller>(poller_options, *runtime->feed_states_,
                                                            *runtime->conditional_fetcher_, *runtime->publisher_);
    runtime->feed_runner_ = std::make_unique<ingest::FeedRunner>(
        config.feeds, *runtime->poller_, *runtime->feed_states_, *runtime->publisher_,
        static_cast<size_t>(config.ingest.max_item_bytes), runtime->clock_);
    return runtime;
}

}  // namespace broadsheet::app
