// Every reason the conductor refuses a command, each from the situation an operator meets it in: the
// OperatorAction event says refused and why, and the session carries on as it was.
#include <gtest/gtest.h>

#include <string>

#include "app/session/ConductorHarness.h"
#include "session/PhaseConductor.h"

namespace stillpoint::session {
namespace {

using namespace testing;

TrackRef phaseTrack(int phase, int index) {
    return TrackRef{TrackRole::Phase, static_cast<std::int16_t>(phase), static_cast<std::int16_t>(index), -1};
}
const TrackRef kGrounding{TrackRole::Grounding, -1, -1, -1};

// Two phases of long tracks; the first track has a calmer alternate; a grounding track.
program::Program twoPhases() {
    program::Program program;
    auto first = makeTrack("a");
    first.alternates.push_back(makeTrack("a-calm"));
    program.phases.push_back(makePhase("onset", 20.0, {first, makeTrack("b")}));
    program.phases.push_back(makePhase("peak", 20.0, {makeTrack("c")}));
    program.grounding = makeTrack("grounding");
    return program;
}

class CommandRefusal : public ::testing::Test {
protected:
    std::unique_ptr<ConductorHarness> harness;

    void play(program::Program program = twoPhases(), bool start = true) {
        harness = std::make_unique<ConductorHarness>(std::move(program));
        for (const auto& entry : harness->tracks().entries())
            harness->streams.sources[entry.sourceId] = {0.2f, 60 * kRate};
        configure(*harness);
        harness->build();
        if (start) harness->start();
        harness->renderUntil(1.0);
    }
    virtual void configure(ConductorHarness&) {}

