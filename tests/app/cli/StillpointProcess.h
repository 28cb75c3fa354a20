// Runs the built `stillpoint` executable as a clinic would, for the command tests: its exit code and what
// it printed. Header-only, shared by the tests of each command.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace stillpoint::testing {

struct StillpointRun {
    int exitCode = -1;
    std::string output;
};

enum class Capture { StdoutOnly, StdoutAndStderr };

// `arguments` are already quoted; `environment` is a list of NAME=value for `env`. Input comes from
// /dev/null, and `timeout` makes a hang fail the test instead of stalling the suite.
inline StillpointRun runStillpoint(const std::string& arguments, const std::string& environment,
                                   Capture capture = Capture::StdoutAndStderr) {
    const std::string command = "env " + environment + " timeout 60 '" STILLPOINT_BINARY_DIR "/stillpoint' " +
                                arguments + " </dev/null " +
                                (capture == Capture::StdoutAndStderr ? "2>&1" : "2>/dev/null");
    StillpointRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    char buffer[4096];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        run.output.append(buffer, got);
    const int status = ::pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

inline std::string quoted(const std::filesystem::path& path) {
    return "'" + path.string() + "'";
}

}  // namespace stillpoint::testing
