#include "http/compression.h"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <string>

namespace broadsheet::http {
namespace {

std::string Gunzip(const std::string& in) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    std::string out(1 << 20, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream.avail_in = static_cast<uInt>(in.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
    out.resize(stream.total_out);
    inflateEnd(&stream);
    return out;
}

std::string Unbrotli(const std::string& in) {
    std::string out(1 << 20, '\0');
    size_t size = out.size();
    EXPECT_EQ(BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size,
                                      reinterpret_cast<uint8_t*>(out.data())),
              BROTLI_DECODER_RESULT_SUCCESS);
    out.resize(size);
    return out;
}

std::string SamplePage() {
    std::string page = "<!DOCTYPE html><html lang=\"en\"><body>";
    for (int i = 0; i < 200; ++i) page += "<p>Paragraph " + std::to_string(i) + " of a story about Kyiv.</p>\n";
    return page + "</body></html>";
}

TEST(CompressionTest, GzipRoundTripsAndShrinks) {
    std::string page = SamplePage();
    std::string gz = GzipCompress(page);
    ASSERT_GE(gz.size(), 2U);
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1F);  // gzip magic
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8B);
    EXPECT_LT(gz.size(), page.size() / 4);
    EXPECT_EQ(Gunzip(gz), page);
}

TEST(CompressionTest, BrotliRoundTripsAndBeatsGzip) {
    std::string page = SamplePage();
    std::string br = BrotliCompress(page);
    ASSERT_FALSE(br.empty());
    EXPECT_LT(br.size(), GzipCompress(page).size());
    EXPECT_EQ(Unbrotli(br), page);
}

TEST(CompressionTest, EmptyBodyRoundTrips) {
    EXPECT_EQ(Gunzip(GzipCompress("")), "");
    EXPECT_EQ(Unbrotli(BrotliCompress("")), "");
}

TEST(CompressionTest, Negotiation) {
    struct Case {
        const char* header;
        std::optional<ContentCoding> expected;
    };
    const Case cases[] = {
        {"", ContentCoding::kIdentity},
        {"gzip, deflate, br, zstd", ContentCoding::kBrotli},  // Chromium's header
        {"gzip, deflate", ContentCoding::kGzip},
        {"GZIP", ContentCoding::kGzip},
        {"x-gzip", ContentCoding::kGzip},
        {"br;q=0.5, gzip;q=0.8", ContentCoding::kGzip},
        {"br;q=0.8, gzip;q=0.8", ContentCoding::kBrotli},
        {"br;q=0, gzip", ContentCoding::kGzip},
        {"gzip;q=0", ContentCoding::kIdentity},
        {"*", ContentCoding::kBrotli},
        {"*;q=0.1, br;q=0", ContentCoding::kGzip},
        {"deflate", ContentCoding::kIdentity},
        {"identity", ContentCoding::kIdentity},
        {"gzip;q=0, identity;q=0", std::nullopt},
        {"*;q=0", std::nullopt},
        {"gzip;q=2, br;q=x", ContentCoding::kIdentity},  // malformed weights are ignored
        {"gzip;q=0.001", ContentCoding::kGzip},
        {" , ,gzip ; q=1.000", ContentCoding::kGzip},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(NegotiateCoding(c.header), c.expected) << "Accept-Encoding: " << c.header;
    }
}

TEST(CompressionTest, CompressibleTypes) {
    EXPECT_TRUE(IsCompressible("text/html; charset=utf-8"));
    EXPECT_TRUE(IsCompressible("application/rss+xml; charset=utf-8"));
    EXPECT_TRUE(IsCompressible("image/svg+xml"));
    EXPECT_TRUE(IsCompressible("application/json"));
    EXPECT_FALSE(IsCompressible("image/jpeg"));
    EXPECT_FALSE(IsCompressible("image/webp"));
    EXPECT_FALSE(IsCompressible(""));
}

}  // namespace
}  // namespace broadsheet::http
