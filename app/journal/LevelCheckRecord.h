// A level check before the session: a short excerpt of the program's first track played on one output at
// the level the session will give it, so the therapist can judge it with the patient before the start.
// Taken by the panel (panel/model/LevelCheck.h), kept with the setup and written in the session's
// session_start line. Header-only, like OperatorObservations.h.
#pragma once

#include <chrono>
#include <string>

namespace stillpoint::journal {

struct LevelCheckRecord {
    std::string output;        // "patient" or "room"
    std::string device;        // as the output driver names it; empty = the system default
    std::string track;         // the track's title, as the panel shows it
    std::string trackFile;     // its file
    double volume = 0.0;       // the output's volume, linear 0..1
    double ceilingDbfs = 0.0;  // the ceiling it played under
    double trackGainDb = 0.0;  // loudness normalisation and the track's trim
    std::chrono::system_clock::time_point started;
    std::chrono::system_clock::time_point stopped;
    double playedSeconds = 0.0;
    // "operator" (its Stop button), "finished" (the excerpt's end), "output changed" (another output's
    // check), "start" (the session started), or "failed: ..." (the output could not play it).
    std::string stoppedBy;
};

}  // namespace stillpoint::journal
