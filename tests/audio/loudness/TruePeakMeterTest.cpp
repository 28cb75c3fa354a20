#include "audio/loudness/TruePeakMeter.h"

#include <ebur128.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using stillpoint::audio::TruePeakMeter;

namespace {

double decibels(double linear) {
    return 20.0 * std::log10(linear);
}

std::vector<float> stereoSine(double frequency, double amplitude, double phase, int rate, double seconds) {
    const auto frames = static_cast<std::size_t>(seconds * rate);
    std::vector<float> samples(frames * 2);
    for (std::size_t i = 0; i < frames; ++i) {
        const auto value =
            static_cast<float>(amplitude * std::sin(2.0 * M_PI * frequency * i / rate + phase));
        samples[2 * i] = value;
        samples[2 * i + 1] = value;
    }
    return samples;
}

double libebur128TruePeak(const std::vector<float>& samples, int rate) {
    ebur128_state* state = ebur128_init(2, static_cast<unsigned long>(rate), EBUR128_MODE_TRUE_PEAK);
    ebur128_add_frames_float(state, samples.data(), samples.size() / 2);
    double left = 0.0;
    double right = 0.0;
    ebur128_true_peak(state, 0, &left);
    ebur128_true_peak(state, 1, &right);
    ebur128_destroy(&state);
    return std::max(left, right);
}

}  // namespace

// A sine at a quarter of the sample rate, 45 degrees off: every sample sits at 0.707 of the peak, so the
// sample peak reads 3 dB low. Only oversampling finds the real peak.
TEST(TruePeakMeter, FindsThePeakBetweenSamples) {
    const auto samples = stereoSine(12000.0, 0.5, M_PI / 4.0, 48000, 1.0);
    TruePeakMeter meter;
    meter.addStereo(samples.data(), samples.size() / 2);
    EXPECT_NEAR(decibels(meter.truePeak()), decibels(0.5), 0.2);
}

TEST(TruePeakMeter, AgreesWithLibebur128OnMusicLikeNoise) {
    // Noise whose level swells and falls, like music: most blocks cannot raise the maximum and are skipped.
    std::mt19937 generator(7);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const int rate = 44100;
    std::vector<float> samples(static_cast<std::size_t>(rate) * 10 * 2);
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const double envelope = 0.05 + 0.1 * (1.0 + std::sin(static_cast<double>(i) / rate));
        samples[i] = static_cast<float>(envelope) * normal(generator);
    }
    TruePeakMeter meter;
    // In uneven pieces, as a decoder delivers them.
    std::size_t offset = 0;
    for (std::size_t piece = 1000; offset < samples.size() / 2; piece = piece * 3 % 9001 + 17) {
        const std::size_t frames = std::min(piece, samples.size() / 2 - offset);
        meter.addStereo(samples.data() + 2 * offset, frames);
        offset += frames;
    }
    EXPECT_NEAR(decibels(meter.truePeak()), decibels(libebur128TruePeak(samples, rate)), 0.15);
}

TEST(TruePeakMeter, SilenceHasNoPeakAndASingleSampleIsFound) {
    std::vector<float> samples(2 * 48000, 0.0f);
    TruePeakMeter silent;
    silent.addStereo(samples.data(), 48000);
    EXPECT_EQ(silent.truePeak(), 0.0);
    samples[2 * 47999 + 1] = -0.25f;  // the very last sample, right channel
    TruePeakMeter last;
    last.addStereo(samples.data(), 48000);
    EXPECT_GE(last.truePeak(), 0.25);
}
