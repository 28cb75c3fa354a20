// Opens a written report in the desktop's browser (xdg-open), for `stillpoint report --open` and the
// panel's end-of-session screen. Never waits for the browser: the viewer is started detached.
#pragma once

#include <filesystem>
#include <string>

namespace stillpoint::journal {

struct OpenResult {
    bool started = false;
    std::string message;  // for people: what was opened, or why not and what to do instead
};

// Looks for xdg-open on PATH and for a display (DISPLAY or WAYLAND_DISPLAY) first, so a machine without a
// desktop gets a clear message rather than a browser that never appears.
OpenResult openInBrowser(const std::filesystem::path& file);

}  // namespace stillpoint::journal
