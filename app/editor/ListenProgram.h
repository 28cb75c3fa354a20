// What the editor plays when the author listens: a small program made from the edited one, so the same
// engine plays it as a session would (loudness normalised to the program's target, under its ceiling, with
// its fades and crossfades). Either one track as written (start, end, fades, trim), or a phase change: the
// last seconds of a phase as a session would reach them (its tracks in order, looping if it loops), the
// program's crossfade, and the start of the next phase. Pure: no audio, no files but the lengths asked for.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "program/Program.h"

namespace stillpoint::editor {

// How much of the phase before a change, and of the phase after it, a listen plays (more when the
// crossfade is longer than that, so the whole crossfade is heard).
inline constexpr double kListenTailSeconds = 20.0;
// A listen that starts inside a track comes in over this much, as any start must (no click).
inline constexpr double kListenFadeInSeconds = 1.0;
// The end of a listen (its end, or Stop) fades over this much.
inline constexpr double kListenEndFadeSeconds = 1.5;

struct ListenPlan {
    std::optional<program::Program> program;  // nothing to play when empty: `problem` says why
    std::string label;                        // what is being listened to, for the window
    std::string problem;
    double seconds = 0.0;                 // how long the listen lasts
    double crossfadeStartSeconds = -1.0;  // a phase change: where its crossfade begins in the listen
    double crossfadeSeconds = 0.0;        // and how long it lasts
};

// The length of an audio file in seconds, when it can be read.
using FileLength = std::function<std::optional<double>(const std::filesystem::path&)>;

ListenPlan listenToTrack(const program::Program& program, const program::Track& track,
                         const FileLength& lengthOf);
// From phase `phase` into the next one.
ListenPlan listenToPhaseChange(const program::Program& program, int phase, const FileLength& lengthOf);

}  // namespace stillpoint::editor
