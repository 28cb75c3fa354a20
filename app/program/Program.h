// The music program a clinic authors: phases with planned durations, tracks, alternates, grounding.
// Plain data, filled by ProgramParser from a TOML file (docs/program-format.md). No audio, no UI.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace stillpoint::program {

using Duration = std::chrono::milliseconds;

// Where something was written in a program file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
    std::filesystem::path file;
    int line = 0;
    int column = 0;
};

enum class Route { Iv, Im, Intranasal, Sublingual, Oral, Other };

// How a phase ends: at its planned time, or when the operator advances (never later than its maximum).
enum class PhaseEnd { Automatic, Operator };

// What plays when a phase's tracks run out before the phase ends. Silence only when written explicitly.
enum class FillPolicy { Loop, Bed, Silence };

enum class Lyrics { Unspecified, None, ForeignLanguage, KnownLanguage };

struct Track {
    std::filesystem::path file;     // resolved against the program file's folder
    std::string fileAsWritten;      // as the clinic wrote it, for messages
    std::string title;              // optional; falls back to the file's tags, then its name
    std::optional<Duration> start;  // in point within the file
    std::optional<Duration> end;    // out point within the file
    double gainDb = 0.0;            // trim on top of loudness normalisation
    Duration fadeIn{0};
    Duration fadeOut{0};
    Lyrics lyrics = Lyrics::Unspecified;
    std::optional<int> intensity;   // 1 (gentle) .. 5 (intense)
    std::vector<std::string> tags;  // free-form, e.g. "strings", "no-percussion"
    std::vector<Track> alternates;  // calmer alternates the operator can swap to, calmest first
    SourceLocation where;
};

// How long `track` plays of a file lasting `fileSeconds`: from its start to its end, or to the file's end
// if that comes first; never negative.
double playedSeconds(const Track& track, double fileSeconds);

struct Phase {
    std::string name;  // e.g. "settling", "onset", "peak", "return", "rest"
    Duration planned{0};
    std::optional<Duration> minimum;
    std::optional<Duration> maximum;
    PhaseEnd ends = PhaseEnd::Automatic;
    Duration crossfadeToNext{0};  // equal-power crossfade into the next phase
    Duration trackCrossfade{0};   // between consecutive tracks inside the phase; 0 = gapless
    FillPolicy fill = FillPolicy::Loop;
    std::optional<Track> bed;  // required when fill == Bed
    std::vector<Track> tracks;
    SourceLocation where;
};

// The most phases a program may have: the engine keeps each phase's timing in a fixed array, so the audio
// thread never allocates. The parser refuses a program with more.
inline constexpr int kMaxPhases = 16;

struct Program {
    int format = 1;
    std::string name;
    std::string author;
    Route route = Route::Other;
    std::string description;
    double targetLufs = -23.0;                   // every track is normalised to this integrated loudness
    double volumeCeilingDbfs = -1.0;             // output peak never exceeds this, whatever the operator does
    Duration endFade{std::chrono::seconds(30)};  // fade when the session ends
    std::optional<Track> grounding;              // program-wide track for distress, one action away
    std::vector<Phase> phases;
    std::filesystem::path sourceFile;

    Duration plannedTotal() const {
        Duration total{0};
        for (const auto& phase : phases) total += phase.planned;
        return total;
    }
};

// The keywords a program file names them by ("iv", "auto", "bed", "foreign"), as the writer writes them.
const char* toString(Route route);
// How the route is called on screen and in reports: "IV infusion", "Intranasal".
const char* displayName(Route route);
const char* toString(PhaseEnd end);
const char* toString(FillPolicy fill);
const char* toString(Lyrics lyrics);

}  // namespace stillpoint::program
