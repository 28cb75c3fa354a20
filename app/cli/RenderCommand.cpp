// `stillpoint render PROGRAM.toml -o OUT.wav|OUT.flac [--actions ACTIONS.toml] [--room-output FILE]
// [--preview-output FILE] [--journal DIR]`: the whole
// session rendered offline through the same engine as live playback, faster than real time, journaled
// like a real session (a session folder beside the output, or under DIR, marked as a rendered preview),
// so `stillpoint report` turns it into the same report.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "audio/encode/AudioFileWriter.h"
#include "cli/Commands.h"
#include "cli/FollowerOutputSettings.h"
#include "config/MachineConfig.h"
#include "journal/JournalEntry.h"
#include "journal/SessionJournal.h"
#include "program/DurationParser.h"
#include "program/ProgramParser.h"
#include "session/ActionScript.h"
#include "session/OfflineRender.h"
#include "session/SessionEngine.h"

namespace stillpoint::cli {

namespace {

namespace fs = std::filesystem;
using session::SessionEvent;

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
                     bar.c_str(), program::formatClock(seconds).c_str(), program::formatClock(total_).c_str(),
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

// The preview's journal stamps each line with the time it would have had if the session had been
// played from the moment the render began (a render runs many times faster than real time).
struct PreviewClock {
    std::chrono::system_clock::time_point began = std::chrono::system_clock::now();
    std::shared_ptr<double> sessionSeconds = std::make_shared<double>(0.0);
    std::chrono::system_clock::time_point now() const {
        return began + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                           std::chrono::duration<double>(*sessionSeconds));
    }
};

journal::SessionJournal startPreviewJournal(const fs::path& journalRoot, const program::Program& program,
                                            const fs::path& outputFile, const PreviewClock& clock) {
    journal::SessionDetails details;
    details.patientId = "PREVIEW";
    details.clinician = "(rendered preview)";
    details.consentToMusic = true;
    details.outputDevice = "render to " + outputFile.filename().string();
    details.renderedPreview = true;
    journal::JournalOptions options;
    options.clock = [clock] { return clock.now(); };
    return journal::SessionJournal::start(journalRoot, program, details, std::move(options));
}

struct RenderOutputs {
    fs::path patient;
    fs::path room;                        // empty: no room output
    std::optional<double> roomVolume;     // overrides [outputs.room] volume
    fs::path preview;                     // empty: no preview output
    std::optional<double> previewVolume;  // overrides [outputs.preview] volume
};

struct FollowerOptions {
    session::RoomOutputOptions room;
    session::PreviewOutputOptions preview;
};

// The room's and the preview's levels, ceilings and the room's talk-over duck as the machine configuration
// sets them for this clinic, so their renders are what the speakers and the operator's headphones play.
std::optional<FollowerOptions> followerOptions(const RenderOutputs& outputs, std::string& problems) {
    FollowerOptions options;
    if (outputs.room.empty() && outputs.preview.empty()) return options;
    const auto machine = config::readMachineConfig(config::defaultMachineConfigFile());
    for (const auto& problem : machine.problems) problems += program::formatProblem(problem) + "\n";
    if (!machine.config) return std::nullopt;
    if (!outputs.room.empty()) useOutputSettings(options.room, machine.config->room, outputs.roomVolume);
    if (!outputs.preview.empty())
        useOutputSettings(options.preview, machine.config->preview, outputs.previewVolume);
    return options;
}

int runRender(const fs::path& programFile, const RenderOutputs& outputs, const std::string& actionsFile,
              int sampleRate, const std::string& cacheFile, double volume, const std::string& journalDir) {
    const fs::path& outputFile = outputs.patient;
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
        if (script.ok()) session::resolveTrackNames(script, *parsed.program);
        for (const auto& problem : script.problems) std::cerr << session::toString(problem) << "\n";
        if (!script.ok()) {
            std::cerr << "stillpoint render: the actions file has problems (above); nothing was rendered\n";
            return kExitProblems;
        }
    }

