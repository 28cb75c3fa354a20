#include <gtest/gtest.h>

#include "PanelFakes.h"
#include "panel/model/SessionDisplay.h"

using namespace stillpoint::panel;
using namespace stillpoint::session;

namespace {

// 17 min into a session: settling ran 5:00, onset ran 11:00 (extended by 5 min to 15:00 planned, left at
// 16:00), peak started at 16:00 and has run 1:00 of 20:00.
SessionSnapshot peakSnapshot() {
    SessionSnapshot snapshot;
    snapshot.state = SessionState::Playing;
    snapshot.sessionSeconds = 17 * 60.0;
    snapshot.phase = 2;
    snapshot.phaseCount = 4;
    snapshot.phaseElapsedSeconds = 60.0;
    snapshot.phases[0] = {300.0, 0.0, 300.0};
    snapshot.phases[1] = {900.0, 300.0, 960.0};
    snapshot.phases[2] = {1200.0, 960.0, -1.0};
    snapshot.phases[3] = {900.0, -1.0, -1.0};
    snapshot.currentTrack = {TrackRole::Phase, 2, 0, -1};
    snapshot.nextTrack = {TrackRole::Phase, 2, 1, -1};
    snapshot.trackPositionSeconds = 60.0;
    snapshot.trackDurationSeconds = 420.0;
    snapshot.masterVolume = 0.7;
    snapshot.volumeCeilingDbfs = -6.0;
    return snapshot;
}

}  // namespace

TEST(SessionDisplay, TimesLeftInPhaseAndProgram) {
    const auto program = fakes::makeProgram();
    const auto display = deriveDisplay(program, peakSnapshot());
    EXPECT_EQ(display.phaseName, "peak");
    EXPECT_DOUBLE_EQ(display.phaseRemainingSeconds, 1140.0);
    EXPECT_DOUBLE_EQ(display.phaseOvertimeSeconds, 0.0);
    EXPECT_DOUBLE_EQ(display.programRemainingSeconds, 1140.0 + 900.0);
}

TEST(SessionDisplay, TimelinePlannedAgainstActual) {
    const auto program = fakes::makeProgram();
    const auto display = deriveDisplay(program, peakSnapshot());
    ASSERT_EQ(display.timeline.size(), 4u);
    const auto& onset = display.timeline[1];
    EXPECT_DOUBLE_EQ(onset.plannedStart, 300.0);
    EXPECT_DOUBLE_EQ(onset.plannedSeconds, 600.0);
    EXPECT_TRUE(onset.finished);
    EXPECT_DOUBLE_EQ(onset.actualEnd, 960.0);
    const auto& peak = display.timeline[2];
    EXPECT_TRUE(peak.current);
    EXPECT_DOUBLE_EQ(peak.plannedStart, 900.0);
    EXPECT_DOUBLE_EQ(peak.actualStart, 960.0);
    EXPECT_DOUBLE_EQ(peak.actualEnd, 1020.0);  // runs up to now
    const auto& ret = display.timeline[3];
    EXPECT_FALSE(ret.started);
    EXPECT_DOUBLE_EQ(ret.actualStart, 1020.0 + 1140.0);  // projected: after the peak's remaining time
    EXPECT_DOUBLE_EQ(display.timelineSeconds, 1020.0 + 1140.0 + 900.0);
}

TEST(SessionDisplay, HeldPhasePastItsPlanShowsOvertime) {
    const auto program = fakes::makeProgram();
    auto snapshot = peakSnapshot();
    snapshot.held = true;
    snapshot.phaseElapsedSeconds = 1300.0;
    const auto display = deriveDisplay(program, snapshot);
    EXPECT_DOUBLE_EQ(display.phaseRemainingSeconds, 0.0);
    EXPECT_DOUBLE_EQ(display.phaseOvertimeSeconds, 100.0);
    EXPECT_TRUE(display.held);
}

