// stillpoint: check, play, render and report music programs for psychedelic-assisted therapy sessions.
#include <cstdio>

#include "cli/Commands.h"

int main(int argc, char** argv) {
    using namespace stillpoint::cli;
    CLI::App app{"Stillpoint: music and setting for ketamine-assisted therapy sessions"};
    app.set_version_flag("--version", "stillpoint 0.1.0");
    int exitCode = kExitOk;
    addCheckCommand(app, exitCode);
    addPlayCommand(app, exitCode);
    addRenderCommand(app, exitCode);
    addDevicesCommand(app, exitCode);
    addReportCommand(app, exitCode);
    addImportCommand(app, exitCode);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (app.get_subcommands().empty()) return playDemo();
    return exitCode;
}
