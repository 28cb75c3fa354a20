// `stillpoint devices`: the audio outputs this machine offers, by the names --output accepts.
#include <cstdio>
#include <string>

#include "audio/engine/output/LiveOutput.h"
#include "cli/Commands.h"

namespace stillpoint::cli {

namespace {

int listDevices() {
    const std::vector<std::string> devices = audio::listOutputDevices();
    const std::string defaultDevice = audio::defaultOutputDevice();
    if (devices.empty()) {
        std::printf(
            "No audio output devices found: OpenAL Soft reached no sound server (PipeWire/PulseAudio, JACK) "
            "and no "
            "ALSA device.\nConnect headphones or speakers and check the system's sound settings, or run "
            "without "
            "sound with --output null.\n");
        return kExitProblems;
    }
    std::printf("Audio outputs (pass the name to --output; without --output the default is used):\n");
    int usable = 0;
    for (const std::string& name : devices) {
        const std::string problem = audio::probeOutputDevice(name);
        usable += problem.empty() ? 1 : 0;
        std::printf("  %s%s%s\n", name.c_str(), name == defaultDevice ? "   (default)" : "",
                    problem.empty() ? "" : ("   [cannot be opened now: " + problem + "]").c_str());
    }
    std::printf("  null   (no sound: plays silently in real time, for rehearsals and tests)\n");
    if (usable == 0) {
        std::printf(
            "None of these outputs can be opened now: connect headphones or speakers and check the system's "
            "sound "
            "settings (is a sound server or ALSA device there?), or run without sound with --output null.\n");
        return kExitProblems;
    }
    return kExitOk;
}

}  // namespace

void addDevicesCommand(CLI::App& app, int& exitCode) {
    auto* command =
        app.add_subcommand("devices", "List the audio output devices, by the names --output accepts");
    command->callback([&exitCode] { exitCode = listDevices(); });
}

}  // namespace stillpoint::cli
