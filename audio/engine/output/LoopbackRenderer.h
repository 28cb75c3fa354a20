// Offline rendering through OpenAL Soft's loopback device (ALC_SOFT_loopback): the same mix as live
// playback, on the calling thread, as fast as the machine allows.
#pragma once

#include <memory>

#include "audio/engine/output/AudioSource.h"

namespace stillpoint::audio {

class LoopbackRenderer {
public:
    // Opens a loopback device and context at `sampleRate`, stereo float. Throws std::runtime_error with a
    // plain explanation if OpenAL Soft lacks the loopback extension.
    explicit LoopbackRenderer(int sampleRate = 48000);
    ~LoopbackRenderer();

    // Pulls `frames` frames from `source` through one OpenAL streaming source (direct channels) and the
    // loopback mix into `out` (interleaved stereo float).
    void render(AudioSource& source, float* out, int frames);
    int sampleRate() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stillpoint::audio
