#include "panel/model/OperatorPanelModel.h"

#include <algorithm>

namespace stillpoint::panel {

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
      debouncer_(options.debounce),
      talkOver_(options.talkOverHoldThreshold),
      typing_(options.typingGrace),
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
    for (const auto& event : events) {
        alerts_.onEvent(event);
        if (auto line = refusalLine(event)) say(std::move(*line));
    }
    display_ = deriveDisplay(program_, snapshot_);
    if (!talkOverAdopted_ && snapshot_.state != SessionState::NotStarted) {
        // A resumed session may start with talk-over on: the switch starts from what the session says.
        talkOver_.adopt(snapshot_.talkOver);
        talkOverAdopted_ = true;
    }
    if (requestedVolume_ < 0.0) requestedVolume_ = display_.volume;
}

std::optional<std::string> OperatorPanelModel::predictedRefusal(PanelCommand command) const {
    using session::TrackRole;
    const auto& current = snapshot_.currentTrack;
    switch (command) {
        case PanelCommand::Grounding:
            if (!program_.grounding) return "This program has no grounding track; the music continues.";
            if (current.role == TrackRole::Grounding)
                return "The grounding track is already playing. \"Back to the phase\" returns to the music.";
            break;
        case PanelCommand::CalmerAlternate: {
            // From grounding the calmer choice is the alternate of the track grounding interrupted: the
            // engine decides that one.
            if (current.role != TrackRole::Phase && current.role != TrackRole::Alternate) break;
            session::TrackRef base = current;
            base.role = TrackRole::Phase;
            base.alternate = -1;
            const auto* track = findTrack(program_, base);
            if (!track) break;
            const int next = current.role == TrackRole::Alternate ? current.alternate + 1 : 0;
            if (next >= static_cast<int>(track->alternates.size()))
                return track->alternates.empty()
                           ? "This track has no calmer alternate; the music continues."
                           : "No calmer alternate is left for this track; the music continues.";
            break;
        }
        default:
            break;
    }
    return std::nullopt;
}

bool OperatorPanelModel::command(PanelCommand command) {
    if (command == PanelCommand::Start) return start();
    if (command == PanelCommand::EndSession) {
        requestEnd();
        return false;
    }
    if (!started_) return false;
    if (sessionOver()) {
        say("The session has ended.");
        return false;
    }
    if (auto refusal = predictedRefusal(command)) {
        say(std::move(*refusal));
        return false;
    }
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

void OperatorPanelModel::talkOverPressed(PressSource source) {
    if (!started_ || sessionOver()) return;
    if (auto on = talkOver_.pressed(now_(), source)) session_.setTalkOver(*on);
}

void OperatorPanelModel::talkOverReleased(PressSource source) {
    // A release always goes through, even after the end: a press must never stay stuck.
    if (!started_) return;
    if (auto on = talkOver_.released(now_(), source); on && !endSent_) session_.setTalkOver(*on);
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
                say(std::string(hotkey->command == PanelCommand::AdvancePhase ? "Advance phase"
                                : hotkey->command == PanelCommand::Grounding  ? "Grounding"
                                                                              : "End session") +
                    " takes " + hotkeyLabel(hotkey->command) +
                    " (or its button), so a stray key never sets it off.");
            return false;
        case Hotkey::Kind::Command:
            break;
    }
    // Auto-repeat steps the volume; for every other command a held key is one press.
    const bool volume =
        hotkey->command == PanelCommand::VolumeUp || hotkey->command == PanelCommand::VolumeDown;
    if (repeat && !volume) return false;
    return command(hotkey->command) || hotkey->command == PanelCommand::EndSession;
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
    session_.endSession();
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
