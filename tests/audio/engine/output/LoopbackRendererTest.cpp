#include "audio/engine/output/LoopbackRenderer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace stillpoint::audio {
namespace {

// Left: a 997 Hz sine; right: a slow ramp. Both continue across render calls, so any dropped, repeated or
// delayed frame shows.
class SineAndRampSource : public AudioSource {
public:
    explicit SineAndRampSource(int rate) : rate_(rate) {}
    void render(float* out, int frames) noexcept override {
        for (int i = 0; i < frames; ++i, ++frame_) {
            out[i * 2] = expectedLeft(frame_);
            out[i * 2 + 1] = expectedRight(frame_);
        }
    }
    float expectedLeft(std::int64_t frame) const {
        return 0.6f * static_cast<float>(
                          std::sin(2.0 * std::numbers::pi * 997.0 * static_cast<double>(frame) / rate_));
    }
    static float expectedRight(std::int64_t frame) {
        return static_cast<float>(frame % 48000) / 48000.0f - 0.5f;
    }
    std::int64_t framesPulled() const { return frame_; }

private:
    int rate_;
    std::int64_t frame_ = 0;
};

TEST(LoopbackRendererTest, OutputEqualsInputWithoutDelayOrGain) {
    LoopbackRenderer renderer(48000);
    EXPECT_EQ(renderer.sampleRate(), 48000);
    SineAndRampSource source(48000);
    std::vector<float> out;
    std::vector<float> block;
    // Uneven block sizes, as an offline render split at action frames produces.
    const int blockSizes[] = {1024, 1, 333, 4096, 5000, 1024, 17, 2048};
    for (int round = 0; round < 10; ++round) {
        for (const int frames : blockSizes) {
            block.assign(static_cast<std::size_t>(frames) * 2, 99.0f);
            renderer.render(source, block.data(), frames);
            out.insert(out.end(), block.begin(), block.end());
        }
    }
    ASSERT_EQ(static_cast<std::int64_t>(out.size() / 2), source.framesPulled());
    double worst = 0.0;
    for (std::int64_t frame = 0; frame < source.framesPulled(); ++frame) {
        worst = std::max(worst, static_cast<double>(std::abs(out[frame * 2] - source.expectedLeft(frame))));
        worst = std::max(worst, static_cast<double>(
                                    std::abs(out[frame * 2 + 1] - SineAndRampSource::expectedRight(frame))));
    }
    EXPECT_LE(worst, 1e-6);
}

TEST(LoopbackRendererTest, TwoRenderersInOneProcessDoNotDisturbEachOther) {
    LoopbackRenderer first(48000);
    LoopbackRenderer second(44100);
    SineAndRampSource firstSource(48000);
    SineAndRampSource secondSource(44100);
    std::vector<float> a(2000), b(2000);
    for (int round = 0; round < 20; ++round) {
        first.render(firstSource, a.data(), 1000);
        second.render(secondSource, b.data(), 1000);
        const std::int64_t start = round * 1000;
        EXPECT_NEAR(a[998], firstSource.expectedLeft(start + 499), 1e-6);
        EXPECT_NEAR(b[998], secondSource.expectedLeft(start + 499), 1e-6);
    }
}

}  // namespace
}  // namespace stillpoint::audio
