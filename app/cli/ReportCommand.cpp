// `stillpoint report SESSION_DIR [--open]`: writes report.html, events.csv and played.m3u8 into a session's
// folder, and with --open shows the report in the desktop's browser.
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli/Commands.h"
#include "journal/JournalError.h"
#include "journal/JournalReport.h"
#include "journal/JournalReportViewer.h"
#include "journal/SessionFolder.h"

namespace stillpoint::cli {

void addReportCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand(
        "report", "Write report.html, events.csv and played.m3u8 for a session, from its journal");
    auto folder = std::make_shared<std::string>();
    command->add_option("SESSION_DIR", *folder, "The session's folder (holds journal.jsonl)")->required();
    auto open = std::make_shared<bool>(false);
    command->add_flag("--open", *open, "Open report.html in the desktop's browser once written");
    command->footer(
        "Session folders are under $XDG_DATA_HOME/stillpoint/sessions (default "
        "~/.local/share/stillpoint/sessions).\nExit codes: 0 written, 1 the journal cannot be read, "
        "2 wrong command line. --open that finds no browser or desktop says so and still exits 0: the files "
        "are written.");
    command->callback([folder, open, &exitCode] {
        const std::filesystem::path sessionFolder(*folder);
        if (!std::filesystem::is_directory(sessionFolder)) {
            std::fprintf(
                stderr,
                "stillpoint report: %s is not a folder. Give a session folder, e.g. %s/<date>-<patient>-1\n",
                sessionFolder.c_str(), journal::defaultSessionsRoot().c_str());
            exitCode = kExitProblems;
            return;
        }
        try {
            const auto files = journal::writeSessionReport(sessionFolder);
            if (!files.skippedLines.empty()) {
                std::fprintf(stderr,
                             "stillpoint report: some journal lines could not be read and are left out:\n%s",
                             files.skippedLines.c_str());
            }
            std::printf("%s\n%s\n%s\n", files.html.c_str(), files.csv.c_str(), files.playlist.c_str());
            exitCode = kExitOk;
            if (*open) {
                const auto opened = journal::openInBrowser(files.html);
                std::fprintf(opened.started ? stdout : stderr, "stillpoint report: %s\n",
                             opened.message.c_str());
            }
        } catch (const std::exception& error) {
            std::fprintf(stderr, "stillpoint report: %s\n", error.what());
            exitCode = kExitProblems;
        }
    });
}

}  // namespace stillpoint::cli
