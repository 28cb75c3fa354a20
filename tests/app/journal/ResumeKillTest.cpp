// kill -9 of a child that plays and journals a session with every kind of operator action (extend, hold,
// grounding, skip, silence, talk-over, volume, advance), at seeded random moments; then the session is
// resumed from its journal as `stillpoint play --resume` does, and the rest of it must happen exactly as in
// the uninterrupted session: the same events on the same frames, the same samples once faded in, and a
// journal that records the gap and keeps every action once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>

#include "app/journal/JournalTestSupport.h"
#include "app/journal/KilledChild.h"
#include "app/session/ResumeComparison.h"
#include "journal/SessionRecovery.h"

namespace stillpoint::journal {
namespace {

using session::testing::kScenarioRate;
using session::testing::ScenarioRun;
using namespace journal::testing;

constexpr std::chrono::milliseconds kFadeIn{500};

session::SessionOptions scenarioOptions(const std::filesystem::path& folder) {
    session::SessionOptions options;
    options.sampleRate = kScenarioRate;
    options.loudnessCacheFile = folder / "loudness.json";
    options.resumeFadeIn = kFadeIn;
    return options;
}

// Runs the child until it has journaled `killAfterBlocks` blocks, kills it, and returns the frame of the
// last block it acknowledged. `withRoom`: the scenario with room speakers.
std::int64_t runAndKill(const std::filesystem::path& root, const std::filesystem::path& fixtures,
                        long killAfterBlocks, bool withRoom = false) {
    long blocks = 0;
    long long frame = -1;
    std::vector<std::string> arguments = {root.string(), fixtures.string(),
                                          (fixtures / "loudness.json").string()};
    if (withRoom) arguments.push_back("room");
    const int status = runChildKillingOnLine(RESUME_KILL_CHILD, arguments, [&](const char* line) {
        long long acknowledged = 0;
        if (std::sscanf(line, "B %lld", &acknowledged) != 1) return false;
        frame = acknowledged;
        return ++blocks >= killAfterBlocks;
    });
    EXPECT_TRUE(killedBySigkill(status)) << "child status " << status;
    return frame;
}

TEST(ResumeKillTest, AfterSigkillTheRestOfTheSessionHappensOnTheSameFramesAsIfUninterrupted) {
    TempFolder temp;
    const auto program = session::testing::scenarioProgram(temp.path(), true);
    ScenarioRun reference;
    {
        session::SessionEngine engine(program, scenarioOptions(temp.path()));
        reference = session::testing::driveScenario(engine, session::testing::scenarioActions());
    }
    const unsigned seed = 20261201;
    std::mt19937 random(seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    // 4096-frame blocks: about 410 in the session. Spread over it: the track and grounding crossfades, the
    // hold and the phase crossfade, silence and the wait for the operator, the advance and the return.
    const std::vector<std::pair<long, long>> killRanges = {{10, 120}, {120, 220}, {220, 320}, {320, 395}};
    for (std::size_t round = 0; round < killRanges.size(); ++round) {
        const long killAfter =
            std::uniform_int_distribution<long>(killRanges[round].first, killRanges[round].second)(random);
        SCOPED_TRACE("round " + std::to_string(round) + ", killed after block " + std::to_string(killAfter));
        const auto root = temp.path() / ("sessions-" + std::to_string(round));
        const std::int64_t acknowledged = runAndKill(root, temp.path(), killAfter);
        ASSERT_GE(acknowledged, 0);

        // As `stillpoint play --resume` does: find the session, make the point, continue the journal.
        auto unfinished = findUnfinishedSession(root);
        ASSERT_TRUE(unfinished);
        session::ResumePoint point = makeResumePoint(*unfinished);
        ASSERT_TRUE(point.state.valid()) << "the journal's position lines hold the whole state";
        EXPECT_GE(point.state.frame, acknowledged - kScenarioRate / 2) << "within a heartbeat of the music";
        EXPECT_GE(point.gapSeconds, 0.0);
        // The operator goes on as in the uninterrupted session: the actions the journal does not know yet.
        session::testing::FramedActions later;
        later.startFrame = point.state.frame;
        for (const session::SessionEvent& event : reference.events) {
            if (event.kind != session::EventKind::OperatorAction || event.action == session::Action::Start ||
                event.sessionFrame < point.state.frame)
                continue;
            const bool known =
                std::any_of(point.actions.begin(), point.actions.end(), [&](const auto& action) {
                    return action.frame == event.sessionFrame && action.action == event.action;
                });
            if (!known) later.actions.push_back({event.action, event.value, event.sessionFrame});
        }
        auto journal = continueSession(*unfinished, program, point);
        auto options = scenarioOptions(temp.path());
        options.resumeFrom = point;
        session::SessionEngine engine(program, options);
        const ScenarioRun resumed = session::testing::driveScenario(
            engine, {}, 1000,
            [&](const session::SessionSnapshot& snapshot, const std::vector<session::SessionEvent>& events) {
                journal.recordEngineEvents(events);
                journal.observe(snapshot);
                return true;
            },
            later);
        journal.endSession();
        session::testing::expectSameContinuation(reference, resumed, point.state,
                                                 point.state.frame + kFadeIn.count() * kScenarioRate / 1000);

        // The journal: the gap recorded, every action exactly once, and the plan as extended.
        const auto contents = readJournal(journal.file());
        std::map<std::int64_t, int> actionsByFrame;
        bool resumedLine = false;
        std::int64_t extendFrame = -1;
        for (const auto& line : contents.events) {
            const Json& event = line.event;
            if (event["type"] == "resumed") {
                resumedLine = true;
                EXPECT_TRUE(event.contains("gap_s"));
                EXPECT_TRUE(event.contains("resume_state"));
            }
            if (event["type"] == "operator_action" && event["action"] != "start") {
                ++actionsByFrame[event["frame"].get<std::int64_t>()];
                if (event["action"] == "extend_phase") extendFrame = event["frame"].get<std::int64_t>();
            }
            // Every heartbeat in the onset after the extension, before and after the resume, says so.
            if (event["type"] == "position" && event["phase_index"] == 0 && extendFrame >= 0 &&
                event.contains("resume_state") &&
                event["resume_state"]["frame"].get<std::int64_t>() > extendFrame) {
                EXPECT_NEAR(event["phase_extension_s"].get<double>(), 6.0, 1e-3) << event.dump();
                EXPECT_NEAR(event["phase_planned_s"].get<double>(), 16.0, 1e-3) << event.dump();
            }
        }
        EXPECT_TRUE(resumedLine);
        int scripted = 0;
        for (const auto& event : reference.events)
            if (event.kind == session::EventKind::OperatorAction && event.action != session::Action::Start) {
                ++scripted;
                EXPECT_EQ(actionsByFrame[event.sessionFrame], 1)
                    << session::commandSpec(event.action).name << " at frame " << event.sessionFrame;
            }
        EXPECT_EQ(scripted, static_cast<int>(session::testing::scenarioActions().size()));
    }
}

// The room speakers keep the volume the operator gave them: a session killed after the room was turned
// down (and up again) resumes with the room at that level, not at the configured one, and plays on with the
// very samples of the uninterrupted session in both outputs.
TEST(ResumeKillTest, AfterSigkillTheRoomSpeakersKeepTheVolumeTheOperatorSet) {
    TempFolder temp;
    const auto program = session::testing::scenarioProgram(temp.path(), true);
    auto roomOptions = [&] {
        auto options = scenarioOptions(temp.path());
        options.room = session::testing::roomScenarioOptions();
        return options;
    };
    ScenarioRun reference;
    {
        session::SessionEngine engine(program, roomOptions());
        reference = session::testing::driveScenario(engine, session::testing::roomScenarioActions(),
                                                    session::testing::kScenarioBlock, {}, {}, true);
    }
    ASSERT_EQ(reference.roomAudio.size(), reference.audio.size());
    // Killed after the first change (2.5 s = block 30), and after the second (7 s = block 83).
    for (const long killAfter : {60L, 150L}) {
        SCOPED_TRACE("killed after block " + std::to_string(killAfter));
        const auto root = temp.path() / ("room-sessions-" + std::to_string(killAfter));
        ASSERT_GE(runAndKill(root, temp.path(), killAfter, true), 0);
        auto unfinished = findUnfinishedSession(root);
        ASSERT_TRUE(unfinished);
        const session::ResumePoint point = makeResumePoint(*unfinished);
        ASSERT_TRUE(point.state.valid());
        ASSERT_TRUE(point.state.hasRoomVolume) << "the journal's state holds the room's volume";
        EXPECT_NEAR(point.state.roomVolume.target, killAfter < 83 ? 0.3 : 0.45, 1e-6);

        session::testing::FramedActions later;
        later.startFrame = point.state.frame;
        for (const session::SessionEvent& event : reference.events)
            if (event.kind == session::EventKind::OperatorAction && event.action != session::Action::Start &&
                event.sessionFrame >= point.state.frame &&
                std::none_of(point.actions.begin(), point.actions.end(), [&](const auto& action) {
                    return action.frame == event.sessionFrame && action.action == event.action;
                }))
                later.actions.push_back({event.action, event.value, event.sessionFrame});
        auto options = roomOptions();  // the room configured at 0.8, as when the program starts again
        options.resumeFrom = point;
        session::SessionEngine engine(program, options);
        const ScenarioRun resumed = session::testing::driveScenario(engine, {}, 1000, {}, later, true);
        session::testing::expectSameContinuation(reference, resumed, point.state,
                                                 point.state.frame + kFadeIn.count() * kScenarioRate / 1000);

        // The room, once faded in: the reference's samples, so its level is the operator's, not 0.8.
        const std::int64_t settled = point.state.frame + kFadeIn.count() * kScenarioRate / 1000;
        ASSERT_EQ(resumed.roomAudio.size(), resumed.audio.size());
        auto roomAt = [](const ScenarioRun& run, std::int64_t frame, int channel) {
            return run.roomAudio[static_cast<std::size_t>(2 * (frame - run.firstFrame) + channel)];
        };
        float largest = 0.0f;
        double energy = 0.0;
        for (std::int64_t frame = settled; frame < settled + kScenarioRate; ++frame)
            for (int channel = 0; channel < 2; ++channel) {
                largest = std::max(
                    largest, std::fabs(roomAt(resumed, frame, channel) - roomAt(reference, frame, channel)));
                energy += roomAt(reference, frame, channel) * roomAt(reference, frame, channel);
            }
        EXPECT_GT(energy, 1.0) << "the room is playing there";
        EXPECT_LE(largest, 1e-6f);
    }
}

}  // namespace
}  // namespace stillpoint::journal
