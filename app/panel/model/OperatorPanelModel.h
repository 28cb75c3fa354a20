// The operator panel without any drawing: the setup form, Start as one deliberate action, the commands
// (debounced) sent to the session, markers, notes, vitals and alerts. The ImGui panel and the headless
// player both sit on this; the tests drive it with a fake session and an injected clock.
//
// Threads: the control (UI) thread only.
#pragma once

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "panel/model/AlertBoard.h"
#include "panel/model/CommandDebouncer.h"
#include "panel/model/OperatorRecord.h"
#include "panel/model/PanelHotkeys.h"
#include "panel/model/SessionCommands.h"
#include "panel/model/SessionDisplay.h"
#include "panel/model/SetupCheck.h"
#include "panel/model/TalkOverSwitch.h"
#include "panel/model/VitalsEntry.h"
#include "program/Program.h"
#include "session/SessionEvent.h"
#include "session/SessionSnapshot.h"

namespace stillpoint::panel {

struct PanelOptions {
    std::chrono::milliseconds debounce{400};
    std::chrono::milliseconds talkOverHoldThreshold{500};
    double vitalsIntervalSeconds = 15 * 60.0;
    double volumeStep = 0.05;  // linear, per Up/Down press
    std::chrono::minutes extendBy{5};
};

class OperatorPanelModel {
public:
    using Clock = std::chrono::steady_clock;
    using NowFunction = std::function<Clock::time_point()>;

    OperatorPanelModel(
        const program::Program& program, SessionCommands& session, SessionRecorder& recorder,
        PanelOptions options = {}, NowFunction now = [] { return Clock::now(); });

    const program::Program& program() const { return program_; }
    const PanelOptions& options() const { return options_; }

    // Setup. Start sends the setup to the recorder and starts the session, once.
    SessionSetup& setup() { return setup_; }
    SetupCheck setupCheck() const { return checkSetup(setup_); }
    bool start();
    bool started() const { return started_; }
    bool runsWithoutMusic() const { return withoutMusic_; }

    // Each frame: the latest snapshot and the events drained since the last frame.
    void update(const session::SessionSnapshot& snapshot, std::span<const session::SessionEvent> events = {});
    const SessionDisplay& display() const { return display_; }
    const session::SessionSnapshot& snapshot() const { return snapshot_; }

    // Transport: a command of the table (CommandTable.h). Start starts, End session asks to confirm; the
    // halves of a toggle (hold / release hold, silence / resume) mean whichever the session's state calls
    // for. Returns true if the command went to the session (false: debounced or not applicable).
    bool command(session::Action action);
    bool stepVolume(int steps);     // Up / Down: PanelOptions::volumeStep each
    void setVolume(double linear);  // clamped to [0, ceiling]
    // A hotkey pressed, from the window or the terminal (talk-over's press and release are the callers':
    // a terminal reports no release).
    bool pressHotkey(const Hotkey& hotkey);
    void talkOverPressed();
    void talkOverReleased();

    // Ending takes two steps: request, then confirm (or cancel).
    void requestEnd();
    bool endPending() const { return endPending_; }
    bool confirmEnd();
    void cancelEnd() { endPending_ = false; }

    // The operator's record.
    bool addMarker(MarkerKind kind, std::string label = {});
    bool addNote(const std::string& text);
    VitalsCheck submitVitals(const VitalsInput& input);
    bool vitalsDue() const;
    double secondsUntilVitalsDue() const;

    // The operator's latest entries, newest last, so the panel can confirm what was recorded.
    struct RecentEntry {
        double sessionSeconds = 0.0;
        std::string text;
    };
    const std::deque<RecentEntry>& recentEntries() const { return recent_; }

    // The latest command the session refused, in plain words ("Release hold: the phase was not held"),
    // for a short, non-alarming line on the panel. Cleared when a later command is carried out.
    struct RefusedCommand {
        double sessionSeconds = 0.0;
        session::Action action = session::Action::Start;
        session::Refusal refusal = session::Refusal::None;
        std::string text;
        std::uint32_t commandSeq = 0;
    };
    const std::optional<RefusedCommand>& lastRefusal() const { return lastRefusal_; }

    AlertBoard& alerts() { return alerts_; }
    const AlertBoard& alerts() const { return alerts_; }
    bool acknowledgeAlert(int id);

private:
    const program::Program& program_;
    SessionCommands& session_;
    SessionRecorder& recorder_;
    PanelOptions options_;
    NowFunction now_;

    SessionSetup setup_;
    bool started_ = false;
    bool withoutMusic_ = false;
    bool endPending_ = false;
    bool endSent_ = false;
    double requestedVolume_ = -1.0;  // what the operator last asked for; -1 until the first snapshot

    session::SessionSnapshot snapshot_;
    SessionDisplay display_;
    CommandDebouncer debouncer_;
    TalkOverSwitch talkOver_;
    VitalsReminder vitalsReminder_;
    AlertBoard alerts_;
    std::array<std::optional<Clock::time_point>, kMarkerKindCount> lastMarkerAt_{};
    std::deque<RecentEntry> recent_;
    std::optional<RefusedCommand> lastRefusal_;

    void remember(std::string text);
};

}  // namespace stillpoint::panel
