// `stillpoint play` and its OSC port, run as a clinic runs it: nothing listens unless asked (the process's
// own UDP sockets, read from /proc), the machine configuration's [osc] port is opened on this machine only,
// and a port opened to a network without saying who may use it, or with an allow-list entry that is no
// address, is refused before anything plays.
#include <gtest/gtest.h>

#include <dirent.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/LogMatch.h"
#include "app/cli/OnePhaseProgram.h"
#include "app/cli/StillpointProcess.h"
#include "app/panel/RealPanelWindow.h"

namespace {

using namespace stillpoint::testing;
using stillpoint::panel::testing::ChildProcess;
using stillpoint::panel::testing::readText;
namespace fs = std::filesystem;

// The process whose command line names `marker` (a test's own temporary folder), or 0.
pid_t processNaming(const std::string& marker) {
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(entry.path() / "cmdline");
        const std::string cmdline{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (cmdline.find(marker) != std::string::npos && cmdline.find("stillpoint") != std::string::npos &&
            cmdline.find("timeout") == std::string::npos)
            return static_cast<pid_t>(std::stoi(name));
    }
    return 0;
}

// The local addresses ("0100007F:1F90", as /proc/net/udp writes them) of the UDP sockets a process has open.
std::vector<std::string> udpSocketsOf(pid_t pid) {
    std::set<std::string> inodes;
    std::error_code error;
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error)) {
        const std::string target = fs::read_symlink(fd.path(), error).string();
        if (target.rfind("socket:[", 0) == 0) inodes.insert(target.substr(8, target.size() - 9));
    }
    std::vector<std::string> addresses;
    for (const char* table : {"/proc/net/udp", "/proc/net/udp6"}) {
        std::ifstream in(table);
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::vector<std::string> field{std::istream_iterator<std::string>(fields),
                                           std::istream_iterator<std::string>()};
            if (field.size() > 9 && inodes.count(field[9])) addresses.push_back(field[1]);
        }
    }
    return addresses;
}

class PlayOscOptionsTest : public ::testing::Test {
protected:
    void SetUp() override { writeOnePhaseProgram(program, {.planned = "10m", .trackSeconds = 10.0}); }

    // A headless session on the null output, its machine configuration in this test's folder.
    std::unique_ptr<ChildProcess> startSession(const std::vector<std::string>& arguments) {
        std::vector<std::string> argv = {STILLPOINT_BINARY_DIR "/stillpoint",
                                         "play",
                                         program.string(),
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
                                         (folder / "sessions").string()};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        return std::make_unique<ChildProcess>(
            argv,
            std::vector<std::string>{"ALSOFT_DRIVERS=null",
                                     "XDG_CONFIG_HOME=" + (folder / "config").string()},
            log);
    }

    std::string playArguments() const {
        return "play " + quoted(program) +
               " --headless --output null --patient R-1 --clinician Lind --consent yes "
               "--new --sessions " +
               quoted(folder / "sessions");
    }
    std::string environment() const {
        return "ALSOFT_DRIVERS=null XDG_CONFIG_HOME=" + quoted(folder / "config");
    }

    TempFolder folder;
    fs::path program = folder / "rooms.toml";
    fs::path log = folder / "play.log";
};

TEST_F(PlayOscOptionsTest, NothingListensUnlessAsked) {
    const auto session = startSession({});
    ASSERT_FALSE(waitForLogMatch(log, std::regex("onset 1/1")).empty()) << readText(log);
    const pid_t pid = processNaming(folder.path().string());
    ASSERT_NE(pid, 0);
    EXPECT_TRUE(udpSocketsOf(pid).empty());
    EXPECT_EQ(readText(log).find("OSC"), std::string::npos) << readText(log);
}

TEST_F(PlayOscOptionsTest, TheMachineConfigurationsPortListensOnThisMachineOnly) {
    fs::create_directories(folder / "config" / "stillpoint");
    std::ofstream(folder / "config" / "stillpoint" / "stillpoint.toml") << "[osc]\nport = 0\n";
    const auto session = startSession({});
    const std::string port =
        waitForLogMatch(log, std::regex("Listening for OSC on 127\\.0\\.0\\.1:([0-9]+)\n"));
    ASSERT_FALSE(port.empty()) << readText(log);
    const pid_t pid = processNaming(folder.path().string());
    ASSERT_NE(pid, 0);
    char expected[16];
    std::snprintf(expected, sizeof expected, "0100007F:%04X", std::stoi(port));
    EXPECT_EQ(udpSocketsOf(pid), std::vector<std::string>{expected});  // one socket, on loopback
}

TEST_F(PlayOscOptionsTest, APortOpenToANetworkNeedsToSayWhoMayUseIt) {
    const auto run = runStillpoint(playArguments() + " --osc 0 --osc-bind 0.0.0.0", environment());
    EXPECT_EQ(run.exitCode, 2) << run.output;
    EXPECT_NE(run.output.find("--osc-bind 0.0.0.0 opens the session to a network: name who may control it "
                              "with --osc-allow"),
              std::string::npos)
        << run.output;
    EXPECT_EQ(run.output.find("Listening"), std::string::npos) << run.output;
}

TEST_F(PlayOscOptionsTest, AnAllowListEntryThatIsNoAddressIsRefused) {
    const auto run = runStillpoint(playArguments() + " --osc 0 --osc-bind 0.0.0.0 --osc-allow clinic-tablet",
                                   environment());
    EXPECT_EQ(run.exitCode, 2) << run.output;
    EXPECT_NE(run.output.find("--osc-allow: "), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("clinic-tablet"), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find("Listening"), std::string::npos) << run.output;
}

}  // namespace
