// `stillpoint play PROGRAM.toml`: runs a session live, with the operator panel (and optionally the patient
// display), or headless in a terminal. Plain `stillpoint` plays the demo program.
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SDL.h>

#include "audio/engine/output/LiveOutput.h"
#include "cli/Commands.h"
#include "cli/EditorProcess.h"
#include "cli/FollowerOutputSettings.h"
#include "cli/WindowMessage.h"
#include "config/MachineConfig.h"
#include "config/MachineConfigWriter.h"
#include "journal/PatientId.h"
#include "journal/SessionFolder.h"
#include "journal/SessionRecovery.h"
#include "live/FollowerOutputs.h"
#include "live/LevelCheckPlayer.h"
#include "live/SessionController.h"
#include "panel/CallButton.h"
#include "panel/JournalRecorder.h"
#include "panel/OperatorPanel.h"
#include "panel/PanelWindow.h"
#include "panel/PostSessionView.h"
#include "panel/model/OperatorPanelModel.h"
#include "panel/model/TerminalControls.h"
#include "program/DataFolder.h"
#include "program/ProgramParser.h"
#include "remote/OscServer.h"
#include "remote/RemoteControl.h"
#include "session/SessionEngine.h"
#include "visuals/PatientDisplay.h"

namespace stillpoint::cli {

namespace {

using Clock = std::chrono::steady_clock;
using panel::CallButton;
using session::SessionState;

struct PlayOptions {
    std::string program;
    std::string output;         // empty = system default
    std::string roomOutput;     // empty = [outputs.room] of the machine configuration, else none
    std::string previewOutput;  // empty = [outputs.preview] of the machine configuration, else none
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
    bool messagesInWindow = false;  // started without a terminal to read (plain `stillpoint`, from the menu)
    std::string callKey;            // the patient call button as a key ("F13", "Pause"); empty = none
    int callJoystickButton = -1;    // ... or as a game-controller button (its number); -1 = none
    bool callStartsGrounding = false;
    int oscPort = -1;  // -1 = no OSC port (nothing listens unless asked)
    std::string oscBind = "127.0.0.1";
    bool oscBindGiven = false;  // --osc-bind on the command line
    std::vector<std::string> oscAllow;
};

// The session's OSC port, if asked for: the server (its own thread) and the control thread's side.
struct RemoteControlPort {
    std::unique_ptr<remote::OscServer> server;
    std::unique_ptr<remote::RemoteControl> control;
    remote::Wakeup wakeup;  // the headless loop's wait ends when a request arrives
    void poll() {
        if (control) control->poll();
    }
};

// Opens the OSC port the options ask for; nothing (and an error) if they are wrong or it cannot open.
bool openRemoteControl(RemoteControlPort& port, const PlayOptions& options,
                       live::SessionController& controller, bool headless, std::string& error) {
    if (options.oscPort < 0) return true;
    remote::OscServerOptions serverOptions;
    serverOptions.bindAddress = options.oscBind;
    serverOptions.port = options.oscPort;
    try {
        for (const auto& entry : options.oscAllow) serverOptions.allow.add(entry);
    } catch (const std::exception& problem) {
        error = std::string("--osc-allow: ") + problem.what();
        return false;
    }
    const auto bound = remote::parseAddress(options.oscBind);
    if (bound && !remote::isLoopback(*bound) && serverOptions.allow.empty()) {
        error = "--osc-bind " + options.oscBind +
                " opens the session to a network: name who may control it with --osc-allow ADDRESS or "
                "NETWORK (e.g. --osc-allow 192.168.1.20 --osc-allow 10.0.5.0/24)";
        return false;
    }
    std::function<void()> wake;
    if (headless) {
        wake = [&wakeup = port.wakeup] { wakeup.notify(); };
    } else {
        wake = [] {
            SDL_Event event{};
            event.type = SDL_USEREVENT;
            SDL_PushEvent(&event);  // thread-safe: the panel's wait for input ends
        };
    }
    try {
        port.server = std::make_unique<remote::OscServer>(std::move(serverOptions), std::move(wake));
    } catch (const std::exception& problem) {
        error = std::string("--osc: ") + problem.what();
        return false;
    }
    port.control = std::make_unique<remote::RemoteControl>(controller, *port.server);
    std::printf("Listening for OSC on %s:%d%s\n", port.server->bindAddress().c_str(), port.server->port(),
                port.server->openToNetwork() ? " (open to the network, for the allowed peers only)" : "");
    std::fflush(stdout);
    return true;
}

constexpr const char* kMessageTitle = "Stillpoint";

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
    setup.roomOutputDevice = options.roomOutput;
    setup.previewOutputDevice = options.previewOutput;
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

std::string shellQuoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// Starts a shell command and does not wait for it (the panel must stay responsive): the desktop opens
// the file or folder in its own time.
void runDetached(const std::string& command) {
    const std::string detached = "(" + command + ") >/dev/null 2>&1 &";
    if (std::system(detached.c_str()) != 0)
        std::fprintf(stderr, "stillpoint play: could not run %s\n", command.c_str());
}

std::string thisExecutable() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::string("stillpoint") : self.string();
}

// The end screen's buttons: the report (written, then opened), the session's folder, a new session (this
// program started again on the same program and output, with a fresh setup screen).
panel::EndScreenActions endScreenActions(const panel::JournalRecorder& recorder, bool& newSessionRequested) {
    panel::EndScreenActions actions;
    actions.openReport = [&recorder] {
        if (const auto* journal = recorder.journal())
            runDetached(shellQuoted(thisExecutable()) + " report " + shellQuoted(journal->folder().string()) +
                        " && xdg-open " + shellQuoted((journal->folder() / "report.html").string()));
    };
    actions.openFolder = [&recorder] {
        if (const auto* journal = recorder.journal())
            runDetached("xdg-open " + shellQuoted(journal->folder().string()));
    };
    actions.newSession = [&newSessionRequested] { newSessionRequested = true; };
    return actions;
}

// `keep`: the setup typed so far comes back filled in (the program was edited before the session).
void startAgain(const PlayOptions& options, const panel::SessionSetup* keep = nullptr) {
    const std::string self = thisExecutable();
    std::vector<std::string> arguments = {self, "play", options.program, "--new"};
    const std::string output = keep ? keep->outputDevice : options.output;
    if (!output.empty()) arguments.insert(arguments.end(), {"--output", output});
    if (keep) {
        if (!keep->patientId.empty() && !journal::patientIdProblem(keep->patientId))
            arguments.insert(arguments.end(), {"--patient", keep->patientId});
        if (!keep->clinician.empty()) arguments.insert(arguments.end(), {"--clinician", keep->clinician});
        if (!keep->doseNote.empty()) arguments.insert(arguments.end(), {"--dose", keep->doseNote});
        arguments.insert(arguments.end(), {"--route", program::toString(keep->route)});
        if (keep->musicConsent == panel::MusicConsent::Yes)
            arguments.insert(arguments.end(), {"--consent", "yes"});
    }
    if (!options.roomOutput.empty()) arguments.insert(arguments.end(), {"--room-output", options.roomOutput});
    if (!options.previewOutput.empty())
        arguments.insert(arguments.end(), {"--preview-output", options.previewOutput});
    if (!options.sessions.empty()) arguments.insert(arguments.end(), {"--sessions", options.sessions});
    if (options.patientDisplay >= 0)
        arguments.insert(arguments.end(), {"--patient-display", std::to_string(options.patientDisplay)});
    if (options.breathingGuide) arguments.push_back("--breathing-guide");
    // The remote control and the call button as this panel had them, whether from the command line or the
    // machine configuration: a monitor and a patient's button keep working across the new start.
    if (options.oscPort >= 0) {
        arguments.insert(arguments.end(),
                         {"--osc", std::to_string(options.oscPort), "--osc-bind", options.oscBind});
        for (const auto& allowed : options.oscAllow)
            arguments.insert(arguments.end(), {"--osc-allow", allowed});
    }
    if (!options.callKey.empty()) arguments.insert(arguments.end(), {"--call-key", options.callKey});
    if (options.callJoystickButton >= 0)
        arguments.insert(arguments.end(), {"--call-button", std::to_string(options.callJoystickButton)});
    if (options.callStartsGrounding) arguments.push_back("--call-grounding");
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    ::execv(self.c_str(), argv.data());
    std::fprintf(stderr, "stillpoint play: cannot start a new session: %s\n", std::strerror(errno));
}

// What the setup screen needs besides the session: the machine configuration its outputs are saved in,
// the session's options (the level check plays with them), and how the room's and the preview's devices
// are changed when the session starts on others than those it was started with.
struct SetupScreen {
    const config::MachineConfig& machine;
    const session::SessionOptions& sessionOptions;
    std::function<void(const panel::SessionSetup&)> useChosenDevices;
};

int runWithPanel(live::SessionController& controller, panel::JournalRecorder& recorder,
                 const PlayOptions& options, RemoteControlPort& remotePort, CallButton& callButton,
                 const SetupScreen& setupScreen) {
    panel::OperatorPanelModel& model = controller.model();
    std::unique_ptr<panel::PanelWindow> window;
    try {
        window = std::make_unique<panel::PanelWindow>(panel::PanelWindowOptions{});
    } catch (const std::exception& error) {
        tellOperator(options.messagesInWindow, kMessageTitle,
                     std::string("stillpoint play: ") + error.what() + "\n" + kNoDisplayAdvice);
        return kExitProblems;
    }
    const auto devices = audio::listOutputDevices();
    panel::OperatorPanel operatorPanel(model, window->fonts(), devices);
    // The setup screen's three outputs, saved into the machine configuration on request.
    const auto& machine = setupScreen.machine;
    const std::filesystem::path configFile =
        machine.file.empty() ? config::defaultMachineConfigFile() : machine.file;
    panel::OutputChoice outputChoice(
        devices, {machine.patient.device, machine.room.device, machine.preview.device},
        [configFile](const panel::OutputDevices& chosen) {
            config::saveOutputDevices(configFile, {{config::OutputRole::Patient, chosen.patient},
                                                   {config::OutputRole::Room, chosen.room},
                                                   {config::OutputRole::Preview, chosen.preview}});
        },
        configFile.string());
    operatorPanel.setOutputChoice(&outputChoice);
    // The level check, with the session's own options (its level, ceilings, room).
    std::optional<live::LevelCheckPlayer> levelCheckPlayer;
    std::optional<panel::LevelCheck> levelCheck;
    if (const program::Track* track = live::levelCheckTrack(model.program()); track && !model.started()) {
        levelCheckPlayer.emplace(model.program(), setupScreen.sessionOptions);
        levelCheck.emplace(*levelCheckPlayer, model.setup(), session::displayName(*track),
                           std::filesystem::absolute(track->file).lexically_normal().string(),
                           live::kLevelCheckSeconds);
        operatorPanel.setLevelCheck(&*levelCheck);
    }
    bool devicesChosen = model.started();  // a resumed session keeps the devices it was started with
    bool wasChecking = false;
    window->setOwnKeys([&](const SDL_KeyboardEvent& key) { return operatorPanel.ownsKey(key); });
    if (remotePort.server && remotePort.server->openToNetwork())
        operatorPanel.setNetworkBadge("OSC OPEN " + remotePort.server->bindAddress() + ":" +
                                      std::to_string(remotePort.server->port()));
    bool newSessionRequested = false;
    // The post-session form, made when the session has ended from the phases that were played. Its answers
    // go to the session's journal when saved, and before anything that leaves the end screen or reads the
    // journal (the report, a new session, closing the window), so none are lost.
    std::optional<panel::PostSessionForm> postSessionForm;
    panel::PostSessionView postSessionView;
    const auto saveForm = [&] {
        if (postSessionForm) postSessionView.saveUnsaved(*postSessionForm, recorder);
    };
    auto endActions = endScreenActions(recorder, newSessionRequested);
    endActions.openReport = [saveForm, openReport = endActions.openReport] {
        saveForm();
        openReport();
    };
    endActions.drawPostSessionForm = [&] {
        if (!postSessionForm) postSessionForm.emplace(panel::PostSessionForm::forSession(model.display()));
        postSessionView.draw(*postSessionForm, recorder, window->fonts());
    };
    operatorPanel.setEndScreenActions(std::move(endActions));
    // The editor opens in a window of its own; when it returns with the program changed, the setup screen
    // starts again on the edited program (parsed and checked as at start-up), the setup typed so far kept.
    EditorProcess editor(std::filesystem::absolute(options.program));
    bool reloadProgram = false;
    operatorPanel.setStartScreenActions({[&] {
                                             if (const auto problem = editor.start(thisExecutable());
                                                 !problem.empty())
                                                 operatorPanel.setProgramNotice(problem);
                                         },
                                         [] { runDetached(shellQuoted(thisExecutable()) + " edit"); }});
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
            // The call button counts whatever has the keyboard, even a note being typed.
            if (callButton.pressedBy(event)) model.patientCalled(callButton.startsGrounding());
            if (callButton.isCallKey(event)) return;
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
        if (endRequestedBySignal && controller.ended())
            break;  // on the end screen, a signal closes the window
        if (newSessionRequested && controller.ended()) break;
        if (const auto changed = editor.returnedWithChanges(); changed && *changed && !model.started()) {
            const auto edited = program::parseProgramFile(std::filesystem::absolute(options.program));
            if (edited.program) {
                reloadProgram = true;
                break;
            }
            std::string first;
            for (const auto& problem : edited.problems)
                if (problem.severity == program::Severity::Error && first.empty())
                    first = program::formatProblem(problem);
            operatorPanel.setProgramNotice(
                "The edited program has errors, so this screen keeps the program "
                "as it was: " +
                first + ". Fix it with Edit program.");
            // A program with errors can be saved, not started: the file a session would name in its
            // journal, and resume from after a crash, is the edited one.
            model.setup().programProblem =
                "The program file has errors: the session can start once they are fixed with Edit program.";
            framesToDraw = 2;
        }
        endIfSignalled(controller);
        controller.pump();
        remotePort.poll();
        if (model.started() && !devicesChosen) {
            setupScreen.useChosenDevices(model.setup());
            devicesChosen = true;
        }
        // A level check plays in its own time: the screen follows it while it does, and shows how it ended.
        const bool checking = levelCheck && levelCheck->active();
        if (checking || wasChecking) framesToDraw = std::max(framesToDraw, 1);
        wasChecking = checking;
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
                // Not an audio problem: the music plays on; say so in those words.
                model.setup().patientDisplay = false;
                model.alerts().raise(panel::AlertKind::PatientDisplay,
                                     "The calm colour field could not be shown (is the second screen "
                                     "connected?). The music is not affected.",
                                     model.snapshot().sessionSeconds, error.what());
            }
        }
        // Redraw only when something visible may have changed: input (ImGui shows a click's effect one
        // frame later, hence two frames), engine events, or the clocks reaching a new second.
        const auto shownSecond = static_cast<long>(model.snapshot().sessionSeconds);
        if (hadInput || controller.changed()) framesToDraw = 2;
        if (window->inputWaiting()) framesToDraw = 1;  // the next frame's input is already here
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
    saveForm();
    controller.stopOutput();
    if (newSessionRequested || reloadProgram) {
        window.reset();
        startAgain(options, reloadProgram ? &model.setup() : nullptr);
        return kExitProblems;  // only if the new session could not be started
    }
    return kExitOk;
}

