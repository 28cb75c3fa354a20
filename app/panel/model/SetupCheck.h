// Validation of the setup screen: what must be true before a session may start.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "panel/model/OperatorRecord.h"

namespace stillpoint::panel {

// Why a patient ID is not acceptable, or nothing if it is. IDs are pseudonymous: letters, digits, '-' and
// '_' only, so no name or date of birth slips into the journal by accident.
std::optional<std::string> patientIdProblem(std::string_view patientId);

struct SetupCheck {
    bool canStart = false;
    bool withoutMusic = false;          // consent "no", confirmed: the session runs silent
    std::vector<std::string> problems;  // what still blocks Start, in the order of the form
};

SetupCheck checkSetup(const SessionSetup& setup);

}  // namespace stillpoint::panel
