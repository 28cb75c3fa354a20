#include "journal/SessionRecovery.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "app/journal/JournalTestSupport.h"
#include "journal/SessionFolder.h"

namespace stillpoint::journal {
namespace {

using namespace testing;
using session::Action;
using session::EventKind;

// Plays a session into the journal: settling 0-120 s, then the peak; observes 60 frames per second
// until `crashAt` seconds of session time, then stops without ending (a crash), or ends cleanly.
std::filesystem::path playSession(const std::filesystem::path& root, const program::Program& program,
                                  ManualClock& clock, double crashAt, bool endCleanly = false) {
    auto journal = SessionJournal::start(root, program, makeDetails(), clock.options());
    journal.recordEngineEvents(std::vector{makeEvent(EventKind::SessionStarted, 0, 0),
                                           makeEvent(EventKind::PhaseEntered, 0, 0),
                                           makeEvent(EventKind::TrackStarted, 0, 0, phaseTrack(0, 0))});
    double volume = 0.8;
    double peakPlanned = 600.0;
    for (int frame = 0; frame / 60.0 <= crashAt; ++frame) {
        const double t = frame / 60.0;
        clock.advance(std::chrono::milliseconds(17));
        if (frame == 120 * 60) {
            journal.recordEngineEvents(
                std::vector{makeEvent(EventKind::PhaseEntered, t, 1),
                            makeEvent(EventKind::TrackStarted, t, 1, phaseTrack(1, 0))});
        }
        if (frame == 150 * 60) {
            journal.recordEngineEvent(makeAction(t, 1, Action::SetMasterVolume, 0.55));
            volume = 0.55;
        }
        if (frame == 160 * 60) {
            journal.recordEngineEvent(makeAction(t, 1, Action::ExtendPhase, 5));
            peakPlanned += 300.0;
        }
        const bool peak = t >= 120.0;
        auto snapshot = peak ? makeSnapshot(t, 1, phaseTrack(1, 0), t - 120.0, t - 120.0, volume)
                             : makeSnapshot(t, 0, phaseTrack(0, 0), t, t, volume);
        snapshot.phases[1].plannedSeconds = peakPlanned;
        journal.observe(snapshot);
    }
    if (endCleanly) journal.endSession();
    return journal.folder();
}

TEST(SessionRecoveryTest, FindsTheSessionThatDidNotEndAndResumesWithinTwoSeconds) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto root = temp.path() / "sessions";
    playSession(root, program, clock, 30.0, /*endCleanly=*/true);
    const auto crashed = playSession(root, program, clock, 171.3);

    const auto unfinished = findUnfinishedSession(root, *clock.now);
    ASSERT_TRUE(unfinished);
    EXPECT_EQ(unfinished->folder, crashed);
    EXPECT_EQ(unfinished->patientId, "KX-0042");
    EXPECT_EQ(unfinished->programName, "IV 40 minutes");
    EXPECT_TRUE(unfinished->playbackStarted);
    EXPECT_FALSE(programChangedWarning(*unfinished, program));

    const auto point = makeResumePoint(unfinished->journal);
    EXPECT_EQ(point.phase, 1);
    EXPECT_EQ(point.track, phaseTrack(1, 0));
    EXPECT_NEAR(point.sessionSeconds, 171.3, 2.0);
    EXPECT_LE(point.sessionSeconds, 171.3);
    EXPECT_NEAR(point.trackPositionSeconds, 51.3, 2.0);
    EXPECT_NEAR(point.phaseElapsedSeconds, 51.3, 2.0);
    EXPECT_DOUBLE_EQ(point.phaseExtensionSeconds, 300.0);
    EXPECT_DOUBLE_EQ(point.masterVolume, 0.55);
}

TEST(SessionRecoveryTest, ContinuingRecordsTheInterruptionAndTheResumeInTheSameJournal) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto root = temp.path() / "sessions";
    const auto folder = playSession(root, program, clock, 130.0);
    const auto unfinished = findUnfinishedSession(root, *clock.now);
    ASSERT_TRUE(unfinished);
    clock.advance(std::chrono::seconds(42));  // the time it took to restart
    const auto point = makeResumePoint(unfinished->journal);
    {
        auto journal = continueSession(*unfinished, program, point, clock.options());
        journal.recordNote("back");
    }
    const auto contents = readJournal(folder / kJournalFileName);
    EXPECT_TRUE(contents.skipped.empty());
    const auto& e = contents.events;
    ASSERT_GE(e.size(), 3u);
    EXPECT_EQ(e[e.size() - 3].event["type"], "interrupted");
    EXPECT_NEAR(e[e.size() - 3].event["length_s"].get<double>(), 42.0, 0.001);
    EXPECT_EQ(e[e.size() - 2].event["type"], "resumed");
    EXPECT_EQ(e[e.size() - 2].event["phase"], "peak");
    EXPECT_NEAR(e[e.size() - 2].event["track_s"].get<double>(), point.trackPositionSeconds, 0.001);
    EXPECT_EQ(e.back().event["session_s"], e[e.size() - 2].event["session_s"]);
    // Still unfinished (it may crash again), and a second resume starts from the resumed point.
    const auto again = findUnfinishedSession(root, *clock.now);
    ASSERT_TRUE(again);
    EXPECT_NEAR(makeResumePoint(again->journal).trackPositionSeconds, point.trackPositionSeconds, 0.001);
}