    // The outcome of the last command given.
    SessionEvent outcome(Action action, double value = 0.0) {
        harness->conductor->apply(SessionCommand{action, value, 42});
        const auto actions = harness->eventsOf(EventKind::OperatorAction);
        EXPECT_FALSE(actions.empty());
        const SessionEvent last = actions.empty() ? SessionEvent{} : actions.back();
        EXPECT_EQ(last.action, action);
        EXPECT_EQ(last.commandSeq, 42u);
        return last;
    }
    Refusal refusalOf(Action action, double value = 0.0) { return outcome(action, value).refusal; }
};

TEST_F(CommandRefusal, ACommandThatCanBeCarriedOutIsNotRefused) {
    play();
    EXPECT_EQ(refusalOf(Action::Hold), Refusal::None);
    EXPECT_TRUE(harness->snapshot().held);
}

TEST_F(CommandRefusal, StartTwice) {
    play();
    EXPECT_EQ(refusalOf(Action::Start), Refusal::AlreadyStarted);
}

TEST_F(CommandRefusal, AdvanceBeforeTheSessionStarted) {
    play(twoPhases(), false);
    EXPECT_EQ(refusalOf(Action::AdvancePhase), Refusal::NotPlaying);
    EXPECT_EQ(refusalOf(Action::EndSession), Refusal::NotPlaying);
    EXPECT_EQ(harness->conductor->state(), SessionState::NotStarted);
}

TEST_F(CommandRefusal, AdvanceWhileAlreadyMoving) {
    play();
    EXPECT_EQ(refusalOf(Action::AdvancePhase), Refusal::None);
    EXPECT_EQ(refusalOf(Action::AdvancePhase), Refusal::AlreadyMoving);
}

TEST_F(CommandRefusal, ExtendOrHoldWhileThePhaseIsEnding) {
    play();
    ASSERT_EQ(refusalOf(Action::AdvancePhase), Refusal::None);
    EXPECT_EQ(refusalOf(Action::ExtendPhase, 5.0), Refusal::PhaseEnding);
    EXPECT_EQ(refusalOf(Action::Hold), Refusal::PhaseEnding);
    EXPECT_FALSE(harness->snapshot().held);
}

TEST_F(CommandRefusal, ReleaseWhenNotHeld) {
    play();
    EXPECT_EQ(refusalOf(Action::ReleaseHold), Refusal::NotHeld);
    EXPECT_EQ(describeCommand(outcome(Action::ReleaseHold)), "Release hold: the phase was not held");
}

TEST_F(CommandRefusal, SkipWithNothingToSkipTo) {
    program::Program program;
    program.phases.push_back(makePhase("only", 20.0, {makeTrack("a")}));
    program.phases[0].fill = program::FillPolicy::Silence;
    play(program);
    EXPECT_EQ(refusalOf(Action::SkipTrack), Refusal::NoTrackToSkipTo);
}

TEST_F(CommandRefusal, AlternateWhenTheTrackHasNone) {
    play();
    ASSERT_EQ(refusalOf(Action::SkipTrack), Refusal::None);  // to "b", which has no alternate
    harness->renderUntil(5.0);
    EXPECT_EQ(refusalOf(Action::SwapToAlternate), Refusal::NoAlternate);
}

class UnreadableTracks : public CommandRefusal {
    void configure(ConductorHarness& h) override {
        h.source(TrackRef{TrackRole::Alternate, 0, 0, 0}).missing = true;
        h.source(kGrounding).missing = true;
    }
};

TEST_F(UnreadableTracks, AlternateThatCannotBePlayedSaysWhatIsWrongWithIt) {
    play();
    const SessionEvent refused = outcome(Action::SwapToAlternate);
    EXPECT_EQ(refused.refusal, Refusal::AlternateUnreadable);
    EXPECT_EQ(refused.fault, FaultKind::FileMissing);
    EXPECT_EQ(refused.track, (TrackRef{TrackRole::Alternate, 0, 0, 0}));
    EXPECT_EQ(describeCommand(refused),
              "Calmer alternate: the calmer alternate cannot be played: its file is missing");
    // The music goes on as it was.
    EXPECT_EQ(harness->snapshot().currentTrack, phaseTrack(0, 0));
}

TEST_F(UnreadableTracks, GroundingThatCannotBePlayedSaysWhatIsWrongWithIt) {
    play();
    const SessionEvent refused = outcome(Action::PlayGrounding);
    EXPECT_EQ(refused.refusal, Refusal::GroundingUnreadable);
    EXPECT_EQ(refused.fault, FaultKind::FileMissing);
    EXPECT_EQ(refused.track, kGrounding);
    EXPECT_EQ(refusalReason(refused), "the grounding track cannot be played: its file is missing");
}

TEST_F(CommandRefusal, GroundingWhenTheProgramHasNone) {
    program::Program program = twoPhases();
    program.grounding.reset();
    play(program);
    EXPECT_EQ(refusalOf(Action::PlayGrounding), Refusal::NoGrounding);
}

TEST_F(CommandRefusal, GroundingWhenItIsAlreadyPlaying) {
    play();
    ASSERT_EQ(refusalOf(Action::PlayGrounding), Refusal::None);
    harness->renderUntil(6.0);
    EXPECT_EQ(refusalOf(Action::PlayGrounding), Refusal::GroundingPlaying);
}

TEST_F(CommandRefusal, SilenceWhenAlreadySilent) {
    play();
    ASSERT_EQ(refusalOf(Action::Silence), Refusal::None);
    EXPECT_EQ(refusalOf(Action::Silence), Refusal::MusicNotPlaying);
}

TEST_F(CommandRefusal, ResumeWhenNotSilenced) {
    play();
    EXPECT_EQ(refusalOf(Action::Resume), Refusal::NotSilenced);
}

// Every reason has a name for the journal and a sentence for people.
TEST(RefusalTable, EveryReasonIsNamedAndSaid) {
    for (const auto& spec : kRefusalTable) {
        if (spec.refusal == Refusal::None) continue;
        EXPECT_FALSE(spec.name.empty());
        EXPECT_FALSE(spec.text.empty());
        EXPECT_EQ(refusalNamed(spec.name), spec.refusal);
    }
}

}  // namespace
}  // namespace stillpoint::session
