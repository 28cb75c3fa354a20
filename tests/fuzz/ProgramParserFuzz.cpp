// Any bytes as a program file: the parser answers with a program or located problems, never a crash,
// a hang or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "program/ProgramParser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = stillpoint::program::parseProgramText(text, "/fuzz/program.toml");
    for (const auto& problem : result.problems) (void)stillpoint::program::formatProblem(problem);
    return 0;
}
