// Something wrong (or doubtful) in a program file, said so a clinician can fix it without help.
#pragma once

#include <string>

#include "program/Program.h"

namespace stillpoint::program {

enum class Severity { Error, Warning };

struct Problem {
    SourceLocation where;
    std::string message;  // what is wrong
    std::string hint;     // how to fix it; may be empty
    Severity severity = Severity::Error;
};

// "file:line:col: error: message" and, when there is a hint, "\n  hint: ..." (compiler style, so editors
// and terminals can jump to the place).
std::string formatProblem(const Problem& problem);

const char* toString(Severity severity);

}  // namespace stillpoint::program
