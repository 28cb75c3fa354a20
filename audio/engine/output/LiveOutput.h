// Live playback on an OpenAL Soft device: a feeder thread keeps a short queue of float buffers on one
// streaming source (direct channels), pulling each from the AudioSource. Watches ALC_CONNECTED and keeps
// trying to reopen a lost device, resuming where the music was.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "audio/engine/output/AudioSource.h"

namespace stillpoint::audio {

// How a simulated device loss ends: the device comes back at the next reopening attempt, or stays away
// (every attempt fails, as with a headset left unplugged) until endSimulatedDeviceLoss().
enum class SimulatedLoss { DeviceReturns, DeviceStaysAway };

struct OutputOptions {
    std::string deviceName;  // empty = the system default; "null" = OpenAL Soft's null backend
    int sampleRate = 48000;  // asked of the device; sampleRate() says what it gave
    // Three buffers of 43 ms: a command reaches the ear within about 130 ms (every level change is a
    // ramp of 0.3 s or more anyway), the queue still holds 85 ms when the feeder wakes, and the feeder
    // wakes 23 times a second. A shorter queue (4 x 512 frames: about 45 ms) ran dry on a busy machine
    // (docs/benchmarks.md). A device that runs dry anyway grows the queue by `bufferCount` buffers, up to
    // `maxBufferCount`: one gap, not one gap after another.
    int bufferFrames = 2048;
    int bufferCount = 3;
    int maxBufferCount = 6;
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
    // What the output keeps queued now, in frames at the source's rate (it grows after the device ran
    // dry). Any thread.
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

// Output devices OpenAL Soft offers on this machine (ALC_ALL_DEVICES_SPECIFIER).
std::vector<std::string> listOutputDevices();
// The one OpenAL Soft opens when no name is given; empty if there is none.
std::string defaultOutputDevice();
// Opens and closes the device to see whether it can be used now (a listed device may still fail, e.g. ALSA
// with no sound card). Returns an empty string if it can, otherwise why not.
std::string probeOutputDevice(const std::string& name);

}  // namespace stillpoint::audio
