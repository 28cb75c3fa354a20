#include "panel/model/OperatorRecord.h"

namespace stillpoint::panel {

const char* toString(MarkerKind kind) {
    switch (kind) {
        case MarkerKind::DoseGiven:
            return "dose-given";
        case MarkerKind::InfusionStopped:
            return "infusion-stopped";
        case MarkerKind::VitalsCheck:
            return "vitals-check";
        case MarkerKind::PatientSpoke:
            return "patient-spoke";
        case MarkerKind::Distress:
            return "distress";
        case MarkerKind::Custom:
            return "custom";
    }
    return "custom";
}

const char* displayName(MarkerKind kind) {
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

}  // namespace stillpoint::panel
