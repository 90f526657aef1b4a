#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace broadsheet::store {
class StaffStore;
}  // namespace broadsheet::store

namespace broadsheet::site {
class Site;
class Templates;
}  // namespace broadsheet::site

namespace broadsheet::http {
class StaticFiles;
}  // namespace broadsheet::http

namespace broadsheet::newsroom {
class Newsroom;
class WirePages;
class ArticlePages;
class AdminPages;
}  // namespace broadsheet::newsroom

namespace broadsheet::app {

class Runtime;
class StoriesModule;
class SettingsModule;

/// The newsroom, built for a runtime: the staff store (every command that manages staff),
/// and for `serve` the Newsroom with its pages on one Site route, "/newsroom" (never
/// cached). Destroyed in reverse order.
class NewsroomModule final {
public:
    /// `runtime` must outlive the module.
    explicit NewsroomModule(Runtime& runtime);
    ~NewsroomModule();

    /// Loads templates/newsroom/, builds the Newsroom and its pages and adds the "/newsroom"
    /// route to `site`. `site` and `static_files` must outlive the module.
    Result<void> Serve(site::Site& site, const http::StaticFiles& static_files);

    store::StaffStore& staff() { return *staff_; }
    /// The newsroom, once Serve has built it (null before): other pages add themselves here.
    newsroom::Newsroom* newsroom() { return newsroom_.get(); }

private:
    Runtime& runtime_;
    std::unique_ptr<store::StaffStore> staff_;
    std::unique_ptr<site::Templates> templates_;
    std::unique_ptr<newsroom::Newsroom> newsroom_;
    std::unique_ptr<newsroom::WirePages> wire_pages_;
    std::unique_ptr<newsroom::ArticlePages> article_pages_;
    std::unique_ptr<newsroom::AdminPages> admin_pages_;
    std::unique_ptr<StoriesModule> stories_;    // Staff stories, pictures (app/stories_module.h).
    std::unique_ptr<SettingsModule> settings_;  // Site settings (app/settings_module.h).
};

/// The demo's staff: admin@demo.broadsheet (admin), editor@demo.broadsheet (editor) and
/// writer@demo.broadsheet (writer), each with a new random password. Returns one line per
/// account for `serve` to print ("newsroom: admin@demo.broadsheet (admin) password …").
Result<std::vector<std::string>> AddDemoStaff(store::StaffStore& staff, const Runtime& runtime);

}  // namespace broadsheet::app
