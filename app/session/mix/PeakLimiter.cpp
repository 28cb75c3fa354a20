#include "session/mix/PeakLimiter.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "session/mix/SampleKernels.h"

namespace stillpoint::session::mix {

namespace {

// Chunks short enough that the limiter is back on the pass-through path soon after a peak has gone.
constexpr int kChunkFrames = 256;
// A release this close to unity is finished: the last step is below a 16-bit LSB (-100 dB).
constexpr double kReleaseSnap = 1e-5;

}  // namespace

PeakLimiter::PeakLimiter(int sampleRate, double ceilingDbfs, double lookaheadMs, double releaseMs)
    : window_(std::max(2, static_cast<int>(std::lround(sampleRate * lookaheadMs / 1000.0)))),
      ceiling_(static_cast<float>(std::pow(10.0, ceilingDbfs / 20.0))),
      releaseCoefficient_(1.0 - std::exp(-1.0 / (sampleRate * releaseMs / 1000.0))),
      history_(static_cast<std::size_t>(2 * (window_ - 1)), 0.0f),
      spare_(history_.size(), 0.0f),
      chunkGains_(static_cast<std::size_t>(kChunkFrames), 1.0f),
      minValues_(static_cast<std::size_t>(window_), 1.0),
      minIndices_(static_cast<std::size_t>(window_), 0),
      heldGains_(static_cast<std::size_t>(window_), 1.0),
      heldSum_(static_cast<double>(window_)),
      inverseWindow_(1.0 / window_),
      framesSinceReduction_(2 * window_) {}

void PeakLimiter::process(float* interleavedStereo, int frames) noexcept {
    for (int done = 0; done < frames; done += kChunkFrames)
        processChunk(interleavedStereo + 2 * done, std::min(kChunkFrames, frames - done));
}

void PeakLimiter::processChunk(float* samples, int frames) noexcept {
    if (idle() && absolutePeak(samples, 2 * frames) <= ceiling_) {
        // Everything in the delay line and in this chunk is below the ceiling: the gain stays at 1.
        delay(samples, frames);
        skipIdleFrames(frames);
        return;
    }
    for (int frame = 0; frame < frames; ++frame) {
        const float peak = std::max(std::fabs(samples[2 * frame]), std::fabs(samples[2 * frame + 1]));
        chunkGains_[static_cast<std::size_t>(frame)] = static_cast<float>(nextGain(peak));
    }
    delay(samples, frames);
    for (int frame = 0; frame < frames; ++frame) {
        const float gain = chunkGains_[static_cast<std::size_t>(frame)];
        // Rounding in the running sum could leave a hair above the ceiling: the clamp is the guarantee.
        samples[2 * frame] = std::clamp(samples[2 * frame] * gain, -ceiling_, ceiling_);
        samples[2 * frame + 1] = std::clamp(samples[2 * frame + 1] * gain, -ceiling_, ceiling_);
    }
}

double PeakLimiter::nextGain(float peak) noexcept {
    // Ring indices wrap by comparison, not modulo: this runs for every frame the limiter is working.
    auto wrap = [this](int index) { return index >= window_ ? index - window_ : index; };
    const double required = peak > ceiling_ ? static_cast<double>(ceiling_) / peak : 1.0;
    framesSinceReduction_ = required < 1.0 ? 0 : framesSinceReduction_ + 1;

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
    if (smoothed < gain_) {
        gain_ = smoothed;
    } else {
        gain_ += (smoothed - gain_) * releaseCoefficient_;
        if (smoothed - gain_ < kReleaseSnap) gain_ = smoothed;
    }
    ++frameIndex_;
    return gain_;
}

void PeakLimiter::delay(float* samples, int frames) noexcept {
    const std::size_t latency = history_.size() / 2;
    const auto count = static_cast<std::size_t>(frames);
    if (count >= latency) {
        // The chunk's last `latency` frames become the history; the rest moves up behind the old history.
        std::memcpy(spare_.data(), samples + 2 * (count - latency), 2 * latency * sizeof(float));
        std::memmove(samples + 2 * latency, samples, 2 * (count - latency) * sizeof(float));
        std::memcpy(samples, history_.data(), 2 * latency * sizeof(float));
        history_.swap(spare_);
    } else {
        // A chunk shorter than the delay: it comes out of the history's front and goes in at its back.
        std::memcpy(spare_.data(), samples, 2 * count * sizeof(float));
        std::memcpy(samples, history_.data(), 2 * count * sizeof(float));
        std::memmove(history_.data(), history_.data() + 2 * count, 2 * (latency - count) * sizeof(float));
        std::memcpy(history_.data() + 2 * (latency - count), spare_.data(), 2 * count * sizeof(float));
    }
}

void PeakLimiter::skipIdleFrames(int frames) noexcept {
    // Idle means every held gain in the window is exactly 1: only the positions move. The queue then holds
    // just the newest frame, as the per-frame path would have left it.
    frameIndex_ += frames;
    framesSinceReduction_ += frames;
    heldPosition_ = static_cast<int>((heldPosition_ + frames) % window_);
    heldSum_ = static_cast<double>(window_);
    minHead_ = 0;
    minCount_ = 1;
    minValues_[0] = 1.0;
    minIndices_[0] = frameIndex_ - 1;
}

}  // namespace stillpoint::session::mix
