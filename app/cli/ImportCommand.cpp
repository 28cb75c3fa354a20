// `stillpoint import PLAYLIST|FOLDER -o PROGRAM.toml`: a program to start from, made from a playlist the
// clinic already has (M3U/M3U8, PLS, XSPF) or a folder of music.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/Commands.h"
#include "editor/ProgramImport.h"
#include "program/ProgramParser.h"
#include "program/ProgramWriter.h"

namespace stillpoint::cli {

namespace fs = std::filesystem;

void addImportCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand(
        "import",
        "Make a program from a playlist (.m3u, .m3u8, .pls, .xspf) or a folder of music, to start from");
    struct Options {
        std::string input;
        std::string output;
        std::string route = "sublingual";
        std::string name;
        bool force = false;
    };
    auto options = std::make_shared<Options>();
    command->add_option("PLAYLIST", options->input, "Playlist file or folder of music")->required();
    command->add_option("-o,--output", options->output, "Program file to write (.toml)")->required();
    command
        ->add_option("--route", options->route,
                     "Route whose phase plan to use: iv, im, intranasal, sublingual (default) or oral")
        ->check(CLI::IsMember({"iv", "im", "intranasal", "sublingual", "oral"}));
    command->add_option("--name", options->name, "Program name (default: the playlist's name)");
    command->add_flag("--force", options->force, "Replace the program file if it exists");
    command->callback([options, &exitCode] {
        const fs::path input(options->input);
        const fs::path output(options->output);
        std::error_code error;
        if (fs::exists(output, error) && !options->force) {
            std::fprintf(
                stderr, "stillpoint import: '%s' exists; choose another name, or add --force to replace it\n",
                output.c_str());
            exitCode = kExitUsage;
            return;
        }
        const auto route = program::importRouteNamed(options->route).value_or(program::Route::Sublingual);
        const auto result = editor::importProgram(input, route, options->name);
        for (const auto& skip : result.skipped) std::fprintf(stderr, "%s\n", skip.c_str());
        if (!result.imported) {
            std::fprintf(stderr, "stillpoint import: %s; nothing written\n", result.error.c_str());
            exitCode = kExitProblems;
            return;
        }
        const auto& imported = *result.imported;
        const std::string& name = result.name;
        program::ProgramWriteOptions writeOptions;
        writeOptions.programFolder = fs::absolute(output).parent_path().lexically_normal();
        writeOptions.headerComment = imported.headerComment;
        writeOptions.phaseComments = imported.phaseComments;
        try {
            program::writeProgramFile(imported.program, output, writeOptions);
        } catch (const std::exception& failure) {
            std::fprintf(stderr, "stillpoint import: %s\n", failure.what());
            exitCode = kExitProblems;
            return;
        }
        // What was written must read back without an error; say so plainly if it does not.
        const auto parsed = program::parseProgramFile(output);
        for (const auto& problem : parsed.problems)
            if (problem.severity == program::Severity::Error)
                std::fprintf(stderr, "%s:%d: error: %s\n", output.c_str(), problem.where.line,
                             problem.message.c_str());
        std::printf("%s: \"%s\" (%s), %zu phases, %zu tracks", output.c_str(), name.c_str(),
                    program::toString(route), imported.program.phases.size(), result.tracks);
        const std::size_t skipped = result.skipped.size();
        if (skipped > 0)
            std::printf("; %zu entr%s skipped (listed above)", skipped, skipped == 1 ? "y" : "ies");
        std::printf("\nNext: read the comment at each phase, then run: stillpoint check %s\n",
                    output.c_str());
        exitCode = parsed.hasErrors() ? kExitProblems : kExitOk;
    });
}

}  // namespace stillpoint::cli
