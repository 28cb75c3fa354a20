// The setup screen's outputs as a therapist uses them: the real `stillpoint play` window in an X server of
// its own (Xvfb), real clicks and key presses (xdotool), the screen read by OCR to find where to click. The
// room output is chosen from the list OpenAL gives (its null device: there is no sound card), the level
// check played on it from the keyboard and stopped, the choice saved for this machine (stillpoint.toml in
// a configuration folder of the test's own), and the session started. What counts is checked where it is
// kept: the journal's level_checks and the saved configuration (what a level check sounds like is
// tested on rendered samples in tests/app/live/LevelCheckAudioTest.cpp). At the four sizes of the guide.
// Screenshots stay in the test's folder (STILLPOINT_KEEP_SCREENSHOTS=DIR copies them there).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"
#include "app/panel/ToneProgram.h"
#include "audio/decode/AudioFixtures.h"

namespace {

namespace fs = std::filesystem;
using namespace stillpoint::panel::testing;
using stillpoint::testing::TempFolder;

struct Size {
    int width;
    int height;
};

class SetupScreenWindow : public ::testing::TestWithParam<Size> {
protected:
    void SetUp() override {
        for (const char* tool : {"Xvfb", "xdotool", "import"})
            if (!haveTool(tool)) GTEST_SKIP() << tool << " is needed (scripts/setup-debian.sh --test)";
        if (!ocrAvailable()) GTEST_SKIP() << "tesseract-ocr and imagemagick are needed";
        writeToneProgram(program, "Setup test", {{"onset", "5m", {kToneA, kToneB}}}, 60.0);
    }

    void TearDown() override {
        if (const char* keep = std::getenv("STILLPOINT_KEEP_SCREENSHOTS"))
            for (const auto& entry : fs::directory_iterator(folder.path()))
                if (entry.path().extension() == ".png" &&
                    entry.path().string().find(".ocr") == std::string::npos)
                    fs::copy_file(entry.path(),
                                  fs::path(keep) / (sizeName() + "-" + entry.path().filename().string()),
                                  fs::copy_options::overwrite_existing);
        panel.reset();
        screen.reset();
    }

    std::string sizeName() const {
        return "setup-" + std::to_string(GetParam().width) + "x" + std::to_string(GetParam().height);
    }

    // Starts the panel on a screen of the size under test, in an environment where the only outputs
    // OpenAL offers are the ones in `alsoftDrivers` (and "null", which always opens).
    void startPanel(const std::vector<std::string>& environment, const std::vector<std::string>& arguments) {
        const auto [screenWidth, screenHeight] = GetParam();
        const int width = screenWidth,
                  height = screenHeight;  // lambdas capture variables, not bindings (C++20)
        // The window opens centred at 1400x880 and, without a window manager, is resized where it is: the
        // screen leaves room for it to grow to the size under test from there (as drive-preview.sh's does).
        screen.emplace(std::max(width, 2 * width - 1400) + 20, std::max(height, 2 * height - 880) + 20,
                       folder / "xvfb.log");
        // The test's own environment: no driver chosen by the suite, the real X11 driver, not ctest's
        // offscreen one.
        ::unsetenv("ALSOFT_DRIVERS");
        ::unsetenv("SDL_VIDEODRIVER");
        std::vector<std::string> argv = {STILLPOINT_BINARY_DIR "/stillpoint",
                                         "play",
                                         program.string(),
                                         "--new",
                                         "--sessions",
                                         sessions.string()};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        std::vector<std::string> env = {"DISPLAY=" + screen->display(), "SDL_VIDEODRIVER=x11",
                                        "XDG_CONFIG_HOME=" + config.string(), "OMP_THREAD_LIMIT=1"};
        env.insert(env.end(), environment.begin(), environment.end());
        panel.emplace(argv, env, log);
        window = runOn(*screen, "xdotool search --sync --onlyvisible --name '^Stillpoint$'");
        window = window.substr(0, window.find('\n'));
        ASSERT_FALSE(window.empty()) << "no panel window appeared\n" << readText(log);
        // No window manager: the window is sized to the screen as it opened (SDL may replace its first
        // window while it sets up its renderer, so it is looked up again until resizing works).
        ASSERT_TRUE(waitUntil(
            [&] {
                const std::string found =
                    runOn(*screen, "xdotool search --onlyvisible --name '^Stillpoint$'");
                if (found.empty()) return false;
                window = found.substr(0, found.find('\n'));
                runOn(*screen, "xdotool windowsize " + window + " " + std::to_string(width) + " " +
                                   std::to_string(height));
                const std::string geometry = runOn(*screen, "xdotool getwindowgeometry --shell " + window);
                return geometry.find("WIDTH=" + std::to_string(width) + "\n") != std::string::npos &&
                       geometry.find("HEIGHT=" + std::to_string(height) + "\n") != std::string::npos;
            },
            Seconds(15)))
            << "the panel window could not be resized";
        xdotool("windowfocus --sync " + window);
        // The panel draws its new size a moment after the resize: until two screenshots agree, the screen
        // may still show the layout of the size it opened at.
        const auto shot = folder / "settling.png";
        std::string last;
        EXPECT_TRUE(waitUntil(
            [&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                runOn(*screen, "import -window " + window + " '" + shot.string() + "'");
                std::string now = readText(shot);
                const bool still = !now.empty() && now == last;
                last = std::move(now);
                return still;
            },
            Seconds(15)))
            << "the panel did not settle at its new size";
        fs::remove(shot);
    }