int runHeadless(live::SessionController& controller, const panel::JournalRecorder& recorder,
                RemoteControlPort& remotePort, CallButton& callButton) {
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
    std::string lastFeedback;
    const auto statusEvery = statusOnOneLine ? std::chrono::seconds(1) : std::chrono::seconds(10);
    int lastAlertShown = 0;
    while (!controller.ended()) {
        for (const auto& key : terminal.waitForKeys(200, remotePort.wakeup.fd())) {
            if (callButton.isTerminalCallKey(key.function))
                model.patientCalled(callButton.startsGrounding());
            else
                controller.pressTerminalKey(key);
        }
        if (callButton.readsControllers()) {
            for (SDL_Event event; SDL_PollEvent(&event);)
                if (callButton.pressedBy(event)) model.patientCalled(callButton.startsGrounding());
        }
        if (const auto line = model.feedback(); line != lastFeedback) {
            if (!line.empty()) std::printf("%s%s\n", statusOnOneLine ? "\r\033[K" : "", line.c_str());
            lastFeedback = line;
        }
        endIfSignalled(controller);
        controller.pump();
        remotePort.poll();
        // Each alert is printed once; it stays on the board (there is no one at a terminal to acknowledge
        // it), so a remote station's status still shows it.
        for (const auto& alert : model.alerts().alerts()) {
            if (alert.id <= lastAlertShown) continue;
            lastAlertShown = alert.id;
            std::printf("%sALERT at %s: %s %s\n", statusOnOneLine ? "\r\033[K" : "",
                        panel::formatClock(alert.raisedAt).c_str(), panel::displayName(alert.kind),
                        alert.message.c_str());
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

// Shows the unfinished session in a window of its own and waits for Resume or Start a new session;
// nothing when the window is closed (or cannot open) without an answer.
std::optional<bool> askToResumeInWindow(const journal::UnfinishedSession& unfinished,
                                        const program::Program& program) {
    panel::ResumeOffer offer;
    offer.patientId = unfinished.patientId;
    offer.programName = unfinished.programName;
    offer.stoppedAt = journal::formatUtc(unfinished.lastRecorded);
    if (const auto warning = journal::programChangedWarning(unfinished, program)) offer.warning = *warning;
    try {
        const auto point = journal::makeResumePoint(unfinished.journal);
        offer.sessionSeconds = point.sessionSeconds;
        if (point.phase >= 0 && point.phase < static_cast<int>(program.phases.size()))
            offer.phaseName = program.phases[static_cast<std::size_t>(point.phase)].name;
    } catch (const std::exception&) {
        // The offer still stands; resuming reports what is wrong.
    }
    std::unique_ptr<panel::PanelWindow> window;
    try {
        window = std::make_unique<panel::PanelWindow>(panel::PanelWindowOptions{});
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint play: %s\n", error.what());
        return std::nullopt;
    }
    std::optional<bool> choice;
    while (!choice && window->waitForEvents(250, nullptr))
        window->renderFrame([&] { choice = panel::drawResumeOffer(offer, window->fonts()); });
    return choice;
}

int play(const PlayOptions& given) {
    // The clinic's outputs from the machine configuration; the command line overrides the devices.
    const config::MachineConfigResult machine = config::readMachineConfig(config::defaultMachineConfigFile());
    if (!machine.config) {
        std::string problems;
        for (const auto& problem : machine.problems) problems += program::formatProblem(problem) + "\n";
        tellOperator(given.messagesInWindow, kMessageTitle,
                     problems +
                         "stillpoint play: the machine configuration has errors (above); fix them "
                         "before a session");
        return kExitProblems;
    }
    const config::OutputSettings& patientOutput = machine.config->patient;
    const config::OutputSettings& roomOutput = machine.config->room;
    const config::OutputSettings& previewOutput = machine.config->preview;
    PlayOptions options = given;
    if (options.output.empty()) options.output = patientOutput.device;
    if (options.roomOutput.empty()) options.roomOutput = roomOutput.device;
    if (options.previewOutput.empty()) options.previewOutput = previewOutput.device;
    // The OSC port and the call button as the clinic set them up; options given override them.
    const auto& osc = machine.config->osc;
    if (options.oscPort < 0 && osc.port) options.oscPort = *osc.port;
    if (!given.oscBindGiven && !osc.bind.empty()) options.oscBind = osc.bind;
    if (options.oscAllow.empty()) options.oscAllow = osc.allow;
    const auto& call = machine.config->callButton;
    if (options.callKey.empty()) options.callKey = call.key;
    if (options.callJoystickButton < 0 && call.controllerButton)
        options.callJoystickButton = *call.controllerButton;
    options.callStartsGrounding = options.callStartsGrounding || call.startsGrounding;
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
    CallButton callButton;
    if (const auto error = callButton.choose(
            {options.callKey, options.callJoystickButton, options.callStartsGrounding, options.headless});
        !error.empty()) {
        tellOperator(options.messagesInWindow, kMessageTitle, "stillpoint play: " + error);
        return kExitUsage;
    }
    if (!options.route.empty() && !parseRoute(options.route)) {
        std::fprintf(
            stderr,
            "stillpoint play: --route '%s' is not one of iv, im, intranasal, sublingual, oral, other\n",
            options.route.c_str());
        return kExitUsage;
    }

    auto parsed = program::parseProgramFile(options.program);
    std::string problems;
    for (const auto& problem : parsed.problems) problems += program::formatProblem(problem) + "\n";
    if (!parsed.program) {
        tellOperator(options.messagesInWindow, kMessageTitle,
                     problems + "stillpoint play: " + options.program +
                         " cannot be played until the errors above are fixed (stillpoint check " +
                         options.program + " lists them too).");
        return kExitProblems;
    }
    std::fprintf(stderr, "%s", problems.c_str());  // warnings: the session plays
    // The patient output's own ceiling, when the configuration sets one, can only lower the program's.
    parsed.program->volumeCeilingDbfs =
        config::effectiveCeilingDbfs(patientOutput, parsed.program->volumeCeilingDbfs);
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
        tellOperator(options.messagesInWindow, kMessageTitle,
                     std::string("stillpoint play: ") + error.what() +
                         "\nChoose a folder for session journals with --sessions DIR.");
        return kExitProblems;
    }

    // An interrupted session (crash, power cut) of this program is offered for resumption first.
    session::SessionOptions sessionOptions;
    if (patientOutput.volume) sessionOptions.initialMasterVolume = *patientOutput.volume;
    if (!patientOutput.duckOnTalkOver) sessionOptions.talkOverDuckDb = 0.0;
    // With the panel the room's bus is always there, so the setup screen can add the room's speakers.
    if (!options.roomOutput.empty() || !options.headless) useOutputSettings(sessionOptions.room, roomOutput);
    // The same for the preview's: its device is opened at the start, where the setup screen chose it.
    if (!options.previewOutput.empty() || !options.headless)
        useOutputSettings(sessionOptions.preview, previewOutput);
    std::optional<journal::SessionJournal> resumedJournal;
    std::string resumedPatient;
    std::optional<panel::OperatorPanelModel::Resumption> resumption;
    bool resumedConsent = true;
    if (!options.fresh) {
        if (auto unfinished = journal::findUnfinishedSession(sessionsRoot);
            unfinished && unfinished->playbackStarted) {
            std::printf("An unfinished session was found: patient %s, program \"%s\", last recorded %s.\n",
                        unfinished->patientId.c_str(), unfinished->programName.c_str(),
                        journal::formatUtc(unfinished->lastRecorded).c_str());
            if (const auto warning = journal::programChangedWarning(*unfinished, program))
                std::printf("%s\n", warning->c_str());
            bool resume = options.resume;
            if (!resume && !options.headless) {
                // The panel asks in its window: it may have been started from a launcher, with no terminal.
                const auto answer = askToResumeInWindow(*unfinished, program);
                if (!answer) return kExitOk;  // the window was closed: nothing started
                resume = *answer;
            } else if (!resume && ::isatty(STDIN_FILENO)) {
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
                    const auto point = journal::makeResumePoint(*unfinished);
                    sessionOptions.resumeFrom = point;
                    resumedJournal.emplace(journal::continueSession(*unfinished, program, point));
                    resumedPatient = unfinished->patientId;
                    resumption.emplace(panel::OperatorPanelModel::Resumption{});
                    resumption->gapSeconds = std::chrono::duration<double>(std::chrono::system_clock::now() -
                                                                           unfinished->lastRecorded)
                                                 .count();
                    resumption->sessionSeconds = point.sessionSeconds;
                    if (point.phase >= 0 && point.phase < static_cast<int>(program.phases.size()))
                        resumption->phaseName = program.phases[static_cast<std::size_t>(point.phase)].name;
                    resumption->earlier = panel::recordedEntries(unfinished->journal);
                    resumedConsent = unfinished->consentToMusic;
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
        tellOperator(options.messagesInWindow, kMessageTitle,
                     std::string("stillpoint play: ") + error.what());
        return kExitProblems;
    }
    auto recorder = resumedJournal
                        ? std::make_unique<panel::JournalRecorder>(std::move(*resumedJournal), program)
                        : std::make_unique<panel::JournalRecorder>(sessionsRoot, program);
    // With room speakers or a preview output the patient's output pulls every output from the engine and
    // their devices follow its clock.
    const audio::OutputOptions outputOptions;
    std::optional<live::FollowerOutputs> followers;
    if (sessionOptions.room.enabled || sessionOptions.preview.enabled)
        followers.emplace(*engine, sessionOptions.sampleRate, outputOptions.bufferFrames,
                          sessionOptions.room.enabled, sessionOptions.preview.enabled);
    auto openPatientOutput = live::SessionController::openLiveOutput();
    if (followers)
        openPatientOutput = [&followers, outputOptions](session::SessionEngine&, const std::string& device) {
            audio::OutputOptions patient = followers->leaderOptions(outputOptions);
            patient.deviceName = device;
            return std::make_unique<audio::LiveOutput>(followers->leader(), patient);
        };
    live::SessionController controller(program, *engine, *recorder, std::move(openPatientOutput));
    try {
        controller.openOutput(options.output);
    } catch (const std::exception& error) {
        tellOperator(options.messagesInWindow, kMessageTitle,
                     std::string("stillpoint play: ") + error.what());
        return kExitProblems;
    }
    // The headphones are what the session needs; a follower that cannot be opened is told plainly and
    // left out.
    const auto openFollower = [&](live::FollowerOutput which, const std::string& device,
                                  const char* without) -> std::unique_ptr<audio::LiveOutput> {
        // No device named: none (the system default is the patient's, never a follower's).
        if (!followers || !followers->has(which) || device.empty()) return nullptr;
        audio::OutputOptions followerOptions = followers->followerOptions(outputOptions);
        followerOptions.deviceName = device;
        try {
            auto opened = std::make_unique<audio::LiveOutput>(followers->follower(which), followerOptions);
            opened->start();  // silent until the session's first frames reach it
            return opened;
        } catch (const std::exception& error) {
            std::fprintf(stderr, "stillpoint play: the %s output \"%s\" cannot be opened, so %s: %s\n",
                         which == live::FollowerOutput::Room ? "room" : "preview", device.c_str(), without,
                         error.what());
            return nullptr;
        }
    };
    constexpr const char* kWithoutRoom = "the music plays on the headphones only";
    constexpr const char* kWithoutPreview = "previews cannot be heard";
    std::unique_ptr<audio::LiveOutput> roomDevice =
        openFollower(live::FollowerOutput::Room, options.roomOutput, kWithoutRoom);
    std::unique_ptr<audio::LiveOutput> previewDevice =
        openFollower(live::FollowerOutput::Preview, options.previewOutput, kWithoutPreview);
    // Without a device the preview card says there is no preview output, and previews are refused.
    engine->setPreviewOutputPresent(previewDevice != nullptr);
    std::string roomDeviceName = options.roomOutput;
    std::string previewDeviceName = options.previewOutput;
    // A follower's device as the setup screen chose it, when the session starts (none: empty).
    const auto useDevice = [&](live::FollowerOutput which, std::unique_ptr<audio::LiveOutput>& opened,
                               std::string& openedName, const std::string& device, const char* without) {
        if (device == openedName && (opened || device.empty())) return;
        if (opened) opened->stop();
        opened.reset();
        openedName = device;
        if (!device.empty()) opened = openFollower(which, device, without);
    };
    auto useChosenDevices = [&](const panel::SessionSetup& setup) {
        useDevice(live::FollowerOutput::Room, roomDevice, roomDeviceName, setup.roomOutputDevice,
                  kWithoutRoom);
        useDevice(live::FollowerOutput::Preview, previewDevice, previewDeviceName, setup.previewOutputDevice,
                  kWithoutPreview);
        engine->setPreviewOutputPresent(previewDevice != nullptr);
    };
    panel::OperatorPanelModel& model = controller.model();
    fillSetup(model.setup(), options, program);
    if (sessionOptions.resumeFrom) {
        // The setup was recorded when the session first started; it continues without asking again.
        model.setup().patientId = resumedPatient;
        if (model.setup().clinician.empty()) model.setup().clinician = "(resumed)";
        // Consent as recorded: a session without music stays without it after the resume.
        model.setup().musicConsent = resumedConsent ? panel::MusicConsent::Yes : panel::MusicConsent::No;
        model.setup().withoutMusicConfirmed = !resumedConsent;
        model.start();
        if (resumption) model.resumedAfterInterruption(std::move(*resumption));
    }
    RemoteControlPort remotePort;
    if (std::string error; !openRemoteControl(remotePort, options, controller, options.headless, error)) {
        tellOperator(options.messagesInWindow, kMessageTitle, "stillpoint play: " + error);
        return kExitUsage;
    }
    endWithFadeOnSignals();
    const int exitCode = options.headless
                             ? runHeadless(controller, *recorder, remotePort, callButton)
                             : runWithPanel(controller, *recorder, options, remotePort, callButton,
                                            {*machine.config, sessionOptions, useChosenDevices});
    if (roomDevice) roomDevice->stop();
    if (previewDevice) previewDevice->stop();
    return exitCode;
}

// The demo beside an installed stillpoint, or in the source tree of a developer's build.
std::filesystem::path demoProgram() {
    if (const auto found = program::findDemoProgram()) return *found;
    return std::filesystem::path("playlists") / "demo.toml";  // from the current folder
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
                        "The patient's audio output by name (see `stillpoint devices`); null = no sound. "
                        "Default: [outputs.patient] device in $XDG_CONFIG_HOME/stillpoint/stillpoint.toml, "
                        "else the system default");
    command->add_option("--room-output", options->roomOutput,
                        "The room speakers' audio output by name, playing the session beside the patient's "
                        "on its clock, with its own level (default: [outputs.room] device in the machine "
                        "configuration, else none)");
    command->add_option(
        "--preview-output", options->previewOutput,
        "The operator's own headphones by name, for previewing a track while the session "
        "plays on (default: [outputs.preview] device in the machine configuration, else none)");
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
    command->add_option(
        "--call-key", options->callKey,
        "The patient call button, as the key it sends (e.g. F13, Pause; in a terminal, "
        "--headless, one of F1-F12): raises a \"patient called\" alert and journals a marker");
    command
        ->add_option("--call-button", options->callJoystickButton,
                     "The patient call button as a game-controller button (its number, from 0)")
        ->check(CLI::Range(0, 255));
    command->add_flag("--call-grounding", options->callStartsGrounding,
                      "A patient call also starts the grounding track");
    command
        ->add_option("--osc", options->oscPort,
                     "Listen for OSC remote control and status on this UDP port (0 = any free one; "
                     "docs/osc.md). Off unless given")
        ->check(CLI::Range(0, 65535));
    command->add_option_function<std::string>(
        "--osc-bind",
        [options](const std::string& address) {
            options->oscBind = address;
            options->oscBindGiven = true;
        },
        "The address the OSC port listens on (default 127.0.0.1: this machine only); another "
        "needs --osc-allow");
    command->add_option("--osc-allow", options->oscAllow,
                        "Who may send OSC: an address or network (192.168.1.20, 10.0.5.0/24); repeat for "
                        "more. Default: this machine only");
    command->callback([options, &exitCode] { exitCode = play(*options); });
}

int playDemo() {
    PlayOptions options;
    options.program = demoProgram().string();
    options.presetDemo = true;
    options.messagesInWindow = displayAvailable();
    if (!std::filesystem::exists(options.program)) {
        tellOperator(options.messagesInWindow, kMessageTitle,
                     "stillpoint: the demo program was not found (looked in share/stillpoint beside the "
                     "installed stillpoint, and in the source tree of its build). Reinstall Stillpoint, or "
                     "play a program of your own: stillpoint play PROGRAM.toml");
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
