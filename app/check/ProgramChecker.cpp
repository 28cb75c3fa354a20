#include "check/ProgramChecker.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "audio/decode/AudioFileReader.h"
#include "program/DurationParser.h"
#include "program/ProgramParser.h"

namespace stillpoint::check {

namespace {

namespace fs = std::filesystem;
using program::Problem;
using program::Severity;

// A phase whose tracks fall this far short of its plan, with nothing to fill the gap, is worth a warning;
// a few seconds of silence before a crossfade are not.
constexpr double kShortfallRatio = 0.8;
constexpr double kOverlongRatio = 1.5;

double seconds(program::Duration duration) {
    return static_cast<double>(duration.count()) / 1000.0;
}

std::string wholeSeconds(double value) {
    return program::formatDuration(program::Duration(static_cast<long long>(std::llround(value)) * 1000));
}

std::string decibels(double value) {
    char text[32];
    // Rounds away the sign of tiny values, so a peak of -0.00001 reads +0.0, not -0.0.
    std::snprintf(text, sizeof(text), "%+.1f", std::abs(value) < 0.05 ? 0.0 : value);
    return text;
}

std::string titleFor(const program::Track& track) {
    if (!track.title.empty()) return track.title;
    return track.file.filename().string();
}

struct AudioResult {
    std::optional<audio::LoudnessMeasurement> measurement;
    std::string error;
};

}  // namespace

const char* toString(TrackRole role) {
    switch (role) {
        case TrackRole::Track:
            return "track";
        case TrackRole::Alternate:
            return "alternate";
        case TrackRole::Grounding:
            return "grounding";
        case TrackRole::Bed:
            return "bed";
    }
    return "track";
}

std::size_t CheckReport::count(Severity severity) const {
    return static_cast<std::size_t>(std::count_if(
        problems.begin(), problems.end(), [severity](const Problem& p) { return p.severity == severity; }));
}

ProgramChecker::ProgramChecker(CheckOptions options) : options_(std::move(options)) {
    if (options_.useCache) {
        if (options_.cacheFile)
            cache_.emplace(*options_.cacheFile);
        else
            cache_.emplace();
    }
}

ProgramChecker::~ProgramChecker() = default;

CheckReport ProgramChecker::check(const fs::path& programFile) {
    return checkParsed(programFile, program::parseProgramFile(programFile));
}

CheckReport ProgramChecker::checkText(std::string_view text, const fs::path& programFile) {
    return checkParsed(programFile, program::parseProgramText(text, programFile));
}

CheckReport ProgramChecker::checkParsed(const fs::path& programFile, program::ParseResult parsed) {
    CheckReport report;
    report.programFile = programFile;
    report.problems = std::move(parsed.problems);
    if (!parsed.program) return report;
    report.program = std::move(parsed.program);
    const program::Program& program = *report.program;

    // Every use of an audio file, in program order.
    auto add = [&report](const program::Track& track, TrackRole role, const std::string& phase,
                         int trackNumber, int alternateNumber) {
        TrackReport entry;
        entry.role = role;
        entry.phase = phase;
        entry.trackNumber = trackNumber;
        entry.alternateNumber = alternateNumber;
        entry.title = titleFor(track);
        entry.fileAsWritten = track.fileAsWritten;
        entry.file = track.file;
        entry.where = track.where;
        report.tracks.push_back(std::move(entry));
    };
    std::vector<const program::Track*> trackOf;  // parallel to report.tracks
    if (program.grounding) {
        add(*program.grounding, TrackRole::Grounding, "", 0, 0);
        trackOf.push_back(&*program.grounding);
    }
    for (const auto& phase : program.phases) {
        int number = 0;
        for (const auto& track : phase.tracks) {
            ++number;
            add(track, TrackRole::Track, phase.name, number, 0);
            trackOf.push_back(&track);
            int alternate = 0;
            for (const auto& calmer : track.alternates) {
                add(calmer, TrackRole::Alternate, phase.name, number, ++alternate);
                trackOf.push_back(&calmer);
            }
        }
        if (phase.bed) {
            add(*phase.bed, TrackRole::Bed, phase.name, 0, 0);
            trackOf.push_back(&*phase.bed);
        }
    }

    // Each distinct file measured once, two at a time (decoding is the cost; the cache makes repeats free).
    std::vector<fs::path> files;
    std::map<fs::path, std::size_t> indexOf;
    for (const auto& entry : report.tracks) {
        if (indexOf.emplace(entry.file, files.size()).second) files.push_back(entry.file);
    }
    std::vector<AudioResult> results(files.size());
    std::atomic<std::size_t> next{0};
    std::size_t done = 0;
    std::mutex progressMutex;
    auto analyse = [&] {
        for (std::size_t index = next++; index < files.size(); index = next++) {
            try {
                results[index].measurement =
                    cache_ ? cache_->measure(files[index]) : audio::measureLoudness(files[index]);
            } catch (const std::exception& error) {
                results[index].error = error.what();
            }
            std::lock_guard lock(progressMutex);
            ++done;
            if (options_.progress) options_.progress(done, files.size());
        }
    };
    const auto threadCount = std::clamp<std::size_t>(static_cast<std::size_t>(std::max(options_.threads, 1)),
                                                     1, std::max<std::size_t>(files.size(), 1));
    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < threadCount; ++i) workers.emplace_back(analyse);
    analyse();
    for (auto& worker : workers) worker.join();
    if (cache_) {
        try {
            cache_->save();
        } catch (const std::exception& error) {
            report.problems.push_back({{},
                                       std::string("the loudness cache was not saved: ") + error.what(),
                                       "the next check will measure the files again",
                                       Severity::Warning});
        }
    }

