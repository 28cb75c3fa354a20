// `stillpoint play` end to end: the built executable plays a generated 6-second program headless on
// OpenAL Soft's null device, with input that is not a terminal, and must finish on its own, write the
// journal, and explain every way it cannot start.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "app/cli/StillpointProcess.h"
#include "app/panel/ToneProgram.h"
#include "audio/decode/AudioFixtures.h"

namespace {

using stillpoint::testing::TempFolder;

using stillpoint::testing::StillpointRun;

StillpointRun runStillpoint(const std::string& arguments,
                            const std::string& environment = "ALSOFT_DRIVERS=null") {
    return stillpoint::testing::runStillpoint(arguments, environment);
}

class PlayCommandTest : public ::testing::Test {
protected:
    TempFolder folder;
    std::string program;

    void SetUp() override {
        using namespace stillpoint::panel::testing;
        program = (folder / "short.toml").string();
        writeToneProgram(program, "Short test", {{"onset", "3s", {kToneA}}, {"return", "3s", {kToneB}}}, 4.0);
    }

    std::string sessions() const { return (folder / "sessions").string(); }
};

}  // namespace

TEST_F(PlayCommandTest, HeadlessWithoutATerminalPlaysToTheEndAndJournals) {
    const auto run =
        runStillpoint("play '" + program + "' --headless --output null --patient T-1 --clinician Lind " +
                      "--consent yes --new --sessions '" + sessions() + "'");
    ASSERT_EQ(run.exitCode, 0) << run.output;
    EXPECT_NE(run.output.find("Input is not a terminal"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("return 2/2"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("Session ended."), std::string::npos) << run.output;

    std::filesystem::path journal;
    for (const auto& entry : std::filesystem::directory_iterator(sessions()))
        journal = entry.path() / "journal.jsonl";
    ASSERT_TRUE(std::filesystem::exists(journal)) << run.output;
    std::stringstream text;
    text << std::ifstream(journal).rdbuf();
    EXPECT_NE(text.str().find("\"type\":\"session_start\""), std::string::npos);
    EXPECT_NE(text.str().find("\"phase\":\"return\""), std::string::npos);
    EXPECT_NE(text.str().find("\"type\":\"session_end\""), std::string::npos);
}

TEST_F(PlayCommandTest, WithoutADisplayItSaysSoAndSuggestsHeadless) {
    const auto run =
        runStillpoint("play '" + program + "'", "-u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER");
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.output.find("no display"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("--headless"), std::string::npos) << run.output;
}

TEST_F(PlayCommandTest, UnknownOutputDeviceExplainsHowToChoose) {
    const auto run =
        runStillpoint("play '" + program + "' --headless --output 'No such device' --patient T-1 " +
                      "--clinician Lind --consent yes --new --sessions '" + sessions() + "'");
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.output.find("No such device"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("stillpoint devices"), std::string::npos) << run.output;
}

TEST_F(PlayCommandTest, HeadlessNeedsConsentAndAValidPatientId) {
    auto run = runStillpoint("play '" + program +
                             "' --headless --output null --patient T-1 --clinician Lind --new " +
                             "--sessions '" + sessions() + "'");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.output.find("consented to music"), std::string::npos) << run.output;
    run = runStillpoint("play '" + program +
                        "' --headless --output null --patient 'Anna Berg' --consent yes --new");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.output.find("--patient"), std::string::npos) << run.output;
}

TEST_F(PlayCommandTest, ProgramErrorsAreListedWithTheirPlace) {
    const auto bad = (folder / "bad.toml").string();
    std::ofstream(bad) << "format = 1\nname = \"x\"\n[[phase]]\nname = \"a\"\nplanned = \"soon\"\n";
    const auto run = runStillpoint("play '" + bad + "' --headless");
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.output.find("bad.toml:5:11"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("cannot be played"), std::string::npos) << run.output;
}

