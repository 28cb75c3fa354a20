#include "panel/model/OperatorPanelModel.h"

#include <algorithm>

namespace stillpoint::panel {

using session::SessionState;

namespace {
constexpr std::size_t kRecentEntries = 6;

std::string describe(const Vitals& vitals) {
    std::string text = "Vitals:";
    if (vitals.systolic && vitals.diastolic)
        text += " BP " + std::to_string(*vitals.systolic) + "/" + std::to_string(*vitals.diastolic);
    if (vitals.heartRate) text += " HR " + std::to_string(*vitals.heartRate);
    if (vitals.spo2) text += " SpO2 " + std::to_string(*vitals.spo2) + "%";
    return text;
}
}  // namespace

void OperatorPanelModel::remember(std::string text) {
    recent_.push_back({snapshot_.sessionSeconds, std::move(text)});
    while (recent_.size() > kRecentEntries) recent_.pop_front();
}

OperatorPanelModel::OperatorPanelModel(const program::Program& program, SessionCommands& session,
                                       SessionRecorder& recorder, PanelOptions options, NowFunction now)
    : program_(program),
      session_(session),
      recorder_(recorder),
      options_(options),
      now_(std::move(now)),
      debouncer_(options.debounce),
      talkOver_(options.talkOverHoldThreshold),
      vitalsReminder_(options.vitalsIntervalSeconds) {
    setup_.route = program.route;
    snapshot_.volumeCeilingDbfs = program.volumeCeilingDbfs;
    snapshot_.phaseCount =
        static_cast<int>(std::min<std::size_t>(program.phases.size(), session::kMaxPhases));
    display_ = deriveDisplay(program_, snapshot_);
}

bool OperatorPanelModel::start() {
    if (started_) return false;
    const auto check = setupCheck();
    if (!check.canStart) return false;
    if (!debouncer_.accept(PanelCommand::Start, now_())) return false;
    started_ = true;
    withoutMusic_ = check.withoutMusic;
    recorder_.recordSetup(setup_);
    // Without consent to music nothing may be heard: volume to zero before the first block plays.
    if (withoutMusic_) session_.setMasterVolume(0.0);
    session_.start();
    if (withoutMusic_) session_.silence();
    return true;
}

void OperatorPanelModel::update(const session::SessionSnapshot& snapshot,
                                std::span<const session::SessionEvent> events) {
    snapshot_ = snapshot;
    for (const auto& event : events) alerts_.onEvent(event);
    display_ = deriveDisplay(program_, snapshot_);
    if (requestedVolume_ < 0.0) requestedVolume_ = display_.volume;
}

bool OperatorPanelModel::command(PanelCommand command) {
    const bool running = started_ && !endSent_ && snapshot_.state != SessionState::Ended;
    if (command == PanelCommand::Start) return start();
    if (command == PanelCommand::EndSession) {
        requestEnd();
        return false;
    }
    if (!running) return false;
    if (!debouncer_.accept(command, now_())) return false;
    switch (command) {
        case PanelCommand::AdvancePhase:
            session_.advancePhase();
            break;
        case PanelCommand::ExtendPhase:
            session_.extendPhase(options_.extendBy);
            break;
        case PanelCommand::ToggleHold:
            if (snapshot_.held)
                session_.releaseHold();
            else
                session_.hold();
            break;
        case PanelCommand::SkipTrack:
            session_.skipTrack();
            break;
        case PanelCommand::CalmerAlternate:
            session_.swapToAlternate();
            break;
        case PanelCommand::Grounding:
            session_.playGrounding();
            break;
        case PanelCommand::ToggleSilence:
            if (withoutMusic_) return false;  // no consent to music: nothing may resume it
            if (snapshot_.state == SessionState::Silenced)
                session_.resume();
            else
                session_.silence();
            break;
        case PanelCommand::VolumeUp:
        case PanelCommand::VolumeDown:
            if (withoutMusic_) return false;
            setVolume(requestedVolume_ + (command == PanelCommand::VolumeUp ? 1 : -1) * options_.volumeStep);
            break;
        case PanelCommand::Start:
        case PanelCommand::EndSession:
        case PanelCommand::Marker:
            return false;
    }
    return true;
}

void OperatorPanelModel::setVolume(double linear) {
    if (!started_ || withoutMusic_) return;
    const double volume = std::clamp(linear, 0.0, display_.volumeCeiling);
    requestedVolume_ = volume;
    session_.setMasterVolume(volume);
}

void OperatorPanelModel::talkOverPressed() {
    if (!started_) return;
    if (auto on = talkOver_.pressed(now_())) session_.setTalkOver(*on);
}

void OperatorPanelModel::talkOverReleased() {
    if (!started_) return;
    if (auto on = talkOver_.released(now_())) session_.setTalkOver(*on);
}

void OperatorPanelModel::requestEnd() {
    if (started_ && !endSent_) endPending_ = true;
}

bool OperatorPanelModel::confirmEnd() {
    if (!endPending_) return false;
    endPending_ = false;
    endSent_ = true;
    session_.endSession();
    return true;
}

bool OperatorPanelModel::addMarker(MarkerKind kind, std::string label) {
    if (!started_) return false;
    // Debounced per marker kind, so a double press of "dose given" records one dose.
    const auto now = now_();
    auto& last = lastMarkerAt_[static_cast<std::size_t>(kind)];
    if (last && now - *last < options_.debounce) return false;
    last = now;
    if (label.empty()) label = displayName(kind);
    recorder_.recordMarker(snapshot_.sessionSeconds, kind, label);
    remember(label);
    if (kind == MarkerKind::VitalsCheck) vitalsReminder_.recorded(snapshot_.sessionSeconds);
    return true;
}

bool OperatorPanelModel::addNote(const std::string& text) {
    if (!started_) return false;
    if (text.find_first_not_of(" \t\n") == std::string::npos) return false;
    recorder_.recordNote(snapshot_.sessionSeconds, text);
    remember("Note: " + text);
    return true;
}

VitalsCheck OperatorPanelModel::submitVitals(const VitalsInput& input) {
    auto check = checkVitals(input);
    if (check.vitals && started_) {
        recorder_.recordVitals(snapshot_.sessionSeconds, *check.vitals);
        remember(describe(*check.vitals));
        vitalsReminder_.recorded(snapshot_.sessionSeconds);
    }
    return check;
}

bool OperatorPanelModel::vitalsDue() const {
    return started_ && snapshot_.state != SessionState::Ended &&
           vitalsReminder_.due(snapshot_.sessionSeconds);
}

double OperatorPanelModel::secondsUntilVitalsDue() const {
    return vitalsReminder_.secondsUntilDue(snapshot_.sessionSeconds);
}

bool OperatorPanelModel::acknowledgeAlert(int id) {
    for (const auto& alert : alerts_.alerts()) {
        if (alert.id == id) {
            recorder_.recordAlertAcknowledged(snapshot_.sessionSeconds, alert.message);
            break;
        }
    }
    return alerts_.acknowledge(id);
}

}  // namespace stillpoint::panel
