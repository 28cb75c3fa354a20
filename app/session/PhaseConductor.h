// The heart of a session, on the audio clock: decides at exact frames when a phase ends, which track comes
// next and how voices cross, plays the voices from their streams and hands the sum to the master bus.
// Where things happen, for a newcomer:
//   - phase transitions are decided in decidePhase(), on the frames PhaseClock gives (planned end, operator
//     end, maximum; nothing while held);
//   - track changes inside a phase in decideLeadTrack() and onVoiceFinished() (gapless hand-off);
//   - samples are produced in mixVoice() and MasterBus::process();
//   - events are made by makeEvent(), which stamps the frame, phase and wall clock, and emitted through
//     emit(); a phase is journaled as left in emitPhaseLeft(), a voice starts in startVoice().
// Threads: everything here runs on the audio thread (SessionEngine::render) except the constructor.
// No allocation, locks, I/O or logging after construction.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "program/Program.h"
#include "session/PhaseClock.h"
#include "session/PreviewPlayer.h"
#include "session/SessionCommand.h"
#include "session/SessionEvent.h"
#include "session/SessionSnapshot.h"
#include "session/StreamProvider.h"
#include "session/TrackGraph.h"
#include "session/TrackTable.h"
#include "session/mix/MasterBus.h"
#include "session/mix/Voice.h"

namespace stillpoint::session {

class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void emit(const SessionEvent& event) noexcept = 0;
};

// The room speakers: a second output of the same mix, after its own volume, talk-over duck and ceiling.
struct FollowerOutputSettings {
    bool enabled = false;
    float initialVolume = 0.8f;
    double ceilingDbfs = -1.0;  // already the lower of the program's and the output's own
    double talkOverDuckDb = -15.0;
};

struct ConductorSettings {
    int sampleRate = 48000;
    FollowerOutputSettings room;
    PreviewOutputSettings preview;
    float initialMasterVolume = 0.8f;
    double talkOverDuckDb = -15.0;
    std::chrono::milliseconds talkOverRamp{300};
    std::chrono::milliseconds silenceFade{2000};
    std::chrono::milliseconds volumeRamp{500};
    std::chrono::milliseconds resumeFadeIn{3000};
    std::chrono::milliseconds skipCrossfade{3000};
    std::chrono::milliseconds alternateCrossfade{4000};
    std::chrono::milliseconds groundingCrossfade{4000};
    // A phase crossfade written as 0 still gets this much, so a phase change can never click.
    std::chrono::milliseconds minimumPhaseCrossfade{20};
    // When a file ends early: the fade on what is left, and the fade-in of the next track.
    std::chrono::milliseconds earlyEndTailFade{30};
    std::chrono::milliseconds earlyEndFadeIn{1000};
};

class PhaseConductor {
public:
    static constexpr int kMaxVoices = 8;
    static_assert(kMaxVoices == kMaxResumeVoices, "a resume state holds every voice");
    static constexpr int kChunkFrames = 1024;

    // `program` has one to kMaxPhases phases (the parser and SessionEngine refuse any other).
    PhaseConductor(const program::Program& program, const TrackTable& tracks, StreamProvider& streams,
                   EventSink& events, ConductorSettings settings);

    // Produces `frames` interleaved stereo frames (any count): voices, master bus and limiter. With a room
    // output, `room` gets the same frames through the room's own bus (nullptr: they are mixed and dropped,
    // so the room stays on the same frame as the patient). With a preview output, `preview` gets the
    // preview's frames of the same stretch of time (PreviewPlayer; nullptr: rendered and dropped).
    void render(float* interleavedStereo, int frames, float* room = nullptr,
                float* preview = nullptr) noexcept;
    // Carries out an operator's command, or refuses it with the reason; either way it is journaled.
    void apply(const SessionCommand& command) noexcept;
    // Starts the session: at the first phase, or where setStartPoint() says.
    void begin() noexcept;
    // Continue an interrupted session from `state` (captured by fillSnapshot), fading in from the gap's
    // silence over ConductorSettings::resumeFadeIn. `startDetail` is said in the SessionStarted event.
    // Control thread, before the session starts.
    void setStartPoint(const ResumeState& state, const char* startDetail) noexcept;
    // Opens the stream of the first track (of every voice, when resuming) before the session starts, so it
    // is decoded ahead and the first frame plays at once. Control thread, before the audio thread runs.
    void prepareStart() noexcept;
    // The streams prepared to start have decoded ahead (or failed: then starting moves on at once).
    bool readyToStart() const noexcept;
    void setMasterVolumeNow(float linear) noexcept { bus_.setVolume(linear, 0); }
    // Whether a device plays the preview output (PreviewPlayer::setDevicePresent). Any thread, lock-free.
    void setPreviewOutputPresent(bool present) noexcept { preview_.setDevicePresent(present); }
    // The output device is gone, so nothing can be heard: an end under way completes now instead of
    // fading over frames no device will play. Afterwards only silence comes out, also when a device comes
    // back (what the limiter still held from before the loss is dropped). Returns true if it ended the
    // session. Called by whichever thread renders (SessionEngine hands the conductor over).
    bool endWithoutOutput() noexcept;
    // Keeps the prepared streams (next track, next phase, alternate, grounding) in step with the position.
    void refreshStandbys() noexcept;

