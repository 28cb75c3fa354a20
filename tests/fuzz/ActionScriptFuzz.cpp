// Any bytes as an actions file: timed actions or located problems, never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "session/ActionScript.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto script = stillpoint::session::parseActionScript(text, "/fuzz/actions.toml");
    for (const auto& problem : script.problems) (void)stillpoint::session::toString(problem);
    return 0;
}
