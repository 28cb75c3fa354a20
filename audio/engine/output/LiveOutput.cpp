#include "audio/engine/output/LiveOutput.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "audio/engine/output/OpenAlSupport.h"
#include "audio/engine/output/OutputFeeder.h"

namespace stillpoint::audio {

using namespace openal;

namespace {

// OpenAL Soft 1.19's null backend calls its one device this.
constexpr const char* kNullDeviceName = "No Output";
constexpr auto kConnectionCheckInterval = std::chrono::milliseconds(200);
constexpr auto kReopenInterval = std::chrono::seconds(1);
// How often the feeder looks while the device is about to finish a buffer (LiveOutput::untilNextWake).
constexpr auto kFinishPoll = std::chrono::microseconds(2000);

bool isNullRequest(const std::string& name) {
    return name == "null";
}

std::string openedDeviceName(ALCdevice* device) {
    const ALCenum which = alcIsExtensionPresent(nullptr, "ALC_ENUMERATE_ALL_EXT") ? ALC_ALL_DEVICES_SPECIFIER
                                                                                  : ALC_DEVICE_SPECIFIER;
    const ALCchar* name = alcGetString(device, which);
    return name != nullptr ? name : "";
}

// OpenAL Soft 1.19 answers a failed open with ALC_INVALID_VALUE for an unknown name and, misleadingly,
// ALC_OUT_OF_MEMORY when the backend (ALSA, PulseAudio) could not open the device.
std::string whyOpenFailed(ALCenum error) {
    if (error == ALC_INVALID_VALUE) return "no device of that name (" + alcErrorName(error) + ")";
    return "the sound system did not open it (OpenAL Soft: " + alcErrorName(error) + ")";
}

std::string howToChoose() {
    return "Choose one with --output NAME (see `stillpoint devices`), or --output null to run without sound";
}

}  // namespace

class LiveOutput::Impl final : public FedOutput {
public:
    Impl(AudioSource& source, OutputOptions options)
        : source_(source),
          options_(std::move(options)),
          feeder_(options_.feeder ? options_.feeder : std::make_shared<OutputFeeder>()) {
        if (options_.bufferFrames < 64 || options_.bufferCount < 2)
            throw std::invalid_argument("LiveOutput: needs at least 2 buffers of at least 64 frames");
        options_.maxBufferCount = std::max(options_.maxBufferCount, options_.bufferCount);
        activeBuffers_ = options_.bufferCount;
        if (isNullRequest(options_.deviceName)) {
            // OpenAL Soft reads ALSOFT_DRIVERS once, at the first ALC call in the process; from then on the
            // null backend is only reachable if it was chosen then. When something used OpenAL before (a
            // device list), openDevice() falls back to a loopback device paced by the wall clock instead.
            setenv("ALSOFT_DRIVERS", "null", 1);
        }
        if (!alcIsExtensionPresent(nullptr, "ALC_EXT_thread_local_context"))
            throw std::runtime_error(
                "OpenAL Soft lacks ALC_EXT_thread_local_context; install OpenAL Soft 1.19 or newer");
        setThreadContext_ = alcFunction<PFNALCSETTHREADCONTEXTPROC>(nullptr, "alcSetThreadContext");
        scratch_.resize(static_cast<std::size_t>(options_.bufferFrames) * 2);

        std::string why;
        if (!openDevice(options_.deviceName, why)) {
            if (isNullRequest(options_.deviceName))
                throw std::runtime_error("the null output could not be opened (" + why +
                                         "). Start stillpoint with ALSOFT_DRIVERS=null in the environment");
            if (!options_.deviceName.empty())
                throw std::runtime_error("audio output device \"" + options_.deviceName +
                                         "\" could not be opened (" + why + "). " + howToChoose());
            throw std::runtime_error("no audio output device could be opened (the default device: " + why +
                                     "; is a sound server or ALSA device there?). " + howToChoose());
        }
        setThreadContext_(context_);
        const bool created = createSourceAndBuffers(why);
        setThreadContext_(nullptr);
        if (!created) {
            closeDevice();
            throw std::runtime_error("the audio output could not be set up (" + why + "). " + howToChoose());
        }
        connected_.store(true);
    }

