#include "journal/SessionRecovery.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace stillpoint::journal
