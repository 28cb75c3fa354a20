#include "session/mix/PeakLimiter.h"

#include <gtest/gtest.h>

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
