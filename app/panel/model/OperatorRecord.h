// What the operator records during a session (markers, notes, vitals, the setup) and the interface
// through which it reaches the session's event stream. The journal implements SessionRecorder; tests use
// a fake that keeps what it was given.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "journal/LevelCheckRecord.h"
#include "journal/OperatorObservations.h"
#include <vector>
#include "program/Program.h"

namespace stillpoint::panel {

using journal::displayName;
using journal::kMarkerKindCount;
using journal::MarkerKind;
using journal::Vitals;

enum class MusicConsent { Unanswered, Yes, No };

struct SessionSetup {
    std::string patientId;  // pseudonymous: letters, digits, '-' and '_' only
    std::string clinician;
    program::Route route = program::Route::Other;
    std::string doseNote;
    MusicConsent musicConsent = MusicConsent::Unanswered;
    bool withoutMusicConfirmed = false;  // consent "no": the operator confirms a session without music
    std::string outputDevice;            // empty = system default
    std::string roomOutputDevice;        // the room speakers; empty = none
    std::string previewOutputDevice;     // the operator's own headphones for previews; empty = none
    bool patientDisplay = false;
    std::vector<journal::LevelCheckRecord> levelChecks;  // before the start, oldest first
    bool levelCheckPlaying = false;                      // a level check plays now: the session waits
    // Why the program file cannot be played now (it was edited into one with errors); empty: it can.
    std::string programProblem;
};

class SessionRecorder {
public:
    virtual ~SessionRecorder() = default;
    virtual void recordSetup(const SessionSetup& setup) = 0;
    virtual void recordMarker(double sessionSeconds, MarkerKind kind, std::string_view label) = 0;
    virtual void recordNote(double sessionSeconds, std::string_view text) = 0;
    // A note written after the session ended, kept apart from what happened during it.
    virtual void recordPostSessionNote(std::string_view text) = 0;
    virtual void recordVitals(double sessionSeconds, const Vitals& vitals) = 0;
    virtual void recordAlertAcknowledged(double sessionSeconds, std::string_view alert) = 0;
};

}  // namespace stillpoint::panel
