#include "panel/model/AlertBoard.h"

#include <algorithm>
#include <optional>

namespace stillpoint::panel {

namespace {

std::optional<AlertKind> alertKindFor(session::FaultKind fault) {
    using session::FaultKind;
    switch (fault) {
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
        case FaultKind::None:
            break;
    }
    return std::nullopt;
}

std::string messageFor(const session::SessionEvent& event) {
    std::string message;
    switch (event.fault) {
        case session::FaultKind::DeviceLost:
            message = "The output device was lost.";
            break;
        case session::FaultKind::FileMissing:
            message = "A music file is missing.";
            break;
        case session::FaultKind::FileUnreadable:
            message = "A music file cannot be read.";
            break;
        case session::FaultKind::FileEndedEarly:
            message = "A music file ended early (damaged?).";
            break;
        case session::FaultKind::DecoderStarved:
            message = "A music file could not be read fast enough.";
            break;
        case session::FaultKind::UnexpectedSilence:
            message = "The output has been silent unexpectedly.";
            break;
        case session::FaultKind::CommandDropped:
            message = "A command was not carried out.";
            break;
        case session::FaultKind::EventsDropped:
            message = "Part of the session's record was lost.";
            break;
        case session::FaultKind::None:
            break;
    }
    const auto detail = event.detailText();
    if (!detail.empty()) message += " " + std::string(detail);
    return message;
}

}  // namespace

const char* displayName(AlertKind kind) {
    switch (kind) {
        case AlertKind::DeviceLost:
            return "Output device lost";
        case AlertKind::FileFailing:
            return "File failing";
        case AlertKind::UnexpectedSilence:
            return "Unexpected silence";
        case AlertKind::NotRecording:
            return "Journal not writing";
        case AlertKind::CommandLost:
            return "Command not carried out";
        case AlertKind::RecordGap:
            return "Record incomplete";
    }
    return "Alert";
}

void AlertBoard::onEvent(const session::SessionEvent& event) {
    if (event.kind != session::EventKind::Fault && event.kind != session::EventKind::FaultCleared) return;
    const auto kind = alertKindFor(event.fault);
    if (!kind) return;
    if (event.kind == session::EventKind::Fault)
        raise(*kind, messageFor(event), event.sessionSeconds());
    else
        clear(*kind, event.sessionSeconds());
}

int AlertBoard::raise(AlertKind kind, std::string message, double sessionSeconds) {
    // The same open problem reported again (e.g. the device still lost) is one alert, not a growing list.
    for (auto& alert : alerts_)
        if (alert.kind == kind && !alert.cleared && alert.message == message) return alert.id;
    Alert alert;
    alert.id = nextId_++;
    alert.kind = kind;
    alert.message = std::move(message);
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
