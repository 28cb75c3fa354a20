// The decode-ahead streams the conductor plays, as an interface: the engine plugs in the StreamPool; tests
// plug in synthetic streams so conductor decisions can be checked frame by frame without files.
// Same contract and threads as audio::StreamPool (audio/engine/stream/StreamPool.h); all audio-thread calls.
#pragma once

#include <cstdint>

#include "audio/engine/stream/StreamPool.h"

namespace stillpoint::session {

class StreamProvider {
public:
    virtual ~StreamProvider() = default;
    virtual int acquire(std::uint32_t sourceId, double offsetSeconds) noexcept = 0;
    virtual audio::StreamStatus status(int slot) const noexcept = 0;
    virtual int read(int slot, float* interleavedStereo, int frames) noexcept = 0;
    virtual bool finished(int slot) const noexcept = 0;
    virtual std::int64_t lengthFrames(int slot) const noexcept = 0;
    virtual bool lengthExact(int slot) const noexcept = 0;
    virtual std::int64_t framesRead(int slot) const noexcept = 0;
    virtual audio::StreamFault fault(int slot) const noexcept = 0;
    virtual const char* faultDetail(int slot) const noexcept = 0;
    virtual void release(int slot) noexcept = 0;
};

}  // namespace stillpoint::session
