#include "session/ActionScript.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace stillpoint::session {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(ActionScript, ReadsTimedActionsInTimeOrderWithTheirValues) {
    const auto script = parseActionScript(R"(
[[action]]
at = "31m"
do = "advance"

[[action]]
at = "12m"
do = "extend"
by = "5m"

[[action]]
at = "20m"
do = "talk-over"
for = "30s"

[[action]]
at = "25m"
do = "volume"
value = 0.5
)",
                                          "actions.toml");
    ASSERT_TRUE(script.ok()) << toString(script.problems.front());
    ASSERT_EQ(script.actions.size(), 5u);
    EXPECT_EQ(script.actions[0].action, Action::ExtendPhase);
    EXPECT_EQ(script.actions[0].at, minutes(12));
    EXPECT_DOUBLE_EQ(script.actions[0].value, 5.0);
    EXPECT_EQ(script.actions[1].action, Action::TalkOverOn);
    EXPECT_EQ(script.actions[2].action, Action::TalkOverOff);
    EXPECT_EQ(script.actions[2].at, minutes(20) + seconds(30));
    EXPECT_EQ(script.actions[3].action, Action::SetMasterVolume);
    EXPECT_DOUBLE_EQ(script.actions[3].value, 0.5);
    EXPECT_EQ(script.actions[4].action, Action::AdvancePhase);
    EXPECT_EQ(script.actions[4].where.line, 2);
}

TEST(ActionScript, EveryNamedActionIsKnown) {
    for (const char* name : {"advance", "hold", "release", "skip", "alternate", "grounding", "silence",
                             "resume", "end", "talk-over-off"}) {
        const auto script =
            parseActionScript(std::string("[[action]]\nat = \"1m\"\ndo = \"") + name + "\"\n", "a.toml");
        EXPECT_TRUE(script.ok()) << name;
        EXPECT_EQ(script.actions.size(), 1u) << name;
    }
}

TEST(ActionScript, EveryCommandOfTheTableIsWrittenByItsJournalName) {
    for (const auto& spec : kCommandTable) {
        if (spec.action == Action::Start) continue;
        std::string entry = std::string("[[action]]\nat = \"1m\"\ndo = \"") + std::string(spec.name) + "\"\n";
        if (spec.value == CommandValue::Minutes) entry += "by = \"2m\"\n";
        if (spec.value == CommandValue::Volume) entry += "value = 0.4\n";
        if (spec.action == Action::Preview) entry += "what = \"next\"\n";  // a preview says what to hear
        const auto script = parseActionScript(entry, "a.toml");
        ASSERT_TRUE(script.ok()) << spec.name << ": " << toString(script.problems.front());
        ASSERT_EQ(script.actions.size(), 1u) << spec.name;
        EXPECT_EQ(script.actions[0].action, spec.action) << spec.name;
    }
    // A render starts by itself: "start" is not an action a script gives.
    EXPECT_FALSE(parseActionScript("[[action]]\nat = \"1m\"\ndo = \"start\"\n", "a.toml").ok());
}

TEST(ActionScript, ReportsEveryProblemWithLineAndColumn) {
    const auto script = parseActionScript(R"([[action]]
at = "12 minutes"
do = "extend"

[[action]]
at = "1m"
do = "dance"

[[action]]
at = "2m"
do = "volume"
value = 3.0

[[action]]
do = "skip"
)",
                                          "actions.toml");
    ASSERT_EQ(script.problems.size(), 5u);
    // Bad duration, where it is written.
    EXPECT_EQ(script.problems[0].where.line, 2);
    EXPECT_EQ(script.problems[0].where.column, 6);
    EXPECT_NE(script.problems[0].message.find("'at'"), std::string::npos);
    // extend without 'by'.
    EXPECT_NE(script.problems[1].message.find("'by'"), std::string::npos);
    // Unknown action names the known ones.
    EXPECT_EQ(script.problems[2].where.line, 7);
    EXPECT_NE(script.problems[2].message.find("advance"), std::string::npos);
    // Volume out of range.
    EXPECT_EQ(script.problems[3].where.line, 12);
    // No 'at'.
    EXPECT_NE(script.problems[4].message.find("'at'"), std::string::npos);
    EXPECT_EQ(toString(script.problems[2]).rfind("actions.toml:7:6: ", 0), 0u)
        << toString(script.problems[2]);
}