    void xdotool(const std::string& arguments) {
        int status = -1;
        runOn(*screen, "xdotool " + arguments, &status);
        EXPECT_EQ(status, 0) << "xdotool " << arguments;
    }

    // The words on the panel now (window pixels); the screenshot is kept as `name`.png.
    std::vector<OcrWord> readScreen(const std::string& name) {
        const auto shot = folder / (name + ".png");
        runOn(*screen, "import -window " + window + " '" + shot.string() + "'");
        return ocrWords(shot, GetParam().width <= 1280 ? 2 : 1);
    }

    // Polls the screen until every one of `words` is on it; returns the last reading.
    std::vector<OcrWord> waitForWords(const std::string& name, const std::vector<std::string>& words,
                                      Seconds timeout) {
        std::vector<OcrWord> read;
        waitUntil(
            [&] {
                read = readScreen(name);
                return std::all_of(words.begin(), words.end(),
                                   [&](const std::string& word) { return findWord(read, word) != nullptr; });
            },
            timeout);
        return read;
    }

    void click(const OcrWord& word) {
        // The panel sees the pointer arrive before the press, as a hand would move it.
        xdotool("mousemove --window " + window + " " + std::to_string(word.x) + " " + std::to_string(word.y));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        xdotool("click 1");
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        // Away again, over the title.
        xdotool("mousemove --window " + window + " 2 2");
    }

    std::vector<nlohmann::json> journal() const { return journalLines(sessions); }

    TempFolder folder;
    fs::path program = folder / "setup.toml";
    fs::path sessions = folder / "sessions";
    fs::path config = folder / "config";
    fs::path log = folder / "stillpoint.log";
    std::optional<VirtualScreen> screen;
    std::optional<ChildProcess> panel;
    std::string window;
};

}  // namespace

