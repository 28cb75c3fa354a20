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
//   output = "room"     # optional: the room speakers' volume ("patient", the default, "room", "preview")
//   [[action]]
//   at = "30m"
//   do = "preview"      # the operator hears a track on the preview output; the session plays on
//   what = "alternate"  # "next", "alternate" or "grounding"; or name a track: phase = "peak", track = 2
//   from = "entry"      # optional: where the program brings it in (default), or "start" of its file
//   [[action]]
//   at = "31m"
//   do = "preview_stop" # or "preview-stop": the preview fades out
// Every problem is reported with file, line and column, all at once. Format: docs/program-format.md.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "program/Program.h"
#include "session/PreviewRequest.h"
#include "session/SessionEvent.h"

namespace stillpoint::session {

struct ScriptedAction {
    std::chrono::milliseconds at{0};
    Action action = Action::Start;
    double value = 0.0;        // minutes for ExtendPhase, linear volume for SetMasterVolume
    PreviewRequest preview{};  // Action::Preview
    // Action::Preview of a track in a phase written by name: resolved against the program by
    // resolveTrackNames() (the script is read without it).
    std::string previewPhaseName;
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

// Finds the phases that preview actions name (phase = "peak") in `program`, and checks that every track
// they name is in it; what it cannot find becomes a problem of the script, at the action.
void resolveTrackNames(ActionScript& script, const program::Program& program);

// "file:line:column: message"
std::string toString(const ActionScriptProblem& problem);

}  // namespace stillpoint::session
