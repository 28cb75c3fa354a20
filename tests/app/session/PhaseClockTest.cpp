// The phase clock on its own: which phase decision comes next and on which frame, for phases that end by
// themselves or by the operator, with and without a maximum.
#include "session/PhaseClock.h"

#include <gtest/gtest.h>

namespace stillpoint::session {
namespace {

using Due = PhaseClock::Due;

PhaseClock automaticPhase() {
    PhaseClock phase;
    phase.start = 1000;
    phase.planned = 48000;
    phase.leadFrames = 500;  // half of a 1000-frame crossfade into the next phase
    return phase;
}

PhaseClock operatorPhase(std::int64_t maximum) {
    PhaseClock phase = automaticPhase();
    phase.automatic = false;
    phase.maximum = maximum;
    return phase;
}

TEST(PhaseClock, AnAutomaticPhaseIsLeftSoItsCrossfadeIsCentredOnItsPlannedEnd) {
    const PhaseClock phase = automaticPhase();
    EXPECT_EQ(phase.end(), 49000);
    const auto due = phase.next(1000, false);
    EXPECT_EQ(due.kind, Due::Leave);
    EXPECT_EQ(due.frame, 48500);
    EXPECT_EQ(due.boundary, 49000);
    EXPECT_STREQ(due.reason, "planned end");
}

TEST(PhaseClock, ExtensionsMoveTheEndButNeverPastTheMaximumOfAnAutomaticPhase) {
    PhaseClock phase = automaticPhase();
    phase.planned = 48000 + 24000;  // extended by half a second
    EXPECT_EQ(phase.end(), 73000);
    phase.maximum = 60000;
    EXPECT_EQ(phase.end(), 61000);
    EXPECT_EQ(phase.next(1000, false).frame, 60500);
}

TEST(PhaseClock, ALeadLongerThanThePhaseLeavesItAtItsStart) {
    PhaseClock phase = automaticPhase();
    phase.leadFrames = 100000;  // an end fade longer than the last phase
    EXPECT_EQ(phase.next(1000, false).frame, 1000);
    EXPECT_EQ(phase.next(1000, false).boundary, 49000);
}

TEST(PhaseClock, AnOperatorPhaseWaitsFromItsEndThenIsAdvancedAtItsMaximum) {
    const PhaseClock phase = operatorPhase(96000);
    auto due = phase.next(1000, false);
    EXPECT_EQ(due.kind, Due::AwaitOperator);
    EXPECT_EQ(due.frame, 49000);
    due = phase.next(49000, true);  // waiting already
    EXPECT_EQ(due.kind, Due::Leave);
    EXPECT_EQ(due.frame, 96500);
    EXPECT_EQ(due.boundary, 97000);
    EXPECT_STREQ(due.reason, "reached its maximum; advanced automatically");
}

TEST(PhaseClock, WithoutAMaximumAnOperatorPhaseWaitsForeverOnceItWaits) {
    const PhaseClock phase = operatorPhase(-1);
    EXPECT_EQ(phase.next(1000, false).kind, Due::AwaitOperator);
    EXPECT_EQ(phase.next(60000, true).kind, Due::Nothing);
}

TEST(PhaseClock, WaitingIsDecidedFirstWhenBothAreDueAndTheEarlierComesNextOtherwise) {
    // Extended past its maximum: the maximum comes before the end.
    PhaseClock phase = operatorPhase(48000 + 100);
    phase.planned = 96000;
    EXPECT_EQ(phase.next(1000, false).kind, Due::Leave);
    EXPECT_EQ(phase.next(1000, false).frame, 48600);
    // Both due at once (after a hold, say): waiting first, then leaving.
    EXPECT_EQ(phase.next(100000, false).kind, Due::AwaitOperator);
    EXPECT_EQ(phase.next(100000, true).kind, Due::Leave);
}

}  // namespace
}  // namespace stillpoint::session
