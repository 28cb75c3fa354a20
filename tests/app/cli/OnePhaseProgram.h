// The program the tests of a live session run (the call button, the monitor): one phase of one track,
// a sine written beside it, and optionally a grounding track. Header-only.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "audio/decode/AudioFixtures.h"

namespace stillpoint::testing {

struct OnePhaseProgram {
    std::string name = "Rooms";
    std::string planned = "60s";  // the phase's planned time, as the program writes it
    double trackSeconds = 2.0;
    double groundingSeconds = 0.0;  // 0 = no grounding track
};

// Writes `file` (its tracks beside it: a.wav at 220 Hz, ground.wav at 110 Hz) and returns its path.
inline std::filesystem::path writeOnePhaseProgram(const std::filesystem::path& file,
                                                  const OnePhaseProgram& program = {}) {
    const auto folder = file.parent_path();
    writeSine(folder / "a.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, program.trackSeconds),
              220.0);
    std::ofstream toml(file);
    toml << "format = 1\nname = \"" << program.name << "\"\nend_fade = \"1s\"\n";
    if (program.groundingSeconds > 0) {
        writeSine(folder / "ground.wav",
                  audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, program.groundingSeconds), 110.0);
        toml << "\n[grounding]\nfile = \"ground.wav\"\n";
    }
    toml << "\n[[phase]]\nname = \"onset\"\nplanned = \"" << program.planned
         << "\"\n\n  [[phase.track]]\n  file = \"a.wav\"\n";
    return file;
}

}  // namespace stillpoint::testing
