// `stillpoint check`: everything a clinic should know about a program before a session. The program file's
// problems, then every audio file opened and measured (loudness, true peak, the gain it will get), and
// warnings about timing, peaks over the ceiling and lyrics. Knows nothing of the terminal.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audio/loudness/LoudnessCache.h"
#include "program/Problem.h"
#include "program/Program.h"
#include "program/ProgramParser.h"

namespace stillpoint::check {

enum class TrackRole { Track, Alternate, Grounding, Bed };

const char* toString(TrackRole role);

// One audio file as the program uses it.
struct TrackReport {
    TrackRole role = TrackRole::Track;
    std::string phase;    // empty for the grounding track
    int trackNumber = 0;  // 1-based within the phase (Track, Alternate)
    int alternateNumber = 0;
    std::string title;  // as written in the program, else from the file's tags, else the file name
    std::string fileAsWritten;
    std::filesystem::path file;
    program::SourceLocation where;
    std::optional<audio::LoudnessMeasurement> measurement;  // empty when the file could not be read
    std::string audioError;                                 // why, when it could not
    double gainDb = 0.0;             // loudness normalisation to the program's target, plus the track's trim
    double peakAfterGainDbtp = 0.0;  // true peak once that gain is applied
    double playedSeconds = 0.0;      // between the track's start and end points
};

struct PhaseReport {
    std::string name;
    program::Duration planned{0};
    std::optional<program::Duration> maximum;
    double tracksSeconds = 0.0;  // the phase's tracks played through once, track crossfades overlapped
};

struct CheckReport {
    std::filesystem::path programFile;
    std::optional<program::Program> program;
    std::vector<program::Problem> problems;  // the program file's and the audio's, errors and warnings
    std::vector<TrackReport> tracks;
    std::vector<PhaseReport> phases;

    std::size_t count(program::Severity severity) const;
    bool hasErrors() const { return count(program::Severity::Error) > 0; }
};

struct CheckOptions {
    bool useCache = true;                            // false: measure every file again (benchmarks)
    std::optional<std::filesystem::path> cacheFile;  // default: LoudnessCache's default file
    int threads = 2;
    // Called from the analysis threads, serialised, after each file: (files done, files in total).
    std::function<void(std::size_t, std::size_t)> progress;
};

class ProgramChecker {
public:
    explicit ProgramChecker(CheckOptions options = {});
    ~ProgramChecker();
    ProgramChecker(const ProgramChecker&) = delete;
    ProgramChecker& operator=(const ProgramChecker&) = delete;

    CheckReport check(const std::filesystem::path& programFile);
    // The same for a program not (yet) saved: `programFile` names it in messages and anchors relative
    // paths. The editor checks what a save would write, as the program changes.
    CheckReport checkText(std::string_view text, const std::filesystem::path& programFile);

private:
    CheckReport checkParsed(const std::filesystem::path& programFile, program::ParseResult parsed);

    CheckOptions options_;
    std::optional<audio::LoudnessCache> cache_;
};

}  // namespace stillpoint::check
