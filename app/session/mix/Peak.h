// The largest absolute sample of a block: for meters and the limiter's fast path, over every sample of a
// session. Eight running maxima instead of one, so the compiler can use vector max instructions and the
// loop is not held up by the latency of each comparison.
#pragma once

#include <algorithm>
#include <cmath>

namespace stillpoint::session::mix {

inline float absolutePeak(const float* samples, int count) noexcept {
    constexpr int kLanes = 8;
    float lanes[kLanes] = {};
    int i = 0;
    for (; i + kLanes <= count; i += kLanes)
        for (int lane = 0; lane < kLanes; ++lane) lanes[lane] = std::max(lanes[lane], std::fabs(samples[i + lane]));
    float peak = 0.0f;
    for (; i < count; ++i) peak = std::max(peak, std::fabs(samples[i]));
    for (const float lane : lanes) peak = std::max(peak, lane);
    return peak;
}

}  // namespace stillpoint::session::mix