TEST(SessionDisplay, NowPlayingUpNextAndAlternateNames) {
    const auto program = fakes::makeProgram();
    auto snapshot = peakSnapshot();
    auto display = deriveDisplay(program, snapshot);
    EXPECT_EQ(display.nowPlaying, "peak opening");
    EXPECT_EQ(display.upNext, "peak-2.flac");  // no title: the file name without extension
    snapshot.currentTrack = {TrackRole::Alternate, 2, 0, 0};
    snapshot.nextTrack = {};
    display = deriveDisplay(program, snapshot);
    EXPECT_EQ(display.nowPlaying, "peak calmer  (calmer alternate)");
    EXPECT_EQ(display.upNext, "");
    snapshot.currentTrack = {TrackRole::Phase, 7, 0, -1};  // a reference this program does not have
    EXPECT_EQ(deriveDisplay(program, snapshot).nowPlaying, "");
}

TEST(SessionDisplay, VolumeCeilingFromDbfs) {
    const auto program = fakes::makeProgram();
    auto snapshot = peakSnapshot();
    snapshot.masterVolume = 0.95;
    const auto display = deriveDisplay(program, snapshot);
    EXPECT_NEAR(display.volumeCeiling, 0.501, 0.001);
    EXPECT_NEAR(display.volume, 0.501, 0.001);  // shown at the ceiling, never above
}

TEST(SessionDisplay, BeforeStartTheTimelineIsThePlan) {
    const auto program = fakes::makeProgram();
    SessionSnapshot snapshot;
    const auto display = deriveDisplay(program, snapshot);
    ASSERT_EQ(display.timeline.size(), 4u);
    EXPECT_DOUBLE_EQ(display.timeline[3].actualStart, 2100.0);  // 5 + 10 + 20 min
    EXPECT_DOUBLE_EQ(display.programRemainingSeconds, 3000.0);
    EXPECT_DOUBLE_EQ(display.timelineSeconds, 3000.0);
}

TEST(SessionDisplay, ResumedPhaseWithStartJustBelowZeroIsCurrentNotProjected) {
    const auto program = fakes::makeProgram();
    SessionSnapshot snapshot;
    snapshot.state = SessionState::Playing;
    snapshot.sessionSeconds = 44.0;
    snapshot.phase = 0;
    snapshot.phaseCount = 4;
    snapshot.phaseElapsedSeconds = 44.0;
    snapshot.phases[0] = {300.0, -0.00002, -1.0};  // rounding in a resume point
    const auto display = deriveDisplay(program, snapshot);
    EXPECT_TRUE(display.timeline[0].started);
    EXPECT_TRUE(display.timeline[0].current);
    EXPECT_DOUBLE_EQ(display.timeline[0].actualStart, 0.0);
    EXPECT_DOUBLE_EQ(display.timeline[0].actualEnd, 44.0);
    EXPECT_DOUBLE_EQ(display.timeline[1].actualStart, 300.0);
}

TEST(SessionDisplay, ClockFormatting) {
    EXPECT_EQ(formatClock(9.4), "0:09");
    EXPECT_EQ(formatClock(247), "4:07");
    EXPECT_EQ(formatClock(3909), "1:05:09");
    EXPECT_EQ(formatClock(-3), "0:00");
}

TEST(SessionDisplay, TheLastPhaseAdvancedIntoEarlyStaysOnTheTimeline) {
    // Every phase advanced early: the return started at 10:00 and has 14:00 of its 15:00 to go. The bar
    // must reach to its planned end, or the current phase falls off the right edge.
    const auto program = fakes::makeProgram();
    SessionSnapshot snapshot;
    snapshot.state = SessionState::Playing;
    snapshot.sessionSeconds = 11 * 60.0;
    snapshot.phase = 3;
    snapshot.phaseCount = 4;
    snapshot.phaseElapsedSeconds = 60.0;
    snapshot.phases[0] = {300.0, 0.0, 120.0};
    snapshot.phases[1] = {600.0, 120.0, 300.0};
    snapshot.phases[2] = {1200.0, 300.0, 600.0};
    snapshot.phases[3] = {900.0, 600.0, -1.0};
    auto display = deriveDisplay(program, snapshot);
    EXPECT_TRUE(display.timeline.back().current);
    EXPECT_GE(display.timelineSeconds, snapshot.sessionSeconds + display.phaseRemainingSeconds);
    // Extended far beyond the plan as written: the span grows with it.
    snapshot.phases[3].plannedSeconds = 900.0 + 60 * 60.0;
    display = deriveDisplay(program, snapshot);
    EXPECT_GE(display.timelineSeconds, snapshot.sessionSeconds + display.phaseRemainingSeconds);
}