TEST(ActionScript, InvalidTomlIsReportedWhereItBreaks) {
    const auto script = parseActionScript("[[action]\nat = \"1m\"\n", "broken.toml");
    ASSERT_EQ(script.problems.size(), 1u);
    EXPECT_EQ(script.problems[0].where.line, 1);
    EXPECT_TRUE(script.actions.empty());
}

TEST(ActionScript, MissingFileSaysSo) {
    const auto script = parseActionScriptFile("/nonexistent/actions.toml");
    ASSERT_EQ(script.problems.size(), 1u);
    EXPECT_NE(script.problems[0].message.find("cannot open"), std::string::npos);
}

TEST(ActionScript, NestingBeyondAnyActionsFileIsRefusedWithItsPlace) {
    std::string key = "at";
    for (int i = 0; i < 35'000; ++i) key += ".x";
    const auto script = parseActionScript("[[action]]\n" + key + " = \"1m\"\n", "deep.toml");
    ASSERT_EQ(script.problems.size(), 1u);
    EXPECT_EQ(script.problems[0].where.line, 2);
    EXPECT_NE(script.problems[0].message.find("nest more than"), std::string::npos);
}

TEST(ActionScript, AnActionsFileHasTheProgramFilesSizeLimitAndReadErrorsAreProblems) {
    const auto huge = std::filesystem::temp_directory_path() /
                      ("stillpoint-actions-" + std::to_string(::getpid()) + ".toml");
    { std::ofstream(huge) << "x"; }
    std::filesystem::resize_file(huge, 162u * 1024u * 1024u);  // sparse: no disk, and never read
    const auto tooBig = parseActionScriptFile(huge);
    std::filesystem::remove(huge);
    ASSERT_EQ(tooBig.problems.size(), 1u);
    EXPECT_NE(tooBig.problems[0].message.find("is 162 MB, more than the limit of 1 MB"), std::string::npos)
        << tooBig.problems[0].message;

    const auto memory = parseActionScriptFile("/proc/self/mem");
    ASSERT_EQ(memory.problems.size(), 1u);
    EXPECT_NE(memory.problems[0].message.find("Input/output error"), std::string::npos)
        << memory.problems[0].message;
}

TEST(ActionScript, AVolumeSetsTheRoomsOutputWhenItSaysSo) {
    const auto script = parseActionScript(R"([[action]]
at = "1m"
do = "volume"
value = 0.3
output = "room"

[[action]]
at = "2m"
do = "set_master_volume"
value = 0.6
output = "patient"

[[action]]
at = "3m"
do = "set_room_volume"
value = 0.2
)",
                                          "a.toml");
    ASSERT_TRUE(script.ok()) << toString(script.problems.front());
    ASSERT_EQ(script.actions.size(), 3u);
    EXPECT_EQ(script.actions[0].action, Action::SetRoomVolume);
    EXPECT_DOUBLE_EQ(script.actions[0].value, 0.3);
    EXPECT_EQ(script.actions[1].action, Action::SetMasterVolume);
    EXPECT_EQ(script.actions[2].action, Action::SetRoomVolume);
}

TEST(ActionScript, AnUnknownOutputOrAnOutputOnAnotherActionIsLocated) {
    const auto script = parseActionScript(R"([[action]]
at = "1m"
do = "volume"
value = 0.3
output = "kitchen"

[[action]]
at = "2m"
do = "skip"
output = "room"
)",
                                          "a.toml");
    ASSERT_EQ(script.problems.size(), 2u);
    EXPECT_EQ(
        toString(script.problems[0]),
        "a.toml:5:10: 'output' is \"patient\", \"room\" or \"preview\", the output whose volume this sets");
    EXPECT_EQ(toString(script.problems[1]), "a.toml:10:10: 'output' does not belong to a 'skip' action");
}

