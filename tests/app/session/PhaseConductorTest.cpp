// Conductor decisions on synthetic constant-level streams: the output level at a frame says which tracks
// sound and how loud, so boundaries, crossfade curves and fills can be asserted to the frame.
#include "session/PhaseConductor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "app/session/ConductorHarness.h"

namespace stillpoint::session {
namespace {

using namespace testing;

TrackRef phaseTrack(int phase, int index) {
    return TrackRef{TrackRole::Phase, static_cast<std::int16_t>(phase), static_cast<std::int16_t>(index), -1};
}

constexpr double kTolerance = 1e-4;

TEST(PhaseConductor, TracksInsideAPhaseFollowGaplesslyOnTheExactFrame) {
    program::Program program;
    program.phases.push_back(makePhase("onset", 10.0, {makeTrack("a"), makeTrack("b")}));
    program.phases[0].fill = program::FillPolicy::Silence;
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.2f, 24000};
    harness.source(phaseTrack(0, 1)) = FakeSource{0.4f, 30000};
    harness.start();
    harness.renderUntil(2.0, 700);  // blocks that do not divide the track length

    EXPECT_NEAR(harness.left[23999], 0.2f, kTolerance);
    EXPECT_NEAR(harness.left[24000], 0.4f, kTolerance);
    EXPECT_NEAR(harness.left[53999], 0.4f, kTolerance);
    EXPECT_EQ(harness.left[54000], 0.0f) << "fill = silence was written, so silence follows";
    const auto started = harness.eventsOf(EventKind::TrackStarted);
    ASSERT_GE(started.size(), 2u);
    EXPECT_EQ(started[1].sessionFrame, 24000);
    EXPECT_EQ(started[1].track, phaseTrack(0, 1));
}

TEST(PhaseConductor, AutomaticPhaseEndsWithAnEqualPowerCrossfadeCentredOnThePlannedFrame) {
    program::Program program;
    program.phases.push_back(makePhase("onset", 2.0, {makeTrack("a")}));
    program.phases.push_back(makePhase("peak", 10.0, {makeTrack("b")}));
    program.phases[0].crossfadeToNext = ms(1.0);
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.3f, 10 * kRate};
    harness.source(phaseTrack(1, 0)) = FakeSource{0.5f, 10 * kRate};
    harness.start();
    harness.renderUntil(4.0);

    const auto entered = harness.eventsOf(EventKind::PhaseEntered);
    ASSERT_EQ(entered.size(), 2u);
    EXPECT_EQ(entered[1].sessionFrame, 2 * kRate);
    EXPECT_EQ(entered[1].phase, 1);
    const auto left = harness.eventsOf(EventKind::PhaseLeft);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_NEAR(left[0].actualSeconds, 2.0, 1e-9);

    // Crossfade from 1.5 s to 2.5 s: out = 0.3 cos(t pi/2) + 0.5 sin(t pi/2).
    for (double t : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9}) {
        const double expected =
            0.3 * std::cos(t * std::numbers::pi / 2) + 0.5 * std::sin(t * std::numbers::pi / 2);
        EXPECT_NEAR(harness.at(1.5 + t), expected, 1e-3) << "at t = " << t;
    }
    EXPECT_NEAR(harness.at(1.49), 0.3f, kTolerance);
    EXPECT_NEAR(harness.at(2.51), 0.5f, kTolerance);
}

TEST(PhaseConductor, OperatorPhaseWaitsPastItsPlannedTimeThenAdvancesByItselfAtItsMaximum) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 1.0, {makeTrack("a")}));
    program.phases.push_back(makePhase("return", 10.0, {makeTrack("b")}));
    program.phases[0].ends = program::PhaseEnd::Operator;
    program.phases[0].maximum = ms(3.0);
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.3f, 10 * kRate};
    harness.source(phaseTrack(1, 0)) = FakeSource{0.5f, 10 * kRate};
    harness.start();
    harness.renderUntil(2.0);
    EXPECT_TRUE(harness.snapshot().awaitingOperator);
    EXPECT_EQ(harness.snapshot().phase, 0);
    EXPECT_NEAR(harness.at(1.9), 0.3f, kTolerance);
    harness.renderUntil(4.0);
    const auto left = harness.eventsOf(EventKind::PhaseLeft);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].sessionFrame, 3 * kRate);
    EXPECT_NE(std::string(left[0].detailText()).find("maximum"), std::string::npos);
    EXPECT_EQ(harness.snapshot().phase, 1);
}

