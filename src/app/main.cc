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

    broadsheet::app::ImportArchiveOptions import_archive;
    CLI::App* import_command = app.add_subcommand(
        "import-archive",
        "Import past stories in bulk (JSON lines *.jsonl, NewsML-G2, ninjs, RSS/Atom; resumable), then update search");
    AddCommon(*import_command, import_archive.common);
    import_command->add_option("--section", import_archive.section,
                               "Section for stories whose section is not configured (default: the site's default)");
    import_command->add_flag("--premium", import_archive.premium, "Mark every story premium (subscribers only)");
    bool no_index = false;
    import_command->add_flag("--no-index", no_index, "Do not update the search index afterwards");
    import_command->add_flag("--restart", import_archive.restart,
                             "Ignore checkpoints: read every archive file from its start");
    import_command->add_option("--batch", import_archive.batch, "Stories per transaction (default 2000)")
        ->check(CLI::Range(1, 100000));
    import_command->add_option("paths", import_archive.paths, "Archive files (*.jsonl, *.ndjson), wire files or folders")
        ->required();

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

    broadsheet::app::UserOptions user;
    CLI::App* user_command = app.add_subcommand("user", "Newsroom staff accounts");
    user_command->require_subcommand(1);
    CLI::App* user_add = user_command->add_subcommand(
        "add", "Add a staff member; prints a one-time sign-in link (or reads a password with --password-stdin)");
    AddCommon(*user_add, user.common);
    user_add->add_option("--email", user.email, "The staff member's e-mail address")->required();
    user_add->add_option("--role", user.role, "admin, editor or writer")
        ->required()
        ->check(CLI::IsMember({"admin", "editor", "writer"}));
    user_add->add_option("--name", user.name, "The name shown in the newsroom");
    user_add->add_flag("--password-stdin", user.password_stdin, "Read the password from standard input");
    CLI::App* user_list = user_command->add_subcommand("list", "List the staff");
    AddCommon(*user_list, user.common);
    CLI::App* user_disable =
        user_command->add_subcommand("disable", "Disable a staff member and end their sessions");
    AddCommon(*user_disable, user.common);
    user_disable->add_option("--email", user.email, "The staff member's e-mail address")->required();

    CLI11_PARSE(app, argc, argv);
    try {
        if (serve_command->parsed()) {
            serve.demo = !no_demo;
            return broadsheet::app::RunServe(serve);
        }
        if (ingest_command->parsed()) return broadsheet::app::RunIngest(ingest);
        if (feeds_command->parsed()) return broadsheet::app::RunFeeds(feeds);
        if (reindex_command->parsed()) return broadsheet::app::RunReindex(reindex);
        if (import_command->parsed()) {
            import_archive.index = !no_index;
            return broadsheet::app::RunImportArchive(import_archive);
        }
        if (reader_add->parsed()) {
            if (int bad = broadsheet::app::CheckReaderGrant(reader)) return bad;
            int added = broadsheet::app::RunReaderAdd(reader);
            if (added != 0 || reader.plan.empty()) return added;
            return broadsheet::app::RunReaderGrant(reader);
        }
        if (reader_list->parsed()) return broadsheet::app::RunReaderList(reader);
        if (user_add->parsed()) return broadsheet::app::RunUserAdd(user);
        if (user_list->parsed()) return broadsheet::app::RunUserList(user);
        if (user_disable->parsed()) return broadsheet::app::RunUserDisable(user);
    } catch (const std::exception& e) {
        std::cerr << "broadsheet: fatal: " << e.what() << "\n";
        return 3;
    }
    return 0;
}
