// A live session at run time, between the operator's panel (or terminal) and the engine: how a button
// press or a key becomes an engine command, and how what the engine reports reaches the journal and the
// panel. `stillpoint play` builds one and runs its window or terminal loop around pump().
//
//   panel button / key -> OperatorPanelModel (debounce, toggles, consent) -> SessionController::send()
//     -> SessionEngine::apply() -> audio thread (PhaseConductor::apply) -> OperatorAction event with its
//     outcome -> pump() -> journal (SessionJournal::recordEngineEvent) and panel model (alerts, refusals)
//
// Threads: the control (UI) thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audio/engine/output/LiveOutput.h"
#include "panel/JournalRecorder.h"
#include "panel/model/OperatorPanelModel.h"
#include "panel/model/TerminalControls.h"
#include "session/SessionEngine.h"

namespace stillpoint::live {

class SessionController final : public panel::SessionCommands {
public:
    // Opens the named output device for the engine; throws with a plain explanation if it cannot.
    // Tests pass one that opens nothing (nullptr) and render the engine themselves.
    using OutputOpener =
        std::function<std::unique_ptr<audio::LiveOutput>(session::SessionEngine&, const std::string& device)>;
    static OutputOpener openLiveOutput();

    SessionController(const program::Program& program, session::SessionEngine& engine,
                      panel::JournalRecorder& recorder, OutputOpener openOutput,
                      panel::PanelOptions options = {});

    panel::OperatorPanelModel& model() { return model_; }
    const panel::JournalRecorder& recorder() const { return recorder_; }
    panel::JournalRecorder& recorder() { return recorder_; }
    const panel::OperatorPanelModel& model() const { return model_; }

    // Opens the device now (before the setup screen), so a missing device is reported at once. Throws.
    void openOutput(const std::string& device);
    audio::LiveOutput* output() const { return output_.get(); }
    void stopOutput();

    // The panel's commands. Start first moves to the device chosen on the setup screen (staying on the
    // one that works if it cannot be opened: the panel says why), then starts engine and device together.
    std::uint32_t send(session::Action action, double value = 0.0) override;
    std::uint32_t sendPreview(const session::PreviewRequest& request) override;

    // Runs `act` (a call on the model, as a remote control's command) with every command it sends
    // journaled as coming from `source` ("osc 127.0.0.1:53123"): remote commands take the panel's path.
    template <typename Act>
    void actFor(std::string source, Act&& act) {
        source_ = std::move(source);
        act();
        source_.clear();
    }

    // One pass of the loop besides input: engine events to the journal and the panel, journal failures to
    // the alerts, the session's end to the journal.
    void pump();
    bool changed() const { return changed_; }  // the last pump() brought events
    bool ended() const { return endRecorded_; }
    // The engine events the last pump() brought (for a remote control's subscribers).
    const std::vector<session::SessionEvent>& lastEvents() const { return events_; }

    // A key from the headless player's terminal. It has no room for a dialog: q, Ctrl+End and Ctrl-C end
    // with the program's fade at once; it reports no key release: Space toggles talk-over.
    void pressTerminalKey(const panel::TerminalKey& key);
    // Ends the session with its fade at once (a deliberate Ctrl-C, or q in the terminal).
    void endNow();

private:
    session::SessionEngine& engine_;
    panel::JournalRecorder& recorder_;
    OutputOpener openOutput_;
    panel::OperatorPanelModel model_;
    std::unique_ptr<audio::LiveOutput> output_;
    std::string outputDevice_;
    std::string openError_;
    bool reportedOpenError_ = false;
    std::vector<session::SessionEvent> events_;
    bool endRecorded_ = false;
    bool endedWithoutOutput_ = false;
    bool changed_ = false;
    std::string source_;  // of the commands being sent; empty = the panel or terminal
};

}  // namespace stillpoint::live
