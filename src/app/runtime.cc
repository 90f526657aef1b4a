#include "app/runtime.h"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "app/settings_module.h"
#include "ingest/publisher.h"
#include "ingest/sources/conditional_fetcher.h"
#include "ingest/sources/feed_poller.h"
#include "ingest/sources/feed_runner.h"
#include "ingest/sources/url_fetcher.h"
#include "media/media_store.h"
#include "media/renditions.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"
#include "store/sqlite/sqlite_wire_log_store.h"
#include "store/sqlite/sqlite_feed_store.h"
#include "store/sqlite/sqlite_settings_store.h"

namespace broadsheet::app {

std::filesystem::path ResourceDir() {
    if (const char* env = std::getenv("BROADSHEET_RESOURCES"); env && *env) return env;
    return BROADSHEET_RESOURCE_DIR;
}

namespace {

// Reads <dir>/secret.key, or makes it: 32 random bytes, readable by the owner only.
Result<std::string> LoadOrMakeSecret(const std::filesystem::path& dir) {
    constexpr size_t kBytes = 32;
    const std::filesystem::path path = dir / "secret.key";
    if (std::ifstream in(path, std::ios::binary); in) {
        std::string secret(kBytes, '\0');
        in.read(secret.data(), kBytes);
        if (in.gcount() == static_cast<std::streamsize>(kBytes)) return secret;
        return Fail(ErrorCode::kInvalidInput, path.string() + " is damaged (expected " + std::to_string(kBytes) +
                                                  " bytes); delete it to make a new one (this signs everyone out)");
    }
    if (sodium_init() < 0) return Fail(ErrorCode::kIo, "libsodium failed to initialise");
    std::string secret(kBytes, '\0');
    randombytes_buf(secret.data(), kBytes);
    const std::filesystem::path temporary = dir / "secret.key.tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(secret.data(), kBytes);
        if (!out) return Fail(ErrorCode::kIo, "cannot write " + temporary.string());
    }
    std::error_code ec;
    std::filesystem::permissions(temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace, ec);
    std::filesystem::rename(temporary, path, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create " + path.string() + ": " + ec.message());
    return secret;
}

}  // namespace

Runtime::Runtime(Config config, std::filesystem::path data_dir)
    : file_config_(config), config_(std::move(config)), data_dir_(std::move(data_dir)) {}

std::vector<Section> Runtime::Sections() const {
    std::lock_guard lock(sections_mutex_);
    return sections_;
}

void Runtime::UpdateSections(std::vector<Section> sections) {
    std::lock_guard lock(sections_mutex_);
    sections_ = std::move(sections);
}

Runtime::~Runtime() = default;

Result<std::unique_ptr<Runtime>> Runtime::Open(const Config& config, const std::filesystem::path& data_dir) {
    std::unique_ptr<Runtime> runtime(new Runtime(config, data_dir));  // NOLINT: private constructor
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return Fail(ErrorCode::kIo, "cannot create data dir " + data_dir.string() + ": " + ec.message());
    std::filesystem::path database = data_dir / "broadsheet.db";
    runtime->fresh_ = !std::filesystem::exists(database, ec);
    auto secret = LoadOrMakeSecret(data_dir);
    if (!secret) return secret.error();
    runtime->secret_ = std::move(*secret);

    int connections = static_cast<int>(std::max(2u, std::thread::hardware_concurrency() * 2));
    auto pool = store::sqlite::ConnectionPool::Open(database, connections);
    if (!pool) return pool.error();
    runtime->pool_ = std::move(*pool);
    {
        auto db = runtime->pool_->Acquire();
        auto migrated = store::sqlite::Migrate(*db);
        if (!migrated) return migrated.error();
    }
    {
        // The site settings admins changed in the newsroom, over the config file's.
        store::sqlite::SqliteSettingsStore settings(*runtime->pool_);
        auto applied = WithStoredSettings(runtime->config_, settings);
        if (!applied) return applied.error();
        runtime->config_ = std::move(*applied);
        runtime->sections_ = runtime->config_.sections;
    }
    runtime->articles_ = std::make_unique<store::sqlite::SqliteArticleStore>(*runtime->pool_);
    runtime->media_ = std::make_unique<media::MediaStore>(data_dir / "media");
    runtime->renditions_ = std::make_unique<media::Renditions>(data_dir / "media");
    runtime->fetcher_ = std::make_unique<ingest::CurlFetcher>();

    ingest::PublisherOptions options;
    options.sections = runtime->config_.sections;
    options.live_sections = [live = runtime.get()] { return live->Sections(); };
    options.default_section = runtime->config_.DefaultSection();
    options.max_picture_bytes = static_cast<size_t>(config.ingest.max_picture_bytes);
    options.fetch_timeout = std::chrono::seconds(config.ingest.fetch_timeout_seconds);
    if (!config.ingest.media_topics.empty()) {
        auto names = ingest::LoadMediaTopicNames(config.ingest.media_topics);
        if (!names) return names.error();  // The message names the file (and line).
        options.media_topic_names = std::move(*names);
    }
    options.rules = config.rules;
    // Every item the ingest path sees goes into the wire log (the newsroom's queue).
    runtime->wire_log_ = std::make_unique<store::sqlite::SqliteWireLogStore>(*runtime->pool_);
    options.wire_log = runtime->wire_log_.get();
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
