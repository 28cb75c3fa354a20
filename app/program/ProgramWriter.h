// Writes a Program as a program file (TOML, docs/program-format.md) that ProgramParser reads back to the
// same Program. The one writer of program files: `stillpoint import` uses it, an editor would too.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "program/Program.h"

namespace stillpoint::program {

struct ProgramWriteOptions {
    // Track paths are written relative to this folder (the program file's), with forward slashes, so
    // the program and its music can be moved together. Empty: paths are written as they are.
    std::filesystem::path programFolder;
    std::string headerComment;               // written as '#' lines at the top; may hold several lines
    std::vector<std::string> phaseComments;  // one per phase (by index), written above its [[phase]]
    std::string groundingComment;            // written above [grounding]
    // Per phase, one per track (by index), written above its [[phase.track]].
    std::vector<std::vector<std::string>> trackComments;
};

// A TOML basic string: quotes, backslashes and control characters escaped; UTF-8 passes through.
std::string tomlQuoted(const std::string& text);

std::string writeProgramText(const Program& program, const ProgramWriteOptions& options);

// Writes the file atomically (a temporary file beside it, then renamed), so a crash never leaves half a
// program. Throws std::runtime_error with a message naming the file.
void writeProgramFile(const Program& program, const std::filesystem::path& file, ProgramWriteOptions options);

}  // namespace stillpoint::program
