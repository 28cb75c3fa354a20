// What the editor's and the setup screen's real-window tests share: the tools they need, and the
// environment a `stillpoint` window runs in under their X server.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"

namespace stillpoint::panel::testing {

// Which tool (Xvfb, xdotool, ImageMagick's import, tesseract) is missing, said for a skip; empty: none.
inline std::string missingRealWindowTool() {
    for (const char* tool : {"Xvfb", "xdotool", "import"})
        if (!haveTool(tool)) return std::string(tool) + " is needed (scripts/setup-debian.sh --test)";
    if (!ocrAvailable()) return "tesseract-ocr is needed (scripts/setup-debian.sh --test)";
    return {};
}

// The window on `screen` (SDL on X11, not ctest's offscreen driver), no sound card, and a cache and a
// configuration of the test's own in `folder`.
inline std::vector<std::string> realWindowEnvironment(const VirtualScreen& screen,
                                                      const std::filesystem::path& folder) {
    return {"DISPLAY=" + screen.display(), "SDL_VIDEODRIVER=x11", "ALSOFT_DRIVERS=null",
            "XDG_CACHE_HOME=" + (folder / "cache").string(),
            "XDG_CONFIG_HOME=" + (folder / "config").string()};
}

}  // namespace stillpoint::panel::testing
