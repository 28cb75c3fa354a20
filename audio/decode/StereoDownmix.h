// How every decoder folds a file's channels into the stereo the engine plays (ITU-R BS.775: centre and
// surrounds at -3 dB, LFE dropped), so a file sounds the same whichever library read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace stillpoint::audio {

constexpr float kMinus3Db = 0.70710678f;

// Where one channel of the file goes in the stereo downmix.
struct StereoWeights {
    float left = 0.0f;
    float right = 0.0f;
};

constexpr StereoWeights kLeft{1.0f, 0.0f};
constexpr StereoWeights kRight{0.0f, 1.0f};
constexpr StereoWeights kCentre{kMinus3Db, kMinus3Db};
constexpr StereoWeights kLeftSurround{kMinus3Db, 0.0f};
constexpr StereoWeights kRightSurround{0.0f, kMinus3Db};
constexpr StereoWeights kBackCentre{0.5f, 0.5f};
constexpr StereoWeights kDropped{0.0f, 0.0f};

// `in` holds `frames` interleaved frames of layout.size() channels; `out` receives 2 * frames floats.
inline void downmixToStereo(const float* in, std::int64_t frames, const std::vector<StereoWeights>& layout,
                            float* out) {
    const std::size_t channels = layout.size();
    for (std::int64_t frame = 0; frame < frames; ++frame) {
        float left = 0.0f;
        float right = 0.0f;
        const float* samples = in + static_cast<std::size_t>(frame) * channels;
        for (std::size_t channel = 0; channel < channels; ++channel) {
            left += samples[channel] * layout[channel].left;
            right += samples[channel] * layout[channel].right;
        }
        out[2 * frame] = left;
        out[2 * frame + 1] = right;
    }
}

}  // namespace stillpoint::audio
