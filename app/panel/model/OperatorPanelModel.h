// The operator panel without any drawing: the setup form, Start as one deliberate action, the commands
// (debounced) sent to the session, the keyboard (shortcuts never fire while or just after the operator
// types), markers, notes, vitals, alerts, the line that says why a command did nothing, and the end of
// the session (after which only post-session notes are recorded). The ImGui panel and the headless
// player both sit on this; the tests drive it with a fake session and an injected clock.
//
// Threads: the control (UI) thread only.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "panel/model/AlertBoard.h"
#include "panel/model/CommandDebouncer.h"
#include "panel/model/CommandFeedback.h"
#include "panel/model/OperatorRecord.h"
#include "panel/model/PanelHotkeys.h"
#include "panel/model/PreviewControls.h"
#include "panel/model/SessionCommands.h"
#include "panel/model/SessionDisplay.h"
#include "panel/model/SetupCheck.h"
#include "panel/model/TalkOverSwitch.h"
#include "panel/model/TypingGuard.h"
#include "panel/model/VitalsEntry.h"
#include "program/Program.h"
#include "session/SessionEvent.h"
#include "session/SessionSnapshot.h"

namespace stillpoint::panel {

// An interrupted session found at start-up, as the panel offers it: resume it, or start a new one.
struct ResumeOffer {
    std::string patientId;
    std::string programName;
    std::string phaseName;
    double sessionSeconds = 0.0;  // where the music would pick up
    std::string stoppedAt;        // when the record stops, local time for people
    std::string warning;          // e.g. the program changed since; empty if none
};

struct PanelOptions {
    std::chrono::milliseconds debounce{400};
    std::chrono::milliseconds talkOverHoldThreshold{500};
    std::chrono::milliseconds typingGrace{1500};  // shortcuts stay off this long after typing ends
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
    const SessionSetup& setup() const { return setup_; }
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
    // for. Returns true if the command went to the session (false: debounced or not applicable; feedback()
    // then says why when the operator would otherwise wonder).
    bool command(session::Action action);
    // A command from a remote control (OSC). It names the half of a switch it means (hold or release,
    // talk-over on or off, silence or resume) and its value (minutes, volume); otherwise the panel's rules
    // hold: a started session that is not over, nothing audible without consent to music, debounced, and
    // End only asks to confirm (confirmEnd()). Returns what became of it.
    enum class RemoteOutcome { Sent, NotStarted, SessionOver, WithoutMusic, Debounced, AwaitingConfirmation };
    RemoteOutcome remoteCommand(session::Action action, double value);
    // The preview output (the operator's headphones): play what the controls have selected, stop it, its
    // volume. The patient and the room hear nothing of it; without a preview output nothing is sent.
    PreviewControls& preview() { return preview_; }
    const PreviewControls& preview() const { return preview_; }
    bool playPreview();
    bool stopPreview();
    void setPreviewVolume(double linear);
    bool stepVolume(int steps);     // Up / Down: PanelOptions::volumeStep each
    void setVolume(double linear);  // clamped to [0, ceiling]
    void talkOverPressed(PressSource source = PressSource::Key);
    void talkOverReleased(PressSource source = PressSource::Key);
    bool talkOverHeldBy(PressSource source) const { return talkOver_.down(source); }

    // The keyboard. The UI says whether a text field has the keyboard at every input event and frame;
    // key presses are then shortcuts (PanelHotkeys.h) only when the operator is not typing and has not
    // just stopped. `repeat`: the key's auto-repeat. Returns true if the key did something.
    void observeTyping(bool textFieldActive);
    bool shortcutsBlocked() const;
    bool keyDown(const KeyPress& key, bool repeat = false);
    void keyUp(const KeyPress& key);

    // The latest line about a command that was refused or needs another key; empty when there is none.
    std::string feedback() const;

    // The latest command the session refused, as the engine reported it ("Release hold: the phase was not
    // held"). Cleared when a later command is carried out.
    struct RefusedCommand {
        double sessionSeconds = 0.0;
        session::Action action = session::Action::Start;
        session::Refusal refusal = session::Refusal::None;
        std::string text;
        std::uint32_t commandSeq = 0;
    };
    const std::optional<RefusedCommand>& lastRefusal() const { return lastRefusal_; }

    // The patient pressed the call button: an alert that stays until acknowledged, a marker in the
    // journal, and, if the clinic chose so, the grounding track. A press within 2 s of the last (a button
    // that bounces, or is pressed again and again) is the same call. Before the session starts and after
    // it ends only the alert is raised.
    void patientCalled(bool startGrounding);

    // Ending takes two steps: request, then confirm (or cancel).
    void requestEnd();
    bool endPending() const { return endPending_; }
    bool confirmEnd();
    void cancelEnd() { endPending_ = false; }

    // The session has ended (or its end was confirmed): controls are off, only post-session notes are
    // recorded.
    bool sessionOver() const;

    // The operator's record. After the end, markers and vitals are refused and a note is recorded as a
    // post-session note.
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

    // After an interruption: how long the record was silent, where the music picked up, and what the
    // operator had recorded before (shown among the recent entries, oldest first).
    struct Resumption {
        double gapSeconds = 0.0;
        double sessionSeconds = 0.0;
        std::string phaseName;
        std::vector<RecentEntry> earlier;
    };
    void resumedAfterInterruption(Resumption resumption);
    // "Resumed after 1:42: ..." while the session runs on after a resume; empty otherwise.
    std::string resumeBanner() const;

    // How much the operator recorded this session (for the end-of-session summary).
    struct RecordCounts {
        int markers = 0;
        int notes = 0;
        int vitals = 0;
    };
    const RecordCounts& recordCounts() const { return counts_; }
    // "Patient KX-0042  -  1:02:03 long  -  1 marker, 2 notes, no vitals readings recorded" once the session
    // is over.
    std::string endSummary() const;

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
    PreviewControls preview_;
    CommandDebouncer debouncer_;
    TalkOverSwitch talkOver_;
    bool talkOverAdopted_ = false;
    TypingGuard typing_;
    CommandFeedback feedback_;
    VitalsReminder vitalsReminder_;
    AlertBoard alerts_;
    std::array<std::optional<Clock::time_point>, kMarkerKindCount> lastMarkerAt_{};
    std::deque<RecentEntry> recent_;
    RecordCounts counts_;
    std::optional<Resumption> resumption_;
    std::optional<RefusedCommand> lastRefusal_;
    std::optional<Clock::time_point> lastCall_;

    void remember(std::string text);
    void say(std::string text) { feedback_.say(std::move(text), now_()); }
};

}  // namespace stillpoint::panel
