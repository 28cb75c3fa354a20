// The recipes of the demo library. Loudness targets are spread deliberately from -30 to -18 LUFS, as
// real albums differ, so that the player's loudness normalisation has something to do and can be heard.
#include <fmt/format.h>

#include "PieceRecipe.h"

namespace stillpoint::demo {
namespace {

// MIDI note numbers, for readable chords.
constexpr int C2 = 36, D2 = 38, E2 = 40, F2 = 41, G2 = 43, A2 = 45;
constexpr int C3 = 48, D3 = 50, E3 = 52, F3 = 53, G3 = 55, A3 = 57, B3 = 59;
constexpr int C4 = 60, D4 = 62, E4 = 64, F4 = 65, G4 = 67, A4 = 69, B4 = 71;
constexpr int C5 = 72, D5 = 74, E5 = 76, G5 = 79, A5 = 81, B5 = 83;
constexpr int D6 = 86;

PieceRecipe tidewater() {
    PieceRecipe piece;
    piece.fileStem = "tidewater";
    piece.title = "Tidewater";
    piece.durationSeconds = 330.0;
    piece.seed = 0x7151d3a7e5ULL;
    piece.targetLufs = -21.0;
    piece.pad = {
        .levelDb = 0.0,
        .chords = {{D3, A3, E4, F4 + 1}, {B3 - 12, F3 + 1, A3, D4}, {G2, D3, B3, F4 + 1}, {A2, E3, B3, D4}},
        .chordSeconds = 38.0,
        .crossfadeSeconds = 12.0,
        .detuneCents = 7.0,
        .cutoffLowHz = 280.0,
        .cutoffHighHz = 1100.0,
        .cutoffSweepSeconds = 52.0,
        .tremoloDepth = 0.3};
    piece.drone = {.levelDb = -6.0, .rootMidi = D2, .octaveLevelDb = -8.0, .fifthLevelDb = -14.0};
    piece.bells = {.levelDb = -10.0,
                   .notes = {D5, E5, F4 + 1 + 12, A4, B4},
                   .minGapSeconds = 9.0,
                   .maxGapSeconds = 20.0,
                   .decaySeconds = 7.0,
                   .modulatorRatio = 3.5,
                   .modulationIndex = 1.2};
    piece.surf = {.levelDb = -3.0, .swellSeconds = 13.0};
    return piece;
}

PieceRecipe slowLanterns() {
    PieceRecipe piece;
    piece.fileStem = "slow-lanterns";
    piece.title = "Slow Lanterns";
    piece.durationSeconds = 300.0;
    piece.seed = 0x51a7e4a2ULL;
    piece.targetLufs = -24.0;
    piece.pad = {.levelDb = -2.0,
                 .chords = {{F3, C4, E4, A4}, {D3, A3, C4, F4}, {B3 - 12 - 1, F3, A3, D4}, {C3, G3, D4, E4}},
                 .chordSeconds = 34.0,
                 .crossfadeSeconds = 11.0,
                 .detuneCents = 6.0,
                 .cutoffLowHz = 320.0,
                 .cutoffHighHz = 1300.0,
                 .cutoffSweepSeconds = 41.0,
                 .tremoloDepth = 0.35};
    piece.drone = {.levelDb = -12.0, .rootMidi = F2, .octaveLevelDb = -8.0, .fifthLevelDb = -16.0};
    piece.bells = {.levelDb = -6.0,
                   .notes = {F4 + 12, G5, C5, D5, A4},
                   .minGapSeconds = 4.5,
                   .maxGapSeconds = 10.0,
                   .decaySeconds = 8.0,
                   .modulatorRatio = 2.76,
                   .modulationIndex = 0.9};
    return piece;
}

PieceRecipe northMeadow() {
    PieceRecipe piece;
    piece.fileStem = "north-meadow";
    piece.title = "North Meadow";
    piece.durationSeconds = 285.0;
    piece.seed = 0x40e7a3ULL;
    piece.targetLufs = -27.0;
    piece.pad = {.levelDb = 0.0,
                 .chords = {{A2, E3, C4 + 1, E4},
                            {F3 + 1, A3, C4 + 1, E4},
                            {D3, A3, C4 + 1, F4 + 1},
                            {E3, B3, D4, G4 + 1}},
                 .chordSeconds = 40.0,
                 .crossfadeSeconds = 14.0,
                 .detuneCents = 5.0,
                 .cutoffLowHz = 350.0,
                 .cutoffHighHz = 1000.0,
                 .cutoffSweepSeconds = 60.0,
                 .tremoloDepth = 0.25};
    piece.drone = {.levelDb = -10.0, .rootMidi = A2 - 12, .octaveLevelDb = -4.0, .fifthLevelDb = -14.0};
    return piece;
}

PieceRecipe deepHarbour() {
    PieceRecipe piece;
    piece.fileStem = "deep-harbour";
    piece.title = "Deep Harbour";
    piece.durationSeconds = 345.0;
    piece.seed = 0xdee9ULL;
    piece.targetLufs = -30.0;
    piece.masterCutoffHz = 3500.0;
    piece.pad = {.levelDb = -4.0,
                 .chords = {{C3, G3, D4, E4}, {A2, E3, G3, C4}, {F2, C3, G3, A3}, {G2, D3, A3, B3}},
                 .chordSeconds = 46.0,
                 .crossfadeSeconds = 15.0,
                 .detuneCents = 8.0,
                 .cutoffLowHz = 220.0,
                 .cutoffHighHz = 750.0,
                 .cutoffSweepSeconds = 70.0,
                 .tremoloDepth = 0.3};
    piece.drone = {.levelDb = -4.0, .rootMidi = C2, .octaveLevelDb = -6.0, .fifthLevelDb = -12.0};
    piece.bells = {.levelDb = -14.0,
                   .notes = {G4, C5, D5},
                   .minGapSeconds = 14.0,
                   .maxGapSeconds = 30.0,
                   .decaySeconds = 9.0,
                   .modulatorRatio = 1.41,
                   .modulationIndex = 0.9};
    piece.surf = {.levelDb = 0.0, .swellSeconds = 15.0, .cutoffLowHz = 180.0, .cutoffHighHz = 700.0};
    return piece;
}

PieceRecipe glassHorizon() {
    PieceRecipe piece;
    piece.fileStem = "glass-horizon";
    piece.title = "Glass Horizon";
    piece.durationSeconds = 270.0;
    piece.seed = 0x91a55ULL;
    piece.targetLufs = -18.0;
    piece.pad = {.levelDb = 0.0,
                 .chords = {{E3 - 1, B3 - 1, D4, G4},
                            {C3, G3, B3 - 1, E4 - 1},
                            {A2 - 1, E3 - 1, G3, C4},
                            {B3 - 13, F3, B3 - 1, D4}},
                 .chordSeconds = 32.0,
                 .crossfadeSeconds = 10.0,
                 .detuneCents = 6.0,
                 .cutoffLowHz = 400.0,
                 .cutoffHighHz = 1600.0,
                 .cutoffSweepSeconds = 37.0,
                 .tremoloDepth = 0.3};
    piece.drone = {.levelDb = -12.0, .rootMidi = E2 - 1, .octaveLevelDb = -6.0, .fifthLevelDb = -14.0};
    piece.bells = {.levelDb = -6.0,
                   .notes = {G5, B5 - 1, D6, E5 - 1},
                   .minGapSeconds = 6.0,
                   .maxGapSeconds = 13.0,
                   .decaySeconds = 6.5,
                   .modulatorRatio = 3.5,
                   .modulationIndex = 1.3};
    piece.surf = {.levelDb = -12.0, .swellSeconds = 11.0};
    return piece;
}

PieceRecipe eveningField() {
    PieceRecipe piece;
    piece.fileStem = "evening-field";
    piece.title = "Evening Field";
    piece.durationSeconds = 315.0;
    piece.seed = 0xe7e11ULL;
    piece.targetLufs = -22.5;
    piece.pad = {.levelDb = 0.0,
                 .chords = {{G2, D3, B3, F4 + 1}, {E3, B3, D4, G4}, {C3, G3, B3, E4}, {D3, A3, C4, F4 + 1}},
                 .chordSeconds = 36.0,
                 .crossfadeSeconds = 12.0,
                 .detuneCents = 6.5,
                 .cutoffLowHz = 300.0,
                 .cutoffHighHz = 1250.0,
                 .cutoffSweepSeconds = 48.0,
                 .tremoloDepth = 0.3};
    piece.drone = {.levelDb = -9.0, .rootMidi = G2 - 12, .octaveLevelDb = -4.0, .fifthLevelDb = -12.0};
    piece.bells = {.levelDb = -9.0,
                   .notes = {D5, E5, G4 + 12, B4, A5},
                   .minGapSeconds = 8.0,
                   .maxGapSeconds = 17.0,
                   .decaySeconds = 7.5,
                   .modulatorRatio = 2.76,
                   .modulationIndex = 1.1};
    piece.surf = {.levelDb = -10.0, .swellSeconds = 17.0, .cutoffLowHz = 200.0, .cutoffHighHz = 650.0};
    return piece;
}

// The grounding track: one warm low chord and a drone, no bells, no surf, nothing that changes.
PieceRecipe grounding() {
    PieceRecipe piece;
    piece.fileStem = "grounding-earth";
    piece.title = "Grounding: Earth Tone";
    piece.durationSeconds = 300.0;
    piece.seed = 0x6e0dULL;
    piece.targetLufs = -23.0;
    piece.fadeInSeconds = 6.0;
    piece.masterCutoffHz = 2500.0;
    piece.pad = {.levelDb = -8.0,
                 .chords = {{C3, G3, C4, E4}},
                 .chordSeconds = 1000.0,
                 .crossfadeSeconds = 10.0,
                 .detuneCents = 4.0,
                 .cutoffLowHz = 300.0,
                 .cutoffHighHz = 450.0,
                 .cutoffSweepSeconds = 60.0,
                 .tremoloDepth = 0.1};
    piece.drone = {.levelDb = 0.0,
                   .rootMidi = C2,
                   .octaveLevelDb = -3.0,
                   .fifthLevelDb = -10.0,
                   .breathSeconds = 12.0,
                   .breathDepth = 0.1};
    return piece;
}

// Calmer alternates: the same material, sparser and darker, fewer bells, slower change.
PieceRecipe calmerAlternate(PieceRecipe piece, const char* title, double targetLufs) {
    piece.fileStem += "-calm";
    piece.title = title;
    piece.seed ^= 0xca1aULL;
    piece.durationSeconds = 270.0;
    piece.targetLufs = targetLufs;
    piece.fadeInSeconds = 10.0;
    piece.masterCutoffHz *= 0.7;
    piece.pad.chords.resize(2);
    piece.pad.chordSeconds *= 1.5;
    piece.pad.crossfadeSeconds *= 1.4;
    piece.pad.cutoffHighHz *= 0.7;
    piece.pad.cutoffSweepSeconds *= 1.5;
    piece.bells.levelDb -= 4.0;
    piece.bells.minGapSeconds *= 2.0;
    piece.bells.maxGapSeconds *= 2.5;
    piece.bells.modulationIndex *= 0.6;
    piece.surf.levelDb -= 4.0;
    piece.surf.swellSeconds *= 1.3;
    return piece;
}

std::vector<PieceRecipe> buildCatalogue() {
    std::vector<PieceRecipe> pieces = {tidewater(),    slowLanterns(), northMeadow(), deepHarbour(),
                                       glassHorizon(), eveningField(), grounding()};
    pieces.push_back(calmerAlternate(tidewater(), "Tidewater (calmer)", -25.5));
    pieces.push_back(calmerAlternate(slowLanterns(), "Slow Lanterns (calmer)", -28.5));
    pieces.push_back(calmerAlternate(glassHorizon(), "Glass Horizon (calmer)", -20.0));
    return pieces;
}

}  // namespace

std::string PieceRecipe::describe() const {
    std::string text = fmt::format(
        "piece {} title={} duration={:.17g} seed={} target={:.17g} fades={:.17g},{:.17g} "
        "cutoff={:.17g}\n",
        fileStem, title, durationSeconds, seed, targetLufs, fadeInSeconds, fadeOutSeconds, masterCutoffHz);
    text += fmt::format("pad {:.17g} chords=", pad.levelDb);
    for (const auto& chord : pad.chords) text += fmt::format("[{}]", fmt::join(chord, ","));
    text += fmt::format(" {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g}\n", pad.chordSeconds,
                        pad.crossfadeSeconds, pad.detuneCents, pad.cutoffLowHz, pad.cutoffHighHz,
                        pad.cutoffSweepSeconds, pad.tremoloDepth);
    text += fmt::format("drone {:.17g} {} {:.17g} {:.17g} {:.17g} {:.17g}\n", drone.levelDb, drone.rootMidi,
                        drone.octaveLevelDb, drone.fifthLevelDb, drone.breathSeconds, drone.breathDepth);
    text += fmt::format("bells {:.17g} [{}] {:.17g} {:.17g} {:.17g} {:.17g} {:.17g}\n", bells.levelDb,
                        fmt::join(bells.notes, ","), bells.minGapSeconds, bells.maxGapSeconds,
                        bells.decaySeconds, bells.modulatorRatio, bells.modulationIndex);
    text += fmt::format("surf {:.17g} {:.17g} {:.17g} {:.17g}\n", surf.levelDb, surf.swellSeconds,
                        surf.cutoffLowHz, surf.cutoffHighHz);
    return text;
}

const std::vector<PieceRecipe>& demoLibraryCatalogue() {
    static const std::vector<PieceRecipe> catalogue = buildCatalogue();
    return catalogue;
}

}  // namespace stillpoint::demo
