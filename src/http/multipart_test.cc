#include "http/multipart.h"

#include <gtest/gtest.h>

#include <string>

namespace broadsheet::http {
namespace {

const std::string kBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string Body(std::initializer_list<std::string> parts) {
    std::string body;
    for (const std::string& part : parts) body += "--" + kBoundary + "\r\n" + part + "\r\n";
    body += "--" + kBoundary + "--\r\n";
    return body;
}

TEST(MultipartBoundaryTest, FromContentType) {
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
    EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; boundary=x"), "x");
    EXPECT_EQ(MultipartBoundary("multipart/mixed; boundary=abc"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"\""), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"ends \""), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'a')), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=a; boundary=b"), std::nullopt);
}

TEST(ParseMultipartTest, FieldsAndFiles) {
    std::string jpeg("\xFF\xD8\xFF\xE0\r\n--not-the-boundary\r\n\0tail", 30);
    std::string body = Body({
        "Content-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken123",
        "Content-Disposition: form-data; name=\"alt\"\r\n\r\nLine one\r\nLine two",
        "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\photos\\\\kyiv.jpg\"\r\n"
        "Content-Type: Image/JPEG\r\n\r\n" + jpeg,
        "content-disposition: form-data; name=empty; filename=\"\"\r\n\r\n",
    });
    auto form = ParseMultipart(body, kBoundary);
    ASSERT_TRUE(form.has_value()) << form.error().message;
    ASSERT_EQ(form->parts.size(), 4u);
    EXPECT_EQ(form->Field("csrf"), "token123");
    EXPECT_EQ(form->Field("alt"), "Line one\r\nLine two");
    const MultipartPart* file = form->Find("file");
    ASSERT_NE(file, nullptr);
    EXPECT_TRUE(file->is_file);
    EXPECT_EQ(file->filename, "kyiv.jpg");
    EXPECT_EQ(file->content_type, "image/jpeg");
    EXPECT_EQ(file->data, jpeg);
    EXPECT_EQ(form->Field("file"), std::nullopt);
    EXPECT_TRUE(form->Find("empty")->is_file);
    EXPECT_EQ(form->Find("empty")->data, "");
    EXPECT_EQ(form->Find("alt")->content_type, "text/plain");
    EXPECT_EQ(form->Find("missing"), nullptr);
}

TEST(ParseMultipartTest, EmptyFormAndEpilogue) {
    auto form = ParseMultipart("--" + kBoundary + "--", kBoundary);
    ASSERT_TRUE(form.has_value());
    EXPECT_TRUE(form->parts.empty());
    auto with_epilogue = ParseMultipart(Body({"Content-Disposition: form-data; name=a\r\n\r\n1"}) + "ignored", kBoundary);
    ASSERT_TRUE(with_epilogue.has_value());
    EXPECT_EQ(with_epilogue->Field("a"), "1");
}

TEST(ParseMultipartTest, RejectsMalformedBodies) {
    const std::string d = "--" + kBoundary;
    const std::string kCases[] = {
        "",
        "preamble\r\n" + Body({"Content-Disposition: form-data; name=a\r\n\r\n1"}),
        d + "\r\nContent-Disposition: form-data; name=a\r\n\r\nunterminated",
        d + "\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n" + d,
        d + "\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n" + d + "xx",
        Body({"Content-Type: text/plain\r\n\r\nno disposition"}),
        Body({"Content-Disposition: attachment; name=a\r\n\r\n1"}),
        Body({"Content-Disposition: form-data; filename=a.jpg\r\n\r\n1"}),
        Body({"Content-Disposition: form-data; name=\"a\r\n\r\n1"}),
        Body({"Content-Disposition: form-data; name=a; name=b\r\n\r\n1"}),
        Body({"Content-Disposition: form-data; name=a\nX: y\r\n\r\n1"}),
        Body({"no colon here\r\nContent-Disposition: form-data; name=a\r\n\r\n1"}),
        Body({"\r\n1"}),
        d + "\r\nContent-Disposition: form-data; name=a",
    };
    for (const std::string& body : kCases) {
        auto form = ParseMultipart(body, kBoundary);
        EXPECT_FALSE(form.has_value()) << body;
        if (!form) {
            EXPECT_EQ(form.error().code, ErrorCode::kInvalidInput) << body;
        }
    }
}

TEST(ParseMultipartTest, EnforcesLimits) {
    MultipartLimits limits;
    limits.max_parts = 2;
    limits.max_field_bytes = 4;
    limits.max_file_bytes = 8;
    limits.max_header_bytes = 100;
    const std::string field = "Content-Disposition: form-data; name=a\r\n\r\n";
    const std::string file = "Content-Disposition: form-data; name=f; filename=x\r\n\r\n";
    EXPECT_TRUE(ParseMultipart(Body({field + "1234", file + "12345678"}), kBoundary, limits).has_value());
    const std::string kTooLarge[] = {
        Body({field + "12345"}),
        Body({file + "123456789"}),
        Body({field + "1", field + "2", field + "3"}),
        Body({"X-Long: " + std::string(200, 'x') + "\r\n" + field + "1"}),
    };
    for (const std::string& body : kTooLarge) {
        auto form = ParseMultipart(body, kBoundary, limits);
        ASSERT_FALSE(form.has_value()) << body;
        EXPECT_EQ(form.error().code, ErrorCode::kTooLarge) << body;
    }
}

TEST(ParseMultipartTest, FromARequest) {
    Request request;
    request.headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + kBoundary);
    request.body = Body({"Content-Disposition: form-data; name=headline\r\n\r\nKyiv"});
    auto form = ParseMultipartRequest(request);
    ASSERT_TRUE(form.has_value());
    EXPECT_EQ(form->Field("headline"), "Kyiv");
    request.headers[0].second = "application/x-www-form-urlencoded";
    auto other = ParseMultipartRequest(request);
    ASSERT_FALSE(other.has_value());
    EXPECT_EQ(other.error().code, ErrorCode::kUnsupported);
}

}  // namespace
}  // namespace broadsheet::http
