// What the operator observes and records during a session: markers and vital signs. One definition,
// shared by the panel that takes them and the journal that keeps them. Header-only, so the panel's
// view-model uses it without linking the journal.
#pragma once

#include <optional>

namespace stillpoint::journal {

enum class MarkerKind { DoseGiven, InfusionStopped, VitalsCheck, PatientSpoke, Distress, Custom };
inline constexpr int kMarkerKindCount = 6;

// A marker kind for people, e.g. "Dose given".
constexpr const char* displayName(MarkerKind kind) {
    switch (kind) {
        case MarkerKind::DoseGiven:
            return "Dose given";
        case MarkerKind::InfusionStopped:
            return "Infusion stopped";
        case MarkerKind::VitalsCheck:
            return "Vitals check";
        case MarkerKind::PatientSpoke:
            return "Patient spoke";
        case MarkerKind::Distress:
            return "Distress";
        case MarkerKind::Custom:
            return "Marker";
    }
    return "Marker";
}

// Any field may be missing: the operator enters what was measured.
struct Vitals {
    std::optional<int> systolic;   // mmHg
    std::optional<int> diastolic;  // mmHg
    std::optional<int> heartRate;  // beats per minute
    std::optional<int> spo2;       // percent
};

}  // namespace stillpoint::journal
