#include "live/SessionController.h"

#include <utility>

namespace stillpoint::live {

using session::Action;
using session::SessionState;

SessionController::OutputOpener SessionController::openLiveOutput() {
    return [](session::SessionEngine& engine, const std::string& device) {
        audio::OutputOptions options;
        options.deviceName = device;
        return std::make_unique<audio::LiveOutput>(engine, options);
    };
}

SessionController::SessionController(const program::Program& program, session::SessionEngine& engine,
                                     panel::JournalRecorder& recorder, OutputOpener openOutput,
                                     panel::PanelOptions options)
    : engine_(engine),
      recorder_(recorder),
      openOutput_(std::move(openOutput)),
      model_(program, *this, recorder, options) {}

void SessionController::openOutput(const std::string& device) {
    output_.reset();  // one device at a time: the engine is the source of only one output
    output_ = openOutput_(engine_, device);
    outputDevice_ = device;
}

void SessionController::stopOutput() {
    if (output_) output_->stop();
}

std::uint32_t SessionController::send(Action action, double value) {
    if (action == Action::Start) {
        const std::string& chosen = model_.setup().outputDevice;
        if (chosen != outputDevice_) {
            try {
                openOutput(chosen);
            } catch (const std::exception& error) {
                openError_ = error.what();
                try {
                    openOutput(outputDevice_);  // back to the device that worked
                } catch (const std::exception&) {
                }
            }
        }
        const std::uint32_t seq = engine_.apply(Action::Start);
        if (output_) output_->start();
        return seq;
    }
    const std::uint32_t seq = engine_.apply(action, value);
    if (!source_.empty()) recorder_.attributeCommand(seq, source_);
    return seq;
}

std::uint32_t SessionController::sendPreview(const session::PreviewRequest& request) {
    const std::uint32_t seq = engine_.preview(request);
    if (!source_.empty()) recorder_.attributeCommand(seq, source_);
    return seq;
}

void SessionController::pump() {
    events_.clear();
    engine_.drainEvents(events_);  // a lost output device included: the output tells the engine at once
    const auto snapshot = engine_.snapshot();
    if (model_.started()) {
        recorder_.recordEngineEvents(events_);
        recorder_.observe(snapshot);
    }
    model_.update(snapshot, events_);
    if (const auto error = recorder_.takeError(); !error.empty())
        model_.alerts().raise(panel::AlertKind::NotRecording,
                              "The session record cannot be written: what happens now may be lost. The "
                              "music continues. Check the disk.",
                              snapshot.sessionSeconds, error);
    if (!openError_.empty() && !reportedOpenError_) {
        model_.alerts().raise(panel::AlertKind::DeviceLost,
                              "The chosen sound output could not be opened, so the music plays on the one "
                              "that was open before.",
                              snapshot.sessionSeconds, openError_);
        reportedOpenError_ = true;
    }
    for (const auto& event : events_)
        if (event.kind == session::EventKind::SessionEnded && event.fault == session::FaultKind::DeviceLost)
            endedWithoutOutput_ = true;
    if (snapshot.state == SessionState::Ended && !endRecorded_ && model_.started()) {
        recorder_.endSession(endedWithoutOutput_ ? journal::kEndedWhileOutputLost : "ended");
        endRecorded_ = true;
    }
    changed_ = !events_.empty();
}

void SessionController::pressTerminalKey(const panel::TerminalKey& key) {
    if (key.quit) {
        endNow();
        return;
    }
    if (key.press.named == panel::NamedKey::Space) {
        // A terminal reports no key release: each Space is a tap, which toggles.
        model_.talkOverPressed();
        model_.talkOverReleased();
        return;
    }
    model_.keyDown(key.press);
    // The terminal has no room for a dialog: Ctrl+End (a deliberate chord) ends with the fade.
    if (model_.endPending()) model_.confirmEnd();
}

void SessionController::endNow() {
    model_.requestEnd();
    model_.confirmEnd();
}

}  // namespace stillpoint::live
