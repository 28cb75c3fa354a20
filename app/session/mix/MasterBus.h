// The last stage of the mix: master volume, talk-over duck, the silence/end fade, then the ceiling limiter.
// Every change is a ramp, so nothing the operator does can click. When the fade has reached zero the bus
// writes exact zeros (digital silence), as a patient who asked for silence should get.
// Threads: audio thread only (the engine applies queued commands here).
#pragma once

#include <cstdint>

#include "session/mix/GainRamp.h"
#include "session/mix/PeakLimiter.h"

namespace stillpoint::session::mix {

class MasterBus {
public:
    MasterBus(int sampleRate, double ceilingDbfs, float initialVolume);

    void setVolume(float linear, std::int64_t rampFrames) noexcept;
    void setDuck(float gain, std::int64_t rampFrames) noexcept;
    // Fades everything to digital silence (silence command, session end) or back up (resume).
    void fadeOut(std::int64_t frames) noexcept;
    void fadeIn(std::int64_t frames) noexcept;
    void setPresence(float gain) noexcept { presence_.set(gain); }

    // True once a fade-out has completed: the output is exact zeros.
    bool silent() const noexcept { return !presence_.ramping() && presence_.value() == 0.0f; }
    bool fadingOut() const noexcept { return presence_.target() == 0.0f; }
    float volume() const noexcept { return volume_.target(); }

    // The three gains as they stand, to continue them on the same frame in a resumed session.
    struct State {
        GainRamp::State volume;
        GainRamp::State duck;
        GainRamp::State presence;
    };
    State state() const noexcept { return {volume_.state(), duck_.state(), presence_.state()}; }
    void restore(const State& state) noexcept {
        volume_.restore(state.volume);
        duck_.restore(state.duck);
        presence_.restore(state.presence);
    }

    // Applies the gains and the limiter to `frames` interleaved stereo frames in place.
    void process(float* interleavedStereo, int frames) noexcept;

    int latencyFrames() const noexcept { return limiter_.latencyFrames(); }
    float ceilingLinear() const noexcept { return limiter_.ceilingLinear(); }
    // Largest absolute output sample since the last call.
    float takePeak() noexcept;

private:
    GainRamp volume_;
    GainRamp duck_{1.0f};
    GainRamp presence_{1.0f};
    PeakLimiter limiter_;
    float peak_ = 0.0f;
};

}  // namespace stillpoint::session::mix