// The output device is lost and stays away (OpenAL Soft's wave writer on a file that cannot be written:
// every write fails, every reopened device fails again), then Ctrl-C ends the session. The end fade
// cannot be played on no device, and nothing can be heard: the session must end at once and the player
// exit, journaled as ended while the output was lost.
TEST_F(PlayCommandTest, HeadlessCtrlCWhileTheDeviceIsLostEndsAtOnce) {
    if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "needs /dev/full";
    const auto config = folder / "alsoft.conf";
    std::ofstream(config) << "[general]\ndrivers = wave\n[wave]\nfile = /dev/full\n";
    // Ctrl-C once the journal has the loss; how long the player then takes to exit is measured by the
    // shell, and an outer timeout turns a hang into a failure.
    const auto log = folder / "play.log";
    const std::string script =
        "env -u ALSOFT_DRIVERS ALSOFT_CONF='" + config.string() +
        "' timeout 30 '" STILLPOINT_BINARY_DIR "/stillpoint' play '" + program +
        "' --headless --patient T-2 --clinician Lind --consent yes --new --sessions '" + sessions() +
        "' </dev/null >'" + log.string() + "' 2>&1 & pid=$!\n" +
        "for i in $(seq 200); do grep -qs '\"fault\":\"device_lost\"' '" + sessions() +
        "'/*/journal.jsonl && break; sleep 0.1; done\n" + "grep -qs '\"fault\":\"device_lost\"' '" +
        sessions() + "'/*/journal.jsonl || echo 'no loss' >>'" + log.string() + "'\n" +
        // Ctrl-C to the player itself: `timeout` would pass it on to its whole group as well, and a
        // second Ctrl-C stops the player at once, by design.
        "start=$(date +%s%N); pkill -INT -P $pid; wait $pid; rc=$?; end=$(date +%s%N)\n" +
        "echo \"exit $rc after $(( (end - start) / 1000000 )) ms\" >>'" + log.string() + "'\n";
    ASSERT_EQ(std::system(script.c_str()), 0);
    std::stringstream output;
    output << std::ifstream(log).rdbuf();
    const std::string out = output.str();
    ASSERT_EQ(out.find("no loss"), std::string::npos) << "the device was never lost\n" << out;
    EXPECT_NE(out.find("NO OUTPUT DEVICE"), std::string::npos) << out;
    EXPECT_NE(out.find("Session ended."), std::string::npos) << out;
    const auto exitLine = out.rfind("exit ");
    ASSERT_NE(exitLine, std::string::npos) << out;
    int exitCode = -1, milliseconds = -1;
    ASSERT_EQ(std::sscanf(out.c_str() + exitLine, "exit %d after %d ms", &exitCode, &milliseconds), 2) << out;
    EXPECT_EQ(exitCode, 0) << out;
    EXPECT_LT(milliseconds, 1000) << "the end waited for the lost device\n" << out;

    std::filesystem::path journal;
    for (const auto& entry : std::filesystem::directory_iterator(sessions()))
        journal = entry.path() / "journal.jsonl";
    std::stringstream text;
    text << std::ifstream(journal).rdbuf();
    EXPECT_NE(text.str().find("\"action\":\"end_session\""), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("\"reason\":\"ended_while_output_lost\""), std::string::npos) << text.str();
    // The device failed at its first write, so nothing was heard: the loss is at the session's start, not
    // after music rendered on into a device that had stopped playing it.
    const auto loss = text.str().find("\"fault\":\"device_lost\"");
    const auto lineStart = text.str().rfind('\n', loss) + 1;
    double lostAt = -1;
    ASSERT_EQ(std::sscanf(text.str().c_str() + text.str().find("\"session_s\":", lineStart),
                          "\"session_s\":%lf", &lostAt),
              1)
        << text.str();
    EXPECT_LT(lostAt, 0.5) << "the session went on for " << lostAt << " s on a device that played nothing";
}
