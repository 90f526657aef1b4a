#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"
#include "site/views.h"

namespace broadsheet::site {

/// The reader site's mustache templates (templates/site/*.mustache), parsed once at
/// start-up. `layout` frames every page; files named `_x.mustache` are partials (`{{> x}}`).
/// Thread-safe.
class Templates final {
public:
    /// Loads and parses every template in `dir`; an Error names the file and the problem.
    static Result<std::unique_ptr<Templates>> Load(const std::filesystem::path& dir);
    ~Templates();

    std::string RenderArticle(const PageView& page, const ArticleView& article) const;
    std::string RenderListing(const PageView& page, const ListingView& listing) const;
    std::string RenderError(const PageView& page, const ErrorView& error) const;
    std::string RenderArchive(const PageView& page, const ArchiveView& archive) const;

private:
    struct Impl;
    explicit Templates(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace broadsheet::site
