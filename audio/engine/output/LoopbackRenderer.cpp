#include "audio/engine/output/LoopbackRenderer.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "audio/engine/output/OpenAlSupport.h"

namespace stillpoint::audio {

using namespace openal;

class LoopbackRenderer::Impl {
public:
    explicit Impl(int sampleRate) : sampleRate_(sampleRate) {
        if (!alcIsExtensionPresent(nullptr, "ALC_SOFT_loopback"))
            throw std::runtime_error(
                "OpenAL Soft has no loopback device (ALC_SOFT_loopback), needed to render offline; install "
                "OpenAL Soft 1.19 or newer (Debian package libopenal1)");
        if (!alcIsExtensionPresent(nullptr, "ALC_EXT_thread_local_context"))
            throw std::runtime_error(
                "OpenAL Soft lacks ALC_EXT_thread_local_context; install OpenAL Soft 1.19 or newer");
        const auto openLoopback =
            alcFunction<LPALCLOOPBACKOPENDEVICESOFT>(nullptr, "alcLoopbackOpenDeviceSOFT");
        setThreadContext_ = alcFunction<PFNALCSETTHREADCONTEXTPROC>(nullptr, "alcSetThreadContext");
        device_ = openLoopback(nullptr);
        if (device_ == nullptr) throw std::runtime_error("OpenAL Soft could not open its loopback device");
        const auto isFormatSupported =
            alcFunction<LPALCISRENDERFORMATSUPPORTEDSOFT>(device_, "alcIsRenderFormatSupportedSOFT");
        renderSamples_ = alcFunction<LPALCRENDERSAMPLESSOFT>(device_, "alcRenderSamplesSOFT");
        if (!isFormatSupported(device_, sampleRate, ALC_STEREO_SOFT, ALC_FLOAT_SOFT)) {
            alcCloseDevice(device_);
            throw std::runtime_error("OpenAL Soft cannot render stereo float at " +
                                     std::to_string(sampleRate) + " Hz; choose another sample rate");
        }
        const ALCint attributes[] = {ALC_FORMAT_CHANNELS_SOFT,
                                     ALC_STEREO_SOFT,
                                     ALC_FORMAT_TYPE_SOFT,
                                     ALC_FLOAT_SOFT,
                                     ALC_FREQUENCY,
                                     sampleRate,
                                     ALC_HRTF_SOFT,
                                     ALC_FALSE,
                                     0};
        context_ = alcCreateContext(device_, attributes);
        if (context_ == nullptr) {
            const std::string error = alcErrorName(alcGetError(device_));
            alcCloseDevice(device_);
            throw std::runtime_error("OpenAL Soft could not create the loopback context (" + error + ")");
        }
        // A context current on this thread only: a live output in the same process keeps its own.
        setThreadContext_(context_);
        alGetError();
        alGenSources(1, &source_);
        throwIfAlError("creating the loopback source");
        configureStreamingSource(source_);
    }

    ~Impl() {
        setThreadContext_(context_);
        alSourceStop(source_);
        reclaimProcessedBuffers();
        alDeleteSources(1, &source_);
        if (!freeBuffers_.empty())
            alDeleteBuffers(static_cast<ALsizei>(freeBuffers_.size()), freeBuffers_.data());
        setThreadContext_(nullptr);
        alcDestroyContext(context_);
        alcCloseDevice(device_);
    }

    void render(AudioSource& source, float* out, int frames) {
        if (frames <= 0) return;
        setThreadContext_(context_);
        reclaimProcessedBuffers();
        scratch_.resize(static_cast<std::size_t>(frames) * 2);
        source.render(scratch_.data(), frames);

        ALuint buffer = 0;
        if (freeBuffers_.empty()) {
            alGenBuffers(1, &buffer);
            throwIfAlError("creating a loopback buffer");
        } else {
            buffer = freeBuffers_.back();
            freeBuffers_.pop_back();
        }
        alBufferData(buffer, AL_FORMAT_STEREO_FLOAT32, scratch_.data(),
                     static_cast<ALsizei>(scratch_.size() * sizeof(float)), sampleRate_);
        alSourceQueueBuffers(source_, 1, &buffer);
        throwIfAlError("queueing a loopback buffer");
        // Exactly the frames just queued are mixed, so the source runs dry at the end of each call and is
        // started again on the next: output frame n is input frame n, with no latency in between.
        ALint state = AL_STOPPED;
        alGetSourcei(source_, AL_SOURCE_STATE, &state);
        if (state != AL_PLAYING) alSourcePlay(source_);
        renderSamples_(device_, out, frames);
        reclaimProcessedBuffers();
    }

    int sampleRate() const { return sampleRate_; }

private:
    void reclaimProcessedBuffers() {
        ALint processed = 0;
        alGetSourcei(source_, AL_BUFFERS_PROCESSED, &processed);
        while (processed-- > 0) {
            ALuint buffer = 0;
            alSourceUnqueueBuffers(source_, 1, &buffer);
            freeBuffers_.push_back(buffer);
        }
    }

    const int sampleRate_;
    ALCdevice* device_ = nullptr;
    ALCcontext* context_ = nullptr;
    ALuint source_ = 0;
    std::vector<ALuint> freeBuffers_;
    std::vector<float> scratch_;
    LPALCRENDERSAMPLESSOFT renderSamples_ = nullptr;
    PFNALCSETTHREADCONTEXTPROC setThreadContext_ = nullptr;
};

LoopbackRenderer::LoopbackRenderer(int sampleRate) : impl_(std::make_unique<Impl>(sampleRate)) {}
LoopbackRenderer::~LoopbackRenderer() = default;
void LoopbackRenderer::render(AudioSource& source, float* out, int frames) {
    impl_->render(source, out, frames);
}
int LoopbackRenderer::sampleRate() const {
    return impl_->sampleRate();
}

}  // namespace stillpoint::audio
