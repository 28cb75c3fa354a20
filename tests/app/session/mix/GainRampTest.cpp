#include "session/mix/GainRamp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace stillpoint::session::mix {
namespace {

TEST(GainRamp, LinearRampReachesItsTargetAfterExactlyItsLength) {
    GainRamp ramp(1.0f);
    ramp.rampTo(0.0f, 100, RampShape::Linear);
    EXPECT_FLOAT_EQ(ramp.next(), 1.0f);
    for (int i = 1; i < 50; ++i) ramp.next();
    EXPECT_NEAR(ramp.next(), 0.5f, 1e-6);
    for (int i = 51; i < 100; ++i) ramp.next();
    EXPECT_FALSE(ramp.ramping());
    EXPECT_EQ(ramp.next(), 0.0f);
}

TEST(GainRamp, EqualPowerFadesFollowSineAndCosine) {
    GainRamp in(0.0f);
    GainRamp out(1.0f);
    in.rampTo(1.0f, 1000, RampShape::EqualPower);
    out.rampTo(0.0f, 1000, RampShape::EqualPower);
    for (int i = 0; i < 1000; ++i) {
        const double t = i / 1000.0;
        const float gainIn = in.next();
        const float gainOut = out.next();
        EXPECT_NEAR(gainIn, std::sin(t * std::numbers::pi / 2), 1e-6);
        EXPECT_NEAR(gainOut, std::cos(t * std::numbers::pi / 2), 1e-6);
        EXPECT_NEAR(gainIn * gainIn + gainOut * gainOut, 1.0, 1e-5) << "constant power at " << i;
    }
}

TEST(GainRamp, ARampStartedMidWayIsContinuous) {
    GainRamp ramp(0.0f);
    ramp.rampTo(1.0f, 100, RampShape::EqualPower);
    for (int i = 0; i < 40; ++i) ramp.next();
    const float before = ramp.value();
    ramp.rampTo(0.0f, 100, RampShape::EqualPower);
    EXPECT_FLOAT_EQ(ramp.next(), before);
    EXPECT_LT(std::fabs(ramp.next() - before), 0.02f);
}

TEST(GainRamp, AdvanceSkipsFramesWithoutProducingThem) {
    GainRamp ramp(0.0f);
    ramp.rampTo(1.0f, 100, RampShape::Linear);
    ramp.advance(25);
    EXPECT_NEAR(ramp.value(), 0.25f, 1e-6);
    ramp.advance(1000);
    EXPECT_EQ(ramp.value(), 1.0f);
    EXPECT_FALSE(ramp.ramping());
}

}  // namespace
}  // namespace stillpoint::session::mix
