#include "session/SessionEvent.h"

#include <algorithm>

namespace stillpoint::session {

void SessionEvent::setDetail(std::string_view text) noexcept {
    const std::size_t length = std::min(text.size(), detail.size() - 1);
    std::copy_n(text.data(), length, detail.data());
    detail[length] = '\0';
}

const char* toString(EventKind kind) {
    switch (kind) {
        case EventKind::SessionStarted:
            return "session-started";
        case EventKind::SessionEnded:
            return "session-ended";
        case EventKind::PhaseEntered:
            return "phase-entered";
        case EventKind::PhaseLeft:
            return "phase-left";
        case EventKind::TrackStarted:
            return "track-started";
        case EventKind::TrackEnded:
            return "track-ended";
        case EventKind::OperatorAction:
            return "operator-action";
        case EventKind::Fault:
            return "fault";
        case EventKind::FaultCleared:
            return "fault-cleared";
    }
    return "unknown";
}

const char* toString(Action action) {
    switch (action) {
        case Action::Start:
            return "start";
        case Action::AdvancePhase:
            return "advance";
        case Action::ExtendPhase:
            return "extend";
        case Action::Hold:
            return "hold";
        case Action::ReleaseHold:
            return "release";
        case Action::SkipTrack:
            return "skip";
        case Action::SwapToAlternate:
            return "alternate";
        case Action::PlayGrounding:
            return "grounding";
        case Action::SetMasterVolume:
            return "volume";
        case Action::TalkOverOn:
            return "talk-over-on";
        case Action::TalkOverOff:
            return "talk-over-off";
        case Action::Silence:
            return "silence";
        case Action::Resume:
            return "resume";
        case Action::EndSession:
            return "end";
    }
    return "unknown";
}

const char* toString(FaultKind fault) {
    switch (fault) {
        case FaultKind::None:
            return "none";
        case FaultKind::FileMissing:
            return "file-missing";
        case FaultKind::FileUnreadable:
            return "file-unreadable";
        case FaultKind::FileEndedEarly:
            return "file-ended-early";
        case FaultKind::DecoderStarved:
            return "decoder-starved";
        case FaultKind::DeviceLost:
            return "device-lost";
        case FaultKind::UnexpectedSilence:
            return "unexpected-silence";
    }
    return "unknown";
}

}  // namespace stillpoint::session
