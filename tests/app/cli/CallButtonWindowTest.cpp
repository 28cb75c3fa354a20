// The patient call button in the operator panel's window, pressed as a USB call button that is a key
// presses it: the real `stillpoint play` window in an X server of its own (Xvfb), the key sent by
// xdotool, the alert read by OCR and the journal checked. And the panel's badge while the session's OSC
// port is open to the network, which a port on this machine only does not show.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "app/cli/CliWindowTest.h"
#include "app/cli/LogMatch.h"
#include "app/cli/OnePhaseProgram.h"
#include "app/panel/PanelOcr.h"
#include "app/panel/RealPanelWindow.h"

namespace {

using namespace stillpoint::panel::testing;
using namespace stillpoint::testing;

class CallButtonWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (const auto missing = missingWindowTools(); !missing.empty()) GTEST_SKIP() << missing;
        writeOnePhaseProgram(
            program, {.name = "Call", .planned = "10m", .trackSeconds = 10.0, .groundingSeconds = 10.0});
        screen.emplace(1280, 720, folder / "xvfb.log");
    }
    void TearDown() override {
        panel.reset();
        screen.reset();
    }

    // Starts the panel with its setup complete and these arguments, gives it the keyboard, and starts the
    // session (Enter, as the operator would).
    void startSession(const std::vector<std::string>& arguments) {
        std::vector<std::string> argv = {STILLPOINT_BINARY_DIR "/stillpoint",
                                         "play",
                                         program.string(),
                                         "--new",
                                         "--sessions",
                                         sessions.string(),
                                         "--output",
                                         "null",
                                         "--patient",
                                         "KX-7",
                                         "--clinician",
                                         "Lind",
                                         "--consent",
                                         "yes"};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        panel.emplace(argv,
                      std::vector<std::string>{"DISPLAY=" + screen->display(), "SDL_VIDEODRIVER=x11",
                                               "ALSOFT_DRIVERS=null"},
                      log);
        window = shownWindow(*screen, "Stillpoint");
        ASSERT_FALSE(window.empty()) << "no panel window appeared\n" << readText(log);
        // No window manager: the keyboard goes where X's input focus is; give it to the panel.
        xdotool("windowfocus --sync " + window);
        xdotool("key Return");
        ASSERT_TRUE(waitUntil([&] { return !lines("playback_started").empty(); }, Seconds(15)))
            << "the session did not start\n"
            << readText(log);
    }

    void xdotool(const std::string& arguments) {
        int status = -1;
        runOn(*screen, "xdotool " + arguments, &status);
        EXPECT_EQ(status, 0) << "xdotool " << arguments;
    }

    std::vector<nlohmann::json> lines(const std::string& type) const {
        return linesOfType(journalLines(sessions), type);
    }

    // The window read by OCR until `done` holds for what it shows (within 15 s); the last reading.
    std::vector<OcrWord> readUntil(const WordsCheck& done) {
        return readingUntil([&] { return readWindow(*screen, window, folder / "window.png", 2); }, done,
                            Seconds(15));
    }

    TempFolder folder;
    std::filesystem::path program = folder / "call.toml";
    std::filesystem::path sessions = folder / "sessions";
    std::filesystem::path log = folder / "stillpoint.log";
    std::optional<VirtualScreen> screen;
    std::optional<ChildProcess> panel;
    std::string window;
};

}  // namespace

TEST_F(CallButtonWindowTest, TheCallKeyRaisesTheAlertJournalsAMarkerAndStartsGroundingWhileTheBadgeShows) {
    startSession({"--call-key", "Pause", "--call-grounding", "--osc", "0", "--osc-bind", "0.0.0.0",
                  "--osc-allow", "127.0.0.1"});
    if (HasFatalFailure()) return;
    const std::string port = waitForLogMatch(
        log, std::regex("Listening for OSC on 0\\.0\\.0\\.0:([0-9]+) \\(open to the network"));
    ASSERT_FALSE(port.empty()) << readText(log);

    // The badge says the port is open to the network, and which.
    const auto badge = readUntil(
        [&](const std::vector<OcrWord>& words) { return findWord(words, "open") && findWord(words, port); });
    EXPECT_TRUE(findWord(badge, "osc")) << allText(badge);
    EXPECT_TRUE(findWord(badge, "0.0.0.0:" + port)) << allText(badge);

    xdotool("key Pause");
    EXPECT_TRUE(waitUntil(
        [&] {
            const auto markers = lines("marker");
            return std::any_of(markers.begin(), markers.end(), [](const nlohmann::json& line) {
                return line.value("text", "") == "Patient called";
            });
        },
        Seconds(10)))
        << readText(log);
    EXPECT_TRUE(waitUntil(
        [&] {
            const auto actions = lines("operator_action");
            return std::any_of(actions.begin(), actions.end(), [](const nlohmann::json& line) {
                return line.value("action", "") == "play_grounding" &&
                       line.value("outcome", "") == "carried_out";
            });
        },
        Seconds(10)))
        << readText(log);
    // The alert stays on screen: "Patient called" ("called" has no 'l' OCR could drop at its end).
    const auto alert =
        readUntil([](const std::vector<OcrWord>& words) { return findWord(words, "called") != nullptr; });
    EXPECT_TRUE(findWord(alert, "called")) << allText(alert);
    // The key did nothing else: the only commands are the start and the grounding.
    EXPECT_EQ(fieldOf(journalLines(sessions), "operator_action", "action"),
              (std::vector<std::string>{"start", "play_grounding"}));
}

TEST_F(CallButtonWindowTest, APortOnThisMachineOnlyShowsNoBadge) {
    startSession({"--osc", "0"});
    if (HasFatalFailure()) return;
    const std::string port =
        waitForLogMatch(log, std::regex("Listening for OSC on 127\\.0\\.0\\.1:([0-9]+)\n"));
    ASSERT_FALSE(port.empty()) << readText(log);
    // The session screen, read once the phase is shown: no badge.
    const auto shown =
        readUntil([](const std::vector<OcrWord>& words) { return findWord(words, "onset") != nullptr; });
    ASSERT_TRUE(findWord(shown, "onset")) << allText(shown);
    EXPECT_FALSE(findWord(shown, "osc")) << allText(shown);
    EXPECT_FALSE(findWord(shown, port)) << allText(shown);
}
