// The programs the panel's process and window tests play: phases of sine tones written beside the program
// (a.wav at 220 Hz, b.wav at 330 Hz), so each test says only what its program is made of. Header-only.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "audio/decode/AudioFixtures.h"

namespace stillpoint::panel::testing {

struct ToneTrack {
    std::string file;  // a.wav or b.wav
    std::string title;
};

struct TonePhase {
    std::string name;
    std::string planned;  // as the program writes it, e.g. "5m"
    std::vector<ToneTrack> tracks;
};

inline const ToneTrack kToneA{"a.wav", "Tone A"};
inline const ToneTrack kToneB{"b.wav", "Tone B"};

// Writes a.wav and b.wav, `seconds` long each, into `program`'s folder, and the program itself.
inline void writeToneProgram(const std::filesystem::path& program, const std::string& name,
                             const std::vector<TonePhase>& phases, double seconds) {
    using namespace stillpoint::testing;
    const auto folder = program.parent_path();
    writeSine(folder / "a.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, seconds), 220.0);
    writeSine(folder / "b.wav", audioSpec(SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, seconds), 330.0);
    std::ofstream out(program);
    out << "format = 1\nname = \"" << name << "\"\nroute = \"iv\"\nend_fade = \"1s\"\n";
    for (const auto& phase : phases) {
        out << "\n[[phase]]\nname = \"" << phase.name << "\"\nplanned = \"" << phase.planned << "\"\n";
        for (const auto& track : phase.tracks)
            out << "\n  [[phase.track]]\n  file = \"" << track.file << "\"\n  title = \"" << track.title
                << "\"\n";
    }
}

}  // namespace stillpoint::panel::testing
