#include "session/mix/PeakLimiter.h"

#include <algorithm>
#include <cmath>

namespace stillpoint::session::mix {

PeakLimiter::PeakLimiter(int sampleRate, double ceilingDbfs, double lookaheadMs, double releaseMs)
    : window_(std::max(2, static_cast<int>(std::lround(sampleRate * lookaheadMs / 1000.0)))),
      ceiling_(static_cast<float>(std::pow(10.0, ceilingDbfs / 20.0))),
      releaseCoefficient_(1.0 - std::exp(-1.0 / (sampleRate * releaseMs / 1000.0))),
      delay_(static_cast<std::size_t>(2 * window_), 0.0f),
      minValues_(static_cast<std::size_t>(window_), 1.0),
      minIndices_(static_cast<std::size_t>(window_), 0),
      heldGains_(static_cast<std::size_t>(window_), 1.0),
      heldSum_(static_cast<double>(window_)),
      inverseWindow_(1.0 / window_) {}

void PeakLimiter::process(float* interleavedStereo, int frames) noexcept {
    for (int frame = 0; frame < frames; ++frame) {
        limitFrame(interleavedStereo[2 * frame], interleavedStereo[2 * frame + 1]);
    }
}

float PeakLimiter::limitFrame(float& left, float& right) noexcept {
    // Ring indices wrap by comparison, not modulo: this runs for every frame of a session.
    auto wrap = [this](int index) { return index >= window_ ? index - window_ : index; };
    const float peak = std::max(std::fabs(left), std::fabs(right));
    const double required = peak > ceiling_ ? static_cast<double>(ceiling_) / peak : 1.0;

    // Sliding minimum over the last window_ frames: drop the frame that left the window, then every queued
    // value the new one undercuts.
    if (minCount_ > 0 && minIndices_[static_cast<std::size_t>(minHead_)] <= frameIndex_ - window_) {
        minHead_ = wrap(minHead_ + 1);
        --minCount_;
    }
    while (minCount_ > 0) {
        const int back = wrap(minHead_ + minCount_ - 1);
        if (minValues_[static_cast<std::size_t>(back)] < required) break;
        --minCount_;
    }
    const int tail = wrap(minHead_ + minCount_);
    minValues_[static_cast<std::size_t>(tail)] = required;
    minIndices_[static_cast<std::size_t>(tail)] = frameIndex_;
    ++minCount_;
    const double held = minValues_[static_cast<std::size_t>(minHead_)];

    // Moving average of the held gain: never above what any frame still in the delay line needs.
    heldSum_ += held - heldGains_[static_cast<std::size_t>(heldPosition_)];
    heldGains_[static_cast<std::size_t>(heldPosition_)] = held;
    heldPosition_ = wrap(heldPosition_ + 1);
    const double smoothed = std::min(1.0, heldSum_ * inverseWindow_);

    // Attack follows the smoothed gain at once; release is slower, and may never exceed it.
    gain_ =
        smoothed < gain_ ? smoothed : std::min(smoothed, gain_ + (smoothed - gain_) * releaseCoefficient_);

    // The delay line holds window_ - 1 frames of history plus the incoming one.
    const std::size_t slot = static_cast<std::size_t>(2 * delayPosition_);
    const int oldest = wrap(delayPosition_ + 1);
    delay_[slot] = left;
    delay_[slot + 1] = right;
    const std::size_t out = static_cast<std::size_t>(2 * oldest);
    const float gain = static_cast<float>(gain_);
    // Rounding in the running sum could leave a hair above the ceiling: the clamp is the guarantee.
    left = std::clamp(delay_[out] * gain, -ceiling_, ceiling_);
    right = std::clamp(delay_[out + 1] * gain, -ceiling_, ceiling_);
    delayPosition_ = oldest;
    ++frameIndex_;
    return gain;
}

}  // namespace stillpoint::session::mix
