#include "program/ImportPlan.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "program/DurationParser.h"

namespace stillpoint::program {

namespace {

struct PlannedPhase {
    const char* name;
    Duration planned;
    std::optional<Duration> minimum;
    std::optional<Duration> maximum;
    PhaseEnd ends;
    Duration crossfade;
    Duration trackCrossfade;
    FillPolicy fill;
    const char* whatToCheck;
};

constexpr const char* kSettling =
    "soft, familiar music while the patient lies down and the eye shades go on; it ends when the therapist "
    "advances (dose given, infusion started).";
constexpr const char* kOnset =
    "gentle music that lets the patient settle into the come-up: no sudden changes, no lyrics in a language "
    "the patient understands.";
constexpr const char* kPeak =
    "the deepest part: spacious, steady music without surprises. Add a calmer alternate for each track "
    "([[phase.track.alternate]]) so distress is one action away.";
constexpr const char* kReturn =
    "warm music that carries the patient back gently; nothing that asks for attention.";
constexpr const char* kRest =
    "quiet music while the patient rests and vitals are checked, until the session ends.";

// The shipped programs' plans (playlists/*.toml), from the timings in clinical practice for each route.
std::vector<PlannedPhase> phasePlan(Route route) {
    const auto t = [](int m) { return Duration(std::chrono::minutes(m)); };
    const auto s = [](int secs) { return Duration(std::chrono::seconds(secs)); };
    switch (route) {
        case Route::Iv:  // 0.5 mg/kg over ~40 min; effects end 15-20 min after the drip stops
            return {
                {"settling", t(5), t(2), t(15), PhaseEnd::Operator, s(20), s(6), FillPolicy::Loop, kSettling},
                {"onset", t(8), t(5), t(12), PhaseEnd::Automatic, s(20), s(8), FillPolicy::Loop, kOnset},
                {"peak", t(27), t(15), t(40), PhaseEnd::Operator, s(30), s(10), FillPolicy::Loop, kPeak},
                {"return", t(18), t(10), t(25), PhaseEnd::Automatic, s(30), s(10), FillPolicy::Loop, kReturn},
                {"rest", t(20), {}, {}, PhaseEnd::Automatic, s(0), s(10), FillPolicy::Loop, kRest}};
        case Route::Im:  // onset within ~5 min, experience about an hour
            return {
                {"settling", t(3), t(1), t(10), PhaseEnd::Automatic, s(15), s(6), FillPolicy::Loop,
                 kSettling},
                {"onset", t(5), t(3), t(10), PhaseEnd::Automatic, s(20), s(8), FillPolicy::Loop, kOnset},
                {"peak", t(30), t(20), t(50), PhaseEnd::Operator, s(30), s(10), FillPolicy::Loop, kPeak},
                {"return", t(15), t(8), t(25), PhaseEnd::Automatic, s(30), s(10), FillPolicy::Loop, kReturn},
                {"rest", t(10), {}, {}, PhaseEnd::Automatic, s(0), s(10), FillPolicy::Loop, kRest}};
        case Route::Intranasal:  // at least 2 h of monitoring in a certified setting
            return {
                {"dosing", t(10), t(5), t(15), PhaseEnd::Operator, s(20), s(8), FillPolicy::Loop, kSettling},
                {"onset", t(10), t(5), t(15), PhaseEnd::Automatic, s(20), s(8), FillPolicy::Loop, kOnset},
                {"peak", t(25), t(15), t(40), PhaseEnd::Operator, s(30), s(10), FillPolicy::Loop, kPeak},
                {"return", t(30), t(15), t(45), PhaseEnd::Automatic, s(30), s(10), FillPolicy::Loop, kReturn},
                {"rest", t(45), t(20), {}, PhaseEnd::Automatic, s(0), s(10), FillPolicy::Loop, kRest}};
        case Route::Oral:  // onset 15-20 min, peak ~40 min, fades over 1-2 h
            return {
                {"settling", t(15), t(5), t(25), PhaseEnd::Automatic, s(20), s(8), FillPolicy::Loop,
                 kSettling},
                {"onset", t(20), t(10), t(30), PhaseEnd::Automatic, s(30), s(10), FillPolicy::Loop, kOnset},
                {"peak", t(40), t(20), t(60), PhaseEnd::Operator, s(30), s(10), FillPolicy::Loop, kPeak},
                {"return", t(30), t(15), t(50), PhaseEnd::Automatic, s(30), s(10), FillPolicy::Loop, kReturn},
                {"rest", t(15), {}, {}, PhaseEnd::Automatic, s(0), s(10), FillPolicy::Loop, kRest}};
        case Route::Sublingual:
        case Route::Other:
            break;
    }
    // Sublingual: onset 15-20 min, peak ~40 min.
    return {{"settling", t(10), t(5), t(20), PhaseEnd::Automatic, s(20), s(8), FillPolicy::Loop, kSettling},
            {"onset", t(20), t(10), t(30), PhaseEnd::Automatic, s(30), s(10), FillPolicy::Loop, kOnset},
            {"peak", t(30), t(15), t(50), PhaseEnd::Operator, s(30), s(10), FillPolicy::Loop, kPeak},
            {"return", t(20), t(10), t(40), PhaseEnd::Automatic, s(30), s(10), FillPolicy::Loop, kReturn},
            {"rest", t(10), {}, {}, PhaseEnd::Automatic, s(0), s(10), FillPolicy::Loop, kRest}};
}

std::string clock(double totalSeconds) {
    return formatDuration(Duration(static_cast<long>(std::llround(totalSeconds)) * 1000));
}

}  // namespace

std::vector<RoutePlanPhase> routePhasePlan(Route route) {
    std::vector<RoutePlanPhase> phases;
    for (const auto& planned : phasePlan(route)) {
        RoutePlanPhase entry;
        entry.phase.name = planned.name;
        entry.phase.planned = planned.planned;
        entry.phase.minimum = planned.minimum;
        entry.phase.maximum = planned.maximum;
        entry.phase.ends = planned.ends;
        entry.phase.crossfadeToNext = planned.crossfade;
        entry.phase.trackCrossfade = planned.trackCrossfade;
        entry.phase.fill = planned.fill;
        entry.whatToCheck = planned.whatToCheck;
        phases.push_back(std::move(entry));
    }
    return phases;
}

std::optional<Route> importRouteNamed(std::string_view name) {
    if (name == "iv") return Route::Iv;
    if (name == "im") return Route::Im;
    if (name == "intranasal") return Route::Intranasal;
    if (name == "sublingual") return Route::Sublingual;
    if (name == "oral") return Route::Oral;
    return std::nullopt;
}

ImportedProgram planImportedProgram(const std::vector<ImportedTrack>& tracks, Route route,
                                    const std::string& name, const std::string& sourceName) {
    if (tracks.empty()) throw std::invalid_argument("planImportedProgram: no tracks");
    const auto plan = routePhasePlan(route);
    ImportedProgram imported;
    Program& program = imported.program;
    program.name = name;
    program.route = route;
    program.description =
        "Imported from " + sourceName + "; phase plan for the " + toString(route) + " route.";

    double plannedTotal = 0.0;
    std::vector<double> phaseStarts;
    for (const auto& phase : plan) {
        phaseStarts.push_back(plannedTotal);
        plannedTotal += std::chrono::duration<double>(phase.phase.planned).count();
    }
    double musicTotal = 0.0;
    for (const auto& track : tracks) musicTotal += std::max(track.seconds, 0.0);

    // Each track's middle, on the plan's time line.
    std::vector<std::size_t> phaseOf(tracks.size());
    std::vector<double> middles(tracks.size());
    double laid = 0.0;
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        const double length = std::max(tracks[i].seconds, 0.0);
        const double middle = musicTotal > 0.0
                                  ? (laid + length / 2.0) / musicTotal
                                  : (static_cast<double>(i) + 0.5) / static_cast<double>(tracks.size());
        middles[i] = middle * plannedTotal;
        laid += length;
        std::size_t phase = 0;
        while (phase + 1 < plan.size() && middles[i] >= phaseStarts[phase + 1]) ++phase;
        phaseOf[i] = phase;
    }

