// `stillpoint monitor HOST:PORT...`: a station view of several rooms, each a session started with --osc:
// patient ID (pseudonymous), phase, time left, state and alerts, from their heartbeats; a room whose
// heartbeat stops for 3 s is an alert. A window in the panel's look, or --headless in a terminal.
// Read-only unless --control: then the window has each room's safe commands as buttons (and End with the
// panel's confirmation), sent as OSC to that room, with what the room made of them.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SDL.h>
#include <imgui.h>

#include "cli/Commands.h"
#include "journal/JournalEntry.h"
#include "journal/OperatorObservations.h"
#include "panel/PanelTheme.h"
#include "panel/PanelWindow.h"
#include "panel/model/TerminalControls.h"
#include "program/DurationParser.h"
#include "remote/OscProtocol.h"
#include "remote/RoomWatch.h"

namespace stillpoint::cli {

namespace {

using Clock = std::chrono::steady_clock;
using remote::RoomWatch;
using remote::WatchedRoom;
using session::Action;

struct MonitorOptions {
    std::vector<std::string> rooms;
    bool headless = false;
    bool control = false;
};

volatile std::sig_atomic_t stopRequested = 0;
extern "C" void requestStop(int) {
    stopRequested = 1;
}

// --control from the terminal: a digit chooses the room, then a panel hotkey letter sends its command.
// Hold and silence toggle by the room's state, as on the panel; what takes Ctrl on the panel (advance,
// grounding, end) is not sent from the station.
std::string commandForKey(char key, const WatchedRoom& room) {
    const std::string state = room.status ? room.status->state : "";
    for (const auto& spec : session::kCommandTable) {
        if (spec.key != key || spec.remote.empty() || spec.needsCtrl) continue;
        if (spec.action == session::Action::Hold && state == "held") continue;
        if (spec.action == session::Action::ReleaseHold && state != "held") continue;
        if (spec.action == session::Action::Silence && state == "silenced") continue;
        if (spec.action == session::Action::Resume && state != "silenced") continue;
        return std::string(remote::kAddressPrefix) + std::string(spec.remote);
    }
    return {};
}

int runHeadless(RoomWatch& watch, const MonitorOptions& options) {
    panel::TerminalControls terminal;
    std::printf("Watching %zu room(s)%s. A room whose heartbeat stops for %lld s is an alert.\n",
                watch.rooms().size(),
                options.control ? " (control: a digit chooses the room, then its key)" : " (read-only)",
                static_cast<long long>(remote::kHeartbeatLostAfter.count()));
    std::fflush(stdout);
    std::size_t chosen = 0;
    auto lastTable = Clock::now() - std::chrono::hours(1);
    while (!stopRequested) {
        for (const auto& key : terminal.waitForKeys(100)) {
            if (key.quit) stopRequested = 1;
            if (!options.control) continue;
            const char c = key.press.character;
            if (c >= '1' && c <= '9' && static_cast<std::size_t>(c - '1') < watch.rooms().size()) {
                chosen = static_cast<std::size_t>(c - '1');
                std::printf("Room %s chosen\n", watch.rooms()[chosen].name.c_str());
            } else if (const auto address = commandForKey(c, watch.rooms()[chosen]); !address.empty()) {
                watch.send(chosen, address);
                std::printf("Sent %s to %s\n", address.c_str(), watch.rooms()[chosen].name.c_str());
            }
        }
        watch.poll(100);
        for (const auto& line : watch.takeNews()) std::printf("%s\n", line.c_str());
        if (Clock::now() - lastTable >= std::chrono::seconds(5)) {
            lastTable = Clock::now();
            for (std::size_t i = 0; i < watch.rooms().size(); ++i)
                std::printf("[%zu] %s\n", i + 1, remote::describeRoom(watch.rooms()[i]).c_str());
        }
        std::fflush(stdout);
    }
    return kExitOk;
}

// Beside the last item if `width` more fits before `rightEdge` (screen x), else on the next line.
void nextInRow(float width, float rightEdge) {
    ImGui::SameLine();
    if (ImGui::GetCursorScreenPos().x + width > rightEdge) ImGui::NewLine();
}

// Text in `font` beside the last item if it fits before `rightEdge`, on the baseline of the line that
// starts at `lineTop` (screen y) with a font of ascent `lineAscent`; else on the next line.
void textBeside(ImFont* font, const ImVec4& colour, const std::string& text, float rightEdge, float lineTop,
                float lineAscent) {
    ImGui::PushFont(font);
    nextInRow(ImGui::CalcTextSize(text.c_str()).x, rightEdge);
    if (ImGui::GetCursorScreenPos().y < lineTop + 1)
        ImGui::SetCursorScreenPos({ImGui::GetCursorScreenPos().x, lineTop + lineAscent - font->Ascent});
    panel::textColoured(colour, text);
    ImGui::PopFont();
}

// --control in the window: each room's safe commands as buttons, sent as OSC to that room; End asks for
// the confirmation the panel asks for, then sends /stillpoint/end/confirm from this same socket (the
// session takes a confirmation only from the peer that asked).
class StationControls {
public:
    explicit StationControls(RoomWatch& watch) : watch_(watch), markers_(watch.rooms().size(), 0) {}

