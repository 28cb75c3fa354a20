// `stillpoint monitor HOST:PORT...`: a station view of several rooms, each a session started with --osc:
// patient ID (pseudonymous), phase, time left, state and alerts, from their heartbeats; a room whose
// heartbeat stops for 3 s is an alert. A window in the panel's look, or --headless in a terminal.
// Read-only unless --control.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <SDL.h>
#include <imgui.h>

#include "cli/Commands.h"
#include "panel/PanelTheme.h"
#include "panel/PanelWindow.h"
#include "panel/model/TerminalControls.h"
#include "program/DurationParser.h"
#include "remote/RoomWatch.h"

namespace stillpoint::cli {

namespace {

using Clock = std::chrono::steady_clock;
using remote::RoomWatch;
using remote::WatchedRoom;

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

void drawRoom(const WatchedRoom& room, const panel::PanelFonts& fonts, float width) {
    using namespace panel;
    const bool alert = room.lost || (room.status && room.status->alertCount > 0);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, alert ? colour::kAlertSurface : colour::kSurface);
    ImGui::BeginChild(room.name.c_str(), ImVec2(width, 150 * fonts.scale), true);
    ImGui::PushFont(fonts.heading);
    textColoured(colour::kText, room.status ? room.status->patientId : room.name);
    ImGui::PopFont();
    ImGui::SameLine();
    textColoured(colour::kTextDim, room.name);
    if (room.lost) {
        textColoured(colour::kAlert, "NO HEARTBEAT: the session stopped, or its machine or network is down");
    }
    if (room.status) {
        const auto& status = *room.status;
        ImGui::PushFont(fonts.heading);
        ImGui::PushStyleColor(ImGuiCol_Text, phaseColour(status.phase));
        ImGui::TextUnformatted(status.phase.empty() ? "-" : status.phase.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        textColoured(colour::kText, program::formatClock(status.phaseLeftSeconds) + " left");
        ImGui::SameLine();
        textColoured(status.state == "playing" ? colour::kCalm : colour::kAccent, status.state);
        ImGui::PopFont();
        if (status.alertCount > 0) textWrappedColoured(colour::kAlert, status.alerts);
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

int runWindow(RoomWatch& watch, const MonitorOptions&) {
    std::unique_ptr<panel::PanelWindow> window;
    try {
        panel::PanelWindowOptions windowOptions;
        windowOptions.title = "Stillpoint monitor";
        window = std::make_unique<panel::PanelWindow>(windowOptions);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "stillpoint monitor: %s\nRun it in a terminal with --headless.\n", error.what());
        return kExitProblems;
    }
    while (!stopRequested && window->waitForEvents(100, nullptr)) {
        watch.poll(50);
        watch.takeNews();
        window->renderFrame([&] {
            ImGui::PushFont(window->fonts().title);
            panel::textColoured(panel::colour::kText, "ROOMS");
            ImGui::PopFont();
            const float width = ImGui::GetContentRegionAvail().x;
            for (const auto& room : watch.rooms()) drawRoom(room, window->fonts(), width);
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
    command->add_flag("--control", options->control,
                      "Also send commands (terminal: a digit chooses the room, then the panel's key); "
                      "read-only without it");
    command->callback([options, &exitCode] { exitCode = monitor(*options); });
}

}  // namespace stillpoint::cli
