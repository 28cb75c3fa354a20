// Any bytes as the machine configuration: the reader answers with a configuration or located problems,
// never a crash, a hang or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/MachineConfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = stillpoint::config::parseMachineConfigText(text, "/fuzz/stillpoint.toml");
    for (const auto& problem : result.problems) (void)stillpoint::program::formatProblem(problem);
    return 0;
}
