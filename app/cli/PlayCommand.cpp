#include <cstdio>

#include "cli/Commands.h"

namespace stillpoint::cli {

void addPlayCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand("play", "(not available in this build)");
    command->allow_extras();
    command->callback([&exitCode] {
        std::fprintf(stderr, "stillpoint play: not available in this build yet\n");
        exitCode = kExitUsage;
    });
}

}  // namespace stillpoint::cli

int stillpoint::cli::playDemo() {
    std::fprintf(stderr, "stillpoint: the player is not available in this build yet\n");
    return kExitUsage;
}
