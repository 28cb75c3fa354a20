// One playing stream in the mix: a stream slot, its normalisation gain and its fade envelope.
// gain = normalisation (target loudness - measured + track trim) x fade. Plain data; audio thread only.
#pragma once

#include <cstdint>

#include "session/TrackRef.h"
#include "session/mix/GainRamp.h"

namespace stillpoint::session::mix {

struct Voice {
    bool active = false;
    int slot = -1;
    TrackRef track;
    float normalisationGain = 1.0f;
    GainRamp fade{0.0f};
    std::int64_t startFrame = 0;     // session frame of the voice's first frame
    std::int64_t openedAtFrame = 0;  // where in its track the stream was opened (a resume), in output frames
    bool leaving = false;            // fading out; released when the fade reaches zero
    bool trackFadeOutStarted = false;  // the track's own fade_out (or an early-end tail fade) is running
    bool earlyEndHandled = false;      // the decoder reported a short file and the tail fade is scheduled
    bool starved = false;              // the decoder fell behind (fault reported, cleared when it recovers)
    bool mixedThisChunk = false;
    int chunkOffset = 0;  // where in the current chunk the voice starts (mid-chunk hand-offs)
};

}  // namespace stillpoint::session::mix