    ~Impl() {
        stop();
        closeDevice();
    }

    void start() {
        feeder_->attach(*this, options_.fedFirst ? OutputFeeder::Turn::First : OutputFeeder::Turn::After);
    }
    void stop() { feeder_->detach(*this); }

    bool connected() const { return connected_.load(std::memory_order_acquire); }

    void simulateDeviceLoss(SimulatedLoss how) {
        deviceStaysAway_.store(how == SimulatedLoss::DeviceStaysAway);
        simulatedLoss_.store(true);
    }
    void endSimulatedDeviceLoss() { deviceStaysAway_.store(false); }
    int starvedCount() const { return starvedCount_.load(std::memory_order_relaxed); }
    int nearlyStarvedCount() const { return nearlyStarvedCount_.load(std::memory_order_relaxed); }
    int queuedFrames() const { return queuedFrames_.load(std::memory_order_relaxed); }
    bool realtimePriority() const { return feeder_->realtimePriority(); }

    std::string deviceName() const {
        std::lock_guard lock(nameMutex_);
        return deviceName_;
    }

    int sampleRate() const { return deviceRate_.load(std::memory_order_acquire); }

private:
    // ---- device lifetime (constructor/destructor thread, or the feeder thread while it runs) ----
    bool openDevice(const std::string& requested, std::string& why) {
        const char* name =
            isNullRequest(requested) ? kNullDeviceName : (requested.empty() ? nullptr : requested.c_str());
        device_ = alcOpenDevice(name);
        if (device_ == nullptr && isNullRequest(requested)) return openPacedLoopback(why);
        if (device_ == nullptr) {
            why = whyOpenFailed(alcGetError(nullptr));
            return false;
        }
        // OpenAL Soft's own output limiter (on for integer devices) would sit behind ours, which already
        // holds every sample at or below the program's ceiling; it costs a log and an exp per sample.
        const ALCint attributes[] = {ALC_FREQUENCY,
                                     options_.sampleRate,
                                     ALC_HRTF_SOFT,
                                     ALC_FALSE,
                                     ALC_OUTPUT_LIMITER_SOFT,
                                     ALC_FALSE,
                                     0};
        context_ = alcCreateContext(device_, attributes);
        if (context_ == nullptr) {
            why = "OpenAL Soft could not create a context: " + alcErrorName(alcGetError(device_));
            alcCloseDevice(device_);
            device_ = nullptr;
            return false;
        }
        ALCint rate = 0;
        alcGetIntegerv(device_, ALC_FREQUENCY, 1, &rate);
        deviceRate_.store(rate > 0 ? rate : options_.sampleRate, std::memory_order_release);
        canDetectDisconnect_ = alcIsExtensionPresent(device_, "ALC_EXT_disconnect") == ALC_TRUE;
        std::lock_guard lock(nameMutex_);
        deviceName_ = openedDeviceName(device_);
        return true;
    }

    // The null output when OpenAL Soft was started without its null backend: a loopback device that the
    // feeder thread renders (and throws away) at the pace of the wall clock, so the source is still
    // consumed in real time through the same OpenAL source and buffer queue.
    bool openPacedLoopback(std::string& why) {
        pacedLoopback_ = false;
        try {
            const auto openLoopback =
                alcFunction<LPALCLOOPBACKOPENDEVICESOFT>(nullptr, "alcLoopbackOpenDeviceSOFT");
            renderSamples_ = alcFunction<LPALCRENDERSAMPLESSOFT>(nullptr, "alcRenderSamplesSOFT");
            device_ = openLoopback(nullptr);
        } catch (const std::exception& error) {
            why = error.what();
            return false;
        }
        if (device_ == nullptr) {
            why = "OpenAL Soft could not open a loopback device";
            return false;
        }
        const ALCint attributes[] = {ALC_FORMAT_CHANNELS_SOFT,
                                     ALC_STEREO_SOFT,
                                     ALC_FORMAT_TYPE_SOFT,
                                     ALC_FLOAT_SOFT,
                                     ALC_FREQUENCY,
                                     options_.sampleRate,
                                     ALC_HRTF_SOFT,
                                     ALC_FALSE,
                                     0};
        context_ = alcCreateContext(device_, attributes);
        if (context_ == nullptr) {
            why = "OpenAL Soft could not create a loopback context: " + alcErrorName(alcGetError(device_));
            alcCloseDevice(device_);
            device_ = nullptr;
            return false;
        }
        pacedLoopback_ = true;
        discard_.resize(static_cast<std::size_t>(options_.bufferFrames) * 2);
        deviceRate_.store(options_.sampleRate, std::memory_order_release);
        canDetectDisconnect_ = alcIsExtensionPresent(device_, "ALC_EXT_disconnect") == ALC_TRUE;
        std::lock_guard lock(nameMutex_);
        deviceName_ = kNullDeviceName;
        return true;
    }

