// The loudness guard's meter against libebur128 (what the loudness cache measures with): the two must
// agree closely, or the guard's 6 dB margin would mean something else.
#include "audio/engine/stream/RunningLoudness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "audio/decode/AudioFixtures.h"
#include "audio/loudness/LoudnessCache.h"

namespace stillpoint::audio {
namespace {

double loudestShortTerm(const std::vector<float>& interleaved, int rate) {
    RunningLoudness meter(rate);
    double loudest = -HUGE_VAL;
    // In decode-sized chunks, as the decoder feeds it.
    for (std::size_t start = 0; start < interleaved.size(); start += 4096 * 2) {
        const std::size_t count = std::min<std::size_t>(4096 * 2, interleaved.size() - start);
        meter.add(interleaved.data() + start, static_cast<std::int64_t>(count / 2));
        loudest = std::max(loudest, meter.shortTermLufs());
    }
    return loudest;
}

TEST(RunningLoudness, AgreesWithLibebur128OnTonesAndNoiseAtBothRates) {
    testing::TempFolder folder;
    std::mt19937 random(5);
    std::normal_distribution<float> gaussian(0.0f, 0.1f);
    for (const int rate : {44100, 48000}) {
        for (const double frequency : {60.0, 440.0, 5000.0, 0.0}) {
            SCOPED_TRACE(std::to_string(rate) + " Hz, " +
                         (frequency > 0 ? std::to_string(frequency) : "noise"));
            std::vector<float> samples(static_cast<std::size_t>(rate) * 8 * 2);
            for (std::size_t frame = 0; frame < samples.size() / 2; ++frame) {
                // Quieter for the first half, so the loudest window is not the whole file.
                const float level = frame < samples.size() / 4 ? 0.3f : 1.0f;
                const float value = frequency > 0
                                        ? level * 0.2f *
                                              static_cast<float>(std::sin(2.0 * M_PI * frequency *
                                                                          static_cast<double>(frame) / rate))
                                        : level * gaussian(random);
                samples[2 * frame] = value;
                samples[2 * frame + 1] = frequency > 0 ? value : level * gaussian(random);
            }
            const auto file =
                folder / ("signal-" + std::to_string(rate) + "-" + std::to_string(frequency) + ".wav");
            testing::writeAudio(file, testing::audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, rate, 2, 8.0),
                                [&](std::int64_t frame, int channel) {
                                    return samples[static_cast<std::size_t>(2 * frame + channel)];
                                });
            const double reference = measureLoudness(file).loudestShortTermLufs;
            EXPECT_NEAR(loudestShortTerm(samples, rate), reference, 0.3);
        }
    }
}

TEST(RunningLoudness, MomentaryFollowsALoudBurstWithin400Milliseconds) {
    RunningLoudness meter(48000);
    std::vector<float> quiet(4800 * 2, 0.0f), loud(4800 * 2);
    for (std::size_t i = 0; i < loud.size(); ++i) loud[i] = (i / 2) % 48 < 24 ? 0.5f : -0.5f;  // 1 kHz square
    for (int block = 0; block < 40; ++block) meter.add(quiet.data(), 4800);
    EXPECT_EQ(meter.momentaryLufs(), -HUGE_VAL);
    for (int block = 0; block < 4; ++block) meter.add(loud.data(), 4800);
    EXPECT_GT(meter.momentaryLufs(), -10.0);
    EXPECT_LT(meter.shortTermLufs(), meter.momentaryLufs() - 8.0) << "4 of the 30 blocks are loud";
}

}  // namespace
}  // namespace stillpoint::audio
