// Reads a program file (TOML, docs/program-format.md) into the Program model, collecting every problem
// in the file (with line and column) instead of stopping at the first.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "program/Problem.h"
#include "program/Program.h"

namespace stillpoint::program {

// Program files are a few kilobytes; anything larger is surely the wrong file, refused before reading it.
inline constexpr std::uintmax_t kMaxProgramFileBytes = 1024 * 1024;

struct ParseResult {
    std::optional<Program> program;  // set when there is no error (warnings allowed)
    std::vector<Problem> problems;   // errors and warnings, in file order

    bool hasErrors() const {
        for (const auto& problem : problems) {
            if (problem.severity == Severity::Error) return true;
        }
        return false;
    }
};

// Track files are resolved against the program file's folder.
ParseResult parseProgramFile(const std::filesystem::path& file);

// The same from text already in memory; `file` names it in messages and anchors relative track paths.
ParseResult parseProgramText(std::string_view text, const std::filesystem::path& file);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t editDistance(std::string_view a, std::string_view b);

}  // namespace stillpoint::program
