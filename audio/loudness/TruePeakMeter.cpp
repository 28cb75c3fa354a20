#include "audio/loudness/TruePeakMeter.h"

#include <algorithm>
#include <cmath>

namespace stillpoint::audio {

namespace {

// Output at k + p/4 uses input samples k-5 .. k+6.
constexpr int kHistory = 5;
constexpr int kLookahead = TruePeakMeter::kTapsPerPhase - kHistory - 1;
constexpr std::size_t kBlock = 4096;

double kaiser(double position, double beta) {
    // position in [-1, 1]
    const double ratio = std::sqrt(std::max(0.0, 1.0 - position * position));
    return std::cyl_bessel_i(0.0, beta * ratio) / std::cyl_bessel_i(0.0, beta);
}

}  // namespace

TruePeakMeter::TruePeakMeter() {
    // Kaiser-windowed sinc interpolator: flat to about 0.9 of Nyquist, as BS.1770's example filter.
    constexpr double kBeta = 5.0;
    constexpr double kHalfSpan = kTapsPerPhase / 2.0;
    for (int phase = 0; phase < kOversampling; ++phase) {
        const double offset = static_cast<double>(phase) / kOversampling;
        double absoluteSum = 0.0;
        for (int tap = 0; tap < kTapsPerPhase; ++tap) {
            const double t = static_cast<double>(tap - kHistory) - offset;  // distance from the output point
            const double sinc = t == 0.0 ? 1.0 : std::sin(M_PI * t) / (M_PI * t);
            const double weight = sinc * kaiser(t / (kHalfSpan + 0.5), kBeta);
            phases_[phase][tap] = static_cast<float>(weight);
            absoluteSum += std::abs(weight);
        }
        filterGainBound_ = std::max(filterGainBound_, static_cast<float>(absoluteSum) * 1.0001f);
    }
    for (auto& buffer : pending_) buffer.assign(kHistory, 0.0f);  // silence before the first sample
}

void TruePeakMeter::addStereo(const float* interleaved, std::size_t frames) {
    for (std::size_t start = 0; start < frames; start += kBlock) {
        const std::size_t count = std::min(kBlock, frames - start);
        for (int channel = 0; channel < 2; ++channel) {
            auto& buffer = pending_[channel];
            const std::size_t old = buffer.size();
            buffer.resize(old + count);
            for (std::size_t i = 0; i < count; ++i) buffer[old + i] = interleaved[2 * (start + i) + channel];
            processChannel(channel, false);
        }
    }
}

double TruePeakMeter::truePeak() {
    for (int channel = 0; channel < 2; ++channel) {
        auto& buffer = pending_[channel];
        buffer.insert(buffer.end(), kLookahead, 0.0f);  // silence after the last sample
        processChannel(channel, true);
        buffer.resize(buffer.size() - kLookahead);
    }
    return peak_;
}

void TruePeakMeter::processChannel(int channel, bool flush) {
    auto& buffer = pending_[channel];
    const std::size_t size = buffer.size();
    if (size < static_cast<std::size_t>(kHistory + kLookahead + 1)) return;
    const std::size_t outputs =
        size - kHistory - kLookahead;  // outputs at buffer[kHistory .. size-kLookahead-1]
    const float* x = buffer.data();

    float sampleMax = 0.0f;
    for (std::size_t i = 0; i < size; ++i) sampleMax = std::max(sampleMax, std::abs(x[i]));
    // Every output is a weighted sum of samples in the buffer: it cannot exceed this bound.
    if (static_cast<double>(sampleMax * filterGainBound_) > peak_) {
        float blockPeak = 0.0f;
        for (std::size_t k = 0; k < outputs; ++k) blockPeak = std::max(blockPeak, std::abs(x[k + kHistory]));
        interpolated_.resize(outputs);
        float* __restrict out = interpolated_.data();
        for (int phase = 1; phase < kOversampling; ++phase) {
            const auto& taps = phases_[phase];
            // Tap by tap over the whole block: contiguous loops the compiler turns into SIMD.
            std::fill(out, out + outputs, 0.0f);
            for (int tap = 0; tap < kTapsPerPhase; ++tap) {
                const float weight = taps[tap];
                const float* __restrict in = x + tap;
                for (std::size_t k = 0; k < outputs; ++k) out[k] += weight * in[k];
            }
            for (std::size_t k = 0; k < outputs; ++k) blockPeak = std::max(blockPeak, std::abs(out[k]));
        }
        peak_ = std::max(peak_, static_cast<double>(blockPeak));
    }
    if (!flush) {
        // Keep the samples the next outputs still need.
        buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(outputs));
    }
}

}  // namespace stillpoint::audio
