#pragma once

#include <cstddef>
#include <memory>

namespace broadsheet::store {
class EditorialStore;
}  // namespace broadsheet::store

namespace broadsheet::site {
class Site;
}  // namespace broadsheet::site

namespace broadsheet::http {
class StaticFiles;
}  // namespace broadsheet::http

namespace broadsheet::newsroom {
class Newsroom;
class StoryService;
class PictureLibrary;
class StoryPages;
}  // namespace broadsheet::newsroom

namespace broadsheet::app {

class Runtime;

/// Staff stories, corrections and the picture library in `serve`: the editorial store
/// (SQLite), the story rules, the library and their newsroom pages, and the reader pages'
/// corrections. Built by NewsroomModule::Serve; destroyed before the newsroom.
class StoriesModule final {
public:
    /// A picture upload's largest file.
    static constexpr size_t kMaxPictureBytes = size_t{20} << 20;
    /// The server's body limit for /newsroom/pictures: the file and the form around it.
    static constexpr size_t kMaxUploadBytes = kMaxPictureBytes + (size_t{64} << 10);

    /// Registers the pages on `newsroom` and the corrections source on `site`; all of
    /// `runtime`, `newsroom`, `site` and `static_files` must outlive the module.
    StoriesModule(Runtime& runtime, newsroom::Newsroom& newsroom, site::Site& site,
                  const http::StaticFiles& static_files);
    ~StoriesModule();
    StoriesModule(const StoriesModule&) = delete;
    StoriesModule& operator=(const StoriesModule&) = delete;

private:
    std::unique_ptr<store::EditorialStore> editorial_;
    std::unique_ptr<newsroom::StoryService> stories_;
    std::unique_ptr<newsroom::PictureLibrary> pictures_;
    std::unique_ptr<newsroom::StoryPages> pages_;
};

}  // namespace broadsheet::app
