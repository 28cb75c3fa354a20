// A script of timed operator actions for offline renders and tests (ACTIONS.toml):
//   [[action]]
//   at = "12m"          # session time, the duration syntax of program files: "1h5m", "90s", "250ms"
//   do = "extend_phase" # a command's name in CommandTable.h (or an older alias such as "extend")
//   by = "5m"
//   [[action]]
//   at = "20m"
//   do = "talk_over_on"
//   for = "30s"         # optional: talk-over ends by itself after this long
//   [[action]]
//   at = "25m"
//   do = "set_master_volume"
//   value = 0.5         # linear 0..1
//   output = "room"     # optional: the room speakers' volume ("patient", the default, or "room")
// Every problem is reported with file, line and column, all at once. Format: docs/program-format.md.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "program/Program.h"
#include "session/SessionEvent.h"

namespace stillpoint::session {

struct ScriptedAction {
    std::chrono::milliseconds at{0};
    Action action = Action::Start;
    double value = 0.0;  // minutes for ExtendPhase, linear volume for SetMasterVolume
    program::SourceLocation where;
};

struct ActionScriptProblem {
    program::SourceLocation where;
    std::string message;
};

struct ActionScript {
    std::vector<ScriptedAction> actions;  // sorted by time; the order written is kept for equal times
    std::vector<ActionScriptProblem> problems;
    bool ok() const { return problems.empty(); }
};

ActionScript parseActionScriptFile(const std::filesystem::path& file);
ActionScript parseActionScript(std::string_view text, const std::filesystem::path& fileForMessages);

// "file:line:column: message"
std::string toString(const ActionScriptProblem& problem);

}  // namespace stillpoint::session
