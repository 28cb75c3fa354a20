// Saves the outputs chosen on the panel's setup screen into the machine configuration (stillpoint.toml),
// changing only their `device` lines: every other table, key and comment of the file stays as the clinic
// wrote it. The result is read back through readMachineConfig's checks before it replaces the file, so a
// save never leaves a configuration that `stillpoint play` would refuse.
//
// Threads: any (the panel calls it on its UI thread: the file is a few hundred bytes).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/MachineConfig.h"

namespace stillpoint::config {

// An output and the device it is to play on; an empty device removes the `device` line (the patient: the
// system default; the room and the preview: no such output).
using OutputDeviceChoice = std::pair<OutputRole, std::string>;

// `text` (the configuration as it stands; empty for a new one) with each chosen output's device set.
// Throws std::runtime_error if `text` has errors (they are named: fix them first) or if the devices cannot
// be written so that the file reads back with them.
std::string withOutputDevices(std::string_view text, const std::filesystem::path& file,
                              const std::vector<OutputDeviceChoice>& devices);

// Reads `file` (if it exists), sets the devices and writes it back atomically as a 0600 file in a 0700
// folder (created if needed), never through a symbolic link planted at its name or as its folder. Throws
// std::runtime_error saying what went wrong and what to do.
void saveOutputDevices(const std::filesystem::path& file, const std::vector<OutputDeviceChoice>& devices);

}  // namespace stillpoint::config
