#include "editor/ListenProgram.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "program/DurationParser.h"

namespace stillpoint::editor {

namespace {

using program::Duration;
using program::Phase;
using program::Track;

// The engine gives a written crossfade of 0 this much, so a phase change cannot click.
constexpr double kShortestPhaseCrossfadeSeconds = 0.02;
// Enough repeats of a looping phase's tracks for any window; a phase of very short tracks stops here.
constexpr int kMostTracksInAWindow = 200;

double seconds(Duration duration) {
    return std::chrono::duration<double>(duration).count();
}

Duration duration(double seconds) {
    return Duration(static_cast<Duration::rep>(std::llround(seconds * 1000.0)));
}

std::string inQuotes(const std::string& text) {
    return "\"" + text + "\"";
}

std::string trackName(const Track& track) {
    return track.title.empty() ? track.file.filename().string() : track.title;
}

// The program's levels (target loudness, ceiling) and nothing it would do on its own (grounding).
program::Program listenShell(const program::Program& from, const std::string& name) {
    program::Program shell;
    shell.name = name;
    shell.route = from.route;
    shell.targetLufs = from.targetLufs;
    shell.volumeCeilingDbfs = from.volumeCeilingDbfs;
    shell.endFade = duration(kListenEndFadeSeconds);
    shell.sourceFile = from.sourceFile;
    return shell;
}

// A track as it plays in its place, without the alternates a listen never swaps to.
Track asPlayed(Track track) {
    track.alternates.clear();
    return track;
}

// A phase that plays for `plannedSeconds` and then ends by itself.
Phase listenPhase(const Phase& from, double plannedSeconds) {
    Phase phase = from;
    phase.planned = duration(plannedSeconds);
    phase.minimum.reset();
    phase.maximum.reset();
    phase.ends = program::PhaseEnd::Automatic;
    phase.tracks.clear();
    if (phase.bed) phase.bed = asPlayed(*phase.bed);
    return phase;
}

std::string unreadable(const Track& track) {
    return "Cannot listen: " + track.file.string() +
           " cannot be read (see the problems below for why, or choose another file).";
}

}  // namespace

ListenPlan listenToTrack(const program::Program& program, const Track& track, const FileLength& lengthOf) {
    ListenPlan plan;
    plan.label = trackName(track);
    const auto length = lengthOf(track.file);
    if (!length) {
        plan.problem = unreadable(track);
        return plan;
    }
    const double played = program::playedSeconds(track, *length);
    if (played <= 0.0) {
        plan.problem =
            "Cannot listen: " + inQuotes(plan.label) + " plays nothing (its start is after its end).";
        return plan;
    }
    program::Program listen = listenShell(program, "Listening to " + plan.label);
    Phase phase;
    phase.name = "listen";
    // The end fade finishes on the planned end: planned this long, it begins as the track ends.
    phase.planned = duration(played + kListenEndFadeSeconds);
    phase.fill = program::FillPolicy::Silence;
    phase.tracks.push_back(asPlayed(track));
    listen.phases.push_back(std::move(phase));
    plan.seconds = played + kListenEndFadeSeconds;
    plan.program = std::move(listen);
    return plan;
}

ListenPlan listenToPhaseChange(const program::Program& program, int phaseIndex, const FileLength& lengthOf) {
    ListenPlan plan;
    const int phases = static_cast<int>(program.phases.size());
    if (phaseIndex < 0 || phaseIndex >= phases) {
        plan.problem = "Choose a phase to listen to its change into the next.";
        return plan;
    }
    const Phase& before = program.phases[static_cast<std::size_t>(phaseIndex)];
    if (phaseIndex + 1 >= phases) {
        plan.problem = "Phase " + inQuotes(before.name) + " is the last: the session ends there, with the " +
                       "program's end fade.";
        return plan;
    }
    const Phase& after = program.phases[static_cast<std::size_t>(phaseIndex + 1)];
    plan.label = inQuotes(before.name) + " into " + inQuotes(after.name);

    const double crossfade = std::max(seconds(before.crossfadeToNext), kShortestPhaseCrossfadeSeconds);
    const double tail = std::max(kListenTailSeconds, crossfade / 2 + 5.0);
    const double plannedBefore = seconds(before.planned);
    const double windowStart = std::max(0.0, plannedBefore - tail);
    const double window = plannedBefore - windowStart;
    // The phase's music must last until its crossfade has ended.
    const double musicNeeded = plannedBefore + crossfade / 2;

    std::vector<double> played;
    for (const Track& track : before.tracks) {
        const auto length = lengthOf(track.file);
        if (!length) {
            plan.problem = unreadable(track);
            return plan;
        }
        played.push_back(program::playedSeconds(track, *length));
    }
    const double trackCrossfade = seconds(before.trackCrossfade);
    const bool loops = before.fill == program::FillPolicy::Loop;

    // Walk the phase's tracks as a session plays them (each next one starting a track crossfade before the
    // current one ends, from the first again when the phase loops) to the one playing at the window's start.
    Phase leaving = listenPhase(before, window);
    double trackStart = 0.0;
    double musicEnd = 0.0;
    const std::size_t count = before.tracks.size();
    for (int step = 0; count > 0 && step < kMostTracksInAWindow; ++step) {
        const std::size_t k = static_cast<std::size_t>(step) % count;
        if (step > 0 && k == 0 && !loops) break;
        const double trackEnd = trackStart + played[k];
        musicEnd = trackEnd;
        if (!leaving.tracks.empty()) {
            leaving.tracks.push_back(asPlayed(before.tracks[k]));
        } else if (trackEnd > windowStart) {
            Track cut = asPlayed(before.tracks[k]);
            const double into = windowStart - trackStart;
            if (into > 0.0) {
                cut.start = duration((cut.start ? seconds(*cut.start) : 0.0) + into);
                cut.fadeIn = duration(kListenFadeInSeconds);
            }
            leaving.tracks.push_back(std::move(cut));
        }
        trackStart = std::max(trackEnd - trackCrossfade, trackStart + 0.001);
        if (!leaving.tracks.empty() && trackStart >= musicNeeded) break;
        if (loops && musicEnd <= 0.0 && k + 1 == count) break;  // nothing in it plays
    }
    if (leaving.tracks.empty()) {
        if (before.fill == program::FillPolicy::Bed && before.bed) {
            Track bed = asPlayed(*before.bed);
            bed.fadeIn = duration(kListenFadeInSeconds);
            leaving.tracks.push_back(std::move(bed));
        } else {
            plan.problem = "The last " + program::formatDuration(duration(tail)) + " of " +
                           inQuotes(before.name) + " are silence: its music ends at " +
                           program::formatClock(musicEnd) + " of its planned " +
                           program::formatClock(plannedBefore) + ".";
            return plan;
        }
    }

    Phase entering = listenPhase(after, tail);
    for (const Track& track : after.tracks) entering.tracks.push_back(asPlayed(track));

    program::Program listen = listenShell(program, "Listening to " + plan.label);
    listen.phases.push_back(std::move(leaving));
    listen.phases.push_back(std::move(entering));
    plan.program = std::move(listen);
    plan.seconds = window + tail;
    plan.crossfadeStartSeconds = window - crossfade / 2;
    plan.crossfadeSeconds = crossfade;
    return plan;
}

}  // namespace stillpoint::editor
