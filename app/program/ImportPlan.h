// Turns a playlist's tracks into a program a clinic can start from: the route's phase plan (timings from
// clinical practice, as in the shipped programs), the tracks spread over it in playlist order by their
// lengths, and a comment at each phase saying what to check. Plain data in, plain data out: no files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "program/Program.h"

namespace stillpoint::program {

struct ImportedTrack {
    std::filesystem::path file;
    std::string title;     // from the file's tags, else the playlist's, else empty
    double seconds = 0.0;  // how long the file plays
};

struct ImportedProgram {
    Program program;
    std::string headerComment;
    std::vector<std::string> phaseComments;  // one per phase
};

// One phase of a route's plan and what its music should be (written above it as a comment).
struct RoutePlanPhase {
    Phase phase;  // name, planned, min, max, ends, crossfades, fill; no tracks
    std::string whatToCheck;
};

// The route's phase plan, as in the shipped programs (playlists/), from the timings in clinical practice:
// IV, IM, intranasal esketamine, oral; sublingual for Sublingual and Other.
std::vector<RoutePlanPhase> routePhasePlan(Route route);

// "iv", "im", "intranasal", "sublingual", "oral"; nullopt for anything else.
std::optional<Route> importRouteNamed(std::string_view name);

// Tracks are laid end to end in playlist order and that line is stretched or squeezed onto the phase
// plan: each track goes to the phase where its middle falls. A phase no track falls in (a very short
// playlist) gets the track nearest to it, so every phase has music. `tracks` must not be empty.
ImportedProgram planImportedProgram(const std::vector<ImportedTrack>& tracks, Route route,
                                    const std::string& name, const std::string& sourceName);

}  // namespace stillpoint::program
