// `stillpoint monitor` end to end: two headless sessions with OSC ports on 127.0.0.1 (the built
// executable, on OpenAL Soft's null device), a headless monitor reading both, and the lost-heartbeat alert
// when one of the sessions is killed.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "app/cli/LogMatch.h"
#include "app/cli/OnePhaseProgram.h"
#include "app/cli/TerminalProcess.h"
#include "app/panel/RealPanelWindow.h"

namespace {

using namespace stillpoint::testing;
using stillpoint::panel::testing::ChildProcess;
using stillpoint::panel::testing::readText;
using stillpoint::panel::testing::Seconds;

const std::string kStillpoint = STILLPOINT_BINARY_DIR "/stillpoint";

TEST(MonitorCommandTest, ReadsTwoHeadlessSessionsAndRaisesTheLostHeartbeatAlertWhenOneIsKilled) {
    TempFolder folder;
    const auto program = writeOnePhaseProgram(folder / "rooms.toml").string();
    // Each program's output goes to its own log, read as it comes.
    const auto start = [&](const std::string& name, std::vector<std::string> arguments) {
        arguments.insert(arguments.begin(), kStillpoint);
        return std::make_unique<ChildProcess>(arguments, std::vector<std::string>{"ALSOFT_DRIVERS=null"},
                                              folder / (name + ".log"));
    };
    const auto output = [&](const std::string& name) { return readText(folder / (name + ".log")); };
    const auto session = [&](const std::string& patient) {
        return start(patient, {"play", program, "--headless", "--output", "null", "--patient", patient,
                               "--clinician", "Lind", "--consent", "yes", "--new", "--sessions",
                               (folder / ("sessions-" + patient)).string(), "--osc", "0"});
    };
    const auto room1 = session("R-1");
    const auto room2 = session("R-2");
    const std::regex listening("Listening for OSC on 127\\.0\\.0\\.1:([0-9]+)");
    const std::string port1 = waitForLogMatch(folder / "R-1.log", listening);
    const std::string port2 = waitForLogMatch(folder / "R-2.log", listening);
    ASSERT_FALSE(port1.empty()) << output("R-1");
    ASSERT_FALSE(port2.empty()) << output("R-2");

    const std::string at1 = "127.0.0.1:" + port1;
    const std::string at2 = "127.0.0.1:" + port2;
    const auto monitor = start("monitor", {"monitor", at1, at2, "--headless"});
    const auto monitorSays = [&](const std::string& pattern, Seconds timeout) {
        return !waitForLogMatch(folder / "monitor.log", std::regex(pattern), timeout).empty();
    };
    // Both rooms are heard, by their pseudonymous patient IDs.
    EXPECT_TRUE(monitorSays("HEARD " + at1 + " \\(R-1\\): playing", Seconds(10))) << output("monitor");
    EXPECT_TRUE(monitorSays("HEARD " + at2 + " \\(R-2\\): playing", Seconds(10))) << output("monitor");
    EXPECT_EQ(output("monitor").find("ALERT"), std::string::npos) << output("monitor");

    room2->signal(SIGKILL);
    ASSERT_TRUE(room2->waitForExit(Seconds(10)));
    const auto killed = std::chrono::steady_clock::now();
    EXPECT_TRUE(monitorSays("ALERT " + at2 + ": no heartbeat for 3 s", Seconds(8))) << output("monitor");
    const double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
    EXPECT_GE(after, 2.0);  // not before the heartbeat has really stopped for a while
    // The room still playing raised nothing.
    EXPECT_EQ(output("monitor").find("ALERT " + at1), std::string::npos) << output("monitor");

    monitor->signal(SIGTERM);
    EXPECT_TRUE(monitor->waitForExit(Seconds(10)));
    EXPECT_EQ(monitor->exitCode(), 0);
    room1->signal(SIGTERM);  // ends with its fade
    EXPECT_TRUE(room1->waitForExit(Seconds(20)));
    EXPECT_EQ(room1->exitCode(), 0) << output("R-1");
}

TEST(MonitorCommandTest, WithControlTheTerminalsKeysReachTheChosenRoomFromTheStationsAddress) {
    TempFolder folder;
    const auto program =
        writeOnePhaseProgram(folder / "rooms.toml", {.planned = "10m", .trackSeconds = 10.0});
    const auto sessions = folder / "sessions";
    ChildProcess room(
        {kStillpoint, "play", program.string(), "--headless", "--output", "null", "--patient", "R-1",
         "--clinician", "Lind", "--consent", "yes", "--new", "--sessions", sessions.string(), "--osc", "0"},
        {"ALSOFT_DRIVERS=null"}, folder / "room.log");
    const std::string port =
        waitForLogMatch(folder / "room.log", std::regex("Listening for OSC on 127\\.0\\.0\\.1:([0-9]+)"));
    ASSERT_FALSE(port.empty()) << readText(folder / "room.log");

    TerminalProcess monitor({kStillpoint, "monitor", "127.0.0.1:" + port, "--headless", "--control"}, {});
    ASSERT_TRUE(monitor.readUntil("(R-1): playing", std::chrono::seconds(10))) << monitor.output();
    std::smatch answerAt;
    const std::string shown = monitor.output();
    ASSERT_TRUE(
        std::regex_search(shown, answerAt, std::regex("The rooms answer at (127\\.0\\.0\\.1:[0-9]+)")))
        << shown;
    // The room by its digit, then the panel's key: h holds the phase.
    ASSERT_TRUE(monitor.type("1"));
    ASSERT_TRUE(monitor.readUntil("chosen", std::chrono::seconds(5))) << monitor.output();
    ASSERT_TRUE(monitor.type("h"));
    EXPECT_TRUE(monitor.readUntil("Sent /stillpoint/hold", std::chrono::seconds(5))) << monitor.output();
    const auto journaled = [&](const std::string& type, const std::string& field, const std::string& value) {
        const auto lines =
            stillpoint::panel::testing::linesOfType(stillpoint::panel::testing::journalLines(sessions), type);
        return std::any_of(lines.begin(), lines.end(), [&](const nlohmann::json& line) {
            return line.value(field, "") == value && line.value("source", "") == "osc " + answerAt.str(1);
        });
    };
    EXPECT_TRUE(stillpoint::panel::testing::waitUntil(
        [&] { return journaled("remote_command", "address", "/stillpoint/hold"); }, Seconds(10)));
    EXPECT_TRUE(stillpoint::panel::testing::waitUntil(
        [&] { return journaled("operator_action", "action", "hold"); }, Seconds(10)));
    // What takes Ctrl on the panel (grounding, advance) is not sent from the station's terminal.
    ASSERT_TRUE(monitor.type("g"));
    ASSERT_TRUE(monitor.type("n"));
    EXPECT_FALSE(monitor.readUntil("Sent /stillpoint/grounding", std::chrono::milliseconds(800)))
        << monitor.output();
    EXPECT_EQ(monitor.output().find("Sent /stillpoint/advance"), std::string::npos) << monitor.output();
    EXPECT_FALSE(journaled("remote_command", "address", "/stillpoint/grounding"));
    monitor.signal(SIGTERM);
    EXPECT_EQ(monitor.wait(), 0) << monitor.output();
}

}  // namespace
