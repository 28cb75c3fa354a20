// Lookahead brickwall limiter at the program's volume ceiling: |output sample| <= ceiling, always.
// The gain needed by each frame is held (sliding minimum) over the lookahead window and smoothed by a moving
// average of the same length, so the gain is already down when a peak leaves the delay line and never
// steps; it then recovers with a smooth release. Everything is allocated in the constructor.
// Most of a session never reaches the ceiling: while the limiter is idle (gain back at exactly 1, no frame
// that needed less in the window) and a chunk's peak stays below the ceiling, that chunk is only delayed,
// which is bit-identical to what the per-frame path would produce and costs a copy.
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
    // True while chunks below the ceiling take the pass-through path.
    bool idle() const noexcept { return framesSinceReduction_ >= 2 * window_ && gain_ == 1.0; }

private:
    void processChunk(float* interleavedStereo, int frames) noexcept;
    // The gain for the next input frame, from its peak: the limiter's whole control path.
    double nextGain(float peak) noexcept;
    // Output frame n = input frame n - latencyFrames(): shifts the chunk through the history in place.
    void delay(float* interleavedStereo, int frames) noexcept;
    // After a pass-through chunk: the control state as if every frame of it had needed no reduction.
    void skipIdleFrames(int frames) noexcept;

    int window_;
    float ceiling_;
    double releaseCoefficient_;
    // The last latencyFrames() input frames (interleaved stereo), oldest first, and room to swap with.
    std::vector<float> history_;
    std::vector<float> spare_;
    // Gains of the chunk being processed.
    std::vector<float> chunkGains_;
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
    std::int64_t framesSinceReduction_;
    double gain_ = 1.0;
};

}  // namespace stillpoint::session::mix