TEST(PhaseConductor, AdvanceCrossfadesToTheNextPhaseFromTheCommandFrame) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 60.0, {makeTrack("a")}));
    program.phases.push_back(makePhase("return", 60.0, {makeTrack("b")}));
    program.phases[0].crossfadeToNext = ms(2.0);
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.3f, 100 * kRate};
    harness.source(phaseTrack(1, 0)) = FakeSource{0.5f, 100 * kRate};
    harness.start();
    harness.renderUntil(1.0);
    harness.command(Action::AdvancePhase);
    harness.renderUntil(4.0);
    const auto entered = harness.eventsOf(EventKind::PhaseEntered);
    ASSERT_EQ(entered.size(), 2u);
    // Command at 1 s (+ the limiter's lookahead: commands act on the frame about to enter it) + half the
    // 2 s crossfade.
    const int lookahead = harness.conductor->latencyFrames();
    EXPECT_EQ(entered[1].sessionFrame, 2 * kRate + lookahead);
    EXPECT_NEAR(harness.at(2.0), (0.3 + 0.5) * std::sqrt(0.5), 1e-3);
    EXPECT_NEAR(harness.at(3.01), 0.5f, kTolerance);
    const auto actions = harness.eventsOf(EventKind::OperatorAction);
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[1].action, Action::AdvancePhase);
}

TEST(PhaseConductor, ExtendMovesThePlannedEnd) {
    program::Program program;
    program.phases.push_back(makePhase("onset", 1.0, {makeTrack("a")}));
    program.phases.push_back(makePhase("peak", 10.0, {makeTrack("b")}));
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.3f, 10 * kRate};
    harness.source(phaseTrack(1, 0)) = FakeSource{0.5f, 10 * kRate};
    harness.start();
    harness.renderUntil(0.5);
    harness.command(Action::ExtendPhase, 0.05);  // three seconds
    harness.renderUntil(5.0);
    const auto left = harness.eventsOf(EventKind::PhaseLeft);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].sessionFrame, 4 * kRate);
    EXPECT_NEAR(left[0].plannedSeconds, 4.0, 1e-9);
}

TEST(PhaseConductor, HoldKeepsThePhaseUntilReleasedEvenPastItsMaximum) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 1.0, {makeTrack("a")}));
    program.phases.push_back(makePhase("return", 10.0, {makeTrack("b")}));
    program.phases[0].maximum = ms(2.0);
    program.phases[0].crossfadeToNext = ms(1.0);
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.3f, 10 * kRate};
    harness.source(phaseTrack(1, 0)) = FakeSource{0.5f, 10 * kRate};
    harness.start();
    harness.renderUntil(0.25);
    harness.command(Action::Hold);
    harness.renderUntil(3.0);
    EXPECT_TRUE(harness.snapshot().held);
    EXPECT_EQ(harness.snapshot().phase, 0);
    EXPECT_NEAR(harness.at(2.9), 0.3f, kTolerance);
    harness.command(Action::ReleaseHold);
    harness.renderUntil(5.0);
    const auto left = harness.eventsOf(EventKind::PhaseLeft);
    ASSERT_EQ(left.size(), 1u);
    // Released at 3 s (+ lookahead), half the crossfade later.
    EXPECT_EQ(left[0].sessionFrame, 3 * kRate + kRate / 2 + harness.conductor->latencyFrames());
}

TEST(PhaseConductor, LoopFillRestartsThePhaseGaplessly) {
    program::Program program;
    program.phases.push_back(makePhase("rest", 3.0, {makeTrack("a"), makeTrack("b")}));
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.2f, kRate / 2};
    harness.source(phaseTrack(0, 1)) = FakeSource{0.4f, kRate / 4};
    harness.start();
    harness.renderUntil(2.0);
    EXPECT_NEAR(harness.at(0.76), 0.2f, kTolerance);  // a, b, then a again at 0.75 s
    EXPECT_NEAR(harness.at(1.3), 0.4f, kTolerance);
    EXPECT_EQ(harness.longestSilence(0.0, 2.0), 0);
    EXPECT_GE(harness.eventsOf(EventKind::TrackStarted).size(), 5u);
}

