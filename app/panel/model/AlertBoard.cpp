#include "panel/model/AlertBoard.h"

#include <algorithm>
#include <optional>

namespace stillpoint::panel {

namespace {

std::optional<AlertKind> alertKindFor(const session::SessionEvent& event) {
    using session::FaultKind;
    if (event.action == session::Action::Preview) return AlertKind::PreviewFailed;
    switch (event.fault) {
        case FaultKind::DeviceLost:
            return AlertKind::DeviceLost;
        case FaultKind::FileMissing:
        case FaultKind::FileUnreadable:
        case FaultKind::FileEndedEarly:
        case FaultKind::DecoderStarved:
            return AlertKind::FileFailing;
        case FaultKind::UnexpectedSilence:
            return AlertKind::UnexpectedSilence;
        case FaultKind::CommandDropped:
            return AlertKind::CommandLost;
        case FaultKind::EventsDropped:
            return AlertKind::RecordGap;
        case FaultKind::RoomOutputLost:
            return AlertKind::RoomOutputLost;
        case FaultKind::PreviewOutputLost:
            return AlertKind::PreviewOutputLost;
        case FaultKind::OutputUnderrun:
            return AlertKind::OutputGap;
        case FaultKind::None:
            break;
    }
    return std::nullopt;
}

// What the fault means for the session, in words a therapist uses; the technical detail is kept apart.
std::string messageFor(const session::SessionEvent& event) {
    if (event.action == session::Action::Preview)
        return "The track could not be previewed; the session's music is not affected.";
    switch (event.fault) {
        case session::FaultKind::DeviceLost:
            return "The music cannot be heard: the sound device was disconnected. Stillpoint keeps trying to "
                   "reconnect and the session goes on. Check the headphones or speaker cable.";
        case session::FaultKind::FileMissing:
            return "A track could not be found, so it is skipped; the music continues.";
        case session::FaultKind::FileUnreadable:
            return "A track could not be played, so it is skipped; the music continues.";
        case session::FaultKind::FileEndedEarly:
            return "A track stopped before its end (the file may be damaged); the music continues.";
        case session::FaultKind::DecoderStarved:
            return "A track could not be read fast enough and may have had a gap; the music continues.";
        case session::FaultKind::UnexpectedSilence:
            return "The music has been silent when it should be playing. Check the volume and the "
                   "headphones.";
        case session::FaultKind::CommandDropped:
            return "A command could not be carried out because too many came at once. Press it again.";
        case session::FaultKind::EventsDropped:
            return "Part of the session's record was lost: too many events came at once. The music "
                   "continues.";
        case session::FaultKind::RoomOutputLost:
            return "Room output lost: the room speakers were disconnected. The patient's headphones play on. "
                   "Stillpoint keeps trying to reconnect the speakers and brings them back in step.";
        case session::FaultKind::PreviewOutputLost:
            return "Preview output lost: the preview headphones were disconnected. The session plays on; "
                   "Stillpoint keeps trying to reconnect them.";
        case session::FaultKind::OutputUnderrun:
            return "The music had a short gap: the computer was too busy to feed the headphones in time. "
                   "Stillpoint now keeps more music queued. Close other programs if it happens again.";
        default:
            break;
    }
    return "Something went wrong with the music.";
}

}  // namespace

const char* displayName(AlertKind kind) {
    switch (kind) {
        case AlertKind::DeviceLost:
            return "No sound output";
        case AlertKind::FileFailing:
            return "A track did not play";
        case AlertKind::UnexpectedSilence:
            return "Unexpected silence";
        case AlertKind::NotRecording:
            return "Not recording";
        case AlertKind::PatientDisplay:
            return "Patient display not shown";
        case AlertKind::CommandLost:
            return "Command not carried out";
        case AlertKind::RecordGap:
            return "Record incomplete";
        case AlertKind::RoomOutputLost:
            return "Room output lost";
        case AlertKind::PreviewOutputLost:
            return "Preview output lost";
        case AlertKind::PreviewFailed:
            return "Preview not played";
        case AlertKind::PatientCalled:
            return "Patient called";
        case AlertKind::OutputGap:
            return "Short gap in the music";
    }
    return "Alert";
}

void AlertBoard::onEvent(const session::SessionEvent& event) {
    if (event.kind != session::EventKind::Fault && event.kind != session::EventKind::FaultCleared) return;
    const auto kind = alertKindFor(event);
    if (!kind) return;
    if (event.kind == session::EventKind::Fault)
        raise(*kind, messageFor(event), event.sessionSeconds(), std::string(event.detailText()));
    else
        clear(*kind, event.sessionSeconds());
}

int AlertBoard::raise(AlertKind kind, std::string message, double sessionSeconds, std::string detail) {
    // The same open problem reported again (e.g. the device still lost) is one alert, not a growing list.
    for (auto& alert : alerts_)
        if (alert.kind == kind && !alert.cleared && alert.message == message && alert.detail == detail)
            return alert.id;
    Alert alert;
    alert.id = nextId_++;
    alert.kind = kind;
    alert.message = std::move(message);
    alert.detail = std::move(detail);
    alert.raisedAt = sessionSeconds;
    alerts_.push_back(std::move(alert));
    return alerts_.back().id;
}

void AlertBoard::clear(AlertKind kind, double sessionSeconds) {
    for (auto& alert : alerts_) {
        if (alert.kind == kind && !alert.cleared) {
            alert.cleared = true;
            alert.clearedAt = sessionSeconds;
        }
    }
}

bool AlertBoard::acknowledge(int id) {
    const auto found =
        std::find_if(alerts_.begin(), alerts_.end(), [id](const Alert& a) { return a.id == id; });
    if (found == alerts_.end()) return false;
    alerts_.erase(found);
    return true;
}

}  // namespace stillpoint::panel
