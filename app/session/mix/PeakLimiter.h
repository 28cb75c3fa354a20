// Lookahead brickwall limiter at the program's volume ceiling: |output sample| <= ceiling, always.
// The gain needed by each frame is held (sliding minimum) over the lookahead window and smoothed by a moving
// average of the same length, so the gain is already down when a peak leaves the delay line and never
// steps; it then recovers with a smooth release. Everything is allocated in the constructor.
// Threads: construct on any thread; process() on the audio thread only.
#pragma once

#include <cstdint>
#include <vector>

namespace stillpoint::session::mix {

class PeakLimiter {
public:
    PeakLimiter(int sampleRate, double ceilingDbfs, double lookaheadMs = 3.0, double releaseMs = 150.0);

    // Limits `frames` interleaved stereo frames in place. The output is delayed by latencyFrames().
    void process(float* interleavedStereo, int frames) noexcept;

    int latencyFrames() const noexcept { return window_ - 1; }
    float ceilingLinear() const noexcept { return ceiling_; }
    // The gain applied to the most recent frame (1 = untouched), for meters and tests.
    float currentGain() const noexcept { return static_cast<float>(gain_); }

private:
    float limitFrame(float& left, float& right) noexcept;

    int window_;
    float ceiling_;
    double releaseCoefficient_;
    // Delay line of stereo frames.
    std::vector<float> delay_;
    int delayPosition_ = 0;
    // Sliding minimum of the required gain: a monotonic queue kept in a ring.
    std::vector<double> minValues_;
    std::vector<std::int64_t> minIndices_;
    int minHead_ = 0;
    int minCount_ = 0;
    // Moving average of the held gain.
    std::vector<double> heldGains_;
    int heldPosition_ = 0;
    double heldSum_;
    double inverseWindow_;
    std::int64_t frameIndex_ = 0;
    double gain_ = 1.0;
};

}  // namespace stillpoint::session::mix
