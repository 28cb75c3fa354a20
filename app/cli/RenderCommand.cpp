// `stillpoint render PROGRAM.toml -o OUT.wav|OUT.flac [--actions ACTIONS.toml]`: the whole session rendered
// offline through the same engine as live playback, faster than real time, with its events beside it as
// JSON lines (OUT.events.jsonl).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "audio/encode/AudioFileWriter.h"
#include "cli/Commands.h"
#include "program/ProgramParser.h"
#include "session/ActionScript.h"
#include "session/OfflineRender.h"
#include "session/SessionEngine.h"

namespace stillpoint::cli {

namespace {

namespace fs = std::filesystem;
using session::SessionEvent;

std::string clockText(double seconds) {
    const auto total = static_cast<long>(seconds);
    char text[32];
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
    return text;
}

nlohmann::json eventToJson(const SessionEvent& event, const program::Program& program) {
    nlohmann::json line;
    line["event"] = session::toString(event.kind);
    line["frame"] = event.sessionFrame;
    line["seconds"] = event.sessionSeconds();
    line["wallClock"] =
        std::chrono::duration_cast<std::chrono::milliseconds>(event.wallClock.time_since_epoch()).count();
    if (event.phase >= 0 && event.phase < static_cast<int>(program.phases.size())) {
        line["phase"] = program.phases[static_cast<std::size_t>(event.phase)].name;
    }
    if (event.track.valid()) {
        nlohmann::json track{{"role", session::toString(event.track.role)}};
        if (event.track.phase >= 0) track["phase"] = event.track.phase;
        if (event.track.index >= 0) track["index"] = event.track.index;
        if (event.track.alternate >= 0) track["alternate"] = event.track.alternate;
        if (const program::Track* resolved = session::resolve(program, event.track)) {
            track["title"] = session::displayName(*resolved);
            track["file"] = resolved->fileAsWritten;
        }
        line["track"] = std::move(track);
    }
    switch (event.kind) {
        case session::EventKind::TrackEnded:
            line["playedSeconds"] = event.trackPositionSeconds;
            break;
        case session::EventKind::PhaseEntered:
            line["plannedSeconds"] = event.plannedSeconds;
            break;
        case session::EventKind::PhaseLeft:
            line["plannedSeconds"] = event.plannedSeconds;
            line["actualSeconds"] = event.actualSeconds;
            break;
        case session::EventKind::OperatorAction:
            line["action"] = std::string(session::commandSpec(event.action).name);
            line["value"] = event.value;
            break;
        case session::EventKind::Fault:
        case session::EventKind::FaultCleared:
            line["fault"] = session::toString(event.fault);
            break;
        default:
            break;
    }
    if (!event.detailText().empty()) line["detail"] = std::string(event.detailText());
    return line;
}

class RenderProgress {
public:
    RenderProgress(double totalSeconds)
        : terminal_(::isatty(STDERR_FILENO) != 0),
          total_(totalSeconds),
          started_(std::chrono::steady_clock::now()) {}

