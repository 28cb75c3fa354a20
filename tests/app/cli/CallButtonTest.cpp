// The patient call button in `stillpoint play --headless`, pressed as a person would: the built
// executable runs in a pseudo-terminal, and the call button's key (F5, as a terminal sends it) is typed
// into it. It must raise the "patient called" alert, journal a marker and start the grounding track.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/OnePhaseProgram.h"
#include "app/cli/StillpointProcess.h"
#include "app/cli/TerminalProcess.h"

namespace {

using namespace stillpoint::testing;

// What became of one press of F5 in the terminal of a headless session started with `arguments` (and the
// machine configuration `machineConfig`, if any).
struct CallPressed {
    std::string output;      // what the terminal showed
    bool exitedOk = false;   // q ended the session with its fade and the player exited 0
    bool alerted = false;    // "Patient called" in the terminal
    bool marker = false;     // a "Patient called" marker in the journal
    bool grounding = false;  // the grounding track carried out
};

CallPressed pressF5(const std::vector<std::string>& arguments, const std::string& machineConfig = "") {
    TempFolder folder;
    CallPressed result;
    const auto program =
        writeOnePhaseProgram(folder / "call.toml", {.name = "Call", .groundingSeconds = 2.0}).string();
    const auto sessions = folder / "sessions";
    const auto config = folder / "config";
    std::filesystem::create_directories(config / "stillpoint");
    if (!machineConfig.empty()) std::ofstream(config / "stillpoint" / "stillpoint.toml") << machineConfig;
    std::vector<std::string> argv = {STILLPOINT_BINARY_DIR "/stillpoint",
                                     "play",
                                     program,
                                     "--headless",
                                     "--output",
                                     "null",
                                     "--patient",
                                     "R-1",
                                     "--clinician",
                                     "Lind",
                                     "--consent",
                                     "yes",
                                     "--new",
                                     "--sessions",
                                     sessions.string()};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    TerminalProcess player(argv, {"ALSOFT_DRIVERS=null", "XDG_CONFIG_HOME=" + config.string()});
    if (!player.started()) return result;
    if (player.readUntil("onset 1/1", std::chrono::seconds(20))) {
        if (player.type("\x1b[15~"))  // F5
            result.alerted = player.readUntil("Patient called", std::chrono::seconds(5));
        if (player.type("q")) player.readUntil("Session ended.", std::chrono::seconds(10));  // with the fade
    } else {
        player.signal(SIGKILL);
    }
    result.exitedOk = player.wait() == 0;
    result.output = player.output();

    std::filesystem::path journal;
    std::error_code error;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(sessions, error))
        if (entry.path().filename() == "journal.jsonl") journal = entry.path();
    std::ifstream lines(journal);
    for (std::string line; std::getline(lines, line);) {
        const auto event = nlohmann::json::parse(line, nullptr, false);
        if (event.value("type", "") == "marker" && event.value("text", "") == "Patient called")
            result.marker = true;
        if (event.value("type", "") == "operator_action" && event.value("action", "") == "play_grounding" &&
            event.value("outcome", "") == "carried_out")
            result.grounding = true;
    }
    return result;
}

TEST(CallButtonTest, TheCallKeyInTheTerminalRaisesTheAlertJournalsAMarkerAndStartsGrounding) {
    const auto pressed = pressF5({"--call-key", "F5", "--call-grounding"});
    EXPECT_TRUE(pressed.alerted) << pressed.output;
    EXPECT_TRUE(pressed.exitedOk) << pressed.output;
    EXPECT_TRUE(pressed.marker);
    EXPECT_TRUE(pressed.grounding);
}

TEST(CallButtonTest, TheMachineConfigurationChoosesTheKeyAndWhetherItStartsGrounding) {
    const auto grounding = pressF5({}, "[call_button]\nkey = \"F5\"\nstarts_grounding = true\n");
    EXPECT_TRUE(grounding.alerted) << grounding.output;
    EXPECT_TRUE(grounding.exitedOk) << grounding.output;
    EXPECT_TRUE(grounding.marker);
    EXPECT_TRUE(grounding.grounding);
    // Where the configuration does not say so, the call is an alert and a marker, and the music goes on.
    const auto alertOnly = pressF5({}, "[call_button]\nkey = \"F5\"\n");
    EXPECT_TRUE(alertOnly.alerted) << alertOnly.output;
    EXPECT_TRUE(alertOnly.marker);
    EXPECT_FALSE(alertOnly.grounding);
}

TEST(CallButtonTest, AKeyThatIsTypedCannotBeTheCallKey) {
    TempFolder folder;
    const auto run = runStillpoint("play " + quoted(STILLPOINT_SOURCE_DIR "/playlists/demo.toml") +
                                       " --headless --call-key c --patient R-1 --clinician L --consent yes "
                                       "--new --sessions " +
                                       quoted(folder / "s"),
                                   "SDL_VIDEODRIVER=offscreen ALSOFT_DRIVERS=null");
    EXPECT_EQ(run.exitCode, 2) << run.output;
    EXPECT_NE(run.output.find("--call-key c: in a terminal (--headless) the call key is one of F1-F12"),
              std::string::npos)
        << run.output;
}

}  // namespace
