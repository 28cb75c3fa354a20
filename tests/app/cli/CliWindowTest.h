// What the real-window tests of the executable's own windows (the monitor's, the call key in the panel's)
// share, on top of the panel's harness (tests/app/panel/RealPanelWindow.h): whether they can run, the
// window once it is shown, and the window read by OCR. Header-only.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"

namespace stillpoint::testing {

// What is missing to run a real-window test, for GTEST_SKIP; "" if nothing is.
inline std::string missingWindowTools() {
    for (const char* tool : {"Xvfb", "xdotool", "import"})
        if (!panel::testing::haveTool(tool))
            return std::string(tool) + " is needed (scripts/setup-debian.sh --test)";
    if (!panel::testing::ocrAvailable()) return "tesseract-ocr and imagemagick are needed";
    return {};
}

// The X window of the visible window titled exactly `title`, once it is shown (xdotool waits); "" if none.
inline std::string shownWindow(const panel::testing::VirtualScreen& screen, const std::string& title) {
    const std::string found =
        panel::testing::runOn(screen, "xdotool search --sync --onlyvisible --name '^" + title + "$'");
    return found.substr(0, found.find('\n'));
}

// A part of a window, in its pixels.
struct WindowPart {
    int x = 0, y = 0, width = 0, height = 0;
};

// The window now (or only `part` of it, which is quicker to read), read by OCR, its words' positions in
// the window's pixels; the screenshot is left in `shot`. `enlarge`: see ocrWords.
inline std::vector<panel::testing::OcrWord> readWindow(const panel::testing::VirtualScreen& screen,
                                                       const std::string& window,
                                                       const std::filesystem::path& shot, int enlarge,
                                                       std::optional<WindowPart> part = std::nullopt) {
    const std::string crop = part ? " -crop " + std::to_string(part->width) + "x" +
                                        std::to_string(part->height) + "+" + std::to_string(part->x) + "+" +
                                        std::to_string(part->y) + " +repage"
                                  : "";
    panel::testing::runOn(screen, "import -window " + window + crop + " '" + shot.string() + "'");
    auto words = panel::testing::ocrWords(shot, enlarge);
    if (part)
        for (auto& word : words) word.x += part->x, word.y += part->y;
    return words;
}

using WordsCheck = std::function<bool(const std::vector<panel::testing::OcrWord>&)>;

// Reads the screen with `read` until `done` holds for what it shows, or `timeout` has passed; the last
// reading.
inline std::vector<panel::testing::OcrWord> readingUntil(
    const std::function<std::vector<panel::testing::OcrWord>()>& read, const WordsCheck& done,
    panel::testing::Seconds timeout) {
    std::vector<panel::testing::OcrWord> words;
    panel::testing::waitUntil(
        [&] {
            words = read();
            return done(words);
        },
        timeout);
    return words;
}

}  // namespace stillpoint::testing
