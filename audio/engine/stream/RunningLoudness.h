// Momentary (400 ms) and short-term (3 s) loudness of stereo audio as it goes by, after ITU-R BS.1770:
// K-weighting (the shelf and the high-pass), mean square per 100 ms block, summed over both channels.
// What the decoder's loudness guard measures: O(1) per block, a few operations per sample, no allocation
// after construction. (libebur128 sums the whole window at each query and costs several times the
// decoding of a WAV; the loudness cache measures with it, and this agrees with it to a fraction of a dB.)
// Threads: one at a time (the decode thread).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace stillpoint::audio {

class RunningLoudness {
public:
    explicit RunningLoudness(int sampleRate) : blockFrames_(std::max<std::int64_t>(1, sampleRate / 10)) {
        // The filters' coefficients for any rate, from their analogue prototypes (as libebur128 does).
        const double rate = sampleRate;
        {
            const double f0 = 1681.974450955533, gainDb = 3.999843853973347, q = 0.7071752369554196;
            const double k = std::tan(std::numbers::pi * f0 / rate);
            const double vh = std::pow(10.0, gainDb / 20.0);
            const double vb = std::pow(vh, 0.4996667741545416);
            const double a0 = 1.0 + k / q + k * k;
            shelf_ = {(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
                      2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
        }
        {
            const double f0 = 38.13547087602444, q = 0.5003270373238773;
            const double k = std::tan(std::numbers::pi * f0 / rate);
            const double a0 = 1.0 + k / q + k * k;
            highPass_ = {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
        }
    }

    void add(const float* interleavedStereo, std::int64_t frames) noexcept {
        for (std::int64_t i = 0; i < frames; ++i) {
            for (int channel = 0; channel < 2; ++channel) {
                const double x = interleavedStereo[2 * i + channel];
                const double y = highPass_.run(state_[channel][1], shelf_.run(state_[channel][0], x));
                blockSum_ += y * y;
            }
            if (++blockFilled_ == blockFrames_) {
                blocks_[next_] = blockSum_ / static_cast<double>(blockFrames_);
                next_ = (next_ + 1) % kShortTermBlocks;
                blocksDone_ = std::min(blocksDone_ + 1, kShortTermBlocks);
                blockSum_ = 0.0;
                blockFilled_ = 0;
            }
        }
    }

    // LUFS over the last 4 / 30 complete blocks; -HUGE_VAL until there are that many.
    double momentaryLufs() const noexcept { return over(kMomentaryBlocks); }
    double shortTermLufs() const noexcept { return over(kShortTermBlocks); }

private:
    static constexpr int kMomentaryBlocks = 4;
    static constexpr int kShortTermBlocks = 30;

    struct Biquad {
        double b0, b1, b2, a1, a2;
        // Transposed direct form II: two state values per channel.
        double run(std::array<double, 2>& z, double x) const noexcept {
            const double y = b0 * x + z[0];
            z[0] = b1 * x - a1 * y + z[1];
            z[1] = b2 * x - a2 * y;
            return y;
        }
    };

    double over(int count) const noexcept {
        if (blocksDone_ < count) return -HUGE_VAL;
        double sum = 0.0;
        for (int b = 1; b <= count; ++b) sum += blocks_[(next_ - b + kShortTermBlocks) % kShortTermBlocks];
        const double meanSquare = sum / count;
        return meanSquare > 0.0 ? -0.691 + 10.0 * std::log10(meanSquare) : -HUGE_VAL;
    }

    std::int64_t blockFrames_;
    Biquad shelf_{};
    Biquad highPass_{};
    std::array<std::array<std::array<double, 2>, 2>, 2> state_{};  // [channel][stage][z]
    std::array<double, kShortTermBlocks> blocks_{};
    int next_ = 0;
    int blocksDone_ = 0;
    double blockSum_ = 0.0;
    std::int64_t blockFilled_ = 0;
};

}  // namespace stillpoint::audio