TEST(PhaseConductor, BedFillPlaysTheBedLoopingWhenTracksRunOut) {
    program::Program program;
    program.phases.push_back(makePhase("rest", 3.0, {makeTrack("a")}));
    program.phases[0].fill = program::FillPolicy::Bed;
    program.phases[0].bed = makeTrack("bed");
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.2f, kRate / 2};
    harness.source(TrackRef{TrackRole::Bed, 0, -1, -1}) = FakeSource{0.1f, kRate / 2};
    harness.start();
    harness.renderUntil(2.0);
    EXPECT_NEAR(harness.at(0.6), 0.1f, kTolerance);
    EXPECT_NEAR(harness.at(1.6), 0.1f, kTolerance);
    EXPECT_EQ(harness.longestSilence(0.0, 2.0), 0);
}

TEST(PhaseConductor, TrackCrossfadeInsideAPhaseIsEqualPower) {
    program::Program program;
    program.phases.push_back(makePhase("onset", 10.0, {makeTrack("a"), makeTrack("b")}));
    program.phases[0].trackCrossfade = ms(1.0);
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.4f, 2 * kRate};
    harness.source(phaseTrack(0, 1)) = FakeSource{0.4f, 5 * kRate};
    harness.start();
    harness.renderUntil(4.0);
    // Two equal levels crossing with sin/cos: 0.4 (cos + sin), sqrt(2) x 0.4 at the midpoint.
    EXPECT_NEAR(harness.at(1.5), 0.4 * std::sqrt(2.0), 1e-3);
    EXPECT_NEAR(harness.at(0.99), 0.4f, kTolerance);
    EXPECT_NEAR(harness.at(2.01), 0.4f, kTolerance);
}

TEST(PhaseConductor, SkipCrossfadesToTheNextTrackOverThreeSeconds) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 60.0, {makeTrack("a"), makeTrack("b")}));
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.2f, 30 * kRate};
    harness.source(phaseTrack(0, 1)) = FakeSource{0.6f, 30 * kRate};
    harness.start();
    harness.renderUntil(1.0);
    harness.command(Action::SkipTrack);
    harness.renderUntil(5.0);
    EXPECT_NEAR(harness.at(0.99), 0.2f, kTolerance);
    EXPECT_NEAR(harness.at(2.5), (0.2 + 0.6) * std::sqrt(0.5), 1e-3);
    EXPECT_NEAR(harness.at(4.01), 0.6f, kTolerance);
    EXPECT_EQ(harness.snapshot().currentTrack, phaseTrack(0, 1));
}

TEST(PhaseConductor, AlternateReplacesTheTrackThenTheNextAlternateOnASecondPress) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 60.0, {makeTrack("a"), makeTrack("b")}));
    program.phases[0].tracks[0].alternates = {makeTrack("calm"), makeTrack("calmer")};
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.2f, 30 * kRate};
    harness.source(TrackRef{TrackRole::Alternate, 0, 0, 0}) = FakeSource{0.3f, 30 * kRate};
    harness.source(TrackRef{TrackRole::Alternate, 0, 0, 1}) = FakeSource{0.1f, 6 * kRate};
    harness.source(phaseTrack(0, 1)) = FakeSource{0.6f, 30 * kRate};
    harness.start();
    harness.renderUntil(1.0);
    harness.command(Action::SwapToAlternate);
    harness.renderUntil(6.0);
    EXPECT_NEAR(harness.at(5.5), 0.3f, kTolerance);
    harness.command(Action::SwapToAlternate);
    harness.renderUntil(14.0);
    EXPECT_NEAR(harness.at(10.5), 0.1f, kTolerance);
    // The alternate continues in the track's place: the phase's next track follows it.
    EXPECT_NEAR(harness.at(13.0), 0.6f, kTolerance);
}

TEST(PhaseConductor, GroundingLoopsUntilTheOperatorSkips) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 60.0, {makeTrack("a"), makeTrack("b")}));
    program.grounding = makeTrack("grounding");
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.2f, 30 * kRate};
    harness.source(phaseTrack(0, 1)) = FakeSource{0.6f, 30 * kRate};
    harness.source(TrackRef{TrackRole::Grounding, -1, -1, -1}) = FakeSource{0.1f, 2 * kRate};
    harness.start();
    harness.renderUntil(1.0);
    harness.command(Action::PlayGrounding);
    harness.renderUntil(12.0);
    EXPECT_NEAR(harness.at(6.0), 0.1f, kTolerance);
    EXPECT_NEAR(harness.at(11.0), 0.1f, kTolerance);
    EXPECT_EQ(harness.longestSilence(0.0, 12.0), 0);
    harness.command(Action::SkipTrack);
    harness.renderUntil(16.0);
    EXPECT_NEAR(harness.at(15.5), 0.6f, kTolerance);
}

