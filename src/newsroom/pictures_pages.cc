// The picture library page: the upload form (multipart/form-data) and the pictures.
#include <string>

#include "http/multipart.h"
#include "media/renditions.h"
#include "newsroom/story_pages.h"

namespace broadsheet::newsroom {
namespace {

using nlohmann::json;

std::string Srcset(const Picture& picture) {
    std::string srcset;
    for (int width : media::Renditions::kWidths) {
        if (picture.width > 0 && width > picture.width) break;
        if (!srcset.empty()) srcset += ", ";
        srcset += "/media/" + media::Renditions::PathFor(picture.path, width, media::RenditionFormat::kJpeg) + " " +
                  std::to_string(width) + "w";
    }
    return srcset;
}

int StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kTooLarge: return 413;
        case ErrorCode::kUnsupported: return 415;
        case ErrorCode::kInvalidInput: return 422;
        default: return 500;
    }
}

}  // namespace

http::Response StoryPages::Pictures(const http::Request& request, const StaffContext& staff) const {
    if (request.path != "/newsroom/pictures" && request.path != "/newsroom/pictures/") {
        return Failure(staff, Error{ErrorCode::kNotFound, "There is no picture page here."});
    }
    if (request.method != "POST") return PictureLibraryPage(staff, {}, 200);
    // The server accepts bodies up to its global limit; the picture limit is enforced here.
    http::MultipartLimits limits;
    limits.max_file_bytes = pictures_.max_bytes();
    limits.max_parts = 16;
    auto form = http::ParseMultipartRequest(request, limits);
    if (!form) return PictureLibraryPage(staff, {form.error().message}, StatusFor(form.error().code));
    const http::MultipartPart* file = form->Find("file");
    if (!file || !file->is_file) return PictureLibraryPage(staff, {"choose a picture to upload"}, 422);
    PictureDetails details{form->Field("alt").value_or(""), form->Field("caption").value_or(""),
                           form->Field("credit").value_or("")};
    auto uploaded = pictures_.Upload(staff.member.id, file->data, details);
    if (!uploaded) return PictureLibraryPage(staff, {uploaded.error().message}, StatusFor(uploaded.error().code));
    newsroom_.Audit(staff, "picture.upload", "picture " + std::to_string(uploaded->id),
                    uploaded->picture.path + " (" + file->filename + ")");
    return newsroom_.Redirect("/newsroom/pictures", "Picture added to the library.");
}

http::Response StoryPages::PictureLibraryPage(const StaffContext& staff, std::vector<std::string> errors,
                                              int status) const {
    auto list = pictures_.List(100, 0);
    if (!list) return Failure(staff, list.error());
    json pictures = json::array();
    for (const store::PictureRecord& record : *list) {
        const Picture& p = record.picture;
        pictures.push_back({{"id", record.id},
                            {"thumb_url", "/media/" + media::Renditions::PathFor(p.path, 320, media::RenditionFormat::kJpeg)},
                            {"srcset", Srcset(p)},
                            {"alt", p.alt_text},
                            {"caption", p.caption},
                            {"credit", p.credit},
                            {"width", p.width},
                            {"height", p.height},
                            {"mime", p.mime},
                            {"uploaded", options_.zone.FormatDateTime(record.uploaded_at)}});
    }
    json error_list = json::array();
    for (std::string& error : errors) error_list.push_back({{"message", std::move(error)}});
    json model{{"pictures", pictures},
               {"has_pictures", !pictures.empty()},
               {"max_mib", pictures_.max_bytes() >> 20},
               {"errors", error_list},
               {"has_errors", !error_list.empty()}};
    return newsroom_.RenderPage(staff, "picture_library", "Pictures", std::move(model), status);
}

}  // namespace broadsheet::newsroom
