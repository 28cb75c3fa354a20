// stillpoint: check, play, render and report music programs for psychedelic-assisted therapy sessions.
#include <cstdio>
#include <fstream>

#include "audio/engine/output/LiveOutput.h"
#include "cli/Commands.h"
#include "cli/ManPage.h"
#include "program/DataFolder.h"

int main(int argc, char** argv) {
    using namespace stillpoint::cli;
    // OpenAL Soft reads its settings once, at the first call: its short mixing period must be chosen now.
    if (const auto data =
            stillpoint::program::findDataFolder(stillpoint::program::thisExecutablesDataSearch()))
        stillpoint::audio::useOpenAlSettings(*data / "assets/openal/alsoft.conf");
    CLI::App app{"Stillpoint: music and setting for ketamine-assisted therapy sessions"};
    const std::string version = "stillpoint " STILLPOINT_VERSION;
    app.set_version_flag("--version", version);
    std::string manPageFile;
    app.add_option("--man-page", manPageFile, "Write the manual page (stillpoint.1) to FILE")->group("");
    int exitCode = kExitOk;
    addCheckCommand(app, exitCode);
    addPlayCommand(app, exitCode);
    addRenderCommand(app, exitCode);
    addDevicesCommand(app, exitCode);
    addReportCommand(app, exitCode);
    addImportCommand(app, exitCode);
    addEditCommand(app, exitCode);
    addMonitorCommand(app, exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (!manPageFile.empty()) {
        std::ofstream out(manPageFile, std::ios::binary | std::ios::trunc);
        out << manPage(app, version);
        if (!out.flush()) {
            std::fprintf(stderr, "stillpoint: cannot write %s\n", manPageFile.c_str());
            return kExitProblems;
        }
        return kExitOk;
    }
    if (app.get_subcommands().empty()) return playDemo();
    return exitCode;
}
