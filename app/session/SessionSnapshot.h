// Everything the panel shows, copied out of the engine in one piece (trivially copyable, so it can be
// published lock-free from the audio thread and read from the UI thread).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "session/PreviewRequest.h"
#include "session/TrackRef.h"
#include "session/mix/GainRamp.h"

namespace stillpoint::session {

enum class SessionState : std::uint8_t { NotStarted, Playing, Silenced, Ending, Ended };

inline constexpr int kMaxPhases = program::kMaxPhases;  // the parser refuses more

struct PhaseTiming {
    double plannedSeconds = 0.0;  // planned, plus any extensions
    double startedAt = -1.0;      // session seconds; -1 = not yet
    double endedAt = -1.0;        // session seconds; -1 = not yet
};

inline constexpr int kMaxResumeVoices = 8;  // PhaseConductor::kMaxVoices

// One voice of the mix: which track, where in it, and its fade envelope as it stood.
struct ResumeVoice {
    int index = 0;  // its place among the voices: the mix sums them in this order
    TrackRef track;
    std::int64_t trackFrame = 0;  // position in the track, output frames from its start
    std::int64_t startFrame = 0;  // session frame the voice began on
    mix::GainRamp::State fade;
    bool lead = false;  // the voice the session follows (the others are fading out)
    bool leaving = false;
    bool trackFadeOutStarted = false;
    bool earlyEndHandled = false;
    friend bool operator==(const ResumeVoice&, const ResumeVoice&) = default;
};

// The conductor's whole state at `frame` (its clock, which runs the limiter's lookahead ahead of the
// output): complete enough to continue the session on the same frames after an interruption
// (ResumePoint.h). Trivially copyable: it travels in the snapshot.
struct ResumeState {
    int sampleRate = 0;      // 0: no state (the session has not started)
    std::int64_t frame = 0;  // session frame the state holds at
    SessionState state = SessionState::Playing;
    int phase = 0;
    std::int64_t phaseStartFrame = 0;
    std::int64_t extensionFrames = 0;
    bool held = false;
    bool awaitingOperator = false;
    bool talkOver = false;
    int nextPhase = -1;  // >= 0: the crossfade into that phase is under way, centred on boundaryFrame
    std::int64_t boundaryFrame = 0;
    std::int64_t endingFrame = -1;  // while Ending: the end fade reaches silence on this frame
    std::array<char, 64> reason{};  // why the phase is being left (the PhaseLeft detail)
    mix::GainRamp::State volume;    // master volume, talk-over duck, silence/end fade of the bus
    mix::GainRamp::State duck;
    mix::GainRamp::State presence;
    // The room speakers' own volume, when the session has them (the rest of the room's bus follows the
    // patient's); without it a resumed room starts at its configured volume.
    bool hasRoomVolume = false;
    mix::GainRamp::State roomVolume;
    std::array<ResumeVoice, kMaxResumeVoices> voices{};
    int voiceCount = 0;
    TrackRef groundingReturn;       // where skip goes from grounding
    TrackRef groundingInterrupted;  // whose alternate a swap from grounding plays
    std::array<PhaseTiming, kMaxPhases> phases{};

    bool valid() const { return sampleRate > 0; }
    std::string_view reasonText() const;
    void setReason(std::string_view text);
    // The same state counted at another output rate (a journal of a 44.1 kHz render resumed live at 48).
    ResumeState atRate(int rate) const;
};

// The preview output as the panel shows it: what it would play for each choice now, and what it plays.
struct PreviewSnapshot {
    bool available = false;  // the session has a preview output
    bool deviceConnected = true;
    std::array<TrackRef, kPreviewChoiceCount> candidates{};  // by PreviewChoice; Track: none
    bool playing = false;                                    // until its fade-out has ended
    bool stopping = false;                                   // fading out
    PreviewRequest request;                                  // what was asked for
    TrackRef track;                                          // what it plays
    double positionSeconds = 0.0;  // from where the stream was opened (the in point, or the file's start)
    double durationSeconds = 0.0;  // of the same stretch; 0 = unknown
    double volume = 0.8;           // linear 0..1 as the operator set it
    double ceilingDbfs = -1.0;     // the lower of the program's and the output's own
};

struct SessionSnapshot {
    SessionState state = SessionState::NotStarted;
    std::int64_t sessionFrame = 0;
    int sampleRate = 48000;
    double sessionSeconds = 0.0;

    int phase = -1;
    int phaseCount = 0;
    double phaseElapsedSeconds = 0.0;
    bool held = false;              // phase continues until released
    bool awaitingOperator = false;  // phase reached its planned time and ends when the operator advances
    std::array<PhaseTiming, kMaxPhases> phases{};

    TrackRef currentTrack;
    double trackPositionSeconds = 0.0;
    double trackDurationSeconds = 0.0;
    TrackRef nextTrack;

    double masterVolume = 1.0;  // linear 0..1 as the operator set it
    double volumeCeilingDbfs = -1.0;
    bool talkOver = false;
    double outputPeakDbfs = -120.0;  // recent output peak, after the ceiling limiter

    bool deviceConnected = true;
    int activeFaults = 0;

    // After an interruption: the session resumed at resumedAtSeconds after a gap of resumedAfterSeconds.
    bool resumed = false;
    double resumedAtSeconds = 0.0;
    double resumedAfterSeconds = 0.0;

    PreviewSnapshot preview;

    ResumeState resume;  // what the session is, to continue it exactly after a crash
};

const char* toString(SessionState state);

}  // namespace stillpoint::session