// The room output chosen with a click and the arrow keys, the level check on it played and stopped from
// the keyboard (Tab to its button, Enter, Enter again), Save for this machine clicked, then Start.
TEST_P(SetupScreenWindow, ChoosesTheRoomOutputChecksItsLevelAndSavesItForThisMachine) {
    startPanel({"ALSOFT_DRIVERS=null"},
               {"--output", "null", "--patient", "SC-1", "--clinician", "Lind", "--consent", "yes"});
    ASSERT_FALSE(HasFatalFailure());

    auto words = waitForWords("1-setup", {"room:", "save"}, Seconds(20));
    const OcrWord* roomList = findWord(words, "room:");
    ASSERT_TRUE(roomList) << "the room output's list is not on screen: " << allText(words);
    click(*roomList);
    xdotool("key --delay 150 Down Return");  // past None to OpenAL's null device, "No Output"
    readScreen("2-room-chosen");

    // From the room's list: the preview's, Save for this machine, Check headphones, Check room.
    xdotool("key --delay 150 Tab Tab Tab Tab Return");
    // Its line says the level it plays at ("Room speakers at 80 %, ceiling -1 dBFS: 24 s left").
    words = waitForWords("3-checking", {"dbfs", "stop"}, Seconds(15));
    ASSERT_TRUE(findWord(words, "dbfs")) << "the level check does not play: " << allText(words);
    ASSERT_TRUE(findWord(words, "stop")) << allText(words);
    // A few seconds of it, then Enter stops it: the focus stayed on its button, which is now its Stop.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    xdotool("key Return");
    words = waitForWords("4-stopped", {"stopped"}, Seconds(15));
    ASSERT_TRUE(findWord(words, "stopped")) << "the level check did not stop: " << allText(words);

    const OcrWord* save = findWord(words, "save");
    ASSERT_TRUE(save) << allText(words);
    click(*save);
    const fs::path saved = config / "stillpoint" / "stillpoint.toml";
    ASSERT_TRUE(waitUntil([&] { return fs::exists(saved); }, Seconds(10))) << readText(log);
    words = readScreen("5-saved");
    const OcrWord* start = findWord(words, "start");
    ASSERT_TRUE(start) << allText(words);
    click(*start);
    ASSERT_TRUE(waitUntil([&] { return !linesOfType(journal(), "playback_started").empty(); }, Seconds(20)))
        << "the session did not start\n"
        << readText(log);
    readScreen("6-session");
    panel->signal(SIGTERM);  // ends the session with its fade
    EXPECT_TRUE(waitUntil([&] { return !linesOfType(journal(), "session_end").empty(); }, Seconds(20)));

    // The journal: the room as chosen, and the one check, on the room, stopped by the operator.
    const auto startLine = linesOfType(journal(), "session_start");
    ASSERT_EQ(startLine.size(), 1u);
    EXPECT_EQ(startLine[0].value("room_output_device", ""), "No Output");
    const auto checks = startLine[0].at("level_checks");
    ASSERT_EQ(checks.size(), 1u) << checks.dump();
    EXPECT_EQ(checks[0].value("output", ""), "room");
    EXPECT_EQ(checks[0].value("device", ""), "No Output");
    EXPECT_EQ(checks[0].value("track", ""), "Tone A");
    EXPECT_EQ(checks[0].value("stopped_by", ""), "operator");
    const double played = checks[0].value("played_s", 0.0);
    EXPECT_GT(played, 2.0);
    EXPECT_LT(played, 25.0);
    EXPECT_GT(checks[0].value("volume", 0.0), 0.0);

    // The configuration: the room's device saved beside the headphones', a private file.
    const std::string toml = readText(saved);
    EXPECT_NE(toml.find("[outputs.room]"), std::string::npos) << toml;
    EXPECT_NE(toml.find("device = \"No Output\""), std::string::npos) << toml;
    EXPECT_NE(toml.find("device = \"null\""), std::string::npos) << toml;
    EXPECT_EQ(fs::status(saved).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
}

INSTANTIATE_TEST_SUITE_P(Sizes, SetupScreenWindow,
                         ::testing::Values(Size{1024, 600}, Size{1280, 720}, Size{1920, 1080},
                                           Size{2560, 1440}),
                         [](const auto& size) {
                             return std::to_string(size.param.width) + "x" +
                                    std::to_string(size.param.height);
                         });

// The preview output chosen on the setup screen (a click and the arrow keys) is the one the session opens:
// the journal names it, the session screen's preview card has an output, and Play previews on it.
class SetupScreenPreviewWindow : public SetupScreenWindow {};

TEST_P(SetupScreenPreviewWindow, ThePreviewOutputChosenThereIsTheSessionsPreview) {
    startPanel({"ALSOFT_DRIVERS=null"},
               {"--output", "null", "--patient", "SC-2", "--clinician", "Lind", "--consent", "yes"});
    ASSERT_FALSE(HasFatalFailure());
    auto words = waitForWords("1-setup", {"preview:", "start"}, Seconds(20));
    const OcrWord* previewList = findWord(words, "preview:");
    ASSERT_TRUE(previewList) << allText(words);
    click(*previewList);
    xdotool("key --delay 150 Down Return");  // past None to OpenAL's null device, "No Output"
    const OcrWord* start = findWord(words, "start");
    ASSERT_TRUE(start) << allText(words);
    click(*start);
    ASSERT_TRUE(waitUntil([&] { return !linesOfType(journal(), "playback_started").empty(); }, Seconds(20)))
        << readText(log);
    EXPECT_EQ(linesOfType(journal(), "session_start").at(0).value("preview_output_device", ""), "No Output");
    // Once the first track plays (its position "0:01 / 1:00" is shown), the card's next track is Tone B.
    words = waitForWords("2-session", {"previewing", "1:00"}, Seconds(15));
    const std::string text = allText(words);
    EXPECT_NE(text.find("not previewing"), std::string::npos) << text;
    EXPECT_EQ(text.find("no preview output"), std::string::npos) << text;
    // The card's Play (the lowest "play" on screen: the transport is above it) previews the next track.
    const OcrWord* play = nullptr;
    for (const auto& word : words)
        if (word.text == "play" && (!play || word.y > play->y)) play = &word;
    ASSERT_TRUE(play) << text;
    click(*play);
    ASSERT_TRUE(waitUntil(
        [&] {
            for (const auto& action : linesOfType(journal(), "operator_action"))
                if (action.value("action", "") == "preview" && action.value("outcome", "") == "carried_out")
                    return true;
            return false;
        },
        Seconds(15)))
        << "the preview was not carried out\n"
        << readText(log);
    panel->signal(SIGTERM);
    EXPECT_TRUE(waitUntil([&] { return !linesOfType(journal(), "session_end").empty(); }, Seconds(20)));
}

INSTANTIATE_TEST_SUITE_P(Sizes, SetupScreenPreviewWindow, ::testing::Values(Size{1280, 720}),
                         [](const auto& size) {
                             return std::to_string(size.param.width) + "x" +
                                    std::to_string(size.param.height);
                         });
