// Keeps a follower output (the room speakers) on the leader's clock (the patient's headphones). Two sound
// cards have two crystals: 200 ppm apart, the room would drift by 2 s over three hours. The follower reads
// the leader's frames from a queue through a variable-rate resampler; this controller sets the resampler's
// ratio (input frames per output frame) from how much the queue holds, so the queue stays at its target
// and the two outputs stay on the same frame.
//
// Pure arithmetic, no clock or device of its own: the follower gives it the queue level each time it pulls
// a block, so it is tested over hours of simulated time in milliseconds. Real-time safe.
#pragma once

#include <algorithm>
#include <cmath>

namespace stillpoint::audio {

class DriftController {
public:
    // A proportional-integral loop on the smoothed level, critically damped: a step in the clocks'
    // difference is absorbed within a few seconds, with an error of about 0.15 frame per ppm. The ratio
    // never moves more than kMaxCorrection from 1 (1000 ppm is 1.7 cents, far below what anyone hears),
    // and moves by at most kMaxSlewPerSecond, so a correction can never be heard as a pitch glide.
    static constexpr double kMaxCorrection = 1e-3;
    static constexpr double kMaxSlewPerSecond = 2e-4;
    static constexpr double kSmoothingSeconds = 0.5;  // the level's moving average (removes block ripple)
    static constexpr double kProportionalSeconds = 4.0;
    static constexpr double kIntegralSeconds = 16.0;  // 4 x the proportional time: critically damped

    DriftController(double sampleRate, double targetFrames) : rate_(sampleRate), target_(targetFrames) {}

    // `levelFrames`: what the queue holds now (leader frames not yet resampled), `elapsedFrames`: output
    // frames since the last update. Returns the ratio for the next block.
    double update(double levelFrames, double elapsedFrames) noexcept {
        const double dt = std::max(0.0, elapsedFrames) / rate_;
        if (!primed_) {
            smoothed_ = levelFrames;
            primed_ = true;
        } else {
            const double weight = 1.0 - std::exp(-dt / kSmoothingSeconds);
            smoothed_ += weight * (levelFrames - smoothed_);
        }
        // The error as a fraction of a second's frames: ratio - 1 is the same kind of number.
        const double error = (smoothed_ - target_) / rate_;
        integral_ =
            std::clamp(integral_ + error * dt, -kMaxCorrection * kProportionalSeconds * kIntegralSeconds,
                       kMaxCorrection * kProportionalSeconds * kIntegralSeconds);
        const double wanted =
            std::clamp(error / kProportionalSeconds + integral_ / (kProportionalSeconds * kIntegralSeconds),
                       -kMaxCorrection, kMaxCorrection);
        const double slew = kMaxSlewPerSecond * std::max(dt, 1e-6);
        correction_ += std::clamp(wanted - correction_, -slew, slew);
        return ratio();
    }

    // The follower starts again (a device reopened): the level is measured afresh; what the loop has
    // learnt of the two clocks (the correction and its integral) is kept.
    void restart(double levelFrames) noexcept {
        smoothed_ = levelFrames;
        primed_ = true;
    }

    // The queue's target moved (a device that takes more at once): the loop aims at the new one.
    void setTarget(double targetFrames) noexcept { target_ = targetFrames; }

    double ratio() const noexcept { return 1.0 + correction_; }
    double smoothedLevel() const noexcept { return smoothed_; }
    double target() const noexcept { return target_; }

private:
    double rate_;
    double target_;
    double smoothed_ = 0.0;
    double integral_ = 0.0;
    double correction_ = 0.0;
    bool primed_ = false;
};

}  // namespace stillpoint::audio
