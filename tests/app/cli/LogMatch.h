// Waiting for what a program run by ChildProcess (tests/app/panel/RealPanelWindow.h) prints into its log:
// the port a session listens on, the monitor's alerts. Header-only.
#pragma once

#include <filesystem>
#include <regex>
#include <string>

#include "app/panel/RealPanelWindow.h"

namespace stillpoint::testing {

// The first group of `pattern` (the whole match if it has none) once `log` holds it, or "" if it does not
// within `timeout`. Polls: nothing is timed.
inline std::string waitForLogMatch(const std::filesystem::path& log, const std::regex& pattern,
                                   panel::testing::Seconds timeout = panel::testing::Seconds(20)) {
    std::string found;
    panel::testing::waitUntil(
        [&] {
            std::smatch match;
            const std::string text = panel::testing::readText(log);
            if (!std::regex_search(text, match, pattern)) return false;
            found = match.size() > 1 && match[1].matched ? match.str(1) : match.str(0);
            return true;
        },
        timeout);
    return found;
}

}  // namespace stillpoint::testing
