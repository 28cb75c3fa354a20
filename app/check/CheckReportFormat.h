// How a CheckReport is shown: a table and compiler-style problems for people, or JSON for tools.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "check/ProgramChecker.h"

namespace stillpoint::check {

// The summary line, the table of audio files, the phases' timing, then every problem
// ("file:line:col: error: message" + "  hint: ...").
std::string formatReportText(const CheckReport& report);

nlohmann::json reportToJson(const CheckReport& report);

}  // namespace stillpoint::check
