// The per-sample loops of the mix, run over every sample of a session. Written in groups of eight
// independent operations so the compiler turns them into vector instructions at the project's usual
// optimisation level (it does not vectorise a plain loop of unknown length there), and the running maximum
// is not held up by the latency of each comparison.
#pragma once

#include <algorithm>
#include <cmath>

namespace stillpoint::session::mix {

inline constexpr int kKernelLanes = 8;

// The largest absolute sample of a block: meters and the limiter's pass-through test.
inline float absolutePeak(const float* samples, int count) noexcept {
    float lanes[kKernelLanes] = {};
    int i = 0;
    for (; i + kKernelLanes <= count; i += kKernelLanes)
        for (int lane = 0; lane < kKernelLanes; ++lane)
            lanes[lane] = std::max(lanes[lane], std::fabs(samples[i + lane]));
    float peak = 0.0f;
    for (; i < count; ++i) peak = std::max(peak, std::fabs(samples[i]));
    for (const float lane : lanes) peak = std::max(peak, lane);
    return peak;
}

// target += source * gain: a voice at a steady gain mixed into the bus.
inline void addScaled(float* __restrict target, const float* __restrict source, int count,
                      float gain) noexcept {
    int i = 0;
    for (; i + kKernelLanes <= count; i += kKernelLanes)
        for (int lane = 0; lane < kKernelLanes; ++lane) target[i + lane] += source[i + lane] * gain;
    for (; i < count; ++i) target[i] += source[i] * gain;
}

// samples *= gain: the bus at a steady volume.
inline void scale(float* samples, int count, float gain) noexcept {
    int i = 0;
    for (; i + kKernelLanes <= count; i += kKernelLanes)
        for (int lane = 0; lane < kKernelLanes; ++lane) samples[i + lane] *= gain;
    for (; i < count; ++i) samples[i] *= gain;
}

}  // namespace stillpoint::session::mix
