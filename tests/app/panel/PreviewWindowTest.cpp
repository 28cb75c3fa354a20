// The preview card of the session screen as a therapist uses it: a real panel window in an X server
// (Xvfb), real clicks (xdotool) placed by reading the screen (OCR), at several sizes (drive-preview.sh
// beside this file). With a preview output the card names what the next track is, Play previews it (the
// journal has it, the card says "Previewing" with its position) and Stop stops it; without one the card
// says "No preview output" and offers nothing. Screenshots stay in the test's folder
// (STILLPOINT_KEEP_SCREENSHOTS=DIR copies them there).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"
#include "app/panel/ToneProgram.h"
#include "audio/decode/AudioFixtures.h"
#include "journal/JournalReader.h"

namespace {

namespace fs = std::filesystem;
using namespace stillpoint::panel::testing;
using stillpoint::testing::TempFolder;

struct Size {
    int width;
    int height;
    bool withPreview;
};

class PreviewWindow : public ::testing::TestWithParam<Size> {};

TEST_P(PreviewWindow, ThePreviewCardPlaysAndStopsOrSaysThereIsNoPreviewOutput) {
    for (const char* tool : {"xvfb-run", "xdotool", "tesseract", "import"})
        if (!haveTool(tool)) GTEST_SKIP() << tool << " is needed (scripts/setup-debian.sh --test)";
    const auto [width, height, withPreview] = GetParam();
    using namespace stillpoint::testing;
    TempFolder folder;
    const auto program = folder / "preview.toml";
    writeToneProgram(program, "Preview test", {{"onset", "2m", {kToneA, kToneB}}}, 60.0);
    const auto sessions = folder / "sessions";
    const auto work = folder / "work";
    fs::create_directories(work);
    const std::string room = std::to_string(std::max(1400, 2 * width - 1400)) + "x" +
                             std::to_string(std::max(880, 2 * height - 880));
    const std::string command =
        "timeout 120 xvfb-run -a -s '-screen 0 " + room +
        "x24' '" STILLPOINT_SOURCE_DIR "/tests/app/panel/drive-preview.sh' '" STILLPOINT_BINARY_DIR
        "/stillpoint' '" +
        program.string() + "' '" + sessions.string() + "' '" + work.string() + "' " + std::to_string(width) +
        " " + std::to_string(height) + (withPreview ? " with" : " without") + " >'" +
        (work / "driver.log").string() + "' 2>&1";
    const int status = std::system(command.c_str());
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    if (const char* keep = std::getenv("STILLPOINT_KEEP_SCREENSHOTS"))
        for (const char* shot : {"before.png", "previewing.png", "stopped.png"})
            if (fs::exists(work / shot))
                fs::copy_file(work / shot, fs::path(keep) / ("preview-" + size + "-" + shot),
                              fs::copy_options::overwrite_existing);
    ASSERT_EQ(status, 0) << readText(work / "driver.log") << readText(work / "stillpoint.log");

    ScreenReading before(work / "before.png");
    if (!withPreview) {
        EXPECT_TRUE(before.says("no preview output")) << before.text();
        EXPECT_FALSE(before.says("previewing")) << before.text();
        return;
    }
    // Before: the card names what the next track is, and nothing plays on it yet.
    EXPECT_TRUE(before.says("next track: tone b")) << before.text();
    EXPECT_TRUE(before.says("not previewing")) << before.text();
    EXPECT_FALSE(before.says("no preview output")) << before.text();
    // Its own volume, where the screen has room for it (not at 1024x600, where the notes need it).
    if (height >= 720) {
        EXPECT_TRUE(before.says("preview volume 80")) << before.text();
    }
    // Playing: it says what it previews, with its position in it, while the session's own track plays on.
    ScreenReading previewing(work / "previewing.png");
    EXPECT_TRUE(previewing.says("previewing tone b")) << previewing.text();
    EXPECT_TRUE(previewing.says("/ 1:00")) << previewing.text();
    EXPECT_TRUE(previewing.says("tone a")) << "the session plays on: " << previewing.text();
    ScreenReading stopped(work / "stopped.png");
    EXPECT_TRUE(stopped.says("not previewing")) << stopped.text();

    fs::path session;
    for (const auto& entry : fs::directory_iterator(sessions)) session = entry.path();
    const auto journal = stillpoint::journal::readJournal(session / "journal.jsonl");
    int previews = 0, stops = 0;
    for (const auto& line : journal.events) {
        if (line.event.value("type", "") != "operator_action") continue;
        if (line.event.value("action", "") == "preview") {
            ++previews;
            EXPECT_EQ(line.event.value("preview", ""), "next");
            EXPECT_EQ(line.event.value("preview_track", ""), "Tone B");
            EXPECT_EQ(line.event.value("outcome", ""), "carried_out");
        }
        if (line.event.value("action", "") == "preview_stop") {
            ++stops;
            EXPECT_EQ(line.event.value("outcome", ""), "carried_out");
        }
        // The patient's music never changed for it.
        if (line.event.value("type", "") == "track_started") {
            EXPECT_EQ(line.event.value("title", ""), "Tone A");
        }
    }
    EXPECT_EQ(previews, 1);
    EXPECT_EQ(stops, 1);
}

INSTANTIATE_TEST_SUITE_P(Sizes, PreviewWindow,
                         ::testing::Values(Size{1024, 600, true}, Size{1920, 1080, true},
                                           Size{1280, 720, false}),
                         [](const auto& size) {
                             return std::to_string(size.param.width) + "x" +
                                    std::to_string(size.param.height) +
                                    (size.param.withPreview ? "WithPreview" : "WithoutPreview");
                         });

}  // namespace