    // Paced loopback only: mixes as many frames as the wall clock says a real device would have played.
    // Returns whether a buffer was finished.
    bool renderPaced() {
        const auto elapsed = std::chrono::steady_clock::now() - pacedStart_;
        const auto due =
            static_cast<std::int64_t>(std::chrono::duration<double>(elapsed).count() * options_.sampleRate);
        // After a long stall (machine suspended), carry on from now rather than racing to catch up.
        if (due - pacedRendered_ > options_.sampleRate) pacedRendered_ = due - options_.bufferFrames;
        bool finished = false;
        while (pacedRendered_ + options_.bufferFrames <= due) {
            renderSamples_(device_, discard_.data(), options_.bufferFrames);
            pacedRendered_ += options_.bufferFrames;
            finished = refillProcessedBuffers() || finished;
        }
        return finished;
    }

    // Buffers the queue needs on the open device, once `updateFrames_` is known: `bufferCount` beside what
    // one of its mixing updates takes at once, less one, so that as many as on a device with short updates
    // are still queued when the mixer has taken its update. (OpenAL Soft 1.19 ignores ALC_REFRESH as a
    // request; it only says what the device's configuration gave.)
    int buffersForDevice() const { return options_.bufferCount + buffersPerUpdate() - 1; }

    // How many buffers one of the device's mixing updates can finish at once.
    int buffersPerUpdate() const {
        return (updateFrames_ + options_.bufferFrames - 1) / options_.bufferFrames;
    }

    // How many frames (at the buffers' rate) the device's mixer takes from the queue at once: one buffer
    // for the paced loopback, mixed here a buffer at a time.
    int deviceUpdateFrames() const {
        if (pacedLoopback_) return options_.bufferFrames;
        ALCint refresh = 0;  // mixing updates a second
        alcGetIntegerv(device_, ALC_REFRESH, 1, &refresh);
        if (refresh <= 0) return options_.bufferFrames;
        return (options_.sampleRate + refresh - 1) / refresh;
    }

    // Needs the context current on this thread.
    bool createSourceAndBuffers(std::string& why) {
        updateFrames_ = deviceUpdateFrames();
        activeBuffers_ = std::max(activeBuffers_, buffersForDevice());
        queueSet(activeBuffers_);
        // As many as the queue may grow to, made now: the feeder thread never allocates.
        const int capacity = std::max(options_.maxBufferCount, activeBuffers_ + options_.bufferCount);
        alGetError();
        alGenSources(1, &alSource_);
        buffers_.assign(static_cast<std::size_t>(capacity), 0);
        alGenBuffers(capacity, buffers_.data());
        if (const ALenum error = alGetError(); error != AL_NO_ERROR) {
            why = "OpenAL: creating the source and buffers failed: " + alErrorName(error);
            return false;
        }
        try {
            configureStreamingSource(alSource_);
        } catch (const std::exception& error) {
            why = error.what();
            return false;
        }
        return true;
    }

    void closeDevice() {
        if (context_ != nullptr) {
            setThreadContext_(context_);
            if (alSource_ != 0) {
                alSourceStop(alSource_);
                alSourcei(alSource_, AL_BUFFER, 0);
                alDeleteSources(1, &alSource_);
                alSource_ = 0;
            }
            if (!buffers_.empty()) alDeleteBuffers(static_cast<ALsizei>(buffers_.size()), buffers_.data());
            buffers_.clear();
            setThreadContext_(nullptr);
            alcDestroyContext(context_);
            context_ = nullptr;
        }
        if (device_ != nullptr) {
            alcCloseDevice(device_);
            device_ = nullptr;
        }
    }