TEST(ActionScript, APreviewSaysWhatToHearAndFromWhere) {
    const auto script = parseActionScript(R"([[action]]
at = "1m"
do = "preview"
what = "alternate"
[[action]]
at = "2m"
do = "preview"
what = "grounding"
from = "start"
[[action]]
at = "3m"
do = "preview"
phase = 2
track = 1
alternate = 2
[[action]]
at = "4m"
do = "preview-stop"
[[action]]
at = "5m"
do = "volume"
value = 0.3
output = "preview"
)",
                                          "a.toml");
    ASSERT_TRUE(script.ok()) << toString(script.problems.front());
    ASSERT_EQ(script.actions.size(), 5u);
    EXPECT_EQ(script.actions[0].action, Action::Preview);
    EXPECT_EQ(script.actions[0].preview.choice, PreviewChoice::Alternate);
    EXPECT_EQ(script.actions[0].preview.from, PreviewFrom::Entry);
    EXPECT_EQ(script.actions[1].preview.choice, PreviewChoice::Grounding);
    EXPECT_EQ(script.actions[1].preview.from, PreviewFrom::FileStart);
    EXPECT_EQ(script.actions[2].preview.choice, PreviewChoice::Track);
    EXPECT_EQ(script.actions[2].preview.track, (TrackRef{TrackRole::Alternate, 1, 0, 1}));
    EXPECT_EQ(script.actions[3].action, Action::PreviewStop);
    EXPECT_EQ(script.actions[4].action, Action::SetPreviewVolume);
    EXPECT_DOUBLE_EQ(script.actions[4].value, 0.3);
}

TEST(ActionScript, APreviewThatDoesNotSayWhatOrNamesTooMuchIsLocated) {
    const auto script = parseActionScript(R"([[action]]
at = "1m"
do = "preview"

[[action]]
at = "2m"
do = "preview"
what = "louder"

[[action]]
at = "3m"
do = "preview"
what = "next"
track = 2

[[action]]
at = "4m"
do = "preview"
what = "next"
from = "middle"

[[action]]
at = "5m"
do = "preview"
phase = "peak"
track = 0

[[action]]
at = "6m"
do = "skip"
what = "next"
)",
                                          "a.toml");
    ASSERT_EQ(script.problems.size(), 6u);
    EXPECT_NE(toString(script.problems[0]).find("a.toml:1:1: this preview does not say what to hear"),
              std::string::npos)
        << toString(script.problems[0]);
    EXPECT_NE(toString(script.problems[1]).find("a.toml:8:8: unknown preview"), std::string::npos)
        << toString(script.problems[1]);
    EXPECT_NE(toString(script.problems[2]).find("a.toml:13:8: a preview names either 'what'"),
              std::string::npos)
        << toString(script.problems[2]);
    EXPECT_NE(toString(script.problems[3]).find("a.toml:20:8: 'from' is \"entry\""), std::string::npos)
        << toString(script.problems[3]);
    EXPECT_EQ(toString(script.problems[4]), "a.toml:26:9: 'track' is a number from 1 (the first)");
    EXPECT_EQ(toString(script.problems[5]), "a.toml:31:8: 'what' does not belong to a 'skip' action");
}

TEST(ActionScript, APhaseOrTrackTheProgramDoesNotHaveIsLocatedAtItsPreview) {
    program::Program program;
    program.phases.resize(2);
    program.phases[0].name = "onset";
    program.phases[1].name = "peak";
    program.phases[1].tracks.resize(2);
    auto script = parseActionScript(R"([[action]]
at = "1m"
do = "preview"
phase = "peak"
track = 2

[[action]]
at = "2m"
do = "preview"
phase = "return"
track = 1

[[action]]
at = "3m"
do = "preview"
phase = "peak"
track = 3

[[action]]
at = "4m"
do = "preview"
phase = 2
track = 1
alternate = 1
)",
                                    "a.toml");
    ASSERT_TRUE(script.ok());
    resolveTrackNames(script, program);
    ASSERT_EQ(script.problems.size(), 3u);
    EXPECT_EQ(script.actions[0].preview.track, (TrackRef{TrackRole::Phase, 1, 1, -1}));
    EXPECT_EQ(toString(script.problems[0]),
              "a.toml:7:1: the preview names phase \"return\", which the program does not have; its phases "
              "are \"onset\", \"peak\"");
    EXPECT_EQ(
        toString(script.problems[1]),
        "a.toml:13:1: the preview names a track the program does not have: phase \"peak\" has 2 tracks");
    EXPECT_EQ(
        toString(script.problems[2]),
        "a.toml:19:1: the preview names a track the program does not have: track 1 of phase \"peak\" has "
        "0 alternates");
}

}  // namespace
}  // namespace stillpoint::session
