// The machine configuration: how a clinic has set up this computer's rooms, once, in
// $XDG_CONFIG_HOME/stillpoint/stillpoint.toml (or ~/.config/stillpoint/stillpoint.toml). Validated like a
// program: every problem with its file, line and column and what to do; unknown keys are refused, so a
// misspelt setting never goes unnoticed.
//
//   [outputs.patient]          # the patient's headphones (always played)
//   device = "Headphones"      # as `stillpoint devices` lists it; "null" = no sound
//   volume = 0.8               # linear 0..1, where the session starts
//   ceiling = -6.0             # dBFS; only ever lowers the program's volume_ceiling
//   duck_on_talk_over = true   # talk-over lowers this output
//   [outputs.room]             # room speakers (played when a device is given)
//   [outputs.preview]          # the operator's own headphones, for previews (device, volume, ceiling)
//   [osc]                      # remote control and status (docs/osc.md); absent: nothing listens
//   port = 9000
//   bind = "127.0.0.1"         # default; another address needs `allow`
//   allow = ["192.168.1.0/24"] # who may send, addresses or networks
//   [call_button]              # the patient's call button
//   key = "F13"                # the key it sends, or
//   controller_button = 0      # the game-controller button it is
//   starts_grounding = true    # a call also starts the grounding track
//
// Command-line options (--output, --room-output, --preview-output; --osc...; --call-...) override what is
// written here.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "program/Problem.h"

namespace stillpoint::config {

enum class OutputRole { Patient, Room, Preview };
inline constexpr OutputRole kOutputRoles[] = {OutputRole::Patient, OutputRole::Room, OutputRole::Preview};

// "patient", "room", "preview": the table names and what `stillpoint devices` shows.
const char* toString(OutputRole role);

struct OutputSettings {
    std::string device;            // empty: the system default (patient) or no such output (room, preview)
    std::optional<double> volume;  // linear 0..1; unset = the engine's default
    std::optional<double> ceilingDbfs;  // unset = the program's volume_ceiling
    bool duckOnTalkOver = true;         // patient and room only
    program::SourceLocation where;      // the table, for messages about it
};

struct OscSettings {
    std::optional<int> port;  // unset: no OSC port
    std::string bind;         // empty: 127.0.0.1
    std::vector<std::string> allow;
};

struct CallButtonSettings {
    std::string key;                      // empty: none
    std::optional<int> controllerButton;  // unset: none
    bool startsGrounding = false;
};

struct MachineConfig {
    std::filesystem::path file;  // where it was read from; empty when there was none
    OutputSettings patient;
    OutputSettings room;
    OutputSettings preview;
    OscSettings osc;
    CallButtonSettings callButton;
    // A new table of the configuration gets its struct member here, its name in kTopLevelTables and its
    // reader in readConfig() (MachineConfig.cpp).

    const OutputSettings& output(OutputRole role) const;
    OutputSettings& output(OutputRole role);
};

struct MachineConfigResult {
    std::optional<MachineConfig> config;     // set when there is no error
    std::vector<program::Problem> problems;  // errors and warnings, in file order
    bool hasErrors() const;
};

// A configuration file is a few hundred bytes.
inline constexpr std::uintmax_t kMaxMachineConfigBytes = 256 * 1024;

// $XDG_CONFIG_HOME/stillpoint/stillpoint.toml when XDG_CONFIG_HOME is an absolute path, else
// ~/.config/stillpoint/stillpoint.toml; empty when neither can be known.
std::filesystem::path defaultMachineConfigFile();

// A missing file is no problem: every setting keeps its default (config.file is then empty).
MachineConfigResult readMachineConfig(const std::filesystem::path& file);
// The same from text in memory; `file` names it in messages.
MachineConfigResult parseMachineConfigText(std::string_view text, const std::filesystem::path& file);

// The ceiling an output plays under: its own when lower than the program's, else the program's.
double effectiveCeilingDbfs(const OutputSettings& output, double programCeilingDbfs);

}  // namespace stillpoint::config
