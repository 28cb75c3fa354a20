// Problems the operator must see: a lost device, a failing file, unexpected silence. An alert stays on
// screen until the operator acknowledges it, even when its cause has cleared in the meantime, so a
// problem that came and went while nobody looked is still seen.
#pragma once

#include <string>
#include <vector>

#include "session/SessionEvent.h"

namespace stillpoint::panel {

enum class AlertKind {
    DeviceLost,
    FileFailing,
    UnexpectedSilence,
    NotRecording,
    PatientDisplay,
    CommandLost,        // a command never reached the engine (its queue was full)
    RecordGap,          // engine events were lost before they reached the journal
    RoomOutputLost,     // the room speakers: the headphones play on
    PreviewOutputLost,  // the operator's preview headphones: the session plays on
    PreviewFailed,      // a previewed track could not be played: the session is not affected
    PatientCalled,      // the patient pressed the call button: stays until the operator acknowledges it
    OutputGap,          // the headphones' device ran dry for a moment: a short gap was heard
};

// A short title in plain words ("No sound output").
const char* displayName(AlertKind kind);

struct Alert {
    int id = 0;
    AlertKind kind = AlertKind::DeviceLost;
    std::string message;     // plain words: what it means for the session and what to do
    std::string detail;      // the technical detail (file, device, error), shown on request
    double raisedAt = 0.0;   // session seconds
    bool cleared = false;    // the cause went away (e.g. device restored); still shown until acknowledged
    double clearedAt = 0.0;  // session seconds
};

class AlertBoard {
public:
    // Turns Fault / FaultCleared events into alerts; other events are ignored.
    void onEvent(const session::SessionEvent& event);

    int raise(AlertKind kind, std::string message, double sessionSeconds, std::string detail = {});
    void clear(AlertKind kind, double sessionSeconds);  // marks every open alert of this kind cleared
    // Removes the alert; returns false if there was none with this id.
    bool acknowledge(int id);

    const std::vector<Alert>& alerts() const { return alerts_; }  // unacknowledged, oldest first
    bool empty() const { return alerts_.empty(); }

private:
    std::vector<Alert> alerts_;
    int nextId_ = 1;
};

}  // namespace stillpoint::panel
