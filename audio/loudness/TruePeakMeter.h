// True peak (ITU-R BS.1770-4 Annex 2): the highest level of the signal between its samples, found by
// 4x oversampling. Blocks whose sample peak proves they cannot raise the maximum are not oversampled,
// which makes the meter several times cheaper than oversampling everything on music with headroom.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace stillpoint::audio {

class TruePeakMeter {
public:
    TruePeakMeter();

    // Interleaved stereo frames, in order.
    void addStereo(const float* interleaved, std::size_t frames);

    // Linear true peak over everything added so far, both channels (flushes the filter's lookahead).
    double truePeak();

    static constexpr int kOversampling = 4;
    static constexpr int kTapsPerPhase = 12;

private:
    void processChannel(int channel, bool flush);

    std::array<std::array<float, kTapsPerPhase>, kOversampling> phases_{};
    float filterGainBound_ =
        1.0f;  // max over phases of the sum of |taps|: no output exceeds input peak times this
    std::array<std::vector<float>, 2> pending_;  // per channel: filter history followed by new samples
    std::vector<float> interpolated_;            // one phase of one block
    double peak_ = 0.0;
};

}  // namespace stillpoint::audio