    void fillSnapshot(SessionSnapshot& snapshot) const noexcept;
    SessionState state() const noexcept { return state_; }
    std::int64_t sessionFrame() const noexcept { return clock_; }
    int latencyFrames() const noexcept { return bus_.latencyFrames(); }
    bool resuming() const noexcept { return startPoint_.valid(); }

private:
    struct Standby {
        int slot = -1;
        TrackRef track;
    };
    enum class StandbyRole { Successor, NextPhase, Alternate, Grounding, Return, Count };

    // Why a command is refused (Refusal::None: it is carried out), and the track at fault when the refusal is
    // that it cannot be played.
    struct Verdict {
        Verdict(Refusal why = Refusal::None, TrackRef track = {}) noexcept
            : refusal(why), unplayable(track) {}
        Refusal refusal;
        TrackRef unplayable;
    };

    std::int64_t frames(std::chrono::milliseconds duration) const noexcept;
    bool running() const noexcept;  // playing or silenced: commands that steer the music apply
    TrackRef leadTrack() const noexcept;
    const program::Phase* currentPhase() const noexcept;
    bool lastPhase() const noexcept;
    PhaseClock phaseClock() const noexcept;  // the playing phase's timing
    std::int64_t phaseCrossfadeFrames() const noexcept;
    std::int64_t trackCrossfadeFrames() const noexcept;

    void renderChunk(float* out, int frames) noexcept;
    void decide() noexcept;
    PhaseClock::Decision nextPhaseDecision() const noexcept;
    void decidePhase() noexcept;
    void leavePhase(std::int64_t boundary, const char* reason) noexcept;
    // Frames the lead voice has left to the end of its track, as its stream knows it (nullopt: unknown).
    std::optional<std::int64_t> leadFramesLeft() const noexcept;
    void decideLeadTrack() noexcept;
    std::int64_t framesUntilNextDecision() const noexcept;
    std::int64_t outgoingFade(std::int64_t remaining, bool endsEarly) const noexcept;
    void mixVoice(mix::Voice& voice, float* out, int from, int to) noexcept;
    void onVoiceFinished(int voiceIndex, int chunkOffset) noexcept;
    void releaseVoice(int voiceIndex, bool emitEnded) noexcept;

    Verdict judge(Action action) const noexcept;
    Verdict judgeSwap() const noexcept;
    Verdict judgeGrounding() const noexcept;
    // What a preview request names now (an invalid ref: nothing), and why it cannot be played.
    TrackRef previewTarget(const PreviewRequest& request) const noexcept;
    Verdict judgePreview(const PreviewRequest& request) const noexcept;
    void startPreview(const PreviewRequest& request) noexcept;
    void reportPreviewFailure() noexcept;
    void carryOut(const SessionCommand& command) noexcept;
    void extendPhase(double minutes) noexcept;
    TrackRef skipTarget() const noexcept;
    TrackRef swapSource() const noexcept;
    void playGrounding() noexcept;
    void crossTo(TrackRef target, std::chrono::milliseconds crossfade) noexcept;
    float duckGain() const noexcept;  // of the talk-over, as the flag says
    float roomDuckGain() const noexcept;
    // The silence and end fades, and the presence gain, act on every output alike.
    void fadeOutputsOut(std::int64_t frames) noexcept;
    void fadeOutputsIn(std::int64_t frames) noexcept;
    void setOutputsPresence(float gain) noexcept;
    // The room's copy of `count` frames of the mix before the patient's bus, through the room's bus.
    void processRoom(const float* mixed, float* room, int count) noexcept;