TEST(SessionRecoveryTest, IgnoresEndedStaleAndUnreadableSessions) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto root = temp.path() / "sessions";
    playSession(root, program, clock, 10.0, /*endCleanly=*/true);
    EXPECT_FALSE(findUnfinishedSession(root, *clock.now));
    playSession(root, program, clock, 10.0);
    EXPECT_TRUE(findUnfinishedSession(root, *clock.now));
    EXPECT_FALSE(findUnfinishedSession(root, *clock.now + std::chrono::hours(13)));  // abandoned, not crashed
    std::filesystem::create_directories(root / "not-a-session");
    writeWholeFile(root / "stray.txt", "x");
    std::filesystem::create_directories(root / "2026-11-21-X-9");
    writeWholeFile(root / "2026-11-21-X-9" / kJournalFileName, "\0\0\0garbage");
    EXPECT_EQ(findUnfinishedSessions(root, *clock.now).size(), 1u);
    EXPECT_TRUE(findUnfinishedSessions(temp.path() / "no-such-folder", *clock.now).empty());
}

TEST(SessionRecoveryTest, WarnsWhenTheProgramFileChangedSinceTheSessionStarted) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    playSession(temp.path() / "sessions", program, clock, 5.0);
    writeWholeFile(program.sourceFile, "format = 1\nname = \"edited\"\n");
    const auto unfinished = findUnfinishedSession(temp.path() / "sessions", *clock.now);
    ASSERT_TRUE(unfinished);
    const auto warning = programChangedWarning(*unfinished, program);
    ASSERT_TRUE(warning);
    EXPECT_NE(warning->find("has changed"), std::string::npos);
}

TEST(SessionRecoveryTest, APhaseEnteredAfterTheLastHeartbeatCountsFromItsStart) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails(), clock.options());
    journal.observe(makeSnapshot(118.5, 0, phaseTrack(0, 0), 118.5, 118.5));
    journal.recordEngineEvents(
        std::vector{makeEvent(EventKind::PhaseEntered, 120.0, 1),
                    makeEvent(EventKind::TrackStarted, 120.0, 1, phaseTrack(1, 0), 0.0)});
    const auto point = makeResumePoint(readJournal(journal.file()));
    EXPECT_EQ(point.phase, 1);
    EXPECT_EQ(point.track, phaseTrack(1, 0));
    EXPECT_DOUBLE_EQ(point.trackPositionSeconds, 0.0);
    EXPECT_DOUBLE_EQ(point.phaseElapsedSeconds, 0.0);
    EXPECT_DOUBLE_EQ(point.sessionSeconds, 120.0);
}

TEST(SessionRecoveryTest, ACrashRightAfterAPhaseChangeResumesThatPhasesOwnMusic) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    auto journal = SessionJournal::start(temp.path() / "sessions", program, makeDetails(), clock.options());
    journal.observe(makeSnapshot(119.0, 0, phaseTrack(0, 0), 119.0, 119.0));
    auto trackEnded = makeEvent(EventKind::TrackEnded, 121.0, 1, phaseTrack(0, 0), 121.0);
    journal.recordEngineEvents(std::vector{makeEvent(EventKind::PhaseEntered, 120.0, 1), trackEnded});
    const auto point = makeResumePoint(readJournal(journal.file()));
    EXPECT_EQ(point.phase, 1);
    EXPECT_FALSE(point.track.valid());  // the engine then starts the peak's first track
    EXPECT_DOUBLE_EQ(point.trackPositionSeconds, 0.0);
    EXPECT_DOUBLE_EQ(point.sessionSeconds, 120.0);  // not the settling track's end, reported after it
}

