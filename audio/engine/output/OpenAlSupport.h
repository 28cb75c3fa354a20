// Small helpers shared by the OpenAL Soft outputs: error text, extension function lookup and the one way
// our streaming source is set up (direct channels, bsinc24, gain 1), so live and offline mix identically.
#pragma once

#include <AL/al.h>
#include <AL/alc.h>
#include <AL/alext.h>

#include <stdexcept>
#include <string>

namespace stillpoint::audio::openal {

// "AL_INVALID_VALUE" etc., for messages.
std::string alErrorName(ALenum error);
std::string alcErrorName(ALCenum error);

// Throws std::runtime_error naming `what` if an AL call just failed.
void throwIfAlError(const char* what);

// Looks up an ALC extension function; throws std::runtime_error if OpenAL Soft does not have it.
template <typename Function>
Function alcFunction(ALCdevice* device, const char* name) {
    auto* address = alcGetProcAddress(device, name);
    if (address == nullptr) throw std::runtime_error(std::string("OpenAL Soft lacks ") + name);
    return reinterpret_cast<Function>(address);
}

// Sets up `source` as the engine's one streaming source: stereo played as is (AL_SOFT_direct_channels),
// gain fixed at 1 (all gain changes happen in our mixer), the 23rd-order sinc resampler (a no-op while the
// rates match, which they do). Needs a current context.
void configureStreamingSource(ALuint source);

}  // namespace stillpoint::audio::openal
