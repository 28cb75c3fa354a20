#include <cstdio>

#include "cli/Commands.h"

namespace stillpoint::cli {

void addDevicesCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand("devices", "(not available in this build)");
    command->allow_extras();
    command->callback([&exitCode] {
        std::fprintf(stderr, "stillpoint devices: not available in this build yet\n");
        exitCode = kExitUsage;
    });
}

}  // namespace stillpoint::cli
