#include "panel/model/OperatorPanelModel.h"

#include <algorithm>

namespace stillpoint::panel {

using session::Action;
using session::SessionState;

namespace {
// The notes list scrolls; this only bounds it over a long session.
constexpr std::size_t kRecentEntries = 200;

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
      preview_(program),
      debouncer_(options.debounce),
      talkOver_(options.talkOverHoldThreshold),
      typing_(options.typingGrace),
      vitalsReminder_(options.vitalsIntervalSeconds) {
    setup_.route = program.route;
    snapshot_.volumeCeilingDbfs = program.volumeCeilingDbfs;
    snapshot_.phaseCount =
        static_cast<int>(std::min<std::size_t>(program.phases.size(), session::kMaxPhases));
    display_ = deriveDisplay(program_, snapshot_);
    preview_.update(snapshot_.preview);
}

bool OperatorPanelModel::start() {
    if (started_) return false;
    const auto check = setupCheck();
    if (!check.canStart) return false;
    if (!debouncer_.accept(Action::Start, now_())) return false;
    started_ = true;
    withoutMusic_ = check.withoutMusic;
    recorder_.recordSetup(setup_);
    // Without consent to music nothing may be heard: volume to zero before the first block plays.
    if (withoutMusic_) session_.send(Action::SetMasterVolume, 0.0);
    session_.send(Action::Start);
    if (withoutMusic_) session_.send(Action::Silence);
    return true;
}

void OperatorPanelModel::update(const session::SessionSnapshot& snapshot,
                                std::span<const session::SessionEvent> events) {
    snapshot_ = snapshot;
    for (const auto& event : events) {
        alerts_.onEvent(event);
        if (event.kind != session::EventKind::OperatorAction) continue;
        if (event.refusal == session::Refusal::None) {
            if (event.action != Action::SetMasterVolume) lastRefusal_.reset();
        } else {
            lastRefusal_ = RefusedCommand{event.sessionSeconds(), event.action, event.refusal,
                                          session::describeCommand(event), event.commandSeq};
            say(lastRefusal_->text);
        }
    }
    display_ = deriveDisplay(program_, snapshot_);
    preview_.update(snapshot_.preview);
    if (!talkOverAdopted_ && snapshot_.state != SessionState::NotStarted) {
        // A resumed session may start with talk-over on: the switch starts from what the session says.
        talkOver_.adopt(snapshot_.talkOver);
        talkOverAdopted_ = true;
    }
    if (requestedVolume_ < 0.0) requestedVolume_ = display_.volume;
}

bool OperatorPanelModel::command(Action action) {
    switch (action) {
        case Action::Start:
            return start();
        case Action::EndSession:
            requestEnd();
            return false;
        case Action::TalkOverOn:
        case Action::TalkOverOff:
            // Talk-over follows its key or button, pressed and released (talkOverPressed/Released).
            return false;
        case Action::SetMasterVolume:
        case Action::SetRoomVolume:
        case Action::SetPreviewVolume:
            return false;  // stepVolume() / setVolume() / setPreviewVolume()
        case Action::Preview:
            return playPreview();
        case Action::PreviewStop:
            return stopPreview();
        default:
            break;
    }
    if (!started_) return false;
    if (sessionOver()) {
        say("The session has ended.");
        return false;
    }
    // A toggle's halves: whichever the state calls for.
    if (action == Action::Hold || action == Action::ReleaseHold)
        action = snapshot_.held ? Action::ReleaseHold : Action::Hold;
    if (action == Action::Silence || action == Action::Resume) {
        if (withoutMusic_) return false;  // no consent to music: nothing may resume it
        action = snapshot_.state == SessionState::Silenced ? Action::Resume : Action::Silence;
    }
    if (!debouncer_.accept(action, now_())) return false;
    // Whether it can be carried out is the engine's to say: its refusal comes back as an event.
    const double value = session::commandSpec(action).value == session::CommandValue::Minutes
                             ? static_cast<double>(options_.extendBy.count())
                             : 0.0;
    session_.send(action, value);
    return true;
}

OperatorPanelModel::RemoteOutcome OperatorPanelModel::remoteCommand(Action action, double value) {
    if (!started_ || action == Action::Start) return RemoteOutcome::NotStarted;
    if (sessionOver()) return RemoteOutcome::SessionOver;
    const bool audible =
        action == Action::Resume || action == Action::SetMasterVolume || action == Action::SetRoomVolume;
    if (withoutMusic_ && audible) return RemoteOutcome::WithoutMusic;
    switch (action) {
        case Action::EndSession:
            requestEnd();
            return RemoteOutcome::AwaitingConfirmation;
        case Action::SetMasterVolume:
            setVolume(value);
            return RemoteOutcome::Sent;
        case Action::TalkOverOn:
        case Action::TalkOverOff:
            // The panel's switch follows, so its next press turns talk-over the other way.
            talkOver_.adopt(action == Action::TalkOverOn);
            session_.send(action);
            return RemoteOutcome::Sent;
        default:
            break;
    }
    if (!debouncer_.accept(action, now_())) return RemoteOutcome::Debounced;
    session_.send(action, session::commandSpec(action).value == session::CommandValue::None ? 0.0 : value);
    return RemoteOutcome::Sent;
}

// The operator listens on their own headphones: no consent of the patient's is involved, and it may be
// done before the start too. Only the session's end closes it.
bool OperatorPanelModel::playPreview() {
    if (sessionOver()) return false;
    if (!preview_.available()) {
        say(std::string(PreviewControls::kNoPreviewOutput) +
            ": name one with --preview-output or in "
            "[outputs.preview]");
        return false;
    }
    if (!preview_.canPlay()) {
        say("Preview: " + preview_.options()[static_cast<std::size_t>(preview_.selected())].label);
        return false;
    }
    if (!debouncer_.accept(Action::Preview, now_())) return false;
    session_.sendPreview(preview_.request());
    return true;
}

bool OperatorPanelModel::stopPreview() {
    if (!preview_.available() || !preview_.playing()) return false;
    if (!debouncer_.accept(Action::PreviewStop, now_())) return false;
    session_.send(Action::PreviewStop);
    return true;
}

void OperatorPanelModel::setPreviewVolume(double linear) {
    if (!preview_.available() || sessionOver()) return;
    session_.send(Action::SetPreviewVolume, std::clamp(linear, 0.0, 1.0));
}

bool OperatorPanelModel::stepVolume(int steps) {
    if (!started_ || sessionOver() || withoutMusic_) return false;
    setVolume(requestedVolume_ + steps * options_.volumeStep);
    return true;
}

void OperatorPanelModel::setVolume(double linear) {
    if (!started_ || withoutMusic_) return;
    const double volume = std::clamp(linear, 0.0, display_.volumeCeiling);
    requestedVolume_ = volume;
    session_.send(Action::SetMasterVolume, volume);
}

void OperatorPanelModel::talkOverPressed(PressSource source) {
    if (!started_ || sessionOver()) return;
    if (auto on = talkOver_.pressed(now_(), source))
        session_.send(*on ? Action::TalkOverOn : Action::TalkOverOff);
}

void OperatorPanelModel::talkOverReleased(PressSource source) {
    // A release always goes through, even after the end: a press must never stay stuck.
    if (!started_) return;
    if (auto on = talkOver_.released(now_(), source); on && !endSent_)
        session_.send(*on ? Action::TalkOverOn : Action::TalkOverOff);
}

void OperatorPanelModel::observeTyping(bool textFieldActive) {
    typing_.observe(textFieldActive, now_());
}

bool OperatorPanelModel::shortcutsBlocked() const {
    return typing_.blocksShortcuts(now_());
}

bool OperatorPanelModel::keyDown(const KeyPress& key, bool repeat) {
    if (endPending_) {
        // The end dialog has the keyboard: Esc keeps playing; Enter ends, unless it is the Enter that
        // finished a note a moment ago.
        if (key.named == NamedKey::Escape) {
            cancelEnd();
            return true;
        }
        if (key.named == NamedKey::Enter && !repeat && !shortcutsBlocked()) return confirmEnd();
        return false;
    }
    if (!started_ || sessionOver()) return false;
    const auto hotkey = hotkeyFor(key);
    if (!hotkey) return false;
    if (shortcutsBlocked()) {
        // Keys typed after a text field let go go nowhere; say so, since the typist expected text.
        if (!typing_.typing() && !repeat)
            say("Shortcuts wait a moment after typing, so typed text never becomes a command. Press again.");
        return false;
    }
    switch (hotkey->kind) {
        case Hotkey::Kind::TalkOver:
            talkOverPressed(PressSource::Key);
            return true;
        case Hotkey::Kind::Marker:
            return !repeat && addMarker(hotkey->marker);
        case Hotkey::Kind::NeedsCtrl:
            if (!repeat)
                say(std::string(session::commandSpec(hotkey->action).label) + " takes " +
                    hotkeyLabel(hotkey->action) + " (or its button), so a stray key never sets it off.");
            return false;
        case Hotkey::Kind::Volume:
            // Auto-repeat steps the volume; for every other command a held key is one press.
            return stepVolume(hotkey->step);
        case Hotkey::Kind::Command:
            break;
    }
    if (repeat) return false;
    return command(hotkey->action) || hotkey->action == Action::EndSession;
}

void OperatorPanelModel::keyUp(const KeyPress& key) {
    if (key.named == NamedKey::Space) talkOverReleased(PressSource::Key);
}

void OperatorPanelModel::resumedAfterInterruption(Resumption resumption) {
    for (auto& entry : resumption.earlier) {
        entry.text += "  (before the interruption)";
        recent_.push_back(std::move(entry));
    }
    resumption.earlier.clear();
    while (recent_.size() > kRecentEntries) recent_.pop_front();
    resumption_ = std::move(resumption);
}

std::string OperatorPanelModel::resumeBanner() const {
    if (!resumption_ || sessionOver()) return {};
    std::string text = "Resumed after " + formatClock(resumption_->gapSeconds) +
                       " without music: the session picked up at " + formatClock(resumption_->sessionSeconds);
    if (!resumption_->phaseName.empty()) text += " in " + resumption_->phaseName;
    return text + ". What was recorded before is under Notes.";
}

namespace {
std::string counted(int count, const char* singular, const char* plural) {
    if (count == 0) return std::string("no ") + plural;
    return std::to_string(count) + " " + (count == 1 ? singular : plural);
}
}  // namespace

std::string OperatorPanelModel::endSummary() const {
    return "Patient " + setup_.patientId + "  -  " + formatClock(snapshot_.sessionSeconds) + " long  -  " +
           counted(counts_.markers, "marker", "markers") + ", " + counted(counts_.notes, "note", "notes") +
           ", " + counted(counts_.vitals, "vitals reading", "vitals readings") + " recorded";
}

std::string OperatorPanelModel::feedback() const {
    return feedback_.current(now_());
}

bool OperatorPanelModel::sessionOver() const {
    return started_ && (endSent_ || snapshot_.state == SessionState::Ended);
}

void OperatorPanelModel::requestEnd() {
    if (started_ && !endSent_) endPending_ = true;
}

bool OperatorPanelModel::confirmEnd() {
    if (!endPending_) return false;
    endPending_ = false;
    endSent_ = true;
    session_.send(Action::EndSession);
    return true;
}

bool OperatorPanelModel::addMarker(MarkerKind kind, std::string label) {
    if (!started_) return false;
    if (sessionOver()) {
        say("The session has ended: add a post-session note instead.");
        return false;
    }
    // Debounced per marker kind, so a double press of "dose given" records one dose.
    const auto now = now_();
    auto& last = lastMarkerAt_[static_cast<std::size_t>(kind)];
    if (last && now - *last < options_.debounce) return false;
    last = now;
    if (label.empty()) label = displayName(kind);
    recorder_.recordMarker(snapshot_.sessionSeconds, kind, label);
    ++counts_.markers;
    remember(label);
    if (kind == MarkerKind::VitalsCheck) vitalsReminder_.recorded(snapshot_.sessionSeconds);
    return true;
}

void OperatorPanelModel::patientCalled(bool startGrounding) {
    const auto now = now_();
    if (lastCall_ && now - *lastCall_ < std::chrono::seconds(2)) return;
    lastCall_ = now;
    alerts_.raise(AlertKind::PatientCalled,
                  "The patient pressed the call button. Go to them; acknowledge this when you have.",
                  snapshot_.sessionSeconds);
    if (!started_ || sessionOver()) return;
    recorder_.recordMarker(snapshot_.sessionSeconds, MarkerKind::Custom, "Patient called");
    ++counts_.markers;
    remember("Patient called");
    if (startGrounding) session_.send(Action::PlayGrounding);
}

bool OperatorPanelModel::addNote(const std::string& text) {
    if (!started_) return false;
    if (text.find_first_not_of(" \t\n") == std::string::npos) return false;
    if (sessionOver()) {
        recorder_.recordPostSessionNote(text);
        remember("After the session: " + text);
        return true;
    }
    recorder_.recordNote(snapshot_.sessionSeconds, text);
    ++counts_.notes;
    remember("Note: " + text);
    return true;
}

VitalsCheck OperatorPanelModel::submitVitals(const VitalsInput& input) {
    auto check = checkVitals(input);
    if (check.vitals && sessionOver()) {
        check.vitals.reset();
        check.problems.push_back("The session has ended: vitals are no longer recorded.");
    }
    if (check.vitals && started_) {
        recorder_.recordVitals(snapshot_.sessionSeconds, *check.vitals);
        ++counts_.vitals;
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
