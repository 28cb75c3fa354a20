// `stillpoint play PROGRAM.toml`: runs a session live, with the operator panel (and optionally the patient
// display), or headless in a terminal. Plain `stillpoint` plays the demo program.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SDL.h>

#include "audio/engine/output/LiveOutput.h"
#include "cli/Commands.h"
#include "journal/PatientId.h"
#include "journal/SessionFolder.h"
#include "journal/SessionRecovery.h"
#include "live/SessionController.h"
#include "panel/JournalRecorder.h"
#include "panel/OperatorPanel.h"
#include "panel/PanelWindow.h"
#include "panel/model/OperatorPanelModel.h"
#include "panel/model/TerminalControls.h"
#include "program/ProgramParser.h"
#include "session/SessionEngine.h"
#include "visuals/PatientDisplay.h"

namespace stillpoint::cli {

namespace {

using Clock = std::chrono::steady_clock;
using session::SessionState;

struct PlayOptions {
    std::string program;
    std::string output;  // empty = system default
    bool headless = false;
    int patientDisplay = -1;  // screen index; -1 = off
    bool breathingGuide = false;
    std::string patient;
    std::string clinician;
    std::string route;
    std::string dose;
    std::string consent;   // yes | no
    std::string sessions;  // sessions root; empty = the journal's default
    bool resume = false;
    bool fresh = false;
    bool presetDemo = false;
};

// Ctrl-C (or SIGTERM from a service manager) ends the session with its fade, like q; a second one stops
// at once, because the handler puts the default disposition back.
volatile std::sig_atomic_t endRequestedBySignal = 0;

extern "C" void requestEndFromSignal(int signalNumber) {
    endRequestedBySignal = 1;
    ::signal(signalNumber, SIG_DFL);
}

void endWithFadeOnSignals() {
    struct sigaction action {};
    action.sa_handler = requestEndFromSignal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

// Turns a pending Ctrl-C into the end of the session (confirmed: the signal was the deliberate action).
void endIfSignalled(live::SessionController& controller) {
    if (!endRequestedBySignal) return;
    endRequestedBySignal = 0;
    if (!controller.model().started()) std::exit(kExitOk);
    controller.endNow();
}

bool displayAvailable() {
    return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") ||
           (std::getenv("SDL_VIDEODRIVER") && std::string(std::getenv("SDL_VIDEODRIVER")) != "");
}

const char* kNoDisplayAdvice =
    "Run it without a window with --headless (terminal status line and the same hotkeys), e.g.\n"
    "  stillpoint play PROGRAM.toml --headless --patient ID --clinician NAME --consent yes\n";

std::optional<program::Route> parseRoute(const std::string& text) {
    for (auto route : {program::Route::Iv, program::Route::Im, program::Route::Intranasal,
                       program::Route::Sublingual, program::Route::Oral, program::Route::Other})
        if (text == program::toString(route)) return route;
    return std::nullopt;
}

void fillSetup(panel::SessionSetup& setup, const PlayOptions& options, const program::Program& program) {
    setup.patientId = options.patient;
    setup.clinician = options.clinician;
    setup.doseNote = options.dose;
    setup.outputDevice = options.output;
    setup.patientDisplay = options.patientDisplay >= 0;
    setup.route = program.route;
    if (auto route = parseRoute(options.route)) setup.route = *route;
    if (options.consent == "yes") setup.musicConsent = panel::MusicConsent::Yes;
    if (options.consent == "no") {
        setup.musicConsent = panel::MusicConsent::No;
        setup.withoutMusicConfirmed = true;  // said explicitly on the command line
    }
    if (options.presetDemo) {
        if (setup.patientId.empty()) setup.patientId = "DEMO-1";
        if (setup.clinician.empty()) setup.clinician = "Demo";
        if (setup.musicConsent == panel::MusicConsent::Unanswered)
            setup.musicConsent = panel::MusicConsent::Yes;
    }
}

int runWithPanel(live::SessionController& controller, const PlayOptions& options) {
    panel::OperatorPanelModel& model = controller.model();
    std::unique_ptr<panel::PanelWindow> window;
    try {
        window = std::make_unique<panel::PanelWindow>(panel::PanelWindowOptions{});
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint play: %s\n%s", error.what(), kNoDisplayAdvice);
        return kExitProblems;
    }
    panel::OperatorPanel operatorPanel(model, window->fonts(), audio::listOutputDevices());
    std::unique_ptr<visuals::PatientDisplay> patientDisplay;
    const auto started = Clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };

    bool open = true;
    int framesToDraw = 2;
    long lastShownSecond = -1;
    bool lastEndPending = false;
    while (open || !controller.ended()) {
        // Sleep until input, at most 250 ms (the clocks tick in seconds); faster only while the patient
        // display animates.
        bool hadInput = false;
        open = window->waitForEvents(patientDisplay ? 40 : 250, [&](const SDL_Event& event, bool typing) {
            hadInput = true;
            // Keys count from either window: the patient display may take the focus when it opens.
            if (event.type == SDL_KEYDOWN || event.type == SDL_KEYUP)
                operatorPanel.handleKeyEvent(event.key, typing);
        });
        if (!open) {
            // Closing the window mid-session asks to end it, like End; once ended, it closes.
            if (!model.started() || controller.ended()) break;
            window->cancelClose();
            model.requestEnd();
            open = true;
        }
        endIfSignalled(controller);
        controller.pump();
        if (model.started() && model.setup().patientDisplay && !patientDisplay) {
            try {
                visuals::PatientDisplayOptions displayOptions;
                // Without --patient-display: the second screen if there is one, else a window beside the
                // panel (never fullscreen over the operator's own screen).
                displayOptions.displayIndex = options.patientDisplay >= 0 ? options.patientDisplay : 1;
                displayOptions.fullscreen = options.patientDisplay >= 0 || SDL_GetNumVideoDisplays() >= 2;
                displayOptions.field.breathingGuide = options.breathingGuide;
                patientDisplay = std::make_unique<visuals::PatientDisplay>(displayOptions);
                SDL_RaiseWindow(window->window());  // the operator's keyboard stays on the panel
            } catch (const std::exception& error) {
                model.setup().patientDisplay = false;
                model.alerts().raise(panel::AlertKind::DeviceLost, error.what(),
                                     model.snapshot().sessionSeconds);
            }
        }
        // Redraw only when something visible may have changed: input (ImGui shows a click's effect one
        // frame later, hence two frames), engine events, or the clocks reaching a new second.
        const auto shownSecond = static_cast<long>(model.snapshot().sessionSeconds);
        if (hadInput || controller.changed()) framesToDraw = 2;
        if (shownSecond != lastShownSecond || model.endPending() != lastEndPending)
            framesToDraw = std::max(framesToDraw, 1);
        lastShownSecond = shownSecond;
        lastEndPending = model.endPending();
        for (; framesToDraw > 0; --framesToDraw) window->renderFrame([&] { operatorPanel.draw(); });
        if (patientDisplay) {
            patientDisplay->setPhase(
                model.display().state == SessionState::Ended ? "" : model.display().phaseName, seconds());
            patientDisplay->draw(seconds());
        }
    }
    controller.stopOutput();
    return kExitOk;
}

int runHeadless(live::SessionController& controller, const panel::JournalRecorder& recorder) {
    panel::OperatorPanelModel& model = controller.model();
    const auto check = model.setupCheck();
    if (!check.canStart) {
        std::fprintf(stderr, "stillpoint play --headless: the session cannot start yet:\n");
        for (const auto& problem : check.problems) std::fprintf(stderr, "  %s\n", problem.c_str());
        std::fprintf(stderr,
                     "Give them on the command line: --patient ID --clinician NAME --consent yes|no\n");
        return kExitUsage;
    }
    panel::TerminalControls terminal;
    const bool statusOnOneLine = ::isatty(STDOUT_FILENO) != 0;
    if (terminal.interactive())
        std::printf("%s\n", panel::hotkeyHelp().c_str());
    else
        std::printf("Input is not a terminal: playing the program to its end (Ctrl-C ends with a fade).\n");
    model.start();
    auto lastStatus = Clock::now() - std::chrono::hours(1);
    const auto statusEvery = statusOnOneLine ? std::chrono::seconds(1) : std::chrono::seconds(10);
    std::uint32_t refusalShown = 0;
    while (!controller.ended()) {
        for (const auto& key : terminal.waitForKeys(200)) controller.pressTerminalKey(key);
        endIfSignalled(controller);
        controller.pump();
        for (const auto& alert : model.alerts().alerts()) {
            std::printf("%sALERT at %s: %s %s\n", statusOnOneLine ? "\r\033[K" : "",
                        panel::formatClock(alert.raisedAt).c_str(), panel::displayName(alert.kind),
                        alert.message.c_str());
        }
        while (!model.alerts().empty()) model.alerts().acknowledge(model.alerts().alerts().front().id);
        if (const auto& refused = model.lastRefusal(); refused && refused->commandSeq != refusalShown) {
            std::printf("%s%s\n", statusOnOneLine ? "\r\033[K" : "", refused->text.c_str());
            refusalShown = refused->commandSeq;
        }
        if (Clock::now() - lastStatus >= statusEvery || controller.changed()) {
            const auto line = panel::statusLine(model.display());
            if (statusOnOneLine)
                std::printf("\r\033[K%s", line.c_str());
            else
                std::printf("%s\n", line.c_str());
            std::fflush(stdout);
            lastStatus = Clock::now();
        }
    }
    if (statusOnOneLine) std::printf("\n");
    std::printf("Session ended.\n");
    if (const auto* journal = recorder.journal()) std::printf("Journal: %s\n", journal->file().c_str());
    controller.stopOutput();
    return kExitOk;
}

int play(const PlayOptions& options) {
    if (!options.headless && !displayAvailable()) {
        std::fprintf(stderr,
                     "stillpoint play: no display to open the operator panel on (DISPLAY and WAYLAND_DISPLAY "
                     "are not set).\n%s",
                     kNoDisplayAdvice);
        return kExitProblems;
    }
    if (!options.patient.empty()) {
        if (const auto problem = journal::patientIdProblem(options.patient)) {
            std::fprintf(stderr, "stillpoint play: --patient: %s\n", problem->c_str());
            return kExitUsage;
        }
    }
    if (!options.route.empty() && !parseRoute(options.route)) {
        std::fprintf(
            stderr,
            "stillpoint play: --route '%s' is not one of iv, im, intranasal, sublingual, oral, other\n",
            options.route.c_str());
        return kExitUsage;
    }

    auto parsed = program::parseProgramFile(options.program);
    for (const auto& problem : parsed.problems)
        std::fprintf(stderr, "%s\n", program::formatProblem(problem).c_str());
    if (!parsed.program) {
        std::fprintf(stderr,
                     "stillpoint play: %s cannot be played until the errors above are fixed "
                     "(stillpoint check %s lists them too).\n",
                     options.program.c_str(), options.program.c_str());
        return kExitProblems;
    }
    const program::Program& program = *parsed.program;

    if (options.headless && !options.resume) {
        // Said before the audio is loaded: a headless session needs its setup on the command line.
        panel::SessionSetup setup;
        fillSetup(setup, options, program);
        if (const auto check = panel::checkSetup(setup); !check.canStart && !options.resume) {
            std::fprintf(stderr, "stillpoint play --headless: the session cannot start yet:\n");
            for (const auto& problem : check.problems) std::fprintf(stderr, "  %s\n", problem.c_str());
            std::fprintf(stderr,
                         "Give them on the command line: --patient ID --clinician NAME --consent yes|no\n");
            return kExitUsage;
        }
    }

    std::filesystem::path sessionsRoot = options.sessions;
    try {
        if (sessionsRoot.empty()) sessionsRoot = journal::defaultSessionsRoot();
    } catch (const std::exception& error) {
        std::fprintf(stderr,
                     "stillpoint play: %s\nChoose a folder for session journals with --sessions DIR.\n",
                     error.what());
        return kExitProblems;
    }

    // An interrupted session (crash, power cut) of this program is offered for resumption first.
    session::SessionOptions sessionOptions;
    std::optional<journal::SessionJournal> resumedJournal;
    std::string resumedPatient;
    if (!options.fresh) {
        if (auto unfinished = journal::findUnfinishedSession(sessionsRoot);
            unfinished && unfinished->playbackStarted) {
            std::printf("An unfinished session was found: patient %s, program \"%s\", last recorded %s.\n",
                        unfinished->patientId.c_str(), unfinished->programName.c_str(),
                        journal::formatUtc(unfinished->lastRecorded).c_str());
            if (const auto warning = journal::programChangedWarning(*unfinished, program))
                std::printf("%s\n", warning->c_str());
            bool resume = options.resume;
            if (!resume && ::isatty(STDIN_FILENO)) {
                std::printf("Resume it where the music was? [y/N] ");
                std::fflush(stdout);
                std::string answer;
                std::getline(std::cin, answer);
                resume = !answer.empty() && (answer[0] == 'y' || answer[0] == 'Y');
            } else if (!resume) {
                std::printf(
                    "Starting a new session (pass --resume to continue that one, --new to skip this "
                    "check).\n");
            }
            if (resume) {
                try {
                    const auto point = journal::makeResumePoint(unfinished->journal);
                    sessionOptions.resumeFrom = point;
                    resumedJournal.emplace(journal::continueSession(*unfinished, program, point));
                    resumedPatient = unfinished->patientId;
                } catch (const std::exception& error) {
                    std::fprintf(stderr, "stillpoint play: cannot resume: %s\nStarting a new session.\n",
                                 error.what());
                    sessionOptions.resumeFrom.reset();
                }
            }
        }
    }

    std::unique_ptr<session::SessionEngine> engine;
    try {
        engine = std::make_unique<session::SessionEngine>(program, sessionOptions);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint play: %s\n", error.what());
        return kExitProblems;
    }
    auto recorder = resumedJournal
                        ? std::make_unique<panel::JournalRecorder>(std::move(*resumedJournal), program)
                        : std::make_unique<panel::JournalRecorder>(sessionsRoot, program);
    live::SessionController controller(program, *engine, *recorder,
                                       live::SessionController::openLiveOutput());
    try {
        controller.openOutput(options.output);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint play: %s\n", error.what());
        return kExitProblems;
    }
    panel::OperatorPanelModel& model = controller.model();
    fillSetup(model.setup(), options, program);
    if (sessionOptions.resumeFrom) {
        // The setup was recorded when the session first started; it continues without asking again.
        model.setup().patientId = resumedPatient;
        if (model.setup().clinician.empty()) model.setup().clinician = "(resumed)";
        model.setup().musicConsent = panel::MusicConsent::Yes;
        model.start();
    }
    endWithFadeOnSignals();
    return options.headless ? runHeadless(controller, *recorder) : runWithPanel(controller, options);
}

std::filesystem::path demoProgram() {
    const std::filesystem::path relative = std::filesystem::path("playlists") / "demo.toml";
#ifdef STILLPOINT_DEMO_PROGRAM
    if (std::filesystem::exists(STILLPOINT_DEMO_PROGRAM)) return STILLPOINT_DEMO_PROGRAM;
#endif
    return relative;  // from the current folder
}

}  // namespace

void addPlayCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<PlayOptions>();
    auto* command =
        app.add_subcommand("play", "Run a session: the operator panel (or --headless in a terminal)");
    command->add_option("program", options->program, "The program file (TOML)")
        ->required()
        ->check(CLI::ExistingFile);
    command->add_option("--output", options->output,
                        "Audio output by name (see `stillpoint devices`); null = no sound");
    command->add_flag("--headless", options->headless, "No window: status line and hotkeys in the terminal");
    command->add_option("--patient-display", options->patientDisplay,
                        "Show the patient display fullscreen on screen N (0 = first)");
    command->add_flag("--breathing-guide", options->breathingGuide,
                      "Add a slow breathing circle to the patient display");
    command->add_option("--patient", options->patient, "Pseudonymous patient ID (letters, digits, - and _)");
    command->add_option("--clinician", options->clinician, "Clinician in the room");
    command->add_option("--route", options->route,
                        "iv, im, intranasal, sublingual, oral or other (default: the program's)");
    command->add_option("--dose", options->dose, "Dose note, e.g. \"0.5 mg/kg over 40 min\"");
    command
        ->add_option("--consent", options->consent, "Consent to music: yes, or no (the session runs silent)")
        ->check(CLI::IsMember({"yes", "no"}));
    command->add_option("--sessions", options->sessions,
                        "Folder for session journals (default ~/.local/share/stillpoint/sessions)");
    command->add_flag("--resume", options->resume, "Resume an unfinished session without asking");
    command->add_flag("--new", options->fresh, "Do not look for an unfinished session");
    command->callback([options, &exitCode] { exitCode = play(*options); });
}

int playDemo() {
    PlayOptions options;
    options.program = demoProgram().string();
    options.presetDemo = true;
    if (!std::filesystem::exists(options.program)) {
        std::fprintf(
            stderr,
            "stillpoint: the demo program %s was not found. Run stillpoint from the source folder, or play a "
            "program of your own: stillpoint play PROGRAM.toml\n",
            options.program.c_str());
        return kExitProblems;
    }
    if (!displayAvailable()) {
        std::fprintf(stderr,
                     "stillpoint: no display to open the operator panel on (DISPLAY and WAYLAND_DISPLAY are "
                     "not set).\n"
                     "Play the demo in the terminal instead:\n"
                     "  stillpoint play %s --headless --patient DEMO-1 --clinician Demo --consent yes\n",
                     options.program.c_str());
        return kExitProblems;
    }
    return play(options);
}

}  // namespace stillpoint::cli
