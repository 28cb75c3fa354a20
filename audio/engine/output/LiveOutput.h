// Live playback on an OpenAL Soft device: a feeding thread (OutputFeeder, shared by a session's outputs)
// keeps a short queue of float buffers on one streaming source (direct channels), pulling each from the
// AudioSource. Watches ALC_CONNECTED; a lost device is closed and opened again by the feeder's keeping
// thread, every second, and the music resumes where it was.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "audio/engine/output/AudioSource.h"

namespace stillpoint::audio {

class OutputFeeder;

// How a simulated device loss ends: the device comes back at the next reopening attempt, or stays away
// (every attempt fails, as with a headset left unplugged) until endSimulatedDeviceLoss().
enum class SimulatedLoss { DeviceReturns, DeviceStaysAway };

struct OutputOptions {
    std::string deviceName;  // empty = the system default; "null" = OpenAL Soft's null backend
    int sampleRate = 48000;  // asked of the device; sampleRate() says what it gave
    // Five buffers of 6.7 ms: an operator's command reaches the device's mixer within 33 ms (talk-over,
    // silence and skip must be heard within 50 ms), and when the feeder wakes to refill one, four are
    // still queued: it may be 27 ms late before the device runs dry. The queue always holds what one of the
    // device's own mixing updates takes besides those four: a device that mixes in larger updates (OpenAL
    // Soft's are 23 ms unless set, see assets/openal/alsoft.conf) gets a longer queue. A feeder that finds
    // less than a buffer left (it nearly was too late) adds one to the queue, and a device that ran dry
    // anyway adds `bufferCount`, up to `maxBufferCount`: a busy machine trades latency for no gap, once.
    int bufferFrames = 320;
    int bufferCount = 5;
    int maxBufferCount = 20;
    // The threads that feed it (OutputFeeder): shared by a session's outputs; none = its own.
    std::shared_ptr<OutputFeeder> feeder = nullptr;
    bool fedFirst = false;  // fed before the feeder's other outputs at each wake: the one they follow
};

class LiveOutput {
public:
    // Throws std::runtime_error with a plain explanation (and how to choose a device) if none can be opened.
    LiveOutput(AudioSource& source, OutputOptions options);
    ~LiveOutput();

    void start();
    void stop();
    // Any thread. A loss and a return are also told to the AudioSource (outputConnectionChanged) by the
    // feeder thread the moment it sees them, whether or not a device ever comes back.
    bool connected() const;
    // Behaves as if the device had been unplugged: the output closes it and recovers exactly as from a real
    // loss (reopening every second). For tests, and to rehearse the recovery on a clinic's machine.
    void simulateDeviceLoss(SimulatedLoss how = SimulatedLoss::DeviceReturns);
    void endSimulatedDeviceLoss();
    // How often the device ran dry because the feeder thread was late (an audible gap each time). Any thread.
    int starvedCount() const;
    // How often the feeder found less than a buffer left to play and lengthened the queue by one before the
    // device could run dry (nothing heard). Any thread.
    int nearlyStarvedCount() const;
    // What the output keeps queued now, in frames at the source's rate (it grows when the device nearly or
    // really ran dry). Any thread.
    int queuedFrames() const;
    // Whether the feeder thread got a real-time priority (SCHED_FIFO); best effort. Any thread, after
    // start().
    bool realtimePriority() const;
    std::string deviceName() const;
    int sampleRate() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

// Before the process's first OpenAL call: has OpenAL Soft read `settings` (assets/openal/alsoft.conf: its
// short mixing period) after the machine's and the user's own configuration files, through ALSOFT_CONF.
// Leaves things as they are, and returns false, when ALSOFT_CONF is already set (the user's choice) or
// the file is not there.
bool useOpenAlSettings(const std::filesystem::path& settings);

// Output devices OpenAL Soft offers on this machine (ALC_ALL_DEVICES_SPECIFIER).
std::vector<std::string> listOutputDevices();
// The one OpenAL Soft opens when no name is given; empty if there is none.
std::string defaultOutputDevice();
// Opens and closes the device to see whether it can be used now (a listed device may still fail, e.g. ALSA
// with no sound card). Returns an empty string if it can, otherwise why not.
std::string probeOutputDevice(const std::string& name);

}  // namespace stillpoint::audio
