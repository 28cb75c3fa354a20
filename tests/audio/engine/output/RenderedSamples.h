// Measures of rendered interleaved stereo, as the output tests assert on it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace stillpoint::testing {

// The largest magnitude over both channels of `samples` from `from` to `to` seconds.
inline float peakOfBothChannels(const std::vector<float>& samples, int sampleRate, double from = 0.0,
                                double to = 1e9) {
    float value = 0.0f;
    const auto end = std::min(samples.size(), static_cast<std::size_t>(to * sampleRate) * 2);
    for (auto i = static_cast<std::size_t>(from * sampleRate) * 2; i < end; ++i)
        value = std::max(value, std::fabs(samples[i]));
    return value;
}

}  // namespace stillpoint::testing