    static float buttonHeight(const panel::PanelFonts& fonts) { return 46 * fonts.scale; }

    // The buttons in rows as wide as the card: those that do not fit go on the next row.
    void drawButtons(std::size_t index, const panel::PanelFonts& fonts, float rightEdge) {
        const WatchedRoom& room = watch_.rooms()[index];
        const bool reachable = room.status && !room.lost && room.status->state != "ended";
        const float height = buttonHeight(fonts);
        ImGui::PushID(static_cast<int>(index));
        ImGui::BeginDisabled(!reachable);
        // Talk-over is held while the button is, like the panel's push-to-talk.
        ImGui::Button("Talk-over (hold)", {0, height});
        if (ImGui::IsItemActivated()) sendSwitch(index, Action::TalkOverOn, 1);
        if (ImGui::IsItemDeactivated()) sendSwitch(index, Action::TalkOverOff, 0);
        const bool silenced = room.status && room.status->state == "silenced";
        const char* silence = silenced ? "Resume music" : "Silence";
        nextInRow(buttonWidth(silence), rightEdge);
        if (ImGui::Button(silence, {0, height}))
            watch_.send(index, remote::addressOf(silenced ? Action::Resume : Action::Silence));
        nextInRow(buttonWidth("Grounding"), rightEdge);
        if (ImGui::Button("Grounding", {0, height}))
            watch_.send(index, remote::addressOf(Action::PlayGrounding));
        const float volume = room.status ? room.status->volume : 0.0f;
        nextInRow(buttonWidth("Volume -"), rightEdge);
        if (ImGui::Button("Volume -", {0, height})) sendVolume(index, volume - kVolumeStep);
        nextInRow(buttonWidth("Volume +"), rightEdge);
        if (ImGui::Button("Volume +", {0, height})) sendVolume(index, volume + kVolumeStep);
        // The marker's list and its button stay together.
        const float listWidth = 220 * fonts.scale;
        nextInRow(listWidth + ImGui::GetStyle().ItemSpacing.x + buttonWidth("Add marker"), rightEdge);
        ImGui::SetNextItemWidth(listWidth);
        int& marker = markers_[index];
        // As tall as the buttons beside it.
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                            {ImGui::GetStyle().FramePadding.x, (height - ImGui::GetFontSize()) / 2});
        ImGui::Combo("##marker", &marker, kMarkerNames, journal::kMarkerKindCount);
        ImGui::PopStyleVar();
        ImGui::SameLine();
        if (ImGui::Button("Add marker", {0, height})) {
            remote::OscMessage arguments;
            arguments.add(std::string(journal::journalName(static_cast<journal::MarkerKind>(marker))));
            watch_.send(index, "/stillpoint/marker", arguments);
        }
        nextInRow(buttonWidth("End session"), rightEdge);
        ImGui::PushStyleColor(ImGuiCol_Text, panel::colour::kAlert);
        if (ImGui::Button("End session", {0, height})) askToEnd(index);
        ImGui::PopStyleColor();
        ImGui::EndDisabled();
        ImGui::PopID();
    }

