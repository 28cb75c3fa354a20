#include "config/MachineConfig.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "ScopedEnvironmentVariable.h"
#include "audio/decode/AudioFixtures.h"

using namespace stillpoint::config;
using stillpoint::program::formatProblem;
using stillpoint::testing::ScopedEnvironmentVariable;
using stillpoint::testing::TempFolder;
namespace fs = std::filesystem;

namespace {

MachineConfigResult parse(const std::string& text) {
    return parseMachineConfigText(text, "/etc/clinic/stillpoint.toml");
}

std::string firstProblem(const MachineConfigResult& result) {
    return result.problems.empty() ? std::string() : formatProblem(result.problems.front());
}

// Whether the problem at `index`, as a person reads it, contains `text`; it is shown when it does not.
::testing::AssertionResult problemSays(const MachineConfigResult& result, std::size_t index,
                                       const std::string& text) {
    if (index >= result.problems.size())
        return ::testing::AssertionFailure() << "there is no problem " << index;
    const std::string problem = formatProblem(result.problems[index]);
    if (problem.find(text) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << problem;
}

TEST(MachineConfig, ReadsEveryOutput) {
    const auto result = parse(R"(# room 2
[outputs.patient]
device = "USB Headphones"
volume = 0.7
ceiling = -6

[outputs.room]
device = "Built-in Speakers"
volume = 0.4
ceiling = -12.5
duck_on_talk_over = false

[outputs.preview]
device = "Operator headset"
)");
    ASSERT_TRUE(result.config) << firstProblem(result);
    EXPECT_TRUE(result.problems.empty());
    const MachineConfig& config = *result.config;
    EXPECT_EQ(config.patient.device, "USB Headphones");
    EXPECT_DOUBLE_EQ(*config.patient.volume, 0.7);
    EXPECT_DOUBLE_EQ(*config.patient.ceilingDbfs, -6.0);
    EXPECT_TRUE(config.patient.duckOnTalkOver);
    EXPECT_EQ(config.room.device, "Built-in Speakers");
    EXPECT_DOUBLE_EQ(*config.room.volume, 0.4);
    EXPECT_DOUBLE_EQ(*config.room.ceilingDbfs, -12.5);
    EXPECT_FALSE(config.room.duckOnTalkOver);
    EXPECT_EQ(config.output(OutputRole::Preview).device, "Operator headset");
    EXPECT_FALSE(config.preview.volume);
    EXPECT_EQ(config.room.where.line, 7);
}

TEST(MachineConfig, AnEmptyFileKeepsEveryDefault) {
    const auto result = parse("");
    ASSERT_TRUE(result.config);
    EXPECT_TRUE(result.config->patient.device.empty());
    EXPECT_TRUE(result.config->room.device.empty());
    EXPECT_FALSE(result.config->patient.ceilingDbfs);
}

TEST(MachineConfig, AnUnknownKeyIsRefusedWhereItIsWithTheNearestName) {
    const auto result = parse("[outputs.room]\ndevice = \"Speakers\"\nvolumee = 0.5\n");
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(firstProblem(result),
              "/etc/clinic/stillpoint.toml:3:1: error: unknown key \"volumee\" in [outputs.room]\n"
              "  hint: did you mean \"volume\"? (the keys [outputs.room] can have: device, volume, ceiling, "
              "duck_on_talk_over)");
}

TEST(MachineConfig, UnknownTablesAndOutputsAreRefused) {
    const auto result = parse("[outputs.kitchen]\ndevice = \"x\"\n\n[output.patient]\ndevice = \"y\"\n");
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.problems.size(), 2u);
    EXPECT_TRUE(problemSays(result, 0, ":1:10: error: unknown key \"kitchen\" in [outputs]"));
    EXPECT_TRUE(problemSays(result, 1, ":4:2: error: unknown key \"output\""));
    EXPECT_TRUE(problemSays(result, 1, "did you mean \"outputs\""));
}

TEST(MachineConfig, TalkOverDuckingIsNotASettingOfThePreview) {
    const auto result = parse("[outputs.preview]\nduck_on_talk_over = true\n");
    EXPECT_FALSE(result.config);
    EXPECT_TRUE(
        problemSays(result, 0, ":2:1: error: unknown key \"duck_on_talk_over\" in [outputs.preview]"));
}

TEST(MachineConfig, ValuesOutOfRangeOrOfTheWrongTypeAreLocated) {
    const auto result = parse(
        "[outputs.patient]\nvolume = 1.5\nceiling = \"-6\"\ndevice = 3\n[outputs.room]\nceiling = 2\n"
        "duck_on_talk_over = \"no\"\n");
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.problems.size(), 5u);
    EXPECT_TRUE(problemSays(result, 0, ":2:10: error: \"volume\" is 1.5, outside 0 to 1"));
    EXPECT_TRUE(problemSays(result, 1, ":3:11: error: \"ceiling\" must be a number"));
    EXPECT_TRUE(problemSays(result, 2, ":4:10: error: \"device\" must be text"));
    EXPECT_TRUE(problemSays(result, 3, ":6:11: error: \"ceiling\" is 2, outside -60 to 0 dBFS"));
    EXPECT_TRUE(problemSays(result, 4, ":7:21: error: \"duck_on_talk_over\" must be true or false"));
}

