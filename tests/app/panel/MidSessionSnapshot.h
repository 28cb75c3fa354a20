// The session the panel's render tests show: 23:12 in, the third of four phases, a track playing with
// the next one known, the volume below a -6 dBFS ceiling.
#pragma once

#include "session/SessionSnapshot.h"

namespace stillpoint::panel::testing {

inline session::SessionSnapshot midPeakSnapshot() {
    session::SessionSnapshot snapshot;
    snapshot.state = session::SessionState::Playing;
    snapshot.sessionSeconds = 23 * 60.0 + 12;
    snapshot.phase = 2;
    snapshot.phaseCount = 4;
    snapshot.phaseElapsedSeconds = 7 * 60.0 + 12;
    snapshot.phases[0] = {300.0, 0.0, 300.0};
    snapshot.phases[1] = {900.0, 300.0, 960.0};
    snapshot.phases[2] = {1200.0, 960.0, -1.0};
    snapshot.phases[3] = {900.0, -1.0, -1.0};
    snapshot.currentTrack = {session::TrackRole::Phase, 2, 0, -1};
    snapshot.nextTrack = {session::TrackRole::Phase, 2, 1, -1};
    snapshot.trackPositionSeconds = 192.0;
    snapshot.trackDurationSeconds = 421.0;
    snapshot.masterVolume = 0.42;
    snapshot.volumeCeilingDbfs = -6.0;
    snapshot.outputPeakDbfs = -14.2;
    return snapshot;
}

}  // namespace stillpoint::panel::testing