TEST(PhaseConductor, AlternateFromGroundingPlaysTheInterruptedTracksAlternate) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 60.0, {makeTrack("a"), makeTrack("b")}));
    program.phases[0].tracks[0].alternates = {makeTrack("calm")};
    program.grounding = makeTrack("grounding");
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.2f, 30 * kRate};
    harness.source(phaseTrack(0, 1)) = FakeSource{0.6f, 30 * kRate};
    harness.source(TrackRef{TrackRole::Alternate, 0, 0, 0}) = FakeSource{0.3f, 30 * kRate};
    harness.source(TrackRef{TrackRole::Grounding, -1, -1, -1}) = FakeSource{0.1f, 30 * kRate};
    harness.start();
    harness.renderUntil(1.0);
    harness.command(Action::PlayGrounding);
    harness.renderUntil(6.0);
    harness.command(Action::SwapToAlternate);
    harness.renderUntil(11.0);
    EXPECT_NEAR(harness.at(10.5), 0.3f, kTolerance);
    EXPECT_EQ(harness.snapshot().currentTrack, (TrackRef{TrackRole::Alternate, 0, 0, 0}));
}

TEST(PhaseConductor, MissingFileIsReportedAndTheNextTrackPlaysWithoutAGap) {
    program::Program program;
    program.phases.push_back(makePhase("onset", 10.0, {makeTrack("a"), makeTrack("gone"), makeTrack("c")}));
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.2f, kRate};
    harness.source(phaseTrack(0, 1)) = FakeSource{0.9f, kRate, -1, true};
    harness.source(phaseTrack(0, 2)) = FakeSource{0.4f, 5 * kRate};
    harness.start();
    harness.renderUntil(3.0);
    const auto faults = harness.eventsOf(EventKind::Fault);
    ASSERT_FALSE(faults.empty());
    EXPECT_EQ(faults[0].fault, FaultKind::FileMissing);
    EXPECT_EQ(faults[0].track, phaseTrack(0, 1));
    EXPECT_NEAR(harness.at(1.0), 0.4f, kTolerance);
    EXPECT_EQ(harness.longestSilence(0.0, 3.0), 0);
}

TEST(PhaseConductor, FileEndingEarlyFadesItsTailAndTheNextTrackFadesIn) {
    program::Program program;
    program.phases.push_back(makePhase("onset", 10.0, {makeTrack("short"), makeTrack("b")}));
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.5f, 3 * kRate / 2, 4 * kRate};  // declares 4 s, has 1.5 s
    harness.source(phaseTrack(0, 1)) = FakeSource{0.5f, 6 * kRate};
    harness.start();
    harness.renderUntil(4.0);
    const auto faults = harness.eventsOf(EventKind::Fault);
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(faults[0].fault, FaultKind::FileEndedEarly);
    EXPECT_LT(harness.longestSilence(0.0, 4.0), kRate / 20);
    // A 30 ms tail fade of 0.5 steps by well under 0.001 per frame; a cut would step by 0.5.
    EXPECT_LT(harness.largestStep(), 0.01f);
    EXPECT_NEAR(harness.at(3.5), 0.5f, kTolerance);
}

TEST(PhaseConductor, SilenceFadesToExactZerosAndResumeBringsTheMusicBack) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 60.0, {makeTrack("a")}));
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.5f, 60 * kRate};
    harness.start();
    harness.renderUntil(1.0);
    harness.command(Action::Silence);
    harness.renderUntil(5.0);
    EXPECT_GT(harness.at(1.5), 0.0f);
    EXPECT_EQ(harness.longestSilence(3.01, 5.0), 2 * kRate - kRate / 100);
    EXPECT_EQ(harness.snapshot().state, SessionState::Silenced);
    harness.command(Action::Resume);
    harness.renderUntil(8.0);
    EXPECT_NEAR(harness.at(7.5), 0.5f, kTolerance);
    EXPECT_LT(harness.largestStep(), 0.001f);
}

