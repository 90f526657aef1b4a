#include "app/stories_module.h"

#include <spdlog/spdlog.h>

#include "app/runtime.h"
#include "http/static_files.h"
#include "media/media_store.h"
#include "newsroom/pictures.h"
#include "newsroom/story_pages.h"
#include "newsroom/story_service.h"
#include "site/site.h"
#include "store/sqlite/sqlite_editorial_store.h"

namespace broadsheet::app {

StoriesModule::StoriesModule(Runtime& runtime, newsroom::Newsroom& newsroom, site::Site& site,
                             const http::StaticFiles& static_files)
    : editorial_(std::make_unique<store::sqlite::SqliteEditorialStore>(runtime.pool())) {
    // The sections now: admins may change them while serving (app/settings_module.h).
    auto provider = [&runtime] { return runtime.Sections(); };
    stories_ = std::make_unique<newsroom::StoryService>(runtime.articles(), *editorial_, runtime.clock(), provider);
    pictures_ = std::make_unique<newsroom::PictureLibrary>(runtime.media(), *editorial_, runtime.clock(),
                                                            kMaxPictureBytes);
    pages_ = std::make_unique<newsroom::StoryPages>(
        newsroom, *stories_, *pictures_,
        newsroom::StoryPagesOptions{site.options().timezone, static_files.Url("newsroom-story.js"), provider});
    // Readers see a staff story's corrections, dated, at its foot.
    site.SetCorrections([editorial = editorial_.get()](ArticleId id) {
        std::vector<site::Site::Correction> out;
        auto corrections = editorial->Corrections(id);
        if (!corrections) {
            spdlog::error("corrections of article {}: {}", id.value, corrections.error().message);
            return out;
        }
        for (const store::CorrectionRecord& c : *corrections) out.push_back({c.at, c.text});
        return out;
    });
}

StoriesModule::~StoriesModule() = default;

}  // namespace broadsheet::app