TEST(SessionRecoveryTest, ResumesFromTheLastWholeStateAndReplaysTheActionsAfterIt) {
    TempFolder temp;
    ManualClock clock;
    const auto program = makeProgram(temp.path());
    const auto root = temp.path() / "sessions";
    auto journal = SessionJournal::start(root, program, makeDetails(), clock.options());
    journal.recordNote("before the crash");
    journal.recordMarker(MarkerKind::DoseGiven, "Dose given");
    journal.recordVitals(makeVitals(120, 80, 72, 98));
    auto snapshot = makeSnapshot(30.0, 1, phaseTrack(1, 0), 10.0, 10.0);
    auto& state = snapshot.resume;
    state.sampleRate = 48000;
    state.frame = 30 * 48000 + 143;
    state.phase = 1;
    state.phaseStartFrame = 20 * 48000 + 143;
    state.extensionFrames = 300 * 48000;
    state.held = true;
    state.voiceCount = 1;
    state.voices[0].track = phaseTrack(1, 0);
    state.voices[0].trackFrame = 480000;
    state.voices[0].lead = true;
    journal.observe(snapshot);
    // An echo drained after that state but acted on before it (it is in the state), then one after it.
    auto before = makeEvent(EventKind::OperatorAction, 30.0, 1, phaseTrack(1, 0), 10.0);
    before.action = session::Action::TalkOverOn;
    before.sessionFrame = state.frame - 4096;
    auto after = before;
    after.action = session::Action::ExtendPhase;
    after.value = 5.0;
    after.sessionFrame = state.frame;
    journal.recordEngineEvents(std::vector{before, after});
    clock.advance(std::chrono::seconds(42));

    const auto unfinished = findUnfinishedSession(root, *clock.now);
    ASSERT_TRUE(unfinished);
    auto point = makeResumePoint(*unfinished, *clock.now);
    ASSERT_TRUE(point.state.valid());
    EXPECT_EQ(point.state.frame, state.frame);
    EXPECT_TRUE(point.state.held);
    EXPECT_EQ(point.state.voices[0].trackFrame, 480000);
    ASSERT_EQ(point.actions.size(), 1u);
    EXPECT_EQ(point.actions[0].action, session::Action::ExtendPhase);
    EXPECT_EQ(point.actions[0].frame, state.frame);
    EXPECT_NEAR(point.phaseExtensionSeconds, 600.0, 1e-9) << "300 s in the state, 300 s replayed";
    EXPECT_NEAR(point.trackPositionSeconds, 10.0, 1e-9);
    EXPECT_NEAR(point.gapSeconds, 42.0, 1e-3);
    EXPECT_TRUE(unfinished->consentToMusic);
    ASSERT_EQ(unfinished->earlierEntries.size(), 3u);
    EXPECT_EQ(unfinished->earlierEntries[0].text, "before the crash");
    EXPECT_EQ(unfinished->earlierEntries[1].marker, MarkerKind::DoseGiven);
    EXPECT_EQ(unfinished->earlierEntries[2].text, "BP 120/80 HR 72 SpO2 98%");

    // The resumed line carries the state and the replay: the replay's echo is not written again, and a
    // second crash before the next heartbeat resumes from the resumed line, the replay still to do.
    auto continued = continueSession(*unfinished, program, point, clock.options());
    auto replayedEcho = after;
    replayedEcho.sessionFrame = state.frame;
    continued.recordEngineEvents(std::vector{replayedEcho});
    const auto again = readJournal(continued.file());
    const auto& resumed = *std::find_if(again.events.rbegin(), again.events.rend(),
                                        [](const auto& line) { return line.event["type"] == "resumed"; });
    EXPECT_NEAR(resumed.event["gap_s"].get<double>(), 42.0, 1e-3);
    EXPECT_EQ(resumed.event["replayed_actions"].size(), 1u);
    EXPECT_EQ(again.events.back().event["type"], "resumed") << "the replayed extend is not written twice";
    const auto secondPoint = makeResumePoint(again);
    EXPECT_EQ(secondPoint.state.frame, state.frame);
    ASSERT_EQ(secondPoint.actions.size(), 1u);
    EXPECT_EQ(secondPoint.actions[0].action, session::Action::ExtendPhase);

    // A damaged state is passed over for the last good one.
    {
        std::ofstream out(continued.file(), std::ios::app);
        out << R"({"seq":99,"utc":"2026-11-21T14:01:00.000Z","type":"position","session_s":31,)"
               R"("phase_index":1,"resume_state":{"rate":48000,"state":"playing"}})"
            << "\n";
    }
    EXPECT_EQ(makeResumePoint(readJournal(continued.file())).state.frame, state.frame);
}

}  // namespace
}  // namespace stillpoint::journal