TEST(PhaseConductor, TalkOverDucksByFifteenDecibelsOverAThirdOfASecond) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 60.0, {makeTrack("a")}));
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.5f, 60 * kRate};
    harness.start();
    harness.renderUntil(1.0);
    harness.command(Action::TalkOverOn);
    harness.renderUntil(2.0);
    const double ducked = 20.0 * std::log10(harness.at(1.5) / 0.5);
    EXPECT_NEAR(ducked, -15.0, 0.05);
    EXPECT_GT(harness.at(1.29), harness.at(1.5) + 1e-4) << "still ramping before 0.3 s";
    EXPECT_NEAR(harness.at(1.304), harness.at(1.5), 1e-5) << "done ramping at 0.3 s (+ 3 ms lookahead)";
    EXPECT_TRUE(harness.snapshot().talkOver);
    harness.command(Action::TalkOverOff);
    harness.renderUntil(3.0);
    EXPECT_NEAR(harness.at(2.5), 0.5f, kTolerance);
}

TEST(PhaseConductor, LastPhaseEndsTheSessionAtThePlannedTotalWithTheEndFade) {
    program::Program program;
    program.phases.push_back(makePhase("onset", 1.0, {makeTrack("a")}));
    program.phases.push_back(makePhase("return", 2.0, {makeTrack("b")}));
    program.endFade = ms(1.0);
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.3f, 10 * kRate};
    harness.source(phaseTrack(1, 0)) = FakeSource{0.5f, 10 * kRate};
    harness.start();
    harness.renderUntil(4.0);
    const auto ended = harness.eventsOf(EventKind::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].sessionFrame, 3 * kRate);
    EXPECT_NEAR(harness.at(2.5), 0.5 * std::cos(0.5 * std::numbers::pi / 2), 1e-3);
    EXPECT_EQ(harness.longestSilence(3.01, 4.0), kRate - kRate / 100);
    EXPECT_EQ(harness.snapshot().state, SessionState::Ended);
    EXPECT_EQ(harness.streams.slotsInUse(), 0) << "every stream is given back";
}

TEST(PhaseConductor, EndCommandFadesOutAndEnds) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 60.0, {makeTrack("a")}));
    program.endFade = ms(2.0);
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.5f, 60 * kRate};
    harness.start();
    harness.renderUntil(1.0);
    harness.command(Action::EndSession);
    harness.renderUntil(4.0);
    const auto ended = harness.eventsOf(EventKind::SessionEnded);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].sessionFrame, 3 * kRate + harness.conductor->latencyFrames());
    EXPECT_EQ(harness.at(3.5), 0.0f);
    EXPECT_LT(harness.largestStep(), 0.001f);
}

TEST(PhaseConductor, CeilingIsNeverExceededWhateverTheLevel) {
    program::Program program;
    program.phases.push_back(makePhase("peak", 10.0, {makeTrack("loud"), makeTrack("louder")}));
    program.phases[0].trackCrossfade = ms(0.5);
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{2.0f, kRate};
    harness.source(phaseTrack(0, 1)) = FakeSource{4.0f, kRate};
    harness.start();  // the harness sets a 0 dBFS ceiling
    harness.renderUntil(3.0);
    float peak = 0.0f;
    for (float sample : harness.left) peak = std::max(peak, std::fabs(sample));
    EXPECT_LE(peak, 1.0f);
    EXPECT_GT(peak, 0.99f);
}

TEST(PhaseConductor, SnapshotReflectsPositionPhaseAndTrack) {
    program::Program program;
    program.phases.push_back(makePhase("onset", 1.0, {makeTrack("a")}));
    program.phases.push_back(makePhase("peak", 10.0, {makeTrack("b"), makeTrack("c")}));
    ConductorHarness harness(program);
    harness.source(phaseTrack(0, 0)) = FakeSource{0.3f, 10 * kRate};
    harness.source(phaseTrack(1, 0)) = FakeSource{0.5f, 4 * kRate};
    harness.source(phaseTrack(1, 1)) = FakeSource{0.5f, 4 * kRate};
    EXPECT_EQ(SessionSnapshot{}.state, SessionState::NotStarted);
    harness.start();
    harness.renderUntil(2.0);
    const SessionSnapshot snapshot = harness.snapshot();
    EXPECT_EQ(snapshot.state, SessionState::Playing);
    EXPECT_EQ(snapshot.phase, 1);
    EXPECT_EQ(snapshot.phaseCount, 2);
    EXPECT_EQ(snapshot.currentTrack, phaseTrack(1, 0));
    EXPECT_EQ(snapshot.nextTrack, phaseTrack(1, 1));
    EXPECT_NEAR(snapshot.trackDurationSeconds, 4.0, 1e-9);
    EXPECT_NEAR(snapshot.phases[0].endedAt, 1.0, 1e-9);
    EXPECT_NEAR(snapshot.phases[1].startedAt, 1.0, 1e-9);
}

}  // namespace
}  // namespace stillpoint::session

