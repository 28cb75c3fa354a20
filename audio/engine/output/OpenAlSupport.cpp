#include "audio/engine/output/OpenAlSupport.h"

#include <cstring>
#include <stdexcept>

namespace stillpoint::audio::openal {

std::string alErrorName(ALenum error) {
    switch (error) {
        case AL_NO_ERROR:
            return "AL_NO_ERROR";
        case AL_INVALID_NAME:
            return "AL_INVALID_NAME";
        case AL_INVALID_ENUM:
            return "AL_INVALID_ENUM";
        case AL_INVALID_VALUE:
            return "AL_INVALID_VALUE";
        case AL_INVALID_OPERATION:
            return "AL_INVALID_OPERATION";
        case AL_OUT_OF_MEMORY:
            return "AL_OUT_OF_MEMORY";
        default:
            return "AL error " + std::to_string(error);
    }
}

std::string alcErrorName(ALCenum error) {
    switch (error) {
        case ALC_NO_ERROR:
            return "ALC_NO_ERROR";
        case ALC_INVALID_DEVICE:
            return "ALC_INVALID_DEVICE";
        case ALC_INVALID_CONTEXT:
            return "ALC_INVALID_CONTEXT";
        case ALC_INVALID_ENUM:
            return "ALC_INVALID_ENUM";
        case ALC_INVALID_VALUE:
            return "ALC_INVALID_VALUE";
        case ALC_OUT_OF_MEMORY:
            return "ALC_OUT_OF_MEMORY";
        default:
            return "ALC error " + std::to_string(error);
    }
}

void throwIfAlError(const char* what) {
    const ALenum error = alGetError();
    if (error != AL_NO_ERROR)
        throw std::runtime_error(std::string("OpenAL: ") + what + " failed: " + alErrorName(error));
}

namespace {

// Index of the 23rd-order sinc (bsinc24) among the resamplers this OpenAL Soft offers, or -1.
ALint findBsinc24Resampler() {
    if (!alIsExtensionPresent("AL_SOFT_source_resampler")) return -1;
    auto* getStringi = reinterpret_cast<LPALGETSTRINGISOFT>(alGetProcAddress("alGetStringiSOFT"));
    if (getStringi == nullptr) return -1;
    const ALint count = alGetInteger(AL_NUM_RESAMPLERS_SOFT);
    for (ALint index = 0; index < count; ++index) {
        const ALchar* name = getStringi(AL_RESAMPLER_NAME_SOFT, index);
        if (name != nullptr && std::strstr(name, "23rd order Sinc") != nullptr) return index;
    }
    return -1;
}

}  // namespace

void configureStreamingSource(ALuint source) {
    alSourcef(source, AL_GAIN, 1.0f);
    alSourcef(source, AL_PITCH, 1.0f);
    alSourcei(source, AL_SOURCE_RELATIVE, AL_TRUE);
    alSource3f(source, AL_POSITION, 0.0f, 0.0f, 0.0f);
    alSourcei(source, AL_LOOPING, AL_FALSE);
    if (alIsExtensionPresent("AL_SOFT_direct_channels")) alSourcei(source, AL_DIRECT_CHANNELS_SOFT, AL_TRUE);
    if (const ALint resampler = findBsinc24Resampler(); resampler >= 0)
        alSourcei(source, AL_SOURCE_RESAMPLER_SOFT, resampler);
    throwIfAlError("setting up the streaming source");
}

}  // namespace stillpoint::audio::openal
