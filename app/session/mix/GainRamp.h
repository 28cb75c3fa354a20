// A gain that moves to a target over a number of frames, one value per frame. Linear for volume changes;
// equal-power (sin/cos quarter wave) for crossfades, so two voices crossing keep a constant loudness.
// Real-time safe: plain arithmetic, no allocation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace stillpoint::session::mix {

enum class RampShape : std::uint8_t { Linear, EqualPower };

class GainRamp {
public:
    explicit GainRamp(float initial = 1.0f) noexcept : value_(initial), from_(initial), target_(initial) {}

    // Jumps to `value` at once (only for voices that are not yet audible).
    void set(float value) noexcept {
        value_ = from_ = target_ = value;
        position_ = length_ = 0;
    }

    // Starts a ramp from the current value to `target`; the value reaches it after `frames` calls of next().
    void rampTo(float target, std::int64_t frames, RampShape shape) noexcept {
        if (frames <= 0) {
            set(target);
            return;
        }
        from_ = value_;
        target_ = target;
        shape_ = shape;
        position_ = 0;
        length_ = frames;
    }

    // The gain for the current frame; then moves one frame on.
    float next() noexcept {
        const float current = value_;
        if (position_ < length_) {
            ++position_;
            value_ = position_ >= length_ ? target_ : valueAt(static_cast<double>(position_) / length_);
        }
        return current;
    }

    // Moves `frames` frames on without producing values (for voices skipped while silent).
    void advance(std::int64_t frames) noexcept {
        if (position_ >= length_) return;
        position_ = std::min(length_, position_ + frames);
        value_ = position_ >= length_ ? target_ : valueAt(static_cast<double>(position_) / length_);
    }

    // All the ramp is, so it can be continued on the same frame elsewhere (a resumed session).
    struct State {
        float from = 1.0f;
        float target = 1.0f;
        std::int64_t position = 0;
        std::int64_t length = 0;
        RampShape shape = RampShape::Linear;
        friend bool operator==(const State&, const State&) = default;
    };
    State state() const noexcept { return {from_, target_, position_, length_, shape_}; }
    // Puts the ramp where state() found it: the same value on the same frame, the same frames to come.
    void restore(const State& state) noexcept {
        set(state.from);
        if (state.length <= 0 || state.position >= state.length) {
            set(state.target);
            return;
        }
        rampTo(state.target, state.length, state.shape);
        if (state.position > 0) advance(state.position);
    }

    float value() const noexcept { return value_; }
    float target() const noexcept { return target_; }
    bool ramping() const noexcept { return position_ < length_; }
    std::int64_t remainingFrames() const noexcept { return length_ - position_; }

    // Equal-power curves as the design specifies: fading in follows sin(t*pi/2), fading out cos(t*pi/2).
    static double equalPowerIn(double t) noexcept { return std::sin(t * std::numbers::pi / 2.0); }
    static double equalPowerOut(double t) noexcept { return std::cos(t * std::numbers::pi / 2.0); }

private:
    float valueAt(double t) const noexcept {
        const double from = from_;
        const double to = target_;
        if (shape_ == RampShape::Linear) return static_cast<float>(from + (to - from) * t);
        // Scaled so a ramp that starts mid-way (e.g. a second skip during a crossfade) stays continuous.
        if (to >= from) return static_cast<float>(from + (to - from) * equalPowerIn(t));
        return static_cast<float>(to + (from - to) * equalPowerOut(t));
    }

    float value_;
    float from_;
    float target_;
    RampShape shape_ = RampShape::Linear;
    std::int64_t position_ = 0;
    std::int64_t length_ = 0;
};

}  // namespace stillpoint::session::mix
