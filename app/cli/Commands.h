// One function per subcommand: each adds itself to the command line and runs when chosen.
#pragma once

#include <CLI/CLI.hpp>

namespace stillpoint::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitProblems = 1;  // the input has problems (invalid program, failed render, ...)
inline constexpr int kExitUsage = 2;     // the command line itself is wrong
// `render` wrote its file, but faults were reported on the way (a file missing, unreadable or cut
// short...): the preview does not sound as the program was written. Listed on stderr and in the events.
inline constexpr int kExitFaults = 3;

void addCheckCommand(CLI::App& app, int& exitCode);
void addPlayCommand(CLI::App& app, int& exitCode);
void addRenderCommand(CLI::App& app, int& exitCode);
void addDevicesCommand(CLI::App& app, int& exitCode);
void addReportCommand(CLI::App& app, int& exitCode);
void addImportCommand(CLI::App& app, int& exitCode);
void addEditCommand(CLI::App& app, int& exitCode);
void addMonitorCommand(CLI::App& app, int& exitCode);

// What plain `stillpoint` does: play the demo program.
int playDemo();

}  // namespace stillpoint::cli