    // ---- feeding thread (OutputFeeder) ----
    void beginFeeding() override {
        if (deviceState_.load(std::memory_order_acquire) != DeviceState::Playing)
            return;  // the keeper has it
        setThreadContext_(context_);
        if (connected()) prefillAndPlay();
        nextConnectionCheck_ = Clock::now();
    }

    void endFeeding() override {
        if (deviceState_.load(std::memory_order_acquire) == DeviceState::Lost) return;
        setThreadContext_(context_);
        if (context_ != nullptr)
            alSourceStop(alSource_);  // a hard cut: the session fades out before stopping
        setThreadContext_(nullptr);
    }

    Clock::time_point feed(Clock::time_point now) override {
        const DeviceState state = deviceState_.load(std::memory_order_acquire);
        if (state == DeviceState::Lost) return now + kConnectionCheckInterval;  // the keeping thread has it
        setThreadContext_(context_);
        if (state == DeviceState::Reopened) playReopened(now);
        // A stopped source is starved (this thread was late) or its device is gone: OpenAL Soft stops
        // the sources of a lost device and then counts all their buffers as played, so refilling them
        // before asking would run the session on at many times its pace into a device that plays
        // nothing. Asked at once, a device that fails at its first write is lost at 0:00.
        if (canDetectDisconnect_ && (now >= nextConnectionCheck_ || !sourcePlaying())) {
            nextConnectionCheck_ = now + kConnectionCheckInterval;
            if (deviceDisconnected()) {
                // Told now: nothing renders while the device is gone, so the session would not know.
                // A device lost again during its trial was never reported back: nothing to tell.
                if (!onTrial_) source_.outputConnectionChanged(false);
                connected_.store(false, std::memory_order_release);
                onTrial_ = false;
                alSourceStop(alSource_);
                setThreadContext_(nullptr);
                // 1.19 cannot reset a lost device: the keeping thread closes it and opens a new one.
                nextReopen_ = now + kReopenInterval;
                deviceState_.store(DeviceState::Lost, std::memory_order_release);
                return now + kConnectionCheckInterval;
            }
            if (onTrial_ && now >= trialEnds_) {
                // It stayed connected through a check: the music goes on where it stopped.
                onTrial_ = false;
                connected_.store(true, std::memory_order_release);
                source_.outputConnectionChanged(true);
            }
        }
        bool finished = false;
        if (pacedLoopback_) finished = renderPaced();
        finished = refillProcessedBuffers() || finished;
        return now + untilNextWake(now, finished);
    }

    // A device the keeping thread opened again first plays silence until it has passed a connection check:
    // one that fails again at once (a file that cannot be written, a sound server still restarting)
    // neither moves the session on nor reports it back and lost again every second. Nobody called render()
    // while the device was gone, so the music then continues exactly where it was cut off.
    void playReopened(Clock::time_point now) {
        onTrial_ = canDetectDisconnect_;
        trialEnds_ = now + kConnectionCheckInterval;
        nextConnectionCheck_ = now;
        prefillAndPlay();
        deviceState_.store(DeviceState::Playing, std::memory_order_relaxed);
        if (!onTrial_) {
            connected_.store(true, std::memory_order_release);
            source_.outputConnectionChanged(true);
        }
    }