    if (sampleRate == 0) sampleRate = session::nativeSampleRate(*parsed.program);
    if (outputs.roomVolume && outputs.room.empty()) {
        std::cerr << "stillpoint render: --room-volume sets the room output's volume; name its file with "
                     "--room-output\n";
        return kExitUsage;
    }
    if (outputs.previewVolume && outputs.preview.empty()) {
        std::cerr << "stillpoint render: --preview-volume sets the preview output's volume; name its file "
                     "with --preview-output\n";
        return kExitUsage;
    }
    std::string configProblems;
    const auto followers = followerOptions(outputs, configProblems);
    std::cerr << configProblems;
    if (!followers) {
        std::cerr
            << "stillpoint render: the machine configuration has errors (above); fix them to render the "
               "room or preview output\n";
        return kExitProblems;
    }
    const session::RoomOutputOptions* room = &followers->room;
    for (const fs::path& file : {outputs.patient, outputs.room, outputs.preview}) {
        if (file.empty() || audio::AudioFileWriter::supportedExtension(file)) continue;
        std::cerr << "stillpoint render: " << file.string()
                  << ": choose an output ending in .wav (32-bit float) or .flac (24-bit)\n";
        return kExitUsage;
    }
    const auto same = [](const fs::path& a, const fs::path& b) {
        return !a.empty() && !b.empty() && fs::absolute(a) == fs::absolute(b);
    };
    if (same(outputs.room, outputs.patient) || same(outputs.preview, outputs.patient) ||
        same(outputs.preview, outputs.room)) {
        std::cerr << "stillpoint render: two outputs are written to the same file; name one file each\n";
        return kExitUsage;
    }
    std::optional<audio::AudioFileWriter> sound;
    std::optional<audio::AudioFileWriter> roomSound;
    std::optional<audio::AudioFileWriter> previewSound;
    try {
        sound.emplace(outputFile, sampleRate);
        if (room->enabled) roomSound.emplace(outputs.room, sampleRate);
        if (followers->preview.enabled) previewSound.emplace(outputs.preview, sampleRate);
    } catch (const audio::AudioWriteError& error) {
        std::cerr << "stillpoint render: " << error.what() << "\n";
        return kExitProblems;
    }
    const program::Program& program = *parsed.program;
    const fs::path journalRoot =
        journalDir.empty() ? fs::absolute(outputFile).parent_path() : fs::absolute(journalDir);
    PreviewClock clock;
    std::optional<journal::SessionJournal> journal;
    try {
        journal.emplace(startPreviewJournal(journalRoot, program, outputFile, clock));
    } catch (const std::exception& error) {
        std::cerr << "stillpoint render: " << error.what() << "\n";
        return kExitProblems;
    }

    session::SessionOptions options;
    options.sampleRate = sampleRate;
    options.initialMasterVolume = volume;
    options.room = *room;
    options.preview = followers->preview;
    if (!cacheFile.empty()) options.loudnessCacheFile = cacheFile;
    std::cerr << "measuring loudness of the program's tracks (cached after the first time)...\n";
    session::SessionEngine engine(program, options);

    RenderProgress progress(std::chrono::duration<double>(program.plannedTotal()).count());
    session::OfflineRenderOptions renderOptions;
    // The file is written on its own thread; a failed write (disk full) stops the render.
    renderOptions.writeAudio = [&](const float* samples, int frames) { sound->write(samples, frames); };
    if (roomSound)
        renderOptions.writeRoomAudio = [&](const float* samples, int frames) {
            roomSound->write(samples, frames);
        };
    if (previewSound)
        renderOptions.writePreviewAudio = [&](const float* samples, int frames) {
            previewSound->write(samples, frames);
        };
    int faults = 0;
    renderOptions.onEvent = [&](const SessionEvent& event) {
        if (event.kind == session::EventKind::Fault) {
            ++faults;
            progress.finish();
            std::cerr << "fault at " << program::formatClock(event.sessionSeconds()) << ": "
                      << journal::journalName(event.fault) << ": " << event.detailText() << "\n";
        }
        if (event.kind == session::EventKind::OperatorAction && event.refusal != session::Refusal::None) {
            progress.finish();
            std::cerr << "not carried out at " << program::formatClock(event.sessionSeconds()) << ": "
                      << session::describeCommand(event) << "\n";
        }
        *clock.sessionSeconds = event.sessionSeconds();
        journal->recordEngineEvent(event);
    };
    renderOptions.onProgress = [&](double seconds) {
        const auto snapshot = engine.snapshot();
        *clock.sessionSeconds = snapshot.sessionSeconds;
        journal->observe(snapshot);
        progress.update(seconds);
    };
    session::OfflineRenderResult result;
    try {
        result = session::renderOffline(engine, script.actions, sampleRate, renderOptions);
        sound->close();
        if (roomSound) roomSound->close();
        if (previewSound) previewSound->close();
    } catch (const audio::AudioWriteError& error) {
        progress.finish();
        std::cerr << "stillpoint render: " << error.what() << "\n";
        return kExitProblems;
    }
    progress.finish();
    journal->endSession("rendered");
    const double seconds = static_cast<double>(result.frames) / sampleRate;
    std::cerr << "rendered " << program::formatClock(seconds) << " of session at " << sampleRate / 1000.0
              << " kHz in " << progress.elapsedSeconds() << " s to " << outputFile.string() << "; journal in "
              << journal->folder().string() << " (stillpoint report " << journal->folder().string() << ")";
    if (roomSound) std::cerr << "; the room output to " << outputs.room.string();
    if (previewSound) std::cerr << "; the preview output to " << outputs.preview.string();
    if (faults > 0) std::cerr << " (" << faults << " fault(s), listed above)";
    std::cerr << "\n";
    if (result.stoppedAtLongest) {
        std::cerr << "note: the session waited for the operator and was ended after "
                  << program::formatClock(seconds) << "; add an 'advance' action to the actions file\n";
    }
    return faults > 0 ? kExitFaults : kExitOk;
}

}  // namespace

void addRenderCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand(
        "render", "Render a whole session offline to a WAV or FLAC file, journaled as a rendered preview");
    struct Options {
        std::string program;
        std::string output;
        std::string roomOutput;
        std::optional<double> roomVolume;
        std::string previewOutput;
        std::optional<double> previewVolume;
        std::string actions;
        std::string cacheFile;
        std::string journal;
        int sampleRate = 0;   // 0: the rate of most of the program's music (44.1 or 48 kHz)
        double volume = 1.0;  // a preview plays the program as authored: at its target loudness
    };
    auto options = std::make_shared<Options>();
    command->add_option("program", options->program, "Program file (.toml)")->required();
    command->add_option("-o,--output", options->output, "Output audio file: .wav (float) or .flac (24-bit)")
        ->required();
    command->add_option(
        "--room-output", options->roomOutput,
        "Also render the room speakers' output, frame for frame beside the patient's, to this "
        ".wav or .flac file (its volume, ceiling and talk-over duck from [outputs.room] in "
        "$XDG_CONFIG_HOME/stillpoint/stillpoint.toml)");
    command
        ->add_option("--room-volume", options->roomVolume,
                     "The room output's volume, 0..1 (default: "
                     "[outputs.room] volume, else 0.8)")
        ->check(CLI::Range(0.0, 1.0));
    command->add_option(
        "--preview-output", options->previewOutput,
        "Also render the preview output (the operator's headphones: what the actions' previews play), "
        "frame for frame beside the patient's, to this .wav or .flac file (its volume and ceiling from "
        "[outputs.preview])");
    command
        ->add_option("--preview-volume", options->previewVolume,
                     "The preview output's volume, 0..1 (default: [outputs.preview] volume, else 0.8)")
        ->check(CLI::Range(0.0, 1.0));
    command->add_option(
        "--actions", options->actions,
        "Timed operator actions (.toml): [[action]] at = \"12m\" do = \"extend_phase\" by = \"5m\" "
        "(docs/program-format.md)");
    command->add_option("--journal", options->journal,
                        "Folder to journal the preview in (default: beside the output); a session folder "
                        "is made inside it, for `stillpoint report`");
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
    command->footer(
        "Exit codes: 0 rendered without faults, 3 rendered but faults were reported (listed above and in "
        "the events file), 1 the render failed, 2 wrong command line.");
    command->callback([options, &exitCode] {
        try {
            exitCode = runRender(options->program,
                                 {options->output, options->roomOutput, options->roomVolume,
                                  options->previewOutput, options->previewVolume},
                                 options->actions, options->sampleRate, options->cacheFile, options->volume,
                                 options->journal);
        } catch (const std::exception& error) {
            std::cerr << "stillpoint render: " << error.what() << "\n";
            exitCode = kExitProblems;
        }
    });
}

}  // namespace stillpoint::cli
