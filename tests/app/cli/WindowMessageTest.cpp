// Started from the desktop's menu there is no terminal: a problem that stops Stillpoint before its panel
// opens must be told in a window. The real executable under Xvfb, with no sound output to open; the
// window read by OCR and closed with Enter, as a person would.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "app/cli/StillpointProcess.h"
#include "app/panel/PanelOcr.h"
#include "audio/decode/AudioFixtures.h"

using namespace stillpoint::testing;
using namespace stillpoint::panel::testing;

namespace {

bool haveXvfbAndXdotool() {
    return std::system(
               "command -v Xvfb >/dev/null 2>&1 && command -v xdotool >/dev/null 2>&1 && "
               "command -v import >/dev/null 2>&1") == 0;
}

std::string readFile(const std::filesystem::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(WindowMessage, NoSoundOutputIsToldInAWindowThatEnterCloses) {
    if (!haveXvfbAndXdotool() || !ocrAvailable())
        GTEST_SKIP() << "needs Xvfb, xdotool, ImageMagick, tesseract";
    TempFolder folder;
    const auto shot = folder / "message.png";
    const auto status = folder / "status";
    const std::string display = ":" + std::to_string(200 + ::getpid() % 600);
    // Every wait is bounded: the window within 30 s, the exit within 10 s of Enter.
    const std::string script =
        "Xvfb " + display +
        " -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!; "
        "export DISPLAY=" +
        display +
        "; "
        "for i in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done; "
        "(env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER ALSOFT_DRIVERS=nosuchdriver HOME=" +
        quoted(folder.path()) + " XDG_DATA_HOME=" + quoted(folder / "data") +
        " XDG_CACHE_HOME=" + quoted(folder / "cache") +
        " timeout 60 '" STILLPOINT_BINARY_DIR "/stillpoint' </dev/null >" + quoted(folder / "out.txt") +
        " 2>&1; echo $? >" + quoted(status) +
        ") & "
        "window=$(timeout 30 xdotool search --sync --onlyvisible --name '^Stillpoint$' | head -1); "
        "sleep 1; import -window root " +
        quoted(shot) +
        "; "
        "[ -n \"$window\" ] && xdotool windowactivate --sync $window >/dev/null 2>&1; "
        "xdotool key --clearmodifiers Return; "
        "for i in $(seq 100); do [ -s " +
        quoted(status) +
        " ] && break; sleep 0.1; done; "
        "kill $xvfb; wait $xvfb 2>/dev/null; true";
    std::ofstream(folder / "run.sh") << script << "\n";
    ASSERT_EQ(std::system(("bash " + quoted(folder / "run.sh")).c_str()), 0);

    ASSERT_TRUE(std::filesystem::exists(status))
        << "stillpoint did not end after Enter: " << readFile(folder / "out.txt");
    EXPECT_EQ(std::stoi(readFile(status)), 1) << readFile(folder / "out.txt");  // kExitProblems
    // The terminal gets it too, and the window opened: no fallback was needed.
    const std::string printed = readFile(folder / "out.txt");
    EXPECT_NE(printed.find("no audio output device could be opened"), std::string::npos) << printed;
    EXPECT_EQ(printed.find("could not be shown"), std::string::npos) << printed;

    const auto words = ocrWords(shot, 2);
    std::string text;
    for (const auto& word : words) text += word.text + " ";
    for (const char* expected : {"audio", "output", "device", "close"})
        EXPECT_NE(text.find(expected), std::string::npos) << expected << " in: " << text;
}
