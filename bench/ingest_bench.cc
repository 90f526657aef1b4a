// Wire items parsed and stored per second, per format, into a fresh SQLite store.
// Run by `make bench`. Prints one line per format.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ingest/ingest_files.h"
#include "ingest/publisher.h"
#include "ingest/sources/url_fetcher.h"
#include "media/media_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_article_store.h"

namespace {

using namespace broadsheet;

std::string Paragraphs(int i) {
    std::string body;
    for (int p = 0; p < 8; ++p) {
        body += "<p>Paragraph " + std::to_string(p) + " of story " + std::to_string(i) +
                ": officials said the measures would take effect next week, and markets reacted calmly to "
                "the announcement, with analysts expecting little change before the quarterly results.</p>";
    }
    return body;
}

std::string NinjsItem(int i) {
    return R"({"uri":"urn:bench:ninjs:)" + std::to_string(i) +
           R"(","version":"1","versioncreated":"2024-11-16T10:27:00Z","headline":"Bench story )" + std::to_string(i) +
           R"(","description_text":"A summary of story )" + std::to_string(i) + R"(","body_html":")" + Paragraphs(i) +
           R"(","located":"Mumbai","copyrightholder":"PTI","subject":[{"name":"Markets"},{"name":"Topic )" +
           std::to_string(i % 50) + R"("}]})";
}

std::string NewsMLItem(int i) {
    std::string n = std::to_string(i);
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:bench:nml:)" + n + R"(" version="1" standard="NewsML-G2" standardversion="2.35">
 <itemMeta><itemClass qcode="ninat:text"/><provider literal="PTI"/><versionCreated>2024-11-16T10:27:00Z</versionCreated>
  <firstCreated>2024-11-16T10:27:00Z</firstCreated><pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta><headline>Bench story )" + n + R"(</headline><description role="drol:summary">A summary of story )" + n +
           R"(</description><located literal="Mumbai"/><subject qcode="medtop:04000000"><name>Markets</name></subject>
  <subject type="cpnat:abstract" literal="topic-)" + std::to_string(i % 50) + R"("><name>Topic )" + std::to_string(i % 50) + R"(</name></subject></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>)" +
           Paragraphs(i) + R"(</body></html></inlineXML></contentSet>
</newsItem>)";
}

struct Measurement {
    int items = 0;
    double seconds = 0;
};

Measurement Run(const std::filesystem::path& dir, const std::vector<std::string>& documents, const char* extension) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto pool = store::sqlite::ConnectionPool::Open(dir / "broadsheet.db", 2);
    {
        auto db = (*pool)->Acquire();
        (void)store::sqlite::Migrate(*db);
    }
    store::sqlite::SqliteArticleStore articles(**pool);
    media::MediaStore media(dir / "media");
    ingest::CurlFetcher fetcher;
    SystemClock clock;
    ingest::PublisherOptions options;
    options.sections = {{"world", "World"}, {"markets", "Markets"}};
    options.default_section = "world";
    ingest::Publisher publisher(options, articles, media, fetcher, clock);

    std::filesystem::create_directories(dir / "wire");
    for (size_t i = 0; i < documents.size(); ++i) {
        std::ofstream(dir / "wire" / ("item-" + std::to_string(i) + extension)) << documents[i];
    }
    auto start = std::chrono::steady_clock::now();
    ingest::IngestReport total = ingest::IngestPaths({dir / "wire"}, publisher, {}, 1 << 24);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (total.rejected > 0) std::fprintf(stderr, "bench: %d rejected: %s\n", total.rejected, total.rejections[0].second.c_str());
    return Measurement{total.ingested, seconds};
}

}  // namespace

int main(int argc, char** argv) {
    int count = argc > 1 ? std::atoi(argv[1]) : 20000;
    auto dir = std::filesystem::temp_directory_path() / "broadsheet-ingest-bench";
    const std::pair<const char*, std::string (*)(int)> kFormats[] = {{"ninjs", &NinjsItem}, {"newsml-g2", &NewsMLItem}};
    for (const auto& [name, make] : kFormats) {
        std::vector<std::string> documents;
        for (int i = 0; i < count; ++i) documents.push_back(make(i));
        Measurement m = Run(dir, documents, name == std::string("ninjs") ? ".json" : ".xml");
        std::printf("ingest %-9s: %d items in %.2f s = %.0f items/s (files read, parsed, sanitized, stored in SQLite)\n",
                    name, m.items, m.seconds, m.items / m.seconds);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
