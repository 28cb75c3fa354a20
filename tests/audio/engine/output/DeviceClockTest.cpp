// An output's device times read from its feeder's late wakes: a simulated device with a mixing update of
// its own, a feeder that wakes after it (2-ms looks, the scheduler's jitter, a 20-ms hold-up now and then),
// and how far the estimate is from when the device really asked.
#include "audio/engine/output/DeviceClock.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace stillpoint::audio {
namespace {

constexpr double kRate = 48000.0;
constexpr int kBufferFrames = 320;
constexpr double kEpochSeconds = 100.0;  // the machine's clock when the device started

struct Feeder {
    double ppm = 0.0;               // the device's crystal against the machine's clock (+ = fast)
    int updateFrames = 256;         // the device's mixer takes this many frames at once
    double heldUpEverySeconds = 0;  // 0: never
    std::mt19937 random{11};
};

struct Errors {
    double spreadMs = 0.0;  // the estimate's error from its highest to its lowest, after the first second
    bool neverLaterThanTheCall = true;
};

// The device plays frame f at epoch + f / its rate; its mixer takes a whole update at once, so buffer n is
// finished, and asked for again, at the start of the update holding its frame n * kBufferFrames. The
// feeder sees it at its next 2-ms look, late by 0-0.3 ms more of scheduling, and asks then. The error is
// the estimate against the device's playing position, which is what one output is heard against another.
Errors run(Feeder feeder, double seconds) {
    DeviceClock clock(kRate);
    std::uniform_real_distribution<double> scheduling(0.0, 0.0003);
    std::uniform_real_distribution<double> pollPhase(0.0, 0.002);
    const double deviceRate = kRate * (1.0 + feeder.ppm * 1e-6);
    double lowest = 1e9, highest = -1e9;
    Errors errors;
    double nextHoldUp = feeder.heldUpEverySeconds > 0 ? feeder.heldUpEverySeconds : 1e18;
    for (std::int64_t n = 0;; ++n) {
        const std::int64_t frame = n * kBufferFrames;
        const std::int64_t update = frame / feeder.updateFrames;
        const double sinceStart = static_cast<double>(update * feeder.updateFrames) / deviceRate;
        if (sinceStart > seconds) break;
        const double askedAt = kEpochSeconds + sinceStart;
        double late = pollPhase(feeder.random) + scheduling(feeder.random);
        if (sinceStart >= nextHoldUp) {
            late += 0.020;
            nextHoldUp += feeder.heldUpEverySeconds;
        }
        const double callAt = askedAt + late;
        const double estimate = clock.asked(callAt, kBufferFrames);
        if (estimate > callAt + 1e-9) errors.neverLaterThanTheCall = false;
        // The estimate may differ from the device's position by a constant (what its update holds back):
        // only its changes move one output against another.
        const double error = estimate - (kEpochSeconds + static_cast<double>(frame) / deviceRate);
        if (sinceStart < 1.0) continue;
        lowest = std::min(lowest, error);
        highest = std::max(highest, error);
    }
    errors.spreadMs = (highest - lowest) * 1000.0;
    return errors;
}

TEST(DeviceClock, TheFeedersLatenessDoesNotMoveTheDevicesTimes) {
    const Errors errors = run(Feeder{}, 60.0);
    // Woken 0-2.3 ms late after updates of 5.3 ms, the raw times spread over 6.3 ms; the estimate within
    // half a millisecond.
    EXPECT_LT(errors.spreadMs, 0.5);
    EXPECT_TRUE(errors.neverLaterThanTheCall);
}

TEST(DeviceClock, AFeederHeldUpBy20MsNowAndThenIsNotFollowed) {
    Feeder feeder;
    feeder.heldUpEverySeconds = 3.0;
    const Errors errors = run(feeder, 60.0);
    EXPECT_LT(errors.spreadMs, 0.5);
}

TEST(DeviceClock, ADeviceTakingFourBuffersAtOnceIsReadAsSteadily) {
    Feeder feeder;
    feeder.updateFrames = 1024;  // OpenAL Soft's default update: four 320-frame buffers at once
    const Errors errors = run(feeder, 60.0);
    // The calls hit the position exactly only once in 16 buffers, so the best-timed of them is less close.
    EXPECT_LT(errors.spreadMs, 1.2);
}

TEST(DeviceClock, FollowsACrystal200PpmFastOrSlow) {
    for (const double ppm : {200.0, -200.0}) {
        Feeder feeder;
        feeder.ppm = ppm;
        const Errors errors = run(feeder, 600.0);
        // The device's times are followed within the window: 0.2 ms a second at most behind.
        EXPECT_LT(errors.spreadMs, 1.0) << ppm << " ppm";
    }
}

TEST(DeviceClock, NeverSaysLaterThanTheCallEvenAtTheFirstCall) {
    DeviceClock clock(kRate);
    EXPECT_DOUBLE_EQ(clock.asked(5.0, kBufferFrames), 5.0);
    // A burst: four buffers asked for at the same moment are the device's at their own frames, never ahead.
    for (int i = 0; i < 4; ++i) EXPECT_LE(clock.asked(5.01, kBufferFrames), 5.01);
}

TEST(DeviceClock, AfterARestartTheNewEpochIsTakenAtOnce) {
    DeviceClock clock(kRate);
    const double buffer = kBufferFrames / kRate;
    for (int n = 0; n < 300; ++n) clock.asked(10.0 + n * buffer, kBufferFrames);
    // The device ran dry and started again 1.5 s later than its frames say: without a restart the old
    // epoch would hold the times 1.5 s early for up to a second.
    const double startedAgain = 10.0 + 300 * buffer + 1.5;
    EXPECT_LT(clock.asked(startedAgain, kBufferFrames), startedAgain - 1.0);
    clock.restart();
    for (int n = 0; n < 5; ++n) {
        const double at = startedAgain + 0.1 + n * buffer;
        EXPECT_NEAR(clock.asked(at, kBufferFrames), at, 1e-9) << n;
    }
}

}  // namespace
}  // namespace stillpoint::audio
