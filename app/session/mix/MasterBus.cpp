#include "session/mix/MasterBus.h"

#include <algorithm>
#include <cmath>

#include "session/mix/SampleKernels.h"

namespace stillpoint::session::mix {

MasterBus::MasterBus(int sampleRate, double ceilingDbfs, float initialVolume)
    : volume_(initialVolume), limiter_(sampleRate, ceilingDbfs) {}

void MasterBus::setVolume(float linear, std::int64_t rampFrames) noexcept {
    volume_.rampTo(std::clamp(linear, 0.0f, 1.0f), rampFrames, RampShape::Linear);
}

void MasterBus::setDuck(float gain, std::int64_t rampFrames) noexcept {
    duck_.rampTo(gain, rampFrames, RampShape::Linear);
}

void MasterBus::fadeOut(std::int64_t frames) noexcept {
    presence_.rampTo(0.0f, frames, RampShape::EqualPower);
}

void MasterBus::fadeIn(std::int64_t frames) noexcept {
    presence_.rampTo(1.0f, frames, RampShape::EqualPower);
}

void MasterBus::process(float* interleavedStereo, int frames) noexcept {
    if (volume_.ramping() || duck_.ramping() || presence_.ramping()) {
        for (int frame = 0; frame < frames; ++frame) {
            const float gain = volume_.next() * duck_.next() * presence_.next();
            float* sample = interleavedStereo + 2 * frame;
            if (gain == 0.0f) {
                sample[0] = 0.0f;
                sample[1] = 0.0f;
            } else {
                sample[0] *= gain;
                sample[1] *= gain;
            }
        }
    } else {
        // Nothing moving, as for nearly all of a session: one gain for the whole block.
        const float gain = volume_.value() * duck_.value() * presence_.value();
        if (gain == 0.0f) {
            std::fill(interleavedStereo, interleavedStereo + 2 * frames, 0.0f);
        } else if (gain != 1.0f) {
            scale(interleavedStereo, 2 * frames, gain);
        }
    }
    limiter_.process(interleavedStereo, frames);
    peak_ = std::max(peak_, absolutePeak(interleavedStereo, 2 * frames));
}

float MasterBus::takePeak() noexcept {
    const float peak = peak_;
    peak_ = 0.0f;
    return peak;
}

}  // namespace stillpoint::session::mix
