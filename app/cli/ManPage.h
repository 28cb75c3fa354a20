// stillpoint.1, written from the command line's own definition (every subcommand, option and footer), so
// the manual cannot drift from what `stillpoint --help` says. The build writes it with the hidden
// `stillpoint --man-page FILE`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace stillpoint::cli {

std::string manPage(const CLI::App& app, const std::string& version);

}  // namespace stillpoint::cli