    auto problem = [&report](const TrackReport& entry, Severity severity, std::string message,
                             std::string hint) {
        report.problems.push_back({entry.where, std::move(message), std::move(hint), severity});
    };
    for (std::size_t i = 0; i < report.tracks.size(); ++i) {
        TrackReport& entry = report.tracks[i];
        const program::Track& track = *trackOf[i];
        const AudioResult& result = results[indexOf.at(entry.file)];
        if (!result.measurement) {
            entry.audioError = result.error;
            problem(entry, Severity::Error, result.error,
                    "correct \"file\" (" + entry.fileAsWritten + ") or replace the audio file");
            continue;
        }
        const auto& measured = *result.measurement;
        entry.measurement = measured;
        if (!measured.damage.empty()) {
            // It would play, but stop early: the session would report it then; better to replace it now.
            problem(entry, Severity::Error, measured.damage,
                    "replace the audio file of \"file\" (" + entry.fileAsWritten + ")");
        }
        if (track.title.empty() && !measured.title.empty()) {
            entry.title = measured.artist.empty() ? measured.title : measured.artist + " - " + measured.title;
        }
        entry.gainDb = audio::normalisationGainDb(measured, program.targetLufs) + track.gainDb;
        entry.peakAfterGainDbtp = measured.truePeakDbtp + entry.gainDb;
        const double start = track.start ? seconds(*track.start) : 0.0;
        const double end = track.end ? seconds(*track.end) : measured.durationSeconds;
        if (start >= measured.durationSeconds) {
            problem(entry, Severity::Error,
                    "\"start\" (" + program::formatDuration(*track.start) + ") is past the end of " +
                        entry.title + " (" + wholeSeconds(measured.durationSeconds) + ")",
                    "start is a position within the file; check the number and its unit");
        } else if (end > measured.durationSeconds + 0.5) {
            problem(entry, Severity::Warning,
                    "\"end\" (" + program::formatDuration(*track.end) + ") is past the end of " +
                        entry.title + " (" + wholeSeconds(measured.durationSeconds) +
                        "); it will stop at the end of the file",
                    "leave out end to play to the end of the file");
        }
        entry.playedSeconds = program::playedSeconds(track, measured.durationSeconds);
        if (entry.peakAfterGainDbtp > program.volumeCeilingDbfs) {
            problem(entry, Severity::Warning,
                    entry.title + " will peak at " + decibels(entry.peakAfterGainDbtp) +
                        " dBTP after its gain of " + decibels(entry.gainDb) + " dB, above the ceiling of " +
                        decibels(program.volumeCeilingDbfs) + " dBFS",
                    "the limiter will hold it at the ceiling; to avoid limiting, lower its gain by " +
                        decibels(entry.peakAfterGainDbtp - program.volumeCeilingDbfs).substr(1) +
                        " dB or choose a recording with more headroom");
        }
        const bool finalPhase = !program.phases.empty() && entry.phase == program.phases.back().name;
        if (track.lyrics == program::Lyrics::KnownLanguage && !finalPhase &&
            (entry.role == TrackRole::Track || entry.role == TrackRole::Alternate)) {
            problem(
                entry, Severity::Warning,
                entry.title + " has lyrics in a language the patient knows, in phase \"" + entry.phase + "\"",
                "words in a known language pull attention outward; keep them for the final phase, or mark "
                "lyrics = \"foreign\" if the patient will not understand them");
        }
    }

    // Timing: what the phase's tracks add up to against what the phase is planned to last.
    for (const auto& phase : program.phases) {
        PhaseReport summary;
        summary.name = phase.name;
        summary.planned = phase.planned;
        summary.maximum = phase.maximum;
        bool complete = true;
        int count = 0;
        for (const auto& entry : report.tracks) {
            if (entry.role != TrackRole::Track || entry.phase != phase.name) continue;
            if (!entry.measurement) complete = false;
            summary.tracksSeconds += entry.playedSeconds;
            ++count;
        }
        if (count > 1) summary.tracksSeconds -= seconds(phase.trackCrossfade) * (count - 1);
        summary.tracksSeconds = std::max(summary.tracksSeconds, 0.0);
        report.phases.push_back(summary);
        if (!complete || count == 0) continue;
        const double planned = seconds(phase.planned);
        if (phase.fill == program::FillPolicy::Silence && summary.tracksSeconds < kShortfallRatio * planned) {
            report.problems.push_back(
                {phase.where,
                 "the tracks of phase \"" + phase.name + "\" last " + wholeSeconds(summary.tracksSeconds) +
                     " but it is planned for " + program::formatDuration(phase.planned) + ": about " +
                     wholeSeconds(planned - summary.tracksSeconds) + " of silence",
                 "add tracks, or set when_tracks_run_out = \"loop\" or \"bed\" if silence is not intended",
                 Severity::Warning});
        }
        const double limit = phase.maximum ? seconds(*phase.maximum) : kOverlongRatio * planned;
        if (summary.tracksSeconds > limit) {
            report.problems.push_back(
                {phase.where,
                 "the tracks of phase \"" + phase.name + "\" last " + wholeSeconds(summary.tracksSeconds) +
                     ", much longer than its " + (phase.maximum ? "maximum of " : "plan of ") +
                     program::formatDuration(phase.maximum ? *phase.maximum : phase.planned) +
                     ": the last ones will not be heard",
                 "move tracks to another phase, or lengthen planned/max", Severity::Warning});
        }
    }

    std::stable_sort(report.problems.begin(), report.problems.end(), [](const Problem& a, const Problem& b) {
        return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
    });
    return report;
}

}  // namespace stillpoint::check
