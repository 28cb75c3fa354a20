// The one command API for a session: the panel, the headless player, the offline renderer and the tests
// all drive a session through this class. It owns the phase conductor and the mixer; it is the
// AudioSource an output pulls samples from.
//
// Threads: commands, snapshot() and drainEvents() from the control (UI) thread; render() from the audio
// thread only. Commands never block: they are queued and take effect at the next audio block (or, for an
// end while the output device is lost, at the next drainEvents()).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "audio/engine/output/AudioSource.h"
#include "program/Program.h"
#include "session/PreviewRequest.h"
#include "session/ResumePoint.h"
#include "session/SessionEvent.h"
#include "session/SessionSnapshot.h"

namespace stillpoint::session {

// The room speakers, a second output of the same session (see PhaseConductor's FollowerOutputSettings).
struct RoomOutputOptions {
    bool enabled = false;
    double initialVolume = 0.8;         // linear 0..1
    std::optional<double> ceilingDbfs;  // lowers the program's volume_ceiling for the room only
    double talkOverDuckDb = -15.0;      // 0 = talk-over leaves the room as it is
};

// The operator's own headphones, for previews (PreviewPlayer.h): never the patient's or the room's.
struct PreviewOutputOptions {
    bool enabled = false;
    double initialVolume = 0.8;         // linear 0..1
    std::optional<double> ceilingDbfs;  // lowers the program's volume_ceiling for the preview only
};

struct SessionOptions {
    int sampleRate = 48000;
    RoomOutputOptions room;
    PreviewOutputOptions preview;
    double initialMasterVolume = 0.8;  // linear 0..1
    double talkOverDuckDb = -15.0;
    std::chrono::milliseconds talkOverRamp{300};
    std::chrono::milliseconds silenceFade{2000};
    std::chrono::milliseconds volumeRamp{500};
    std::chrono::milliseconds resumeFadeIn{3000};  // a resumed session fades in from the silence of the gap
    // Continue an interrupted session: its state restored, the actions after it carried out at the start.
    std::optional<ResumePoint> resumeFrom;
    std::filesystem::path loudnessCacheFile;  // empty = the user's default cache
    int streamSlots = 16;                     // decode-ahead streams (voices in crossfades + prepared ones)
};

class SessionEngine : public audio::AudioSource {
public:
    // Analyses (or reads cached) loudness of every track before returning. Throws on an unusable program.
    SessionEngine(const program::Program& program, SessionOptions options);
    ~SessionEngine() override;

    // An operator command (CommandTable.h), queued for the next audio block: value as in
    // SessionEvent::value (minutes for ExtendPhase, fractions allowed; linear volume for SetMasterVolume,
    // clamped to 0..1; the output ceiling still applies). Returns the command's sequence number, which the
    // engine's OperatorAction event for it carries with its outcome (carried out, or refused and why).
    // A command that finds the queue full is not carried out: drainEvents() then reports it refused
    // (Refusal::QueueFull) and as a CommandDropped fault.
    std::uint32_t apply(Action action, double value = 0.0);
    // Action::Preview with what to hear, queued like any command (refused without a preview output).
    std::uint32_t preview(const PreviewRequest& request);

    // The output reports the device state (any thread, lock-free); drainEvents() turns a change into a
    // DeviceLost fault or its clearing, and snapshot() shows it, even while nothing renders because no
    // device is open. The session clock stays where the music stopped until a device is back.
    void reportDeviceConnected(bool connected) noexcept;
    // The room output's device, lost or back (its output's thread, lock-free): drainEvents() reports it as
    // a RoomOutputLost fault or its clearing. The session goes on: the patient's output is the clock.
    void reportRoomConnected(bool connected) noexcept;
    // The preview output's device, the same way (a PreviewOutputLost fault; the session plays on).
    void reportPreviewConnected(bool connected) noexcept;
    // Whether a device plays the preview output at all (control thread, lock-free; true unless said). The
    // panel makes the preview's bus before the setup screen has chosen its device: without one, previews
    // are refused (no preview output) and the snapshot says there is none.
    void setPreviewOutputPresent(bool present) noexcept;
    void outputConnectionChanged(bool connected) noexcept override;
    // The patient's device ran dry (its output's thread, lock-free): drainEvents() reports it as an
    // OutputUnderrun fault, with the queue the output keeps from then on.
    void outputStarved(int queuedFrames) noexcept override;

    // The patient output (the AudioSource an output pulls). With a room output, renderOutputs() gives
    // the room's frames of the same pass too; render() alone mixes the room's and drops them.
    void render(float* interleavedStereo, int frames) noexcept override;
    // Every output from one pass of the conductor: frame n of `room` is frame n of `patient`, after the
    // room's own volume, duck and ceiling; frame n of `preview` is the preview output's at that moment
    // (either may be nullptr). A call of 0 frames only carries out the commands queued. Audio thread.
    void renderOutputs(float* patient, float* room, int frames, float* preview = nullptr) noexcept;

    SessionSnapshot snapshot() const;
    // Moves the events emitted since the last call into `out` (appends). Control thread. Events lost to a
    // full queue, and commands that could not be queued, are reported here as faults (EventsDropped,
    // CommandDropped), so the operator and the journal learn of them.
    // While the output device is lost nothing renders, and nothing can be heard: an end that was asked for
    // or is under way is completed here at once, without its fade (SessionEnded with fault DeviceLost).
    std::size_t drainEvents(std::vector<SessionEvent>& out);

    // Offline rendering only: blocks until every stream the next block may need is decoded, so a render
    // is deterministic and never starves. Live playback never calls this.
    void waitUntilStreamsReady();

    const program::Program& program() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stillpoint::session
