#include "session/mix/PeakLimiter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "session/mix/MasterBus.h"

namespace stillpoint::session::mix {
namespace {

TEST(PeakLimiter, NeverExceedsTheCeilingOnLoudNoiseAndBursts) {
    PeakLimiter limiter(48000, -1.0);
    std::mt19937 random(7);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    std::vector<float> audio(2 * 48000);
    for (std::size_t i = 0; i < audio.size(); ++i) {
        const bool burst = (i / 4800) % 3 == 0;  // loud bursts between quieter passages
        audio[i] = noise(random) * (burst ? 4.0f : 0.3f);
    }
    limiter.process(audio.data(), 48000);
    const float ceiling = static_cast<float>(std::pow(10.0, -1.0 / 20.0));
    float peak = 0.0f;
    for (float sample : audio) peak = std::max(peak, std::fabs(sample));
    EXPECT_LE(peak, ceiling);
    EXPECT_GT(peak, 0.95f * ceiling);
}

TEST(PeakLimiter, LeavesMaterialBelowTheCeilingUntouchedApartFromItsDelay) {
    PeakLimiter limiter(48000, -1.0);
    const int latency = limiter.latencyFrames();
    EXPECT_EQ(latency, 143);  // 3 ms at 48 kHz
    std::vector<float> input(2 * 4800);
    for (int i = 0; i < 4800; ++i) input[2 * i] = input[2 * i + 1] = 0.5f * std::sin(i * 0.05f);
    std::vector<float> output = input;
    limiter.process(output.data(), 4800);
    for (int i = latency; i < 4800; ++i) ASSERT_FLOAT_EQ(output[2 * i], input[2 * (i - latency)]) << i;
}

TEST(PeakLimiter, GainChangesSmoothlyWithoutSteps) {
    PeakLimiter limiter(48000, 0.0);
    std::vector<float> audio(2 * 9600);
    for (int i = 0; i < 9600; ++i) {
        const float level = i >= 4800 && i < 4900 ? 3.0f : 0.5f;  // a 2 ms spike
        audio[2 * i] = audio[2 * i + 1] = level;
    }
    std::vector<float> gains;
    for (int i = 0; i < 9600; ++i) {
        limiter.process(audio.data() + 2 * i, 1);
        gains.push_back(limiter.currentGain());
    }
    float largestStep = 0.0f;
    for (std::size_t i = 1; i < gains.size(); ++i)
        largestStep = std::max(largestStep, std::fabs(gains[i] - gains[i - 1]));
    EXPECT_LT(largestStep, 0.01f) << "the gain ramps over the lookahead instead of jumping";
    EXPECT_NEAR(gains[static_cast<std::size_t>(4850 + limiter.latencyFrames())], 1.0f / 3.0f, 1e-3)
        << "the spike leaves the delay line with the gain already down";
}

// Quiet passages, bursts over the ceiling, and quiet again long enough for the limiter to go idle.
std::vector<float> quietAndLoudPassages(int frames) {
    std::mt19937 random(11);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    std::vector<float> audio(2 * static_cast<std::size_t>(frames));
    for (std::size_t i = 0; i < audio.size(); ++i) {
        const std::size_t frame = i / 2;
        const bool burst = frame % 96000 > 40000 && frame % 96000 < 40000 + 2400;
        audio[i] = noise(random) * (burst ? 2.0f : 0.1f);
    }
    return audio;
}

TEST(PeakLimiter, OutputDoesNotDependOnTheBlockSize) {
    // The pass-through path (taken while idle) must give exactly what the per-frame path gives.
    const std::vector<float> input = quietAndLoudPassages(4 * 48000);
    std::vector<float> whole = input;
    PeakLimiter inOneGo(48000, -1.0);
    inOneGo.process(whole.data(), 4 * 48000);
    for (const int block : {1, 7, 143, 1000, 4096}) {
        std::vector<float> pieces = input;
        PeakLimiter limiter(48000, -1.0);
        for (int done = 0; done < 4 * 48000; done += block)
            limiter.process(pieces.data() + 2 * done, std::min(block, 4 * 48000 - done));
        for (std::size_t i = 0; i < whole.size(); ++i)
            ASSERT_EQ(pieces[i], whole[i]) << "block " << block << ", sample " << i;
    }
}

TEST(PeakLimiter, GoesBackToPassingAudioThroughUntouchedAfterABurst) {
    PeakLimiter limiter(48000, -1.0);
    std::vector<float> burst(2 * 4800, 3.0f);
    limiter.process(burst.data(), 4800);
    EXPECT_FALSE(limiter.idle());
    EXPECT_LT(limiter.currentGain(), 0.5f);
    // Quiet material: within two seconds the release has finished and the gain is exactly 1 again.
    std::vector<float> quiet(2 * 3 * 48000);
    for (std::size_t i = 0; i < quiet.size(); ++i) quiet[i] = 0.4f * std::sin(static_cast<float>(i) * 0.01f);
    std::vector<float> output = quiet;
    limiter.process(output.data(), 3 * 48000);
    EXPECT_TRUE(limiter.idle());
    EXPECT_EQ(limiter.currentGain(), 1.0f);
    const int latency = limiter.latencyFrames();
    for (int i = 2 * 48000; i < 3 * 48000; ++i)
        ASSERT_EQ(output[2 * static_cast<std::size_t>(i)], quiet[2 * static_cast<std::size_t>(i - latency)])
            << i;
}

TEST(PeakLimiter, APeakRightAfterAnIdleStretchIsStillCaughtInTime) {
    // Idle for a second, then a full-scale step: the gain must be down before the step leaves the delay.
    PeakLimiter limiter(48000, -1.0);
    std::vector<float> audio(2 * 2 * 48000, 0.2f);
    for (std::size_t i = 2 * 48000; i < audio.size(); ++i) audio[i] = 1.0f;
    limiter.process(audio.data(), 2 * 48000);
    const float ceiling = limiter.ceilingLinear();
    for (float sample : audio) ASSERT_LE(std::fabs(sample), ceiling);
    EXPECT_NEAR(audio.back(), ceiling, 1e-4) << "the loud part settles at the ceiling";
}

TEST(MasterBus, SilenceIsExactZerosOnceTheFadeHasEnded) {
    MasterBus bus(48000, 0.0, 1.0f);
    bus.fadeOut(4800);
    std::vector<float> audio(2 * 9600, 0.5f);
    bus.process(audio.data(), 9600);
    EXPECT_TRUE(bus.silent());
    for (int i = 4800 + bus.latencyFrames(); i < 9600; ++i)
        ASSERT_EQ(audio[2 * static_cast<std::size_t>(i)], 0.0f);
}

}  // namespace
}  // namespace stillpoint::session::mix
