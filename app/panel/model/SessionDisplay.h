// What the panel shows during a session, derived from the program and one SessionSnapshot: the phase
// timeline (planned against what really happened), times left, now playing / up next, volume.
#pragma once

#include <string>
#include <vector>

#include "program/DurationParser.h"
#include "program/Program.h"
#include "session/SessionSnapshot.h"

namespace stillpoint::panel {

struct TimelinePhase {
    std::string name;
    double plannedStart = 0.0;    // session seconds, from the program as written
    double plannedSeconds = 0.0;  // as written
    // What happened, or is expected: phases not yet started are projected from now.
    double actualStart = 0.0;
    double actualEnd = 0.0;
    bool started = false;
    bool finished = false;
    bool current = false;
};

struct SessionDisplay {
    session::SessionState state = session::SessionState::NotStarted;
    double sessionSeconds = 0.0;

    int phase = -1;
    int phaseCount = 0;
    std::string phaseName;
    double phaseElapsedSeconds = 0.0;
    double phasePlannedSeconds = 0.0;    // with extensions
    double phaseRemainingSeconds = 0.0;  // 0 once the planned time is reached
    double phaseOvertimeSeconds = 0.0;   // how far past its planned time the phase runs (held, awaiting)
    double programRemainingSeconds = 0.0;
    bool held = false;
    bool awaitingOperator = false;

    std::vector<TimelinePhase> timeline;
    double timelineSeconds = 0.0;  // the span the timeline bar covers: the longer of planned and actual

    std::string nowPlaying;  // empty when nothing plays
    std::string upNext;
    double trackPositionSeconds = 0.0;
    double trackDurationSeconds = 0.0;

    double volume = 0.0;         // linear, as the operator set it
    double volumeCeiling = 1.0;  // linear: the highest volume the slider offers
    double volumeCeilingDbfs = -1.0;
    bool talkOver = false;
    bool deviceConnected = true;
    // No output device while the session runs: nothing plays and the session clock stands where the music
    // stopped; both go on from there when a device is back.
    bool clockPaused = false;
    int activeFaults = 0;
};

SessionDisplay deriveDisplay(const program::Program& program, const session::SessionSnapshot& snapshot);

using program::formatClock;

// Linear gain for a dBFS ceiling, at most 1.
double ceilingToLinear(double ceilingDbfs);

}  // namespace stillpoint::panel
