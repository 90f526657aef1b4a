#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>
#include <string_view>

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
    /// Loads every template in `dir` like Load, requiring only `required` (names without
    /// ".mustache"), for template folders other than the reader site's (templates/newsroom).
    static Result<std::unique_ptr<Templates>> Load(const std::filesystem::path& dir,
                                                   const std::vector<std::string>& required);
    ~Templates();

    std::string RenderArticle(const PageView& page, const ArticleView& article) const;
    std::string RenderListing(const PageView& page, const ListingView& listing) const;
    std::string RenderError(const PageView& page, const ErrorView& error) const;

    /// Renders templates/site/<name>.mustache inside the layout with a JSON view model, for
    /// page families of other modules (accounts, subscriptions) that keep their view models
    /// as JSON: objects and arrays map to mustache sections, strings to (escaped) text,
    /// numbers to text, `""`, `false` and `null` to false. An unknown template name is a
    /// programming error (std::out_of_range; the server answers 500); see Has().
    std::string RenderJson(const PageView& page, std::string_view name, const nlohmann::json& content) const;
    /// Renders <name>.mustache with `model`, then `layout` with `model` and the result as
    /// `body_html`: for page families whose layout takes the same JSON model (the newsroom).
    /// The same JSON rules as RenderJson; an unknown name throws std::out_of_range.
    std::string RenderInLayout(std::string_view name, const nlohmann::json& model) const;
    /// Whether templates/site/<name>.mustache was loaded.
    bool Has(std::string_view name) const;
    std::string RenderArchive(const PageView& page, const ArchiveView& archive) const;

private:
    struct Impl;
    explicit Templates(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace broadsheet::site
