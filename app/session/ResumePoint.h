// Where a resumed session picks up. The conductor publishes its whole state in every snapshot
// (SessionSnapshot::resume); the journal writes it in its position lines; crash recovery reads the last good
// one back into a ResumePoint; the engine restores all of it at start (SessionOptions::resumeFrom).
#pragma once

#include <cstdint>
#include <vector>

#include "session/SessionEvent.h"
#include "session/SessionSnapshot.h"
#include "session/TrackRef.h"

namespace stillpoint::session {

// A command carried out again when a session resumes: recorded after the last state, so not in it. It
// acts on the frame it first acted on (-1: as the session resumes).
struct ReplayedAction {
    Action action = Action::Start;
    double value = 0.0;
    std::int64_t frame = -1;
};

// Where a session continues after an interruption. The summary fields say it in a person's terms (the
// resume offer, the journal's "resumed" line); `state` is what the engine restores. A point without a
// state (from a journal written before states were recorded) resumes from the summary: the track at its
// position, the phase's time and extension, the volume.
struct ResumePoint {
    int phase = 0;
    TrackRef track;
    double trackPositionSeconds = 0.0;
    double sessionSeconds = 0.0;  // the session clock continues from here
    double phaseElapsedSeconds = 0.0;
    double phaseExtensionSeconds = 0.0;
    double masterVolume = 1.0;

    ResumeState state;
    std::vector<ReplayedAction> actions;
    double gapSeconds = 0.0;  // how long the music was interrupted, wall clock
};

}  // namespace stillpoint::session