    void beginFresh() noexcept;
    void beginResumed(const ResumeState& state) noexcept;
    void fillResumeState(ResumeState& state) const noexcept;
    void beginPhaseTransition(std::int64_t boundary, const char* reason) noexcept;
    void completePhaseTransition() noexcept;
    void emitPhaseLeft(std::int64_t frame, const char* reason) noexcept;
    void emitPhaseEntered() noexcept;
    void beginEnding(std::int64_t fadeFrames) noexcept;
    void finishSession(FaultKind cause = FaultKind::None) noexcept;
    // Brings in `target` (or, if it cannot be played, the next playable track) as the new lead voice, fading
    // in over `fadeInFrames`; every other voice fades out over `outgoingFadeFrames` (-1 = leave them be).
    int startLead(TrackRef target, std::int64_t fadeInFrames, mix::RampShape shape, int chunkOffset,
                  std::int64_t outgoingFadeFrames) noexcept;
    // The one place a voice starts: `track`, opened on stream `slot` `trackFrame` frames into it, plays on
    // voice `index` from `chunkOffset` frames into this chunk, journaled as started. Its envelope is the
    // caller's to set.
    mix::Voice& startVoice(int index, int slot, TrackRef track, int chunkOffset,
                           std::int64_t trackFrame) noexcept;

    TrackRef desiredStandby(StandbyRole role) const noexcept;
    int takeStream(TrackRef target, double offsetSeconds) noexcept;
    void reportStreamFailure(TrackRef track, int slot) noexcept;

    SessionEvent makeEvent(EventKind kind, std::int64_t frame) const noexcept;
    // An event about a playing voice: its track, and where in the track it is.
    SessionEvent makeVoiceEvent(EventKind kind, std::int64_t frame, const mix::Voice& voice) const noexcept;
    void emit(const SessionEvent& event) noexcept { events_.emit(event); }
    void emitTrackEnded(const mix::Voice& voice, std::int64_t frame) noexcept;
    double trackPositionSeconds(const mix::Voice& voice) const noexcept;

    const program::Program& program_;
    const TrackTable& tracks_;
    StreamProvider& streams_;
    EventSink& events_;
    ConductorSettings settings_;
    mix::MasterBus bus_;      // the patient's output (the leader)
    mix::MasterBus roomBus_;  // the room's, when settings_.room.enabled
    TrackGraph graph_;        // which track comes next, and which have failed
    PreviewPlayer preview_;   // the operator's preview output, when settings_.preview.enabled

    SessionState state_ = SessionState::NotStarted;
    std::int64_t clock_ = 0;
    int phase_ = -1;
    std::int64_t phaseStartFrame_ = 0;
    std::int64_t extensionFrames_ = 0;
    bool held_ = false;
    bool awaitingOperator_ = false;
    bool talkOver_ = false;
    bool transitionPending_ = false;
    std::int64_t boundaryFrame_ = 0;
    int nextPhase_ = -1;
    const char* transitionReason_ = "";
    std::int64_t endingFrame_ = -1;
    std::array<PhaseTiming, kMaxPhases> phaseTimings_{};

    std::array<mix::Voice, kMaxVoices> voices_{};
    int lead_ = -1;
    TrackRef groundingReturn_;       // where skip goes from grounding: after the interrupted track
    TrackRef groundingInterrupted_;  // whose alternate a swap from grounding plays
    std::array<Standby, static_cast<int>(StandbyRole::Count)> standbys_{};
    ResumeState startPoint_;                      // invalid: start at the first phase
    std::array<char, 64> startDetail_{};          // said in the SessionStarted event
    std::array<char, 64> resumedReason_{};        // a restored transitionReason_ points here
    mix::GainRamp resumeFade_{1.0f};              // a resumed session fades in from the gap's silence
    std::array<Standby, kMaxVoices> prepared_{};  // opened by prepareStart(), by voice index
    std::vector<float> scratch_;                  // one chunk of stereo frames, sized in the constructor
    std::vector<float> roomScratch_;              // the room's frames when the caller takes none
    float recentPeak_ = 0.0f;
    int activeFaults_ = 0;
};

}  // namespace stillpoint::session