    // The end confirmation, as on the panel: a dialog over the station, for the room's own 5 s.
    void drawEndConfirmation() {
        constexpr const char* kPopup = "End the session?";
        if (pendingEnd_ && Clock::now() >= pendingEnd_->deadline) pendingEnd_.reset();
        if (pendingEnd_ && !ImGui::IsPopupOpen(kPopup)) ImGui::OpenPopup(kPopup);
        const ImVec2 display = ImGui::GetIO().DisplaySize;
        ImGui::SetNextWindowPos({display.x * 0.5f, display.y * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
        if (ImGui::BeginPopupModal(kPopup, nullptr,
                                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove)) {
            if (pendingEnd_) {
                const WatchedRoom& room = watch_.rooms()[pendingEnd_->room];
                const auto left =
                    std::chrono::ceil<std::chrono::seconds>(pendingEnd_->deadline - Clock::now());
                const std::string who = room.status ? room.status->patientId + " in " + room.name : room.name;
                ImGui::TextUnformatted(("End the session of " + who + "?").c_str());
                ImGui::TextUnformatted(
                    "The music fades out, then the session is closed. Its panel asks too.");
                panel::textColoured(panel::colour::kTextDim,
                                    "Confirm within " + std::to_string(std::max<long long>(left.count(), 0)) +
                                        " s, or it keeps playing.");
                ImGui::Spacing();
                const ImVec2 size{300 * ImGui::GetFontSize() / 22, 60 * ImGui::GetFontSize() / 22};
                ImGui::PushStyleColor(ImGuiCol_Text, panel::colour::kAlert);
                if (ImGui::Button("End session##confirm", size)) {
                    watch_.send(pendingEnd_->room, "/stillpoint/end/confirm");
                    pendingEnd_.reset();
                }
                ImGui::PopStyleColor();
                ImGui::SameLine();
                // The room's request lapses by itself after its 5 s; nothing ends meanwhile.
                if (ImGui::Button("Keep playing", size)) pendingEnd_.reset();
            }
            if (!pendingEnd_) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
    }

private:
    static float buttonWidth(const char* label) {
        return ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
    }
    static constexpr float kVolumeStep = 0.05f;  // the panel's Up / Down step
    static constexpr const char* kMarkerNames[journal::kMarkerKindCount] = {
        journal::displayName(journal::MarkerKind::DoseGiven),
        journal::displayName(journal::MarkerKind::InfusionStopped),
        journal::displayName(journal::MarkerKind::VitalsCheck),
        journal::displayName(journal::MarkerKind::PatientSpoke),
        journal::displayName(journal::MarkerKind::Distress),
        journal::displayName(journal::MarkerKind::Custom)};

    struct PendingEnd {
        std::size_t room;
        Clock::time_point deadline;
    };

    void sendSwitch(std::size_t index, Action action, int value) {
        remote::OscMessage arguments;
        arguments.add(value);
        watch_.send(index, remote::addressOf(action), arguments);
    }
    void sendVolume(std::size_t index, float volume) {
        remote::OscMessage arguments;
        arguments.add(std::clamp(volume, 0.0f, 1.0f));  // the room keeps it under its ceiling
        watch_.send(index, remote::addressOf(Action::SetMasterVolume), arguments);
    }
    void askToEnd(std::size_t index) {
        if (watch_.send(index, remote::addressOf(Action::EndSession)))
            pendingEnd_ = PendingEnd{index, Clock::now() + remote::kEndConfirmWindow};
    }

    RoomWatch& watch_;
    std::vector<int> markers_;  // the marker kind chosen in each room's list
    std::optional<PendingEnd> pendingEnd_;
};

// A state as people read it ("awaiting operator").
std::string readable(std::string state) {
    std::replace(state.begin(), state.end(), '_', ' ');
    return state;
}

// How tall a room's card is, roughly, with the time left in `big`: to choose the largest type at which
// every room fits the window.
float cardHeight(const WatchedRoom& room, const panel::PanelFonts& fonts, ImFont* big, bool controls) {
    const ImGuiStyle& style = ImGui::GetStyle();
    float height =
        2 * style.WindowPadding.y + fonts.title->FontSize + big->FontSize + 3 * style.ItemSpacing.y;
    if (room.lost) height += fonts.title->FontSize + style.ItemSpacing.y;
    if (room.status && room.status->alertCount > 0) height += fonts.heading->FontSize + style.ItemSpacing.y;
    if (!room.lastCommand.empty()) height += ImGui::GetTextLineHeightWithSpacing();
    if (controls) height += StationControls::buttonHeight(fonts) + style.ItemSpacing.y;
    return height;
}

// One room's card: who (pseudonymous ID), the time left in its phase in type read across the room, its
// phase and state, its alerts, its last command and, with --control, its buttons. The card is as tall as
// what it holds: drawn behind its content once that is laid out.
void drawRoom(std::size_t index, const WatchedRoom& room, const panel::PanelFonts& fonts, ImFont* big,
              float width, StationControls* controls) {
    using namespace panel;
    const bool alert = room.lost || (room.status && room.status->alertCount > 0);
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 padding = style.WindowPadding;
    const ImVec2 topLeft = ImGui::GetCursorScreenPos();
    const float rightEdge = topLeft.x + width - padding.x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::PushID(static_cast<int>(index));
    ImGui::SetCursorScreenPos({topLeft.x + padding.x, topLeft.y + padding.y});
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(rightEdge - ImGui::GetWindowPos().x + ImGui::GetScrollX());
    float lineTop = ImGui::GetCursorScreenPos().y;
    ImGui::PushFont(fonts.title);
    textColoured(colour::kText, room.status ? room.status->patientId : room.name);
    ImGui::PopFont();
    textBeside(fonts.body, colour::kTextDim, room.name, rightEdge, lineTop, fonts.title->Ascent);
    if (room.lost) {
        lineTop = ImGui::GetCursorScreenPos().y;
        ImGui::PushFont(fonts.title);
        textColoured(colour::kAlert, "NO HEARTBEAT");
        ImGui::PopFont();
        textBeside(fonts.body, colour::kAlert, "the session stopped, or its machine or network is down",
                   rightEdge, lineTop, fonts.title->Ascent);
    }
    if (room.status) {
        // A room not heard from shows what it last said, dimmed: it may no longer be so.
        const auto& status = *room.status;
        lineTop = ImGui::GetCursorScreenPos().y;
        ImGui::PushFont(big);
        textColoured(room.lost ? colour::kTextDim : colour::kText,
                     program::formatClock(status.phaseLeftSeconds));
        ImGui::PopFont();
        const float baseline = big->Ascent;
        textBeside(fonts.title, colour::kTextDim, "left in", rightEdge, lineTop, baseline);
        textBeside(fonts.title, room.lost ? colour::kTextDim : phaseColour(status.phase),
                   status.phase.empty() ? "-" : status.phase, rightEdge, lineTop, baseline);
        if (room.lost)
            textBeside(fonts.title, colour::kTextDim, "last heard " + readable(status.state), rightEdge,
                       lineTop, baseline);
        else
            textBeside(fonts.title, status.state == "playing" ? colour::kCalm : colour::kAccent,
                       readable(status.state), rightEdge, lineTop, baseline);
        if (status.alertCount > 0) {
            ImGui::PushFont(fonts.heading);
            textWrappedColoured(colour::kAlert, status.alerts);
            ImGui::PopFont();
        }
    }
    if (!room.lastCommand.empty()) textWrappedColoured(colour::kTextDim, "Last command: " + room.lastCommand);
    if (controls) controls->drawButtons(index, fonts, rightEdge);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::PopID();
    const float bottom = ImGui::GetItemRectMax().y + padding.y;
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(topLeft, {topLeft.x + width, bottom},
                        ImGui::GetColorU32(alert ? colour::kAlertSurface : colour::kSurface),
                        style.ChildRounding);
    draw->AddRect(topLeft, {topLeft.x + width, bottom}, ImGui::GetColorU32(ImGuiCol_Border),
                  style.ChildRounding, 0, std::max(style.ChildBorderSize, 1.0f));
    draw->ChannelsMerge();
    ImGui::SetCursorScreenPos({topLeft.x, bottom});
    ImGui::Dummy({width, 0});  // the next card below, after the item spacing
}

int runWindow(RoomWatch& watch, const MonitorOptions& options) {
    std::unique_ptr<panel::PanelWindow> window;
    try {
        panel::PanelWindowOptions windowOptions;
        windowOptions.title = "Stillpoint monitor";
        // A station: the whole screen it opens on (the window is never larger than the screen).
        windowOptions.width = 7680;
        windowOptions.height = 4320;
        window = std::make_unique<panel::PanelWindow>(windowOptions);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint monitor: %s\nRun it in a terminal with --headless.\n", error.what());
        return kExitProblems;
    }
    StationControls controls(watch);
    while (!stopRequested && window->waitForEvents(100, nullptr)) {
        watch.poll(50);
        for (const auto& line : watch.takeNews()) std::printf("%s\n", line.c_str());
        std::fflush(stdout);
        window->renderFrame([&] {
            const auto& fonts = window->fonts();
            const ImGuiViewport* viewport = ImGui::GetMainViewport();
            ImGui::SetNextWindowPos(viewport->Pos);
            ImGui::SetNextWindowSize(viewport->Size);
            // It scrolls when there are more rooms than the screen holds.
            ImGui::Begin("##monitor", nullptr,
                         ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus);
            ImGui::PushFont(fonts.title);
            panel::textColoured(panel::colour::kText, "ROOMS");
            ImGui::SameLine();
            panel::textColoured(panel::colour::kTextDim, options.control ? "control" : "read-only");
            ImGui::PopFont();
            const float width = ImGui::GetContentRegionAvail().x;
            // The time left as large as the panel's clock when every room fits so, else a size smaller.
            float needed = 0;
            for (const auto& room : watch.rooms())
                needed +=
                    cardHeight(room, fonts, fonts.clock, options.control) + ImGui::GetStyle().ItemSpacing.y;
            ImFont* big = needed <= ImGui::GetContentRegionAvail().y ? fonts.clock : fonts.title;
            for (std::size_t i = 0; i < watch.rooms().size(); ++i)
                drawRoom(i, watch.rooms()[i], fonts, big, width, options.control ? &controls : nullptr);
            if (options.control) controls.drawEndConfirmation();
            ImGui::End();
        });
    }
    return kExitOk;
}

int monitor(const MonitorOptions& options) {
    std::unique_ptr<RoomWatch> watch;
    try {
        watch = std::make_unique<RoomWatch>(options.rooms);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint monitor: %s\n", error.what());
        return kExitUsage;
    }
    struct sigaction action {};
    action.sa_handler = requestStop;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    // The rooms journal a command with its sender: this address is how the station appears there.
    std::printf("The rooms answer at %s:%d%s.\n", watch->address().c_str(), watch->port(),
                options.control ? "; commands are sent from there" : "");
    std::fflush(stdout);
    const bool display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
    if (options.headless || !display) {
        if (!options.headless) std::printf("No display: showing the rooms in the terminal.\n");
        return runHeadless(*watch, options);
    }
    return runWindow(*watch, options);
}

}  // namespace

void addMonitorCommand(CLI::App& app, int& exitCode) {
    auto options = std::make_shared<MonitorOptions>();
    auto* command = app.add_subcommand(
        "monitor", "Watch several rooms from their OSC status (sessions started with --osc; docs/osc.md)");
    command->add_option("rooms", options->rooms, "Each room's OSC port as HOST:PORT")->required();
    command->add_flag("--headless", options->headless,
                      "No window: the rooms and their alerts in the terminal");
    command->add_flag(
        "--control", options->control,
        "Also send commands: in the window, each room's buttons (talk-over, silence or resume, "
        "grounding, volume, marker, end with its confirmation); in the terminal, a digit chooses "
        "the room, then the panel's key. Read-only without it");
    command->callback([options, &exitCode] { exitCode = monitor(*options); });
}

}  // namespace stillpoint::cli
