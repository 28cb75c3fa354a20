#include "panel/model/SessionDisplay.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stillpoint::panel {

using session::SessionSnapshot;
using session::TrackRef;
using session::TrackRole;

double ceilingToLinear(double ceilingDbfs) {
    return std::min(1.0, std::pow(10.0, ceilingDbfs / 20.0));
}

namespace {

std::string nameOf(const program::Program& program, TrackRef ref) {
    const auto* track = session::resolve(program, ref);
    if (!track) return {};
    std::string name = session::displayName(*track);
    if (ref.role == TrackRole::Alternate) name += "  (calmer alternate)";
    if (ref.role == TrackRole::Grounding) name += "  (grounding)";
    return name;
}

// Planned length of phase i as the session now sees it: the snapshot's (with extensions) once known.
double plannedSecondsOf(const program::Program& program, const SessionSnapshot& snapshot, int i) {
    if (i < snapshot.phaseCount && i < session::kMaxPhases &&
        snapshot.phases[static_cast<std::size_t>(i)].plannedSeconds > 0)
        return snapshot.phases[static_cast<std::size_t>(i)].plannedSeconds;
    return std::chrono::duration<double>(program.phases[static_cast<std::size_t>(i)].planned).count();
}

}  // namespace

SessionDisplay deriveDisplay(const program::Program& program, const SessionSnapshot& snapshot) {
    SessionDisplay display;
    display.state = snapshot.state;
    display.sessionSeconds = snapshot.sessionSeconds;
    const int phaseCount =
        static_cast<int>(std::min<std::size_t>(program.phases.size(), session::kMaxPhases));
    display.phaseCount = phaseCount;
    display.phase = snapshot.phase;
    display.held = snapshot.held;
    display.awaitingOperator = snapshot.awaitingOperator;
    const bool inPhase = snapshot.phase >= 0 && snapshot.phase < phaseCount;

    if (inPhase) {
        display.phaseName = program.phases[static_cast<std::size_t>(snapshot.phase)].name;
        display.phaseElapsedSeconds = snapshot.phaseElapsedSeconds;
        display.phasePlannedSeconds = plannedSecondsOf(program, snapshot, snapshot.phase);
        const double left = display.phasePlannedSeconds - snapshot.phaseElapsedSeconds;
        display.phaseRemainingSeconds = std::max(0.0, left);
        display.phaseOvertimeSeconds = std::max(0.0, -left);
    }

    // Timeline: planned positions from the program as written; actual from the snapshot; phases still
    // to come are projected to start when the current one is planned to end.
    double plannedCursor = 0.0;
    double projectedCursor = snapshot.sessionSeconds;
    if (inPhase) projectedCursor += display.phaseRemainingSeconds;
    for (int i = 0; i < phaseCount; ++i) {
        const auto& phase = program.phases[static_cast<std::size_t>(i)];
        const auto& timing = snapshot.phases[static_cast<std::size_t>(i)];
        TimelinePhase bar;
        bar.name = phase.name;
        bar.plannedStart = plannedCursor;
        bar.plannedSeconds = std::chrono::duration<double>(phase.planned).count();
        plannedCursor += bar.plannedSeconds;
        // The current and earlier phases have started whatever their timing says: after a resume the
        // current phase's start can come out a hair below zero, which must not move it into the future.
        bar.started = snapshot.state != session::SessionState::NotStarted &&
                      (timing.startedAt >= 0.0 || i <= snapshot.phase);
        bar.finished = bar.started && timing.endedAt >= 0.0;
        bar.current = i == snapshot.phase && !bar.finished;
        if (bar.started) {
            bar.actualStart = timing.startedAt >= 0.0
                                  ? timing.startedAt
                                  : std::max(0.0, i == snapshot.phase
                                                      ? snapshot.sessionSeconds - snapshot.phaseElapsedSeconds
                                                      : 0.0);
            bar.actualEnd = bar.finished ? timing.endedAt : snapshot.sessionSeconds;
        } else if (snapshot.state == session::SessionState::NotStarted) {
            bar.actualStart = bar.plannedStart;
            bar.actualEnd = plannedCursor;
        } else {
            bar.actualStart = projectedCursor;
            projectedCursor += plannedSecondsOf(program, snapshot, i);
            bar.actualEnd = projectedCursor;
        }
        if (i > snapshot.phase) display.programRemainingSeconds += plannedSecondsOf(program, snapshot, i);
        display.timeline.push_back(std::move(bar));
    }
    if (inPhase) display.programRemainingSeconds += display.phaseRemainingSeconds;
    double actualSpan = display.timeline.empty() ? 0.0 : display.timeline.back().actualEnd;
    // The current phase's planned rest is on the bar too, also when it is the last phase.
    if (inPhase) actualSpan = std::max(actualSpan, snapshot.sessionSeconds + display.phaseRemainingSeconds);
    display.timelineSeconds = std::max({plannedCursor, actualSpan, snapshot.sessionSeconds, 1.0});

    display.nowPlaying = nameOf(program, snapshot.currentTrack);
    display.upNext = nameOf(program, snapshot.nextTrack);
    display.trackPositionSeconds = snapshot.trackPositionSeconds;
    display.trackDurationSeconds = snapshot.trackDurationSeconds;

    display.volumeCeilingDbfs = snapshot.volumeCeilingDbfs;
    display.volumeCeiling = ceilingToLinear(snapshot.volumeCeilingDbfs);
    display.volume = std::clamp(snapshot.masterVolume, 0.0, display.volumeCeiling);
    display.talkOver = snapshot.talkOver;
    display.deviceConnected = snapshot.deviceConnected;
    display.clockPaused = !snapshot.deviceConnected && snapshot.state != session::SessionState::NotStarted &&
                          snapshot.state != session::SessionState::Ended;
    display.activeFaults = snapshot.activeFaults;
    return display;
}

}  // namespace stillpoint::panel
