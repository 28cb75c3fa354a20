// The preview output: one track at a time for the operator's own headphones, at its normalised loudness,
// through a bus of its own (the preview's volume and ceiling), faded in and out so nothing clicks. It
// reads from the session's stream pool, on streams of its own, and is rendered by the conductor in the
// same call as the session, after it, so the session's streams and frames are exactly what they would be
// without it. It is never summed into the patient's or the room's mix.
// Which track a preview plays is the conductor's to decide (it knows what comes next); this plays it.
// Threads: audio thread only (the conductor's), except the constructor and setDevicePresent().
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "session/PreviewRequest.h"
#include "session/SessionSnapshot.h"
#include "session/StreamProvider.h"
#include "session/mix/MasterBus.h"
#include "session/mix/Voice.h"

namespace stillpoint::session {

struct PreviewOutputSettings {
    bool enabled = false;
    float initialVolume = 0.8f;
    double ceilingDbfs = -1.0;  // already the lower of the program's and the output's own
    // A preview comes in and goes out over this (also at a track's end, and when another replaces it).
    std::chrono::milliseconds fade{250};
};

class PreviewPlayer {
public:
    static constexpr int kChunkFrames = 1024;

    PreviewPlayer(StreamProvider& streams, int sampleRate, PreviewOutputSettings settings);

    // A preview can be played: the output is there and a device plays it. The panel keeps the output's
    // bus without a device, so that the device chosen on the setup screen can be opened at the start;
    // until then previews are refused and the snapshot says there is no preview output.
    bool enabled() const noexcept {
        return settings_.enabled && devicePresent_.load(std::memory_order_acquire);
    }
    // Control thread: whether a device plays the preview output (lock-free).
    void setDevicePresent(bool present) noexcept { devicePresent_.store(present, std::memory_order_release); }
    // Plays `track` from stream `slot` (opened where the preview starts) at `normalisationGain`, fading in;
    // a preview already playing fades out meanwhile.
    void start(const PreviewRequest& request, TrackRef track, int slot, float normalisationGain) noexcept;
    void stop() noexcept;  // fades out; the stream is released when the fade has ended
    bool playing() const noexcept;
    bool stopping() const noexcept;  // playing, but fading out
    void setVolume(float linear, std::int64_t rampFrames) noexcept { bus_.setVolume(linear, rampFrames); }

    // `frames` interleaved stereo frames of the preview output into `out` (nullptr: rendered and dropped,
    // so the preview keeps its place). Silence when nothing plays.
    void render(float* out, int frames) noexcept;

    // A preview stream that could not be played: the slot (its fault and detail readable) until
    // releaseFailed(), -1 when none.
    int failedSlot() const noexcept { return failedSlot_; }
    TrackRef failedTrack() const noexcept { return failedTrack_; }
    void releaseFailed() noexcept;

    void fillSnapshot(PreviewSnapshot& snapshot) const noexcept;

private:
    std::int64_t framesLeft(const mix::Voice& voice) const noexcept;  // -1: unknown
    void mix(mix::Voice& voice, float* out, int frames) noexcept;
    void release(mix::Voice& voice) noexcept;

    StreamProvider& streams_;
    int sampleRate_;
    PreviewOutputSettings settings_;
    std::int64_t fadeFrames_;
    mix::MasterBus bus_;
    std::array<mix::Voice, 2> voices_{};  // the preview, and the one it replaced while that fades out
    int current_ = -1;                    // index into voices_, -1: none asked for
    PreviewRequest request_;
    std::vector<float> scratch_;  // one chunk read from a stream
    std::vector<float> dropped_;  // the output when the caller takes none
    int failedSlot_ = -1;
    TrackRef failedTrack_;
    std::atomic<bool> devicePresent_{true};
};

}  // namespace stillpoint::session
