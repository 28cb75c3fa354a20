// Everything the panel shows, copied out of the engine in one piece (trivially copyable, so it can be
// published lock-free from the audio thread and read from the UI thread).
#pragma once

#include <array>
#include <cstdint>

#include "session/TrackRef.h"

namespace stillpoint::session {

enum class SessionState : std::uint8_t { NotStarted, Playing, Silenced, Ending, Ended };

inline constexpr int kMaxPhases = 16;

struct PhaseTiming {
    double plannedSeconds = 0.0;  // planned, plus any extensions
    double startedAt = -1.0;      // session seconds; -1 = not yet
    double endedAt = -1.0;        // session seconds; -1 = not yet
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
};

const char* toString(SessionState state);

}  // namespace stillpoint::session
