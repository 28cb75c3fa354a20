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
        case FaultKind::EventsDropped:
            return "events-dropped";
        case FaultKind::CommandDropped:
            return "command-dropped";
    }
    return "unknown";
}

}  // namespace stillpoint::session
