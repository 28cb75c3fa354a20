// What one piece of the demo library is made of. The renderer turns a recipe into sound; the catalogue
// (DemoLibraryCatalogue.cpp) holds the recipes. Every field takes part in the library's manifest hash,
// so changing a recipe regenerates the library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stillpoint::demo {

struct PadPart {
    double levelDb = -120.0;               // below -100 = no pad
    std::vector<std::vector<int>> chords;  // MIDI notes, played in turn
    double chordSeconds = 40.0;            // time each chord is held (+-15 % seeded jitter)
    double crossfadeSeconds = 10.0;        // chords dissolve into each other over this time
    double detuneCents = 6.0;              // the left and right oscillators of a note drift apart by this
    double cutoffLowHz = 300.0;            // the slow filter sweep runs between these
    double cutoffHighHz = 1200.0;
    double cutoffSweepSeconds = 45.0;  // period of the filter sweep
    double tremoloDepth = 0.3;         // slow per-note swell, 0..1
};

struct DronePart {
    double levelDb = -120.0;
    int rootMidi = 38;
    double octaveLevelDb = -6.0;  // relative to the root
    double fifthLevelDb = -12.0;
    double breathSeconds = 20.0;  // period of the slow swell
    double breathDepth = 0.15;
};

struct BellPart {
    double levelDb = -120.0;
    std::vector<int> notes;      // MIDI notes the bells choose from
    double minGapSeconds = 6.0;  // sparse, seeded timing
    double maxGapSeconds = 14.0;
    double decaySeconds = 7.0;     // time to fall by 60 dB
    double modulatorRatio = 3.5;   // FM modulator / carrier frequency; non-integer = bell-like
    double modulationIndex = 1.5;  // brightness of the strike, itself decaying
};

struct SurfPart {
    double levelDb = -120.0;
    double swellSeconds = 12.0;  // mean period of a swell (each one varies +-25 %)
    double cutoffLowHz = 220.0;  // low-pass cutoff between swells and at the crest
    double cutoffHighHz = 900.0;
};

struct PieceRecipe {
    std::string fileStem;  // file name without .flac
    std::string title;
    double durationSeconds = 300.0;
    std::uint64_t seed = 1;
    double targetLufs = -23.0;  // integrated loudness of the finished file
    double fadeInSeconds = 8.0;
    double fadeOutSeconds = 15.0;
    double masterCutoffHz = 5000.0;  // final gentle low-pass on everything
    PadPart pad;
    DronePart drone;
    BellPart bells;
    SurfPart surf;

    // Canonical text of every field, for the manifest hash.
    std::string describe() const;
};

// The whole demo library: six pieces, a grounding drone and calmer alternates.
const std::vector<PieceRecipe>& demoLibraryCatalogue();

}  // namespace stillpoint::demo