TEST(MachineConfig, ASyntaxErrorIsLocatedWithWhatToDo) {
    const auto result = parse("[outputs.patient]\ndevice = Headphones\n");
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.problems.size(), 1u);
    const std::string text = firstProblem(result);
    EXPECT_NE(text.find("/etc/clinic/stillpoint.toml:2:"), std::string::npos) << text;
    EXPECT_NE(text.find("TOML syntax"), std::string::npos);
    EXPECT_NE(text.find("hint: "), std::string::npos);
}

TEST(MachineConfig, NotATableIsSaidSo) {
    const auto result = parse("outputs = \"room\"\n");
    EXPECT_FALSE(result.config);
    EXPECT_TRUE(problemSays(result, 0, ":1:11: error: \"outputs\" must be a table"));
}

TEST(MachineConfig, AMissingFileIsTheDefaultConfiguration) {
    TempFolder folder;
    const auto result = readMachineConfig(folder / "stillpoint.toml");
    ASSERT_TRUE(result.config);
    EXPECT_TRUE(result.problems.empty());
    EXPECT_TRUE(result.config->file.empty());
}

TEST(MachineConfig, AFolderInItsPlaceIsAProblem) {
    TempFolder folder;
    fs::create_directory(folder / "stillpoint.toml");
    const auto result = readMachineConfig(folder / "stillpoint.toml");
    EXPECT_FALSE(result.config);
    EXPECT_TRUE(result.hasErrors());
}

TEST(MachineConfig, ReadsTheFileItIsGiven) {
    TempFolder folder;
    std::ofstream(folder / "stillpoint.toml") << "[outputs.room]\ndevice = \"Speakers\"\n";
    const auto result = readMachineConfig(folder / "stillpoint.toml");
    ASSERT_TRUE(result.config) << firstProblem(result);
    EXPECT_EQ(result.config->room.device, "Speakers");
    EXPECT_EQ(result.config->file, folder / "stillpoint.toml");
}

TEST(MachineConfig, LivesInTheXdgConfigFolderOrUnderHome) {
    const ScopedEnvironmentVariable xdg("XDG_CONFIG_HOME", "/srv/clinic/config");
    const ScopedEnvironmentVariable home("HOME");
    EXPECT_EQ(defaultMachineConfigFile(), fs::path("/srv/clinic/config/stillpoint/stillpoint.toml"));
    xdg.set("relative/ignored");
    home.set("/home/therapist");
    EXPECT_EQ(defaultMachineConfigFile(), fs::path("/home/therapist/.config/stillpoint/stillpoint.toml"));
}

TEST(MachineConfig, AnOutputsCeilingOnlyEverLowersTheProgramsCeiling) {
    OutputSettings output;
    EXPECT_DOUBLE_EQ(effectiveCeilingDbfs(output, -1.0), -1.0);
    output.ceilingDbfs = -6.0;
    EXPECT_DOUBLE_EQ(effectiveCeilingDbfs(output, -1.0), -6.0);
    EXPECT_DOUBLE_EQ(effectiveCeilingDbfs(output, -9.0), -9.0);
}

}  // namespace

namespace {

TEST(MachineConfig, ReadsTheOscPortAndTheCallButton) {
    const auto result = parse(R"([osc]
port = 9000
bind = "192.168.1.5"
allow = ["192.168.1.0/24", "10.0.0.7"]

[call_button]
key = "F13"
controller_button = 2
starts_grounding = true
)");
    ASSERT_TRUE(result.config) << firstProblem(result);
    const MachineConfig& config = *result.config;
    EXPECT_EQ(config.osc.port, 9000);
    EXPECT_EQ(config.osc.bind, "192.168.1.5");
    EXPECT_EQ(config.osc.allow, (std::vector<std::string>{"192.168.1.0/24", "10.0.0.7"}));
    EXPECT_EQ(config.callButton.key, "F13");
    EXPECT_EQ(config.callButton.controllerButton, 2);
    EXPECT_TRUE(config.callButton.startsGrounding);
}

TEST(MachineConfig, NoOscTableMeansNothingListens) {
    const auto result = parse("[outputs.patient]\ndevice = \"USB Headphones\"\n");
    ASSERT_TRUE(result.config);
    EXPECT_FALSE(result.config->osc.port);
    EXPECT_TRUE(result.config->callButton.key.empty());
}

TEST(MachineConfig, AWrongOscOrCallButtonSettingIsRefusedWhereItIs) {
    const auto result = parse(R"([osc]
port = 9000
allow = "192.168.1.0/24"
[call_button]
kee = "F13"
)");
    EXPECT_FALSE(result.config);
    ASSERT_EQ(result.problems.size(), 2u);
    EXPECT_EQ(result.problems[0].where.line, 3);
    EXPECT_TRUE(problemSays(result, 0, "list of addresses or networks"));
    EXPECT_EQ(result.problems[1].where.line, 5);
    EXPECT_TRUE(problemSays(result, 1, "did you mean \"key\""));
}

}  // namespace
