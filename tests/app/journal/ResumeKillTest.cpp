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
// last block it acknowledged.
std::int64_t runAndKill(const std::filesystem::path& root, const std::filesystem::path& fixtures,
                        long killAfterBlocks) {
    long blocks = 0;
    long long frame = -1;
    const int status = runChildKillingOnLine(
        RESUME_KILL_CHILD, {root.string(), fixtures.string(), (fixtures / "loudness.json").string()},
        [&](const char* line) {
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

}  // namespace
}  // namespace stillpoint::journal