    // ---- keeping thread (OutputFeeder): a lost device closed and opened again, off the feeding thread ----
    void keep(Clock::time_point now) override {
        if (deviceState_.load(std::memory_order_acquire) != DeviceState::Lost) return;
        closeDevice();
        if (now < nextReopen_) return;
        nextReopen_ = now + kReopenInterval;
        if (deviceStaysAway_.load()) return;
        std::string why;
        bool opened = openDevice(options_.deviceName, why);
        if (!opened && !options_.deviceName.empty() && !isNullRequest(options_.deviceName))
            opened =
                openDevice("", why);  // the named device is gone for now: the default is better than silence
        if (!opened) return;
        setThreadContext_(context_);
        const bool created = createSourceAndBuffers(why);
        setThreadContext_(nullptr);
        if (!created) {
            closeDevice();
            return;
        }
        deviceState_.store(DeviceState::Reopened, std::memory_order_release);
    }
    bool sourcePlaying() const {
        ALint state = AL_PLAYING;
        alGetSourcei(alSource_, AL_SOURCE_STATE, &state);
        return state == AL_PLAYING;
    }

    bool deviceDisconnected() {
        ALCint isConnected = ALC_TRUE;
        alcGetIntegerv(device_, ALC_CONNECTED, 1, &isConnected);
        return simulatedLoss_.exchange(false) || isConnected == ALC_FALSE;
    }

    // When to look again. Each buffer is refilled within 2 ms of the device finishing it, so the time of
    // each render call is the device's own clock to within 2 ms (a room output follows the patient's by
    // those times) and the queue is kept as full as it can be; but the thread sleeps through the rest of
    // the buffer. The device finished one between the look before and this one; its mixer takes its
    // updates whole, so the next buffer ends one update later at the earliest, or as many as cover what
    // is left of a buffer longer than an update (`nextFinishFrames`), counted from the look before. The
    // looks every 2 ms start just before then. Waking every 2 ms throughout cost three outputs 1500 wakes
    // a second, half of their CPU time (docs/benchmarks.md). Where the device is in its buffer is not
    // asked: OpenAL Soft 1.19 answers AL_SAMPLE_OFFSET only between two mixing updates, yielding until
    // then, and this real-time thread yields only to its equals: on a busy machine it can spin while the
    // mixer it waits for cannot run (three outputs on two cores ran dry every few seconds).
    std::chrono::microseconds untilNextWake(Clock::time_point now, bool finished) {
        const auto bufferDuration = framesToDuration(options_.bufferFrames);
        const auto poll = std::min(bufferDuration, kFinishPoll);
        if (finished) bufferEnds_ = lastLook_ + framesToDuration(nextFinishFrames());
        lastLook_ = now;
        const auto pollFrom = bufferEnds_ - poll;
        if (now >= pollFrom) return poll;
        return std::min(bufferDuration,
                        std::chrono::duration_cast<std::chrono::microseconds>(pollFrom - now));
    }

    std::chrono::microseconds framesToDuration(int frames) const {
        return std::chrono::microseconds(static_cast<std::int64_t>(frames) * 1'000'000 / options_.sampleRate);
    }

    // The shortest time, in frames, from the mixing update that finished a buffer to the one that
    // finishes the next: whole updates, at least one, that take at least what is left of the buffer
    // beyond the first update.
    int nextFinishFrames() const {
        const int beyondFirstUpdate = std::max(0, options_.bufferFrames - updateFrames_);
        return updateFrames_ * std::max(1, (beyondFirstUpdate + updateFrames_ - 1) / updateFrames_);
    }

    void prefillAndPlay() {
        alSourceStop(alSource_);
        alSourcei(alSource_, AL_BUFFER, 0);  // drop whatever was queued before a stop()
        for (int index = 0; index < activeBuffers_; ++index)
            fillAndQueue(buffers_[static_cast<std::size_t>(index)]);
        alSourcePlay(alSource_);
        pacedStart_ = std::chrono::steady_clock::now();
        pacedRendered_ = 0;
        queueFullAt_ = pacedStart_;
        bufferEnds_ = {};  // not known until the device has finished one: look every 2 ms till then
    }

    void fillAndQueue(ALuint buffer) {
        if (onTrial_)
            std::fill(scratch_.begin(), scratch_.end(), 0.0f);
        else
            source_.render(scratch_.data(), options_.bufferFrames);
        // Buffers carry the rate the source renders at; should the device have given another rate, the
        // source's bsinc24 resampler bridges the two.
        alBufferData(buffer, AL_FORMAT_STEREO_FLOAT32, scratch_.data(),
                     static_cast<ALsizei>(scratch_.size() * sizeof(float)), options_.sampleRate);
        alSourceQueueBuffers(alSource_, 1, &buffer);
    }

