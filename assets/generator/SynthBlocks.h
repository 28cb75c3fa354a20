// The few signal blocks the demo pieces are built from. Phases run in [0, 1) in double precision so
// long pieces do not drift; sine is a polynomial (no libm in the sample loop) so the output does not
// depend on the C library's implementation of sin().
#pragma once

#include <cmath>

namespace stillpoint::demo {

constexpr int kSampleRate = 48000;
constexpr double kPi = 3.14159265358979323846;

// sin(2*pi*phase) for phase in [0, 1); Taylor series to the 11th power on [-pi/2, pi/2], error < 1e-6.
inline double sineOfPhase(double phase) {
    const double x = phase - 0.5;  // sin(2*pi*phase) = -sin(2*pi*x), x in [-0.5, 0.5)
    // Fold onto [-0.25, 0.25] (sin(pi - a) = sin(a)); written without branches so it vectorises.
    const double magnitude = std::abs(x);
    const double folded = std::copysign(magnitude > 0.25 ? 0.5 - magnitude : magnitude, x);
    const double a = 2.0 * kPi * folded;
    const double a2 = a * a;
    const double series =
        a * (1.0 + a2 * (-1.0 / 6.0 + a2 * (1.0 / 120.0 +
                                            a2 * (-1.0 / 5040.0 + a2 * (1.0 / 362880.0 - a2 / 39916800.0)))));
    return -series;
}

inline double wrapPhase(double phase) {
    return phase - std::floor(phase);
}

inline double midiToHz(double midiNote) {
    return 440.0 * std::pow(2.0, (midiNote - 69.0) / 12.0);
}

inline double dbToGain(double db) {
    return std::pow(10.0, db / 20.0);
}

class SineOscillator {
public:
    void setFrequency(double hz) { increment_ = hz / kSampleRate; }
    void setPhase(double phase) { phase_ = wrapPhase(phase); }
    double next() {
        const double value = sineOfPhase(phase_);
        phase_ += increment_;
        if (phase_ >= 1.0) phase_ -= 1.0;
        return value;
    }

private:
    double phase_ = 0.0;
    double increment_ = 0.0;
};

// A steady sine by rotating a vector a fixed angle per sample: four multiplications and no branch,
// for the drones, which hold one frequency for the whole piece. renormalise() once per block stops
// the rounding errors from slowly changing its amplitude.
class RotatingSine {
public:
    void start(double hz, double phase) {
        const double step = 2.0 * kPi * hz / kSampleRate;
        stepCos_ = std::cos(step);
        stepSin_ = std::sin(step);
        sine_ = sineOfPhase(wrapPhase(phase));
        cosine_ = sineOfPhase(wrapPhase(phase + 0.25));
    }
    double next() {
        const double value = sine_;
        const double sine = sine_ * stepCos_ + cosine_ * stepSin_;
        cosine_ = cosine_ * stepCos_ - sine_ * stepSin_;
        sine_ = sine;
        return value;
    }
    void renormalise() {
        const double correction = 1.5 - 0.5 * (sine_ * sine_ + cosine_ * cosine_);
        sine_ *= correction;
        cosine_ *= correction;
    }

private:
    double sine_ = 0.0;
    double cosine_ = 1.0;
    double stepCos_ = 1.0;
    double stepSin_ = 0.0;
};

// Band-limited sawtooth (PolyBLEP), the raw material of the pads; always heard through a low-pass.
class SawOscillator {
public:
    void setFrequency(double hz) { increment_ = hz / kSampleRate; }
    void setPhase(double phase) { phase_ = wrapPhase(phase); }
    double next() {
        double value = 2.0 * phase_ - 1.0;
        if (phase_ < increment_) {
            const double t = phase_ / increment_;
            value -= t + t - t * t - 1.0;
        } else if (phase_ > 1.0 - increment_) {
            const double t = (phase_ - 1.0) / increment_;
            value -= t * t + t + t + 1.0;
        }
        phase_ += increment_;
        if (phase_ >= 1.0) phase_ -= 1.0;
        return value;
    }

private:
    double phase_ = 0.0;
    double increment_ = 0.0;
};

// Two-pole low-pass (Simper's trapezoidal state-variable filter): stays stable and click-free while
// its cutoff is modulated, which the slow filter sweeps rely on.
class LowPassFilter {
public:
    void setCutoff(double hz, double q = 0.707) {
        const double g = std::tan(kPi * hz / kSampleRate);
        const double k = 1.0 / q;
        a1_ = 1.0 / (1.0 + g * (g + k));
        a2_ = g * a1_;
        a3_ = g * a2_;
    }
    double process(double input) {
        const double v3 = input - ic2eq_;
        const double v1 = a1_ * ic1eq_ + a2_ * v3;
        const double v2 = ic2eq_ + a2_ * ic1eq_ + a3_ * v3;
        ic1eq_ = 2.0 * v1 - ic1eq_;
        ic2eq_ = 2.0 * v2 - ic2eq_;
        return v2;
    }

private:
    double a1_ = 0.0, a2_ = 0.0, a3_ = 0.0;
    double ic1eq_ = 0.0, ic2eq_ = 0.0;
};

// Removes DC and sub-sonic rumble (one-pole high-pass).
class DcBlocker {
public:
    explicit DcBlocker(double cutoffHz = 20.0) : pole_(std::exp(-2.0 * kPi * cutoffHz / kSampleRate)) {}
    double process(double input) {
        const double output = input - previousInput_ + pole_ * previousOutput_;
        previousInput_ = input;
        previousOutput_ = output;
        return output;
    }

private:
    double pole_;
    double previousInput_ = 0.0;
    double previousOutput_ = 0.0;
};

// A control value computed once per block and ramped linearly across it, so no parameter ever steps.
class RampedValue {
public:
    explicit RampedValue(double initial = 0.0) : current_(initial), target_(initial) {}
    void beginBlock(double target, int frames) {
        current_ = target_;
        target_ = target;
        step_ = (target_ - current_) / frames;
    }
    double next() {
        const double value = current_;
        current_ += step_;
        return value;
    }

private:
    double current_;
    double target_;
    double step_ = 0.0;
};

// 0 at x <= 0, 1 at x >= 1, raised-cosine in between: the shape of every fade and crossfade here.
inline double raisedCosine(double x) {
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    return 0.5 - 0.5 * sineOfPhase(0.5 * x + 0.25);  // 0.5 - 0.5 * cos(pi * x)
}

}  // namespace stillpoint::demo