    void update(double seconds) {
        const auto now = std::chrono::steady_clock::now();
        if (now - lastDrawn_ < std::chrono::milliseconds(terminal_ ? 100 : 5000)) return;
        lastDrawn_ = now;
        constexpr int kWidth = 30;
        const double fraction = total_ > 0 ? std::min(1.0, seconds / total_) : 0.0;
        const int filled = static_cast<int>(fraction * kWidth);
        std::string bar(static_cast<std::size_t>(filled), '=');
        if (filled < kWidth) bar += '>' + std::string(static_cast<std::size_t>(kWidth - filled - 1), ' ');
        const double elapsed = std::chrono::duration<double>(now - started_).count();
        std::fprintf(stderr, "%srendering [%s] %s / %s (%.0fx real time)%s", terminal_ ? "\r" : "",
                     bar.c_str(), clockText(seconds).c_str(), clockText(total_).c_str(),
                     elapsed > 0 ? seconds / elapsed : 0.0, terminal_ ? "" : "\n");
        std::fflush(stderr);
        drawn_ = true;
    }
    void finish() {
        if (drawn_ && terminal_) std::fputs("\r\033[K", stderr);
        drawn_ = false;
    }
    double elapsedSeconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    }

private:
    bool terminal_;
    double total_;
    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point lastDrawn_{};
    bool drawn_ = false;
};

int runRender(const fs::path& programFile, const fs::path& outputFile, const std::string& actionsFile,
              int sampleRate, const std::string& cacheFile, double volume) {
    const auto parsed = program::parseProgramFile(programFile);
    for (const auto& problem : parsed.problems) std::cerr << program::formatProblem(problem) << "\n";
    if (parsed.hasErrors() || !parsed.program) {
        std::cerr << "stillpoint render: " << programFile.string()
                  << " has problems (above); fix them, or run `stillpoint check` for details\n";
        return kExitProblems;
    }
    session::ActionScript script;
    if (!actionsFile.empty()) {
        script = session::parseActionScriptFile(actionsFile);
        for (const auto& problem : script.problems) std::cerr << session::toString(problem) << "\n";
        if (!script.ok()) {
            std::cerr << "stillpoint render: the actions file has problems (above); nothing was rendered\n";
            return kExitProblems;
        }
    }

    if (sampleRate == 0) sampleRate = session::nativeSampleRate(*parsed.program);
    if (!audio::AudioFileWriter::supportedExtension(outputFile)) {
        std::cerr << "stillpoint render: " << outputFile.string()
                  << ": choose an output ending in .wav (32-bit float) or .flac (24-bit)\n";
        return kExitUsage;
    }
    std::optional<audio::AudioFileWriter> sound;
    try {
        sound.emplace(outputFile, sampleRate);
    } catch (const audio::AudioWriteError& error) {
        std::cerr << "stillpoint render: " << error.what() << "\n";
        return kExitProblems;
    }
    const fs::path eventsFile = fs::path(outputFile).concat(".events.jsonl");
    std::ofstream events(eventsFile);
    if (!events) {
        std::cerr << "stillpoint render: cannot write " << eventsFile.string() << "\n";
        return kExitProblems;
    }

    const program::Program& program = *parsed.program;
    session::SessionOptions options;
    options.sampleRate = sampleRate;
    options.initialMasterVolume = volume;
    if (!cacheFile.empty()) options.loudnessCacheFile = cacheFile;
    std::cerr << "measuring loudness of the program's tracks (cached after the first time)...\n";
    session::SessionEngine engine(program, options);

    RenderProgress progress(std::chrono::duration<double>(program.plannedTotal()).count());
    session::OfflineRenderOptions renderOptions;
    // The file is written on its own thread; a failed write (disk full) stops the render.
    renderOptions.writeAudio = [&](const float* samples, int frames) { sound->write(samples, frames); };
    int faults = 0;
    renderOptions.onEvent = [&](const SessionEvent& event) {
        if (event.kind == session::EventKind::Fault) {
            ++faults;
            progress.finish();
            std::cerr << "fault at " << clockText(event.sessionSeconds()) << ": "
                      << session::toString(event.fault) << ": " << event.detailText() << "\n";
        }
        events << eventToJson(event, program).dump() << "\n";
    };
    renderOptions.onProgress = [&](double seconds) { progress.update(seconds); };
    session::OfflineRenderResult result;
    try {
        result = session::renderOffline(engine, script.actions, sampleRate, renderOptions);
        sound->close();
    } catch (const audio::AudioWriteError& error) {
        progress.finish();
        std::cerr << "stillpoint render: " << error.what() << "\n";
        return kExitProblems;
    }
    progress.finish();
    events.close();
    if (!events) {
        std::cerr << "stillpoint render: writing " << eventsFile.string()
                  << " failed (disk full?); the events are incomplete\n";
        return kExitProblems;
    }
    const double seconds = static_cast<double>(result.frames) / sampleRate;
    std::cerr << "rendered " << clockText(seconds) << " of session at " << sampleRate / 1000.0 << " kHz in "
              << progress.elapsedSeconds() << " s to " << outputFile.string() << "; events in "
              << eventsFile.string();
    if (faults > 0) std::cerr << " (" << faults << " fault(s), listed above)";
    std::cerr << "\n";
    if (result.stoppedAtLongest) {
        std::cerr << "note: the session waited for the operator and was ended after " << clockText(seconds)
                  << "; add an 'advance' action to the actions file\n";
    }
    return kExitOk;
}

}  // namespace

void addRenderCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand(
        "render", "Render a whole session offline to a WAV or FLAC file, with its events as JSON lines");
    struct Options {
        std::string program;
        std::string output;
        std::string actions;
        std::string cacheFile;
        int sampleRate = 0;   // 0: the rate of most of the program's music (44.1 or 48 kHz)
        double volume = 1.0;  // a preview plays the program as authored: at its target loudness
    };
    auto options = std::make_shared<Options>();
    command->add_option("program", options->program, "Program file (.toml)")->required();
    command->add_option("-o,--output", options->output, "Output audio file: .wav (float) or .flac (24-bit)")
        ->required();
    command->add_option(
        "--actions", options->actions,
        "Timed operator actions (.toml): [[action]] at = \"12m\" do = \"extend\" by = \"5m\"");
    command
        ->add_option(
            "--sample-rate", options->sampleRate,
            "Output sample rate (default: 44100 if most of the program's music is at 44.1 kHz, else 48000)")
        ->check(CLI::Range(8000, 192000));
    command
        ->add_option(
            "--volume", options->volume,
            "Master volume, 0..1 (default 1: the program's target loudness; its ceiling still applies)")
        ->check(CLI::Range(0.0, 1.0));
    command->add_option("--cache-file", options->cacheFile,
                        "Loudness cache to use (default: $XDG_CACHE_HOME/stillpoint/loudness.json)");
    command->callback([options, &exitCode] {
        try {
            exitCode = runRender(options->program, options->output, options->actions, options->sampleRate,
                                 options->cacheFile, options->volume);
        } catch (const std::exception& error) {
            std::cerr << "stillpoint render: " << error.what() << "\n";
            exitCode = kExitProblems;
        }
    });
}

}  // namespace stillpoint::cli