    // Returns whether the device had finished a buffer (or had run dry).
    bool refillProcessedBuffers() {
        ALint processed = 0;
        alGetSourcei(alSource_, AL_BUFFERS_PROCESSED, &processed);
        const int refilled = processed;
        std::chrono::steady_clock::time_point firstQueued{};
        while (processed-- > 0) {
            ALuint buffer = 0;
            alSourceUnqueueBuffers(alSource_, 1, &buffer);
            fillAndQueue(buffer);
            if (firstQueued == std::chrono::steady_clock::time_point{})
                firstQueued = std::chrono::steady_clock::now();
        }
        if (!sourcePlaying()) {  // starved (this thread was late): a longer queue from now on, and carry on
            growQueueBy(options_.bufferCount);
            alSourcePlay(alSource_);
            queueFullAt_ = std::chrono::steady_clock::now();
            starvedCount_.fetch_add(1, std::memory_order_relaxed);
            if (!onTrial_) source_.outputStarved(activeBuffers_ * options_.bufferFrames);
            return true;
        }
        if (refilled > 0 && nearlyRanDry(firstQueued)) {
            // Not heard, but a delay a little longer (a late wake, a slow render) would have been: one
            // buffer more from now on.
            growQueueBy(1);
            nearlyStarvedCount_.fetch_add(1, std::memory_order_relaxed);
        }
        if (refilled > 0) queueFullAt_ = std::chrono::steady_clock::now();
        return refilled > 0;
    }

    // Whether the device had less than a buffer left to play when the first of the buffers just refilled
    // was queued. When the queue was last full it held at most `activeBuffers_` unplayed; the device has
    // played on since, in real time. That bound, not the device's own position (AL_SAMPLE_OFFSET can hold
    // this thread up, see untilNextWake), never says "nearly" too soon and sees a slow render as well as
    // a late wake. With two buffers, one left is the normal state: never "nearly".
    bool nearlyRanDry(std::chrono::steady_clock::time_point firstQueued) const {
        if (activeBuffers_ <= 2) return false;
        const auto sinceFull = std::chrono::duration<double>(firstQueued - queueFullAt_).count();
        return sinceFull * options_.sampleRate > (activeBuffers_ - 1) * options_.bufferFrames;
    }

    void growQueueBy(int buffers) {
        const int grown = std::min(activeBuffers_ + buffers, static_cast<int>(buffers_.size()));
        queueSet(grown);  // before the extra buffers are rendered: the source sees them as a longer queue
        for (; activeBuffers_ < grown; ++activeBuffers_)
            fillAndQueue(buffers_[static_cast<std::size_t>(activeBuffers_)]);
    }

    // The queue will hold `buffers` from now on: recorded, and told to the source. Each mixing update
    // finishes as many buffers as it overlaps, and the feeder refills them together.
    void queueSet(int buffers) {
        queuedFrames_.store(buffers * options_.bufferFrames, std::memory_order_relaxed);
        source_.outputQueueSet(buffersPerUpdate() * options_.bufferFrames, buffers * options_.bufferFrames);
    }

    AudioSource& source_;
    OutputOptions options_;
    PFNALCSETTHREADCONTEXTPROC setThreadContext_ = nullptr;
    ALCdevice* device_ = nullptr;
    ALCcontext* context_ = nullptr;
    ALuint alSource_ = 0;
    std::vector<ALuint> buffers_;
    std::vector<float> scratch_;
    bool canDetectDisconnect_ = false;
    bool pacedLoopback_ = false;
    int updateFrames_ = 0;                                // deviceUpdateFrames() of the open device
    std::chrono::steady_clock::time_point lastLook_{};    // the feeder's last wake
    std::chrono::steady_clock::time_point bufferEnds_{};  // the earliest the playing buffer can end
    LPALCRENDERSAMPLESSOFT renderSamples_ = nullptr;
    std::vector<float> discard_;
    std::chrono::steady_clock::time_point pacedStart_{};
    std::int64_t pacedRendered_ = 0;
    std::chrono::steady_clock::time_point queueFullAt_{};  // when the feeder last topped the queue up
    std::chrono::steady_clock::time_point nextReopen_{};
    bool onTrial_ = false;   // reopened, playing silence until a connection check has passed
    int activeBuffers_ = 0;  // of buffers_, how many are queued: grows when the device (nearly) ran dry
    std::chrono::steady_clock::time_point trialEnds_{};