namespace stillpoint::session {
namespace {

using namespace testing;

// The preview beside the session on synthetic streams: what each choice names as the session moves, and
// a preview that plays on its own stream while the session crosses to the same track on its own.
TEST(PhaseConductorPreview, ChoicesFollowTheSessionAndThePreviewPlaysOnItsOwnStream) {
    program::Program program;
    program::Track first = makeTrack("first.wav");
    first.alternates = {makeTrack("calm.wav")};
    program.phases = {makePhase("onset", 60.0, {first, makeTrack("second.wav")})};
    program.grounding = makeTrack("ground.wav");
    ConductorHarness harness(program);
    const TrackRef firstRef{TrackRole::Phase, 0, 0, -1}, secondRef{TrackRole::Phase, 0, 1, -1};
    const TrackRef calmRef{TrackRole::Alternate, 0, 0, 0};
    harness.source(firstRef) = {0.1f, 30 * kRate};
    harness.source(secondRef) = {0.2f, 30 * kRate};
    harness.source(calmRef) = {0.05f, 30 * kRate};
    harness.source(TrackGraph::kGrounding) = {0.3f, 30 * kRate};
    ConductorSettings settings;
    settings.preview.enabled = true;
    settings.preview.initialVolume = 1.0f;
    harness.build(settings);
    harness.start();

    SessionSnapshot snapshot = harness.snapshot();
    EXPECT_TRUE(snapshot.preview.available);
    EXPECT_EQ(snapshot.preview.candidates[0], secondRef);
    EXPECT_EQ(snapshot.preview.candidates[1], calmRef);
    EXPECT_EQ(snapshot.preview.candidates[2], TrackGraph::kGrounding);

    SessionCommand preview{Action::Preview, 0.0, 7, {PreviewChoice::Alternate, {}, PreviewFrom::Entry}};
    harness.conductor->apply(preview);
    std::vector<float> patient(2 * kRate), heard(2 * kRate);
    harness.conductor->render(patient.data(), kRate, nullptr, heard.data());
    EXPECT_NEAR(patient[2 * (kRate - 1)], 0.1f, 1e-6f) << "the session plays its own track";
    EXPECT_NEAR(heard[2 * (kRate - 1)], 0.05f, 1e-6f) << "the preview, the alternate";
    snapshot = harness.snapshot();
    EXPECT_TRUE(snapshot.preview.playing);
    EXPECT_EQ(snapshot.preview.track, calmRef);

    // The session swaps to the alternate too: its own stream, from the start, crossing over 4 s; the
    // preview goes on where it was.
    const double previewedBefore = snapshot.preview.positionSeconds;
    harness.command(Action::SwapToAlternate);
    for (int second = 0; second < 5; ++second)
        harness.conductor->render(patient.data(), kRate, nullptr, heard.data());
    EXPECT_NEAR(patient[2 * (kRate - 1)], 0.05f, 1e-6f);
    EXPECT_NEAR(heard[2 * (kRate - 1)], 0.05f, 1e-6f);
    snapshot = harness.snapshot();
    EXPECT_NEAR(snapshot.preview.positionSeconds, previewedBefore + 5.0, 1e-6);
    EXPECT_EQ(snapshot.currentTrack, calmRef);
    // Now the calmer choice has nothing further; next is what follows the first track.
    EXPECT_FALSE(snapshot.preview.candidates[1].valid());
    EXPECT_EQ(snapshot.preview.candidates[0], secondRef);

    harness.command(Action::PreviewStop);
    harness.conductor->render(patient.data(), kRate, nullptr, heard.data());
    EXPECT_EQ(heard[2 * (kRate - 1)], 0.0f);
    EXPECT_FALSE(harness.snapshot().preview.playing);
}

}  // namespace
}  // namespace stillpoint::session