    for (std::size_t p = 0; p < plan.size(); ++p) {
        const Phase& planned = plan[p].phase;
        Phase phase = planned;
        double music = 0.0;
        for (std::size_t i = 0; i < tracks.size(); ++i) {
            if (phaseOf[i] != p) continue;
            Track track;
            track.file = tracks[i].file;
            track.title = tracks[i].title;
            phase.tracks.push_back(track);
            music += tracks[i].seconds;
        }
        bool repeated = false;
        if (phase.tracks.empty()) {  // the nearest track, so the phase is not silent
            const double centre =
                phaseStarts[p] + std::chrono::duration<double>(planned.planned).count() / 2.0;
            std::size_t nearest = 0;
            for (std::size_t i = 1; i < tracks.size(); ++i)
                if (std::abs(middles[i] - centre) < std::abs(middles[nearest] - centre)) nearest = i;
            Track track;
            track.file = tracks[nearest].file;
            track.title = tracks[nearest].title;
            phase.tracks.push_back(track);
            music = tracks[nearest].seconds;
            repeated = true;
        }
        const double plannedSeconds = std::chrono::duration<double>(planned.planned).count();
        std::string comment = "Phase \"" + phase.name + "\": " + std::to_string(phase.tracks.size()) +
                              (phase.tracks.size() == 1 ? " track, " : " tracks, ") + clock(music) +
                              " of music for " + clock(plannedSeconds) + " planned";
        if (planned.minimum || planned.maximum) {
            comment += " (";
            if (planned.minimum) comment += "min " + formatDuration(*planned.minimum);
            if (planned.minimum && planned.maximum) comment += ", ";
            if (planned.maximum) comment += "max " + formatDuration(*planned.maximum);
            comment += ")";
        }
        comment += planned.ends == PhaseEnd::Operator ? "; continues until the therapist advances.\n" : ".\n";
        if (repeated)
            comment += "No track of the playlist falls in this phase: it repeats the nearest one.\n";
        if (music < plannedSeconds - 1.0)
            comment +=
                "The music is shorter than the phase: it loops from its first track. Add tracks, or "
                "shorten \"planned\".\n";
        else if (music > plannedSeconds + 60.0)
            comment += "The music is longer than the phase: the phase ends before its last track does.\n";
        comment += "Check: " + plan[p].whatToCheck;
        imported.phaseComments.push_back(comment);
        program.phases.push_back(std::move(phase));
    }

    imported.headerComment =
        "Imported from " + sourceName + " by `stillpoint import` (route " + toString(route) + ", " +
        std::to_string(tracks.size()) + " tracks, " + clock(musicTotal) + " of music for " +
        clock(plannedTotal) +
        " planned).\n"
        "The tracks were laid end to end in the playlist's order and spread over the route's phase plan in\n"
        "proportion to their lengths: each track is in the phase where its middle falls.\n"
        "Before a session: read the comment at each phase, move tracks where they belong, add calmer\n"
        "alternates and a [grounding] track, then run `stillpoint check` on this file.";
    return imported;
}

}  // namespace stillpoint::program