    std::atomic<bool> connected_{false};
    std::atomic<bool> simulatedLoss_{false};
    std::atomic<bool> deviceStaysAway_{false};
    std::atomic<int> starvedCount_{0};
    std::atomic<int> nearlyStarvedCount_{0};
    std::atomic<int> queuedFrames_{0};
    std::atomic<int> deviceRate_{0};
    mutable std::mutex nameMutex_;
    std::string deviceName_;

    // Who has the device: the feeding thread while it plays; the keeping thread from its loss until it is
    // opened again, when the feeding thread takes it back. Handed over with release and acquire.
    enum class DeviceState { Playing, Lost, Reopened };
    std::atomic<DeviceState> deviceState_{DeviceState::Playing};
    Clock::time_point nextConnectionCheck_{};
    std::shared_ptr<OutputFeeder> feeder_;
};

LiveOutput::LiveOutput(AudioSource& source, OutputOptions options)
    : impl_(std::make_unique<Impl>(source, std::move(options))) {}
LiveOutput::~LiveOutput() = default;
void LiveOutput::start() {
    impl_->start();
}
void LiveOutput::stop() {
    impl_->stop();
}
bool LiveOutput::connected() const {
    return impl_->connected();
}
bool LiveOutput::realtimePriority() const {
    return impl_->realtimePriority();
}
int LiveOutput::starvedCount() const {
    return impl_->starvedCount();
}
int LiveOutput::nearlyStarvedCount() const {
    return impl_->nearlyStarvedCount();
}
int LiveOutput::queuedFrames() const {
    return impl_->queuedFrames();
}
void LiveOutput::simulateDeviceLoss(SimulatedLoss how) {
    impl_->simulateDeviceLoss(how);
}
void LiveOutput::endSimulatedDeviceLoss() {
    impl_->endSimulatedDeviceLoss();
}
std::string LiveOutput::deviceName() const {
    return impl_->deviceName();
}
int LiveOutput::sampleRate() const {
    return impl_->sampleRate();
}

bool useOpenAlSettings(const std::filesystem::path& settings) {
    const char* chosen = std::getenv("ALSOFT_CONF");
    if (chosen != nullptr && *chosen != '\0') return false;
    std::error_code error;
    if (!std::filesystem::is_regular_file(settings, error)) return false;
    return setenv("ALSOFT_CONF", settings.c_str(), 1) == 0;
}

std::vector<std::string> listOutputDevices() {
    const bool all = alcIsExtensionPresent(nullptr, "ALC_ENUMERATE_ALL_EXT") == ALC_TRUE;
    const ALCchar* list = alcGetString(nullptr, all ? ALC_ALL_DEVICES_SPECIFIER : ALC_DEVICE_SPECIFIER);
    std::vector<std::string> names;
    // A list of NUL-terminated names, ended by an empty one.
    for (const ALCchar* name = list; name != nullptr && *name != '\0';
         name += std::char_traits<char>::length(name) + 1)
        names.emplace_back(name);
    return names;
}

std::string probeOutputDevice(const std::string& name) {
    ALCdevice* device = alcOpenDevice(name.c_str());
    if (device == nullptr) return whyOpenFailed(alcGetError(nullptr));
    alcCloseDevice(device);
    return "";
}

std::string defaultOutputDevice() {
    const bool all = alcIsExtensionPresent(nullptr, "ALC_ENUMERATE_ALL_EXT") == ALC_TRUE;
    const ALCchar* name =
        alcGetString(nullptr, all ? ALC_DEFAULT_ALL_DEVICES_SPECIFIER : ALC_DEFAULT_DEVICE_SPECIFIER);
    return name != nullptr ? name : "";
}

}  // namespace stillpoint::audio
