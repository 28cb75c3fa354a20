// `stillpoint devices`: the audio outputs this machine offers, by the names --output accepts, and which of
// them the machine configuration (stillpoint.toml) assigns to the patient, the room and the preview.
#include <algorithm>
#include <cstdio>
#include <string>

#include "audio/engine/output/LiveOutput.h"
#include "cli/Commands.h"
#include "config/MachineConfig.h"

namespace stillpoint::cli {

namespace {

// "   -> patient, room": the outputs the configuration gives this device; the patient's headphones are
// the system default when the configuration names none.
std::string assignedOutputs(const config::MachineConfig& machine, const std::string& name, bool isDefault) {
    std::string roles;
    for (const config::OutputRole role : config::kOutputRoles) {
        const std::string& device = machine.output(role).device;
        if (device == name || (role == config::OutputRole::Patient && device.empty() && isDefault))
            roles += std::string(roles.empty() ? "" : ", ") + config::toString(role);
    }
    return roles.empty() ? std::string() : "   -> " + roles;
}

int listDevices() {
    const auto configFile = config::defaultMachineConfigFile();
    const config::MachineConfigResult read = config::readMachineConfig(configFile);
    for (const auto& problem : read.problems)
        std::fprintf(stderr, "%s\n", program::formatProblem(problem).c_str());
    const config::MachineConfig machine = read.config.value_or(config::MachineConfig{});

    const std::vector<std::string> devices = audio::listOutputDevices();
    const std::string defaultDevice = audio::defaultOutputDevice();
    if (devices.empty()) {
        std::printf(
            "No audio output devices found: OpenAL Soft reached no sound server (PipeWire/PulseAudio, JACK) "
            "and no ALSA device.\nConnect headphones or speakers and check the system's sound settings, or "
            "run without sound with --output null.\n");
        return kExitProblems;
    }
    std::printf(
        "Audio outputs (pass the name to --output; -> shows the output the machine configuration "
        "assigns each to):\n");
    int usable = 0;
    for (const std::string& name : devices) {
        const std::string problem = audio::probeOutputDevice(name);
        usable += problem.empty() ? 1 : 0;
        std::printf("  %s%s%s%s\n", name.c_str(), name == defaultDevice ? "   (default)" : "",
                    assignedOutputs(machine, name, name == defaultDevice).c_str(),
                    problem.empty() ? "" : ("   [cannot be opened now: " + problem + "]").c_str());
    }
    std::printf("  null   (no sound: plays silently in real time, for rehearsals and tests)%s\n",
                assignedOutputs(machine, "null", false).c_str());
    if (read.config && !read.config->file.empty())
        std::printf("Assignments from %s.\n", read.config->file.c_str());
    else
        std::printf(
            "No machine configuration (%s): the patient output is the default device, no room or "
            "preview output.\n",
            configFile.empty() ? "no home folder" : configFile.c_str());
    for (const config::OutputRole role : config::kOutputRoles) {
        const std::string& device = machine.output(role).device;
        if (device.empty() || device == "null") continue;
        if (std::find(devices.begin(), devices.end(), device) == devices.end())
            std::printf("The %s output \"%s\" is not among these devices: is it connected and switched on?\n",
                        config::toString(role), device.c_str());
    }
    if (usable == 0) {
        std::printf(
            "None of these outputs can be opened now: connect headphones or speakers and check the system's "
            "sound settings (is a sound server or ALSA device there?), or run without sound with --output "
            "null.\n");
        return kExitProblems;
    }
    return read.hasErrors() ? kExitProblems : kExitOk;
}

}  // namespace

void addDevicesCommand(CLI::App& app, int& exitCode) {
    auto* command = app.add_subcommand(
        "devices",
        "List the audio output devices, by the names --output accepts, and the output (patient, room, "
        "preview) "
        "the machine configuration ($XDG_CONFIG_HOME/stillpoint/stillpoint.toml) assigns each to");
    command->callback([&exitCode] { exitCode = listDevices(); });
}

}  // namespace stillpoint::cli
