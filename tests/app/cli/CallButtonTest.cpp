// The patient call button in `stillpoint play --headless`, pressed as a person would: the built
// executable runs in a pseudo-terminal, and the call button's key (F5, as a terminal sends it) is typed
// into it. It must raise the "patient called" alert, journal a marker and start the grounding track.
#include <gtest/gtest.h>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/OnePhaseProgram.h"
#include "app/cli/StillpointProcess.h"

namespace {

using namespace stillpoint::testing;

// Reads the terminal until `text` appears or `timeout` passes.
bool readUntil(int terminal, std::string& output, const std::string& text,
               std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (output.find(text) == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd waiting{terminal, POLLIN, 0};
        if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[4096];
        const ssize_t got = ::read(terminal, buffer, sizeof buffer);
        if (got <= 0) return false;
        output.append(buffer, static_cast<std::size_t>(got));
    }
    return true;
}

TEST(CallButtonTest, TheCallKeyInTheTerminalRaisesTheAlertJournalsAMarkerAndStartsGrounding) {
    TempFolder folder;
    const auto program =
        writeOnePhaseProgram(folder / "call.toml", {.name = "Call", .groundingSeconds = 2.0}).string();
    const auto sessions = folder / "sessions";
    int terminal = -1;
    const pid_t child = ::forkpty(&terminal, nullptr, nullptr, nullptr);
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::setenv("ALSOFT_DRIVERS", "null", 1);
        const std::string binary = STILLPOINT_BINARY_DIR "/stillpoint";
        ::execl(binary.c_str(), binary.c_str(), "play", program.c_str(), "--headless", "--output", "null",
                "--patient", "R-1", "--clinician", "Lind", "--consent", "yes", "--new", "--sessions",
                sessions.c_str(), "--call-key", "F5", "--call-grounding", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::string output;
    ASSERT_TRUE(readUntil(terminal, output, "onset 1/1", std::chrono::seconds(20))) << output;
    const std::string f5 = "\x1b[15~";
    ASSERT_EQ(::write(terminal, f5.data(), f5.size()), static_cast<ssize_t>(f5.size()));
    EXPECT_TRUE(readUntil(terminal, output, "Patient called", std::chrono::seconds(5))) << output;
    ASSERT_EQ(::write(terminal, "q", 1), 1);  // ends with the fade
    readUntil(terminal, output, "Session ended.", std::chrono::seconds(10));
    int status = 0;
    ::waitpid(child, &status, 0);
    ::close(terminal);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;

    std::filesystem::path journal;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(sessions))
        if (entry.path().filename() == "journal.jsonl") journal = entry.path();
    ASSERT_FALSE(journal.empty());
    std::ifstream lines(journal);
    bool marker = false;
    bool grounding = false;
    for (std::string line; std::getline(lines, line);) {
        const auto event = nlohmann::json::parse(line, nullptr, false);
        if (event.value("type", "") == "marker" && event.value("text", "") == "Patient called") marker = true;
        if (event.value("type", "") == "operator_action" && event.value("action", "") == "play_grounding" &&
            event.value("outcome", "") == "carried_out")
            grounding = true;
    }
    EXPECT_TRUE(marker);
    EXPECT_TRUE(grounding);
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
