// broadsheet: the one binary. Parses the command line and runs a command; exceptions that
// escape a command end here with exit code 3.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "app/commands.h"

namespace {

void AddCommon(CLI::App& command, broadsheet::app::CommonOptions& common) {
    command.add_option("--config", common.config_file, "TOML config file (default: the built-in config)")
        ->check(CLI::ExistingFile);
    command.add_option("--data", common.data_dir, "Data directory: database and media (default: ./data)");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Broadsheet: a news publishing platform. Wire copy in, fast pages out.", "broadsheet"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "broadsheet 0.1.0");

    broadsheet::app::ServeOptions serve;
    CLI::App* serve_command = app.add_subcommand("serve", "Serve the site (demo content on a first start)");
    AddCommon(*serve_command, serve.common);
    serve_command->add_option("--listen", serve.listen, "HOST:PORT to listen on (default: 127.0.0.1:8080)");
    serve_command->add_option("--audit-paths", serve.audit_paths_for,
                              "Print a sample path of every route about article ID, and exit (for leak audits)");
    bool no_demo = false;
    serve_command->add_flag("--no-demo", no_demo, "Do not load demo content into an empty data dir");

    broadsheet::app::IngestOptions ingest;
    CLI::App* ingest_command = app.add_subcommand(
        "ingest", "Ingest wire files or folders once; prints \"ingested N, updated N, unchanged N, rejected N\"");
    AddCommon(*ingest_command, ingest.common);
    ingest_command->add_option("--section", ingest.section, "Put every item in this section (slug)");
    ingest_command->add_flag("--premium", ingest.premium, "Mark every item a premium story (subscribers only)");
    ingest_command->add_option("paths", ingest.paths, "Wire files or folders")->required();

    broadsheet::app::FeedsOptions feeds;
    CLI::App* feeds_command = app.add_subcommand(
        "feeds", "List the configured feeds: kind, last success, last error, next poll, failures");
    AddCommon(*feeds_command, feeds.common);
    feeds_command->add_flag("--poll-now", feeds.poll_now, "Run every feed once now, printing what each did");

    broadsheet::app::ReindexOptions reindex;
    CLI::App* reindex_command = app.add_subcommand(
        "reindex", "Rebuild the search index from the store and swap it in (a running server keeps serving)");
    AddCommon(*reindex_command, reindex.common);

    broadsheet::app::ReaderOptions reader;
    CLI::App* reader_command = app.add_subcommand("reader", "Readers' accounts");
    reader_command->require_subcommand(1);
    CLI::App* reader_add = reader_command->add_subcommand(
        "add", "Add a reader (password read from standard input; the address is marked verified)");
    AddCommon(*reader_add, reader.common);
    reader_add->add_option("--email", reader.email, "The reader's e-mail address")->required();
    reader_add->add_option("--plan", reader.plan, "Also grant a complimentary subscription to this plan (its id)");
    reader_add->add_option("--months", reader.months, "Calendar months of the complimentary subscription")
        ->check(CLI::Range(1, 1200));
    CLI::App* reader_list = reader_command->add_subcommand("list", "List the readers");
    AddCommon(*reader_list, reader.common);

    CLI11_PARSE(app, argc, argv);
    try {
        if (serve_command->parsed()) {
            serve.demo = !no_demo;
            return broadsheet::app::RunServe(serve);
        }
        if (ingest_command->parsed()) return broadsheet::app::RunIngest(ingest);
        if (feeds_command->parsed()) return broadsheet::app::RunFeeds(feeds);
        if (reindex_command->parsed()) return broadsheet::app::RunReindex(reindex);
        if (reader_add->parsed()) {
            if (int bad = broadsheet::app::CheckReaderGrant(reader)) return bad;
            int added = broadsheet::app::RunReaderAdd(reader);
            if (added != 0 || reader.plan.empty()) return added;
            return broadsheet::app::RunReaderGrant(reader);
        }
        if (reader_list->parsed()) return broadsheet::app::RunReaderList(reader);
    } catch (const std::exception& e) {
        std::cerr << "broadsheet: fatal: " << e.what() << "\n";
        return 3;
    }
    return 0;
}
